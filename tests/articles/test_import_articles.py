"""import_articles on the seed articles and on malformed files."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.files.importing import article_file_parse, header_comment_parse, header_comment_render
from articles.models import Article, AuditEvent, Finding, Revision
from sources.models import Source
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

SEEDS = Path("/work/shared/seeds")
ARTICLE_SEEDS = sorted(str(p) for p in SEEDS.glob("00[1-4]_*.txt"))


def run(*args) -> str:
    out = StringIO()
    call_command("import_articles", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def codes(article, severity):
    return set(Finding.objects.filter(revision=article.current_revision, severity=severity).values_list("code", flat=True))


def by_prefix(prefix):
    parsed = article_file_parse(next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8"))
    return Article.objects.get(slug=parsed.slug)


def test_import_the_seed_articles_as_drafts_with_their_findings():
    out = run(*ARTICLE_SEEDS)
    assert "4 article(s) créé(s)" in out
    assert Article.objects.filter(status="draft", generated_by="import").count() == 4
    a1, a2, a3, a4 = (by_prefix(p) for p in ["001", "002", "003", "004"])
    # Done-when of the quality gate, on stored articles.
    assert "refusal" in codes(a1, "blocker")
    assert {"placeholder", "no_citations"} <= codes(a4, "blocker")
    assert codes(a3, "blocker") == {"source_missing_url"}
    assert {"uncited_figure", "number_inconsistent"} <= codes(a3, "warning")
    assert codes(a2, "blocker") == set() and {"source_uncited", "repetition"} <= codes(a2, "warning")
    # Front matter.
    assert a1.title == "IA générative et automatisation : accélération des usages dans les PME françaises"
    assert a1.slug == "ia-generative-et-automatisation-acceleration-des-usages-dans-les-pme-francaises"
    assert a1.description.startswith("Analyse factuelle basée sur 3 sources vérifiées")
    assert a1.category.name == "Analyse factuelle" and a1.featured and a1.image == "/images/analyse-factuelle.jpg"
    assert sorted(a1.tags.values_list("name", flat=True)) == ["IA", "PME", "Sources vérifiées"]
    assert a1.author_name == "Prizm AI" and a1.created_at.date().isoformat() == "2025-08-15"
    # The body is stored without its title line and its references section (the app renders them).
    assert not a1.body.startswith("# ") and "Sources et références" not in a1.body
    assert a1.body.rstrip().endswith("préservant sa souveraineté technologique.")
    # 004: the HTML comment header gives the style; its placeholder "references" stay in the body.
    assert a4.style == "conversational" and "[Les mêmes sources" in a4.body
    event = AuditEvent.objects.get(action="article.import", article=a4)
    assert event.data["header"]["integrity_score"] == 0.0 and event.data["header"]["conversational_score"] == 89.0
    # First revision snapshots the article and its sources, in list order.
    revision = a1.current_revision
    assert revision.number == 1 and revision.body == a1.body
    assert [s["name"] for s in revision.sources] == ["DFM.fr", "Bpifrance Le Lab", "La French Tech"]
    assert a1.quality_score == revision.quality_score is not None


def test_sources_are_created_once_and_matched_by_url_then_name():
    SourceFactory(name="Bpifrance Le Lab", url="https://lelab.bpifrance.fr/autre-adresse", reliability=9)
    run(*ARTICLE_SEEDS)
    # DFM.fr appears in three files under different labels: one source, found by URL.
    assert Source.objects.filter(url__contains="dfm.fr").count() == 1
    # Bpifrance Le Lab was registered under another URL: matched by name, not duplicated.
    assert Source.objects.filter(name="Bpifrance Le Lab").count() == 1
    cci = Source.objects.get(url__contains="paca.cci.fr")
    assert cci.name == "CCI Provence-Alpes-Côte d’Azur" and cci.reliability == 8 and cci.kind == "article"
    assert cci.published_on.isoformat() == "2025-06-24"
    dihnamic = Source.objects.get(name="Dihnamic")
    assert dihnamic.published_on.isoformat() == "2023-03-02" and dihnamic.reliability == 7
    # Usine Digitale has no URL: it cannot enter the registry; the revision keeps it and the gate blocks.
    assert not Source.objects.filter(name__icontains="Usine Digitale").exists()
    a3 = by_prefix("003")
    assert {"id": None, "name": "Usine Digitale"}.items() <= a3.current_revision.sources[2].items()
    assert list(a3.sources.order_by("articlesource__order").values_list("name", flat=True)) == ["DFM.fr", "Bpifrance Le Lab"]


def test_import_is_idempotent_by_slug_and_updates_a_changed_draft(tmp_path):
    run(*ARTICLE_SEEDS)
    counts = (Article.objects.count(), Revision.objects.count(), Source.objects.count(), Finding.objects.count())
    out = run(*ARTICLE_SEEDS)
    assert out.count("inchangé") >= 4
    assert (Article.objects.count(), Revision.objects.count(), Source.objects.count(), Finding.objects.count()) == counts
    # The file of a draft changed: a new revision, gate run again.
    text = Path(ARTICLE_SEEDS[0]).read_text(encoding="utf-8")
    changed = tmp_path / "001.md"
    changed.write_text(text.replace(
        "Je ne peux pas écrire cette introduction de manière éthique car les sources citées sont datées de 2025, "
        "donc dans le futur. Il serait inapproprié d'utiliser des données et informations qui n'existent pas encore.",
        "Les PME adoptent l'IA générative d'abord pour des tâches simples (Source : DFM.fr)."), encoding="utf-8")
    assert "mis à jour" in run(str(changed))
    a1 = by_prefix("001")
    assert a1.current_revision.number == 2 and Article.objects.count() == counts[0]
    refusals = Finding.objects.filter(revision=a1.current_revision, code="refusal")
    assert not refusals.filter(excerpt__startswith="Je ne peux pas écrire").exists()
    # An article past the draft stage is never overwritten.
    Article.objects.filter(pk=a1.pk).update(status="published")
    changed.write_text(changed.read_text(encoding="utf-8").replace(
        "## Sources et références", "Un paragraphe ajouté.\n\n## Sources et références"), encoding="utf-8")
    assert "ignoré" in run(str(changed))
    assert by_prefix("001").current_revision.number == 2


@pytest.mark.parametrize(
    "content, reason, line",
    [
        ("---\ntitle: \"Sans fin\"\ndescription: x\n", "jamais refermé", 1),
        ("---\ntitle: \"Bon titre\"\ntags: [IA, \"PME\"\ndate: 2025-01-01\n---\n\nTexte.\n", "YAML", None),
        ("---\ndescription: pas de titre\n---\n\nUn texte sans titre.\n", "titre introuvable", 1),
        ("---\ntitle: \"Vide\"\n---\n\n# Vide\n\n", "corps de l'article est vide", None),
        ("---\ntitle: \"Date\"\ndate: \"15/15/2025\"\n---\n\nTexte.\n", "date", 3),
        ("---\ntitle: \"Fiabilité\"\n---\n\nTexte (Source : A).\n\n## Sources et références\n\n1. **A** - Article\n"
         "   - URL : https://a.example.org/x\n   - Fiabilité : 12/10\n", "fiabilité", 11),
        ("---\ntitle: \"Liste\"\n---\n\nTexte (Source : A).\n\n## Sources et références\n\n1. **A** - Article\n"
         "   - URL : https://a.example.org/x\nVoir aussi la liste complète en annexe.\n", "ligne illisible", 11),
    ],
    ids=["unclosed", "yaml", "no-title", "empty", "bad-date", "reliability", "stray-line"],
)
def test_a_malformed_file_is_refused_with_its_reason_and_nothing_is_written(tmp_path, content, reason, line):
    bad = tmp_path / "bad.md"
    bad.write_text(content, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="Aucun article importé"):
        call_command("import_articles", ARTICLE_SEEDS[1], str(bad), stdout=StringIO(), stderr=err)
    assert reason in err.getvalue()
    if line:
        assert f"bad.md:{line}" in err.getvalue()
    assert Article.objects.count() == 0 and Source.objects.count() == 0


def test_a_synthesis_is_not_an_article():
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(next(SEEDS.glob("000_*.txt"))), stdout=StringIO(), stderr=err)
    assert "import_sources" in err.getvalue()


def test_dry_run_writes_nothing():
    out = run("--dry-run", *ARTICLE_SEEDS)
    assert "refusal" in out and "rien n'a été écrit" in out
    assert Article.objects.count() == 0 and Source.objects.count() == 0


def test_header_comment_round_trip():
    meta = {"style": "conversational", "conversational_score": 89.0, "integrity_score": 0.0,
            "date": "2025-07-30T12:56:50.058Z"}
    rendered = header_comment_render(meta)
    assert rendered.startswith("<!--\nSTYLE CONVERSATIONNEL APPLIQUÉ\nScore conversationnel : 89%\n")
    assert "Score intégrité : 0.0%" in rendered
    parsed, consumed = header_comment_parse(rendered + "\n# Titre\n")
    assert parsed == meta and consumed == len(rendered)


def test_the_same_url_listed_twice_makes_one_source(tmp_path):
    file = tmp_path / "doublon.md"
    file.write_text(
        "---\ntitle: \"Deux fois la même source\"\ndate: \"2025-03-01\"\n---\n\n"
        "Le réseau progresse (Source : Observatoire des ateliers).\n\n"
        "## Sources et références\n\n"
        "1. **Observatoire des ateliers** - Étude\n   - URL : https://obs.example.org/rapport\n   - Fiabilité : 8/10\n\n"
        "2. **Observatoire des ateliers – Rapport** - Rapport\n   - URL : https://www.obs.example.org/rapport/\n"
        "   - Fiabilité : 8/10\n",
        encoding="utf-8",
    )
    run(str(file))
    article = Article.objects.get(slug="deux-fois-la-meme-source")
    assert Source.objects.count() == 1
    assert [s["name"] for s in article.current_revision.sources] == ["Observatoire des ateliers"]
