"""Body rendering, done once at publish time: citations, table of contents, link policy, the
references block rendered from the database, reading time."""

import re
from datetime import date

import pytest

from articles.public.rendering import (
    article_body_markdown,
    references_markdown,
    render_body_html,
    revision_freeze_for_public,
)
from prizm.text import reading_minutes
from tests.factories import ArticleFactory, SourceFactory

SOURCES = [
    {"id": 1, "name": "DFM.fr", "url": "https://dfm.fr/articles/etat-des-lieux/"},
    {"id": 2, "name": "CCI Provence-Alpes-Côte d’Azur – Article", "url": "https://www.paca.cci.fr/actualite/ia"},
    {"id": 3, "name": "Bpifrance Le Lab", "url": "https://lelab.bpifrance.fr/Etudes/ia"},
]


def test_citations_link_to_their_entry_in_the_references_block():
    html = render_body_html(
        body="Deux tiers des PME utilisent l'IA (Source : DFM.fr). Le réseau accompagne (Source : Bpifrance Le Lab).",
        sources=SOURCES,
    )
    assert '<a class="citation" href="#source-1"' in html
    assert '<a class="citation" href="#source-3"' in html
    assert ">DFM.fr</a>" in html


def test_citation_by_short_name_accents_and_apostrophes_resolves():
    # Seed 002 cites "CCI Provence-Alpes-Côte d'Azur" for the source "… d’Azur – Article".
    html = render_body_html(body="Seules 13% des TPE (Source : CCI Provence-Alpes-Cote d'Azur).", sources=SOURCES)
    assert 'href="#source-2"' in html


def test_several_sources_in_one_citation_and_unknown_names_stay_plain_text():
    html = render_body_html(body="Un constat partagé (Sources : DFM.fr ; Inconnu SA).", sources=SOURCES)
    assert 'href="#source-1"' in html
    assert "Inconnu SA" in html
    assert html.count('class="citation"') == 1


def test_citation_inside_code_is_not_rewritten():
    html = render_body_html(body="Exemple : `(Source : DFM.fr)`", sources=SOURCES)
    assert "citation" not in html
    assert "<code>(Source : DFM.fr)</code>" in html


def _long_body(sections: int, words_per_section: int) -> str:
    paragraph = " ".join(["réparation"] * words_per_section)
    return "\n\n".join(f"## Partie {i}\n\n{paragraph} (Source : DFM.fr)." for i in range(1, sections + 1))


def test_long_article_gets_a_table_of_contents_short_one_does_not():
    long_html = render_body_html(body=_long_body(5, 200), sources=SOURCES)
    assert long_html.startswith('<nav class="toc" aria-label="Sommaire">')
    assert '<a href="#partie-3" rel="noopener noreferrer">Partie 3</a>' in long_html
    assert 'id="partie-3"' in long_html

    short_html = render_body_html(body=_long_body(2, 40), sources=SOURCES)
    assert "toc" not in short_html


def test_tables_and_footnotes_render():
    html = render_body_html(
        body="| Poste | Part |\n|---|---:|\n| Chauffage | 46 % |\n\nUne note[^1].\n\n[^1]: Le détail.\n",
        sources=SOURCES,
    )
    assert "<table>" in html and "<th>Poste</th>" in html
    assert 'class="footnote-ref" href="#fn-1"' in html
    assert '<li id="fn-1">' in html


def test_title_heading_and_references_section_of_imported_bodies_are_not_repeated():
    body = (
        "# Le titre de l'article\n\nIntroduction.\n\n## Analyse\n\nTexte.\n\n"
        "## Sources et références\n\n*Cet article a été rédigé à partir de sources vérifiées :*\n\n"
        "1. **DFM.fr** - Article\n   - URL : https://dfm.fr/\n"
    )
    assert article_body_markdown(body) == "Introduction.\n\n## Analyse\n\nTexte.\n"
    html = render_body_html(body=body, sources=SOURCES)
    assert "<h1" not in html and "Le titre" not in html
    assert "Sources et références" not in html


