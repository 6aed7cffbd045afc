"""The editor in headless Chromium: live preview, autosave, presence, source ordering, and two people
saving the same article — the second sees both texts, merges, and loses nothing."""

import pytest
from django.urls import reverse

from articles.models import Article, AutosaveDraft
from tests.browser_support import login
from tests.factories import SourceFactory

pytestmark = pytest.mark.browser


def test_two_editors_conflict_merge_in_the_browser(new_page, article, editor, other_editor):
    url = reverse("studio:article_edit", args=[article.pk])
    first, second = new_page(), new_page()
    login(first, "editeur")
    login(second, "editeur2")
    second.goto(url)
    first.goto(url)
    # Presence: the first editor sees that the second has the article open.
    assert "Aussi ouvert par" in first.locator("#presence").inner_text()

    # The second editor adds a paragraph at the end and saves.
    body = second.locator("#id_body")
    body.fill(body.input_value() + "\nParagraphe du collègue.\n")
    second.get_by_role("button", name="Enregistrer une révision").click()
    second.wait_for_load_state()
    assert "Révision 2 enregistrée." in second.content()

    # The first editor, still on version 1, rewrites the heading: the live preview follows,
    # the autosave keeps the text.
    text = first.locator("#id_body")
    text.fill(text.input_value().replace("## Introduction", "## Introduction réécrite"))
    first.locator("#live-preview h2", has_text="Introduction réécrite").wait_for()
    first.locator("#autosave-status .autosave-ok").wait_for()
    assert AutosaveDraft.objects.get(article=article, user=editor).body.startswith("## Introduction réécrite")
    assert "version plus récente" in first.locator("#autosave-status").inner_text()

    first.get_by_role("button", name="Enregistrer une révision").click()
    first.wait_for_load_state()
    assert "Rien n'est perdu" in first.content()
    merged = first.locator("#id_body").input_value()
    assert "Introduction réécrite" in merged and "Paragraphe du collègue." in merged
    assert "Introduction réécrite" in first.locator("#mine-body").input_value()
    first.get_by_role("button", name="Enregistrer la version fusionnée").click()
    first.wait_for_load_state()
    assert "Révision 3 enregistrée." in first.content()
    article.refresh_from_db()
    assert "Introduction réécrite" in article.body and "Paragraphe du collègue." in article.body
    assert not AutosaveDraft.objects.filter(article=article, user=editor).exists()


def test_sources_are_reordered_added_and_removed_with_the_buttons(page, article, editor, source):
    SourceFactory(name="Baromètre régional")
    login(page, "editeur")
    page.goto(reverse("studio:article_edit", args=[article.pk]))
    page.locator("#source-add").select_option(label="Baromètre régional")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    names = page.locator("#source-list .source-order__name")
    assert names.nth(1).inner_text().startswith("Baromètre régional")
    page.get_by_role("button", name="Monter", exact=True).click()
    assert names.nth(0).inner_text().startswith("Baromètre régional")
    page.get_by_role("button", name=f"Retirer {source.name}").click()
    assert names.count() == 1
    page.get_by_role("button", name="Enregistrer une révision").click()
    page.wait_for_load_state()
    article.refresh_from_db()
    assert [s["name"] for s in Article.objects.get(pk=article.pk).current_revision.sources] == ["Baromètre régional"]
