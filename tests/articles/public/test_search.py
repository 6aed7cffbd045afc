"""Search over published revisions only. Accents and case do not matter on every database; on
Postgres it is French full-text search (stemming, title weighted first, GIN index, ts_headline)."""

import pytest
from django.db import connection

from articles.public.search import _excerpt, _highlight
from prizm.text import fold
from tests.factories import ArticleFactory

from .conftest import republish

pytestmark = pytest.mark.django_db


def _results(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_unaccented_query_finds_accented_words_and_the_reverse(client, make_published):
    make_published(title="La réglementation des ateliers", body="Un texte sur les règles (Source : x).")
    make_published(title="Vélos et mobilités", body="Les Pistes Cyclables se développent.")
    html = _results(client, "reglementation")
    assert "1 résultat pour « reglementation »" in html
    assert "<mark>réglementation</mark>" in html
    assert "Vélos" in _results(client, "VELOS")
    assert "Vélos" in _results(client, "pistes cyclables")
    none = _results(client, "inexistantissime")
    assert "Aucun résultat pour « inexistantissime »" in none and "0 résultats" not in none


def test_ligatures_fold_on_every_database(client, make_published):
    make_published(title="La main-d’œuvre des ateliers", body="Le cœur du sujet (Source : x).")
    html = _results(client, "main d'oeuvre")
    assert "1 résultat pour" in html
    assert "<mark>œuvre</mark>" in html
    assert "main-d’œuvre" in _results(client, "COEUR")


def test_only_published_revisions_are_searched(client, make_published):
    article = make_published(title="Les ateliers de réparation")
    article.title = "Titre de travail avec zorglub"
    article.body = "Un brouillon qui parle de zorglub."
    article.save()
    ArticleFactory(title="Brouillon zorglub", body="zorglub", status="draft")
    ArticleFactory(title="Dépublié zorglub", body="zorglub", status="unpublished")
    assert "Aucun résultat" in _results(client, "zorglub")
    republish(article, title="Maintenant zorglub est publié")
    assert "1 résultat" in _results(client, "zorglub")


def test_snippets_highlight_and_escape_markup(client, make_published):
    make_published(
        title="Sécurité",
        body="## Partie\n\nUn paragraphe avec <script>alert(1)</script> puis le mot **hydrogène** au milieu.",
    )
    html = _results(client, "hydrogene")
    hit = html.split('class="search-results"')[1]
    assert "<mark>hydrogène</mark>" in hit
    assert "<script>alert" not in hit and "**" not in hit


def test_empty_query_shows_the_form_without_results(client):
    html = _results(client, "")
    assert 'id="search-q"' in html and "résultat" not in html


def test_results_are_paginated(client, make_published):
    for i in range(12):
        make_published(title=f"Compteur vélo {i}")
    page1 = _results(client, "compteur")
    assert "12 résultats" in page1 and 'rel="next" href="?q=compteur&amp;page=2"' in page1
    page2 = _results(client, "compteur", page=2)
    assert page2.count('class="search-hit"') == 2


def test_search_page_is_not_indexed(client):
    assert '<meta name="robots" content="noindex">' in _results(client, "vélo")


def test_title_match_ranks_above_body_match(client, make_published):
    make_published(title="Un article quelconque", body="On y parle de tramway une seule fois (Source : x).")
    make_published(title="Le tramway revient", body="Sans le mot (Source : x).")
    html = _results(client, "tramway")
    assert html.index("Le <mark>tramway</mark> revient") < html.index("Un article quelconque")


@pytest.mark.postgres
def test_french_stemming_matches_other_forms(client, make_published):
    make_published(title="Les rénovations énergétiques progressent")
    assert "1 résultat" in _results(client, "rénovation énergétique")
    assert "1 résultat" in _results(client, "renovation")


@pytest.mark.postgres
def test_websearch_syntax_exact_phrase_and_exclusion(client, make_published):
    make_published(title="Vélo électrique en ville")
    make_published(title="Ville sans vélo électrique")
    assert "1 résultat" in _results(client, '"vélo électrique en ville"')
    assert "1 résultat" in _results(client, "ville -sans")


@pytest.mark.postgres
def test_gin_index_matches_the_search_expression(make_published):
    """The index is only used if the query repeats its expression exactly: check the planner can."""
    from django.contrib.postgres.search import SearchQuery

    from articles.models import Revision
    from articles.public.search import SEARCH_CONFIG, search_vector

    make_published(title="Indexé")
    queryset = Revision.objects.annotate(document=search_vector()).filter(
        document=SearchQuery("indexé", config=SEARCH_CONFIG, search_type="websearch")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            plan = queryset.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert "revision_search_gin" in plan


def test_fallback_helpers_fold_and_highlight_without_accents():
    assert fold("Réglementation ÉCOLOGIQUE œuvre") == "reglementation ecologique oeuvre"
    assert str(_highlight("La réglementation <b>", ["reglementation"])) == \
        "La <mark>réglementation</mark> &lt;b&gt;"
    assert str(_highlight("Une Œuvre, un cœur", ["oeuvre", "coeur"])) == \
        "Une <mark>Œuvre</mark>, un <mark>cœur</mark>"
    text = "mot " * 100 + "cible " + "mot " * 100
    excerpt = _excerpt(text, ["cible"])
    assert "cible" in excerpt and excerpt.startswith("… ") and excerpt.endswith(" …")