def test_other_h1_become_h2_so_the_page_keeps_one_h1():
    html = render_body_html(body="Intro.\n\n# Un faux titre\n\nTexte.", sources=SOURCES)
    assert "<h1" not in html
    assert '<h2 id="un-faux-titre">' in html


def test_links_only_to_registered_sources_and_get_rel_noopener():
    html = render_body_html(
        body="[étude](https://dfm.fr/articles/etat-des-lieux) et [pub](https://evil.example.com/x) "
             "et [page](/articles/autre/)",
        sources=SOURCES,
    )
    assert '<a href="https://dfm.fr/articles/etat-des-lieux" rel="noopener noreferrer">étude</a>' in html
    assert "evil.example.com" not in html and "pub" in html
    assert '<a href="/articles/autre/" rel="noopener noreferrer">page</a>' in html


def test_heading_ids_never_collide_with_the_page_anchors():
    html = render_body_html(body="## Sources\n\nx\n\n## Source 1\n\ny", sources=SOURCES)
    assert 'id="sources"' not in html and 'id="source-1"' not in html
    assert 'id="sources-section"' in html


def test_french_typography_no_break_spaces():
    html = render_body_html(body="Le constat : 12 000 ateliers, soit 30 % ; « vraiment » ?", sources=SOURCES)
    text = html.replace("&nbsp;", "\u00a0")
    assert "constat\u00a0:" in text
    assert "12\u202f000" in text
    assert "30\u00a0%" in text
    assert "«\u00a0vraiment\u00a0»\u202f?" in text


def test_reading_time_rounds_up_at_200_words_a_minute():
    assert reading_minutes(0) == 1
    assert reading_minutes(200) == 1
    assert reading_minutes(201) == 2
    assert reading_minutes(1400) == 7


@pytest.mark.django_db
def test_references_markdown_is_the_seed_format_from_the_database():
    a = SourceFactory(name="DFM.fr", kind="article", url="https://dfm.fr/articles/x/",
                      published_on=date(2025, 5, 22), published_precision="day", reliability=8)
    b = SourceFactory(name="Bpifrance Le Lab", kind="etude", url="https://lelab.bpifrance.fr/Etudes/y",
                      published_on=date(2025, 6, 1), published_precision="month", reliability=9)
    c = SourceFactory(name="Rapport annuel", kind="rapport", url="https://example.org/r",
                      published_on=date(2024, 1, 1), published_precision="year", reliability=7)
    assert references_markdown([a, b, c]) == (
        "## Sources et références\n"
        "\n"
        "*Cet article a été rédigé à partir de sources vérifiées :*\n"
        "\n"
        "1. **DFM.fr** - Article\n"
        "   - Date : 22/05/2025\n"
        "   - URL : https://dfm.fr/articles/x/\n"
        "   - Fiabilité : 8/10\n"
        "\n"
        "2. **Bpifrance Le Lab** - Étude\n"
        "   - Date : juin 2025\n"
        "   - URL : https://lelab.bpifrance.fr/Etudes/y\n"
        "   - Fiabilité : 9/10\n"
        "\n"
        "3. **Rapport annuel** - Rapport\n"
        "   - Date : 2024\n"
        "   - URL : https://example.org/r\n"
        "   - Fiabilité : 7/10\n"
    )


@pytest.mark.django_db
def test_freeze_stores_body_html_and_source_display_data_from_the_registry():
    source = SourceFactory(name="Observatoire Orbe", kind="barometre", reliability=8,
                           published_on=date(2024, 11, 14), published_precision="day")
    article = ArticleFactory(sources=[source], body="Texte (Source : Observatoire Orbe).\n")
    revision = article.current_revision
    revision.body = article.body
    revision.save()
    revision_freeze_for_public(revision=revision)
    revision.refresh_from_db()
    assert 'href="#source-1"' in revision.body_html
    (entry,) = revision.public_data["sources"]
    assert entry["kind_label"] == "Baromètre"
    assert entry["date"] == "2024-11-14" and entry["date_display"] == "14/11/2024"
    assert entry["reliability"] == 8 and entry["url"] == source.url
    assert revision.public_data["reading_minutes"] == 1
    assert re.match(r"^\d+$", str(revision.public_data["words"]))
