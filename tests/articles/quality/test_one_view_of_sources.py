"""The gate sees one version of a source whoever calls it: a draft being generated, an editor's save
and an import of the same text give the same findings (one adapter, `quality.gate_source`)."""

import datetime

import pytest

from articles.drafting import pipeline as drafting
from articles.files.importing import article_file_parse, parsed_gate_document
from articles.quality import GateDocument, check_document, gate_revision
from articles.revisions import revision_create, revision_sources
from tests.factories import ArticleFactory, ExtractFactory, SourceFactory

pytestmark = pytest.mark.django_db

BODY = (
    "## Bilan\n\n"
    "Le réseau compte 1 240 ateliers et 99 % de satisfaits (Source : Observatoire des ateliers).\n\n"
    "Sa directrice affirme : « Nous fermerons la moitié des ateliers en mars » (Source : Observatoire des ateliers).\n\n"
    "Les ventes reculent (Source : Baromètre des ventes).\n"
)


def _signature(findings) -> list[tuple[str, str]]:
    return sorted((f.code, f.excerpt) for f in findings)


def test_a_draft_a_save_and_an_import_of_the_same_text_give_the_same_findings(tmp_path):
    obs = SourceFactory(
        name="Observatoire des ateliers", url="https://obs.example.org/rapport", kind="etude",
        published_on=datetime.date(2024, 9, 1), published_precision="month", reliability=8,
        text="Le réseau compte 1 240 ateliers. La réparation est devenue un réflexe pour les familles.",
    )
    ExtractFactory(source=obs, text="La réparation est devenue un réflexe pour les familles.")
    ventes = SourceFactory(name="Baromètre des ventes", url="https://ventes.example.org/2025", kind="barometre",
                           published_on=datetime.date(2031, 1, 1), published_precision="year", reliability=5, text="")
    sources = [obs, ventes]

    while_drafting = check_document(GateDocument(title="Bilan", body=BODY, description="",
                                                 sources=drafting.gate_sources(sources), published_on="2025-03-01"))

    article = ArticleFactory(title="Bilan", body=BODY, description="", sources=sources, with_revision=False)
    revision = revision_create(article=article, title="Bilan", description="", body=BODY,
                               sources=revision_sources(article))
    article.created_at = article.created_at.replace(year=2025, month=3, day=1)
    article.save(update_fields=["created_at"])
    after_save = gate_revision(revision)

    text = (
        '---\ntitle: "Bilan"\ndate: "2025-03-01"\n---\n\n' + BODY
        + "\n## Sources et références\n\n"
        "1. **Observatoire des ateliers** - Étude\n   - URL : https://obs.example.org/rapport\n   - Fiabilité : 8/10\n\n"
        "2. **Baromètre des ventes** - Baromètre\n   - URL : https://ventes.example.org/2025\n   - Fiabilité : 5/10\n"
    )
    on_import = check_document(parsed_gate_document(article_file_parse(text, path="bilan.md")))

    expected = _signature(while_drafting.findings)
    assert {code for code, _ in expected} >= {"number_unsupported", "quote_unverified", "source_future_date"}
    assert _signature(after_save.findings) == expected
    assert _signature(on_import.findings) == expected
