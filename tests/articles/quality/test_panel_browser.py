"""The findings panel in the real editor, in headless Chromium: clicking a finding selects its passage."""

import pytest
from django.urls import reverse

from articles.models import FindingOverride
from articles.quality import gate_revision
from tests.browser_support import login
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.browser

# An emoji (two UTF-16 units) before the passage checks the code point → textarea index conversion.
BODY = (
    "## Bilan 🔧\n\n"
    "Le réseau compte 1 240 ateliers (Source : Observatoire des ateliers).\n\n"
    "[Insérer ici le chiffre de l'an dernier]\n\n"
    "Les bénévoles se forment (Source : Cabinet fantôme).\n"
)


@pytest.fixture
def blocked_article(editor):
    source = SourceFactory(name="Observatoire des ateliers", text="Le réseau compte 1 240 ateliers.")
    article = ArticleFactory(body=BODY, sources=[source], description="", created_by=editor)
    gate_revision(article.current_revision)
    return article


def selection(page) -> str:
    return page.evaluate("() => { const t = document.getElementById('id_body'); return t.value.substring(t.selectionStart, t.selectionEnd); }")


def test_clicking_a_finding_selects_its_passage_in_the_editor(page, editor, blocked_article):  # noqa: F811
    login(page, "editeur")
    page.goto(reverse("studio:article_edit", args=[blocked_article.pk]))
    panel = page.locator("#findings")
    assert "Contrôle qualité" in panel.inner_text()
    assert panel.locator(".findings-group--blocker .findings-group__count").inner_text() == "2"
    page.locator("[data-code=placeholder]").click()
    assert selection(page) == "[Insérer ici le chiffre de l'an dernier]"
    assert "finding--active" in page.locator("[data-code=placeholder]").get_attribute("class")
    page.locator("[data-code=unknown_source] [data-finding-locate]").click()
    assert selection(page) == "(Source : Cabinet fantôme)"
    # Editing the text marks the panel as stale; a passage that moved is found again by its excerpt.
    page.locator("#id_body").press("Control+Home")
    page.keyboard.type("Chapeau ajouté. ")
    assert page.locator("[data-findings-stale]").is_visible()
    page.locator("[data-code=placeholder]").click()
    assert selection(page) == "[Insérer ici le chiffre de l'an dernier]"
    # A passage deleted since the check: the panel says so instead of selecting the wrong text.
    page.locator("#id_body").fill("Texte entièrement réécrit.")
    page.locator("[data-code=placeholder]").click()
    assert page.locator("[data-findings-missing]").is_visible()
    assert "introuvable" in page.locator("[data-findings-missing]").inner_text()


def test_a_reviewer_overrides_a_blocker_from_the_panel(new_page, reviewer, blocked_article):  # noqa: F811
    page = new_page()
    login(page, "relecteur")
    page.goto(reverse("studio:article_detail", args=[blocked_article.pk]))
    item = page.locator("[data-code=placeholder]")
    item.get_by_text("Lever ce blocage (relecteur)").click()
    item.get_by_label("Justification").fill("Les crochets font partie du modèle de lettre cité.")
    item.get_by_role("button", name="Lever le blocage").click()
    page.wait_for_load_state()
    assert FindingOverride.objects.filter(article=blocked_article, code="placeholder").exists()
    item = page.locator("[data-code=placeholder]")
    assert "finding--overridden" in item.get_attribute("class")
    assert "Les crochets font partie du modèle" in item.inner_text()
