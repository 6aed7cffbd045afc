"""The findings panel (templates/studio/partials/findings_panel.html), rendered on its own."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from articles.quality import finding_override, gate_revision
from articles.quality.store import findings_panel_context
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db

BODY = (
    "## Bilan\n\n"
    "Le réseau compte 1 240 ateliers (Source : Observatoire des ateliers).\n\n"
    "[Insérer ici le chiffre de l'an dernier]\n\n"
    "Près de 45 % des ménages font réparer leurs appareils.\n"
)


def render(article, user):
    request = RequestFactory().get("/studio/")
    request.user = user
    return render_to_string("studio/partials/findings_panel.html", {**findings_panel_context(article)}, request=request)


def test_panel_groups_findings_with_positions_hints_and_overrides(reviewer):
    source = SourceFactory(name="Observatoire des ateliers", text="Le réseau compte 1 240 ateliers.")
    article = ArticleFactory(body=BODY, sources=[source], description="")
    gate_revision(article.current_revision)
    article.refresh_from_db()
    html = render(article, reviewer)
    assert re.search(r"Bloquants <span class=\"findings-group__count\">1</span>", html)
    assert re.search(r"Avertissements <span class=\"findings-group__count\">1</span>", html)
    assert html.index("findings-group--blocker") < html.index("findings-group--warning")
    start = BODY.index("[Insérer")
    assert f'data-start="{start}" data-end="{start + len("[Insérer ici le chiffre de l&#x27;an dernier]") - 5}"' in html
    assert "Comment corriger :" in html and "Remplacez la consigne" in html
    # People read what is wrong, not the gate's codes (kept as a tooltip).
    assert 'title="placeholder">Bloquant<' in html and 'title="uncited_figure">Avertissement<' in html
    assert "<code>placeholder</code>" not in html and "Emplacement non rempli" in html
    assert "ligne 5" in html
    assert "Lever ce blocage" in html  # reviewers may override
    assert "Comment le score est calculé" in html and "S × F" in html
    finding = article.current_revision.findings.get(code="placeholder")
    finding_override(article=article, finding=finding, user=reviewer, reason="Crochets voulus : c'est un modèle de lettre.")
    html = render(article, reviewer)
    assert "finding--overridden" in html and "Crochets voulus" in html and f"Blocage levé par {reviewer.first_name} le" in html
    # The lifted blocker no longer counts as one.
    assert re.search(r"Bloquants <span class=\"findings-group__count\">0</span>", html)
    assert "tous levés par un relecteur" in html


def test_panel_empty_and_not_yet_checked_states(editor):
    source = SourceFactory(name="Observatoire des ateliers")
    article = ArticleFactory(body="Le réseau progresse (Source : Observatoire des ateliers).\n", sources=[source],
                             description="")
    html = render(article, editor)
    assert "pas encore tourné" in html
    gate_revision(article.current_revision)
    article.refresh_from_db()
    html = render(article, editor)
    assert "Aucun problème détecté" in html and "Lever ce blocage" not in html
    assert "/100" in html
