"""The offline provider on the demo sources: deterministic, every source with material cited, the
seed articles' sections, no blocker from the real quality gate; how its prose names a source.
(What a reader notices in its prose: test_offline_prose.py.)"""

import re

import pytest

from articles import drafting
from articles.drafting import runner
from articles.drafting.pipeline import draft_assemble
from articles.drafting.plan import ARTICLE_PLAN
from articles.models import Article
from prizm.llm import BriefInput, SectionPlan, SourceMaterial, sections_by_plan
from prizm.llm.offline import OfflineProvider, of_name, outline_build, source_voice, with_article
from sources.demo import DEMO_SOURCES, THEME_CYCLING, THEME_RENOVATION, THEME_REPAIR
from sources.demo import seed_demo_content as seed_demo_sources
from sources.models import Source

pytestmark = pytest.mark.django_db

SEED_SECTIONS = [
    "## Leviers et solutions",
    "## Impact et opportunités",
    "## Ce qu'il faut retenir",
    "### Actions concrètes",
]


@pytest.fixture
def demo_sources(db):
    seed_demo_sources()
    return {
        theme: [Source.objects.get(url=item["url"]) for item in DEMO_SOURCES if item["theme"] == theme]
        for theme in (THEME_REPAIR, THEME_RENOVATION, THEME_CYCLING)
    }


def draft_offline(editor, sources, *, topic: str, angle: str = "") -> Article:
    brief = drafting.brief_create(user=editor, topic=topic, angle=angle, sources=sources)
    job = drafting.draft_launch(brief=brief, user=editor)
    runner.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    return job.result_article


@pytest.mark.parametrize("theme", [THEME_REPAIR, THEME_RENOVATION, THEME_CYCLING])
def test_offline_draft_on_demo_sources_passes_the_gate(settings, editor, demo_sources, theme):
    settings.PRIZM_LLM_PROVIDER = "offline"
    sources = demo_sources[theme]
    article = draft_offline(editor, sources, topic=theme.capitalize(), angle="Ce que disent les chiffres")
    body = article.body
    for source in sources:
        assert f"(Source : {source.name})" in body, source.name
    positions = [body.index(section) for section in SEED_SECTIONS]
    assert positions == sorted(positions)
    assert body.split("## Leviers", 1)[0].strip(), "an introduction comes before the first section"
    assert "Sources et références" not in body
    assert len(re.findall(r"^- \*\*", body, re.MULTILINE)) == 3  # three concrete actions
    revision = article.current_revision
    blockers = list(revision.findings.filter(severity="blocker").values_list("code", "message"))
    assert blockers == []
    assert article.generated_by == "offline"


def test_offline_provider_is_deterministic_and_orders_by_reliability():
    sources = (
        SourceMaterial(
            id=1,
            name="Institut des usages",
            reliability=5,
            order=0,
            extracts=("Les usages progressent lentement.",),
        ),
        SourceMaterial(
            id=2,
            name="Agence des mobilités",
            reliability=9,
            order=1,
            extracts=("Le trafic a doublé en 2024 sur les axes suivis.",),
        ),
    )
    brief = BriefInput(topic="Les mobilités", sources=sources)
    provider = OfflineProvider()
    synthesis = provider.synthesize(brief=brief).data
    outline = outline_build(brief=brief, plan=ARTICLE_PLAN)
    first = provider.write_draft(brief=brief, synthesis=synthesis, outline=outline).data
    second = provider.write_draft(brief=brief, synthesis=synthesis, outline=outline).data
    assert first == second
    assert [s.key for s in first.sections] == [p.key for p in ARTICLE_PLAN]
    # The strongest source leads the introduction; the weaker one is flagged as such.
    written = {planned.key: section for planned, section in sections_by_plan(draft=first, outline=outline)}
    assert "(Source : Agence des mobilités)" in written["introduction"].paragraphs[0]
    summary = " ".join(written["retenir"].paragraphs)
    assert "Institut des usages" in summary and "fiabilité est plus faible" in summary
    assert len(written["actions"].items) == 3
    assert 0 <= synthesis.score <= 10


def test_the_article_shape_is_the_plan_given_not_the_llm_layers():
    sources = (
        SourceMaterial(
            id=1,
            name="Agence des mobilités",
            reliability=9,
            order=0,
            extracts=("Le trafic a doublé en 2024 sur les axes suivis.",),
        ),
    )
    brief = BriefInput(topic="Les mobilités", sources=sources)
    plan = (
        SectionPlan(key="contexte", heading="Le contexte", leaning="lead"),
        SectionPlan(key="pistes", heading="Les pistes", kind="items", level=3),
    )
    provider = OfflineProvider()
    draft = provider.write_draft(
        brief=brief,
        synthesis=provider.synthesize(brief=brief).data,
        outline=outline_build(brief=brief, plan=plan),
    ).data
    body = draft_assemble(draft=draft, outline=outline_build(brief=brief, plan=plan))
    assert [s.key for s in draft.sections] == ["contexte", "pistes"]
    assert "## Le contexte" in body and "### Les pistes" in body and "Leviers" not in body


def test_french_articles_for_institution_names():
    assert with_article("Observatoire de la réparation") == "l'Observatoire de la réparation"
    assert with_article("Fédération des réparateurs") == "la Fédération des réparateurs"
    assert with_article("Conseil régional") == "le Conseil régional"
    assert with_article("Bpifrance Le Lab") == "Bpifrance Le Lab"


def test_names_of_sources_in_prose():
    """A source is named as a document of its publisher, never by its "Publisher – Kind" label."""

    def full(**kwargs):
        return source_voice(SourceMaterial(id=1, **kwargs)).full

    assert full(name="Exemple UX – Article") == "l'article d'Exemple UX"
    assert (
        full(name="Exemple UX – Article", publisher="Exemple UX – Article", kind="Article")
        == "l'article d'Exemple UX"
    )
    assert (
        full(name="Rapport annuel", publisher="Agence Lumen Habitat", kind="Rapport")
        == "le rapport de l'Agence Lumen Habitat"
    )
    assert full(name="Le vélo gagne", publisher="Le Rayon Vert", kind="Article") == "l'article du Rayon Vert"
    assert full(name="Note de conjoncture", kind="Note") == "la Note de conjoncture"
    assert full(name="Institut des usages") == "l'Institut des usages"
    # A headline-like title with no publisher: only the citation names it.
    assert (
        full(name="Le vélo à assistance électrique gagne les trajets périurbains", kind="Article")
        == "un article"
    )
    assert (
        source_voice(SourceMaterial(id=1, name="X", publisher="Cabinet Ardoise", kind="Note")).same
        == "la même note"
    )
    assert of_name("Le Rayon Vert") == "du Rayon Vert" and of_name("Exemple UX") == "d'Exemple UX"


def test_source_without_material_is_listed_not_quoted(settings, editor, repair_sources):
    """Nothing is said about a source Prizm holds nothing of: it stays attached (the references list
    it) and the gate tells the editor it is never cited."""
    settings.PRIZM_LLM_PROVIDER = "offline"
    bare = Source.objects.create(
        name="Note de conjoncture", url="https://note.example.org/2024", reliability=6
    )
    article = draft_offline(editor, [repair_sources[0], bare], topic="La réparation")
    assert "Note de conjoncture" not in article.body
    assert bare in article.sources.all()
    findings = dict(article.current_revision.findings.values_list("code", "severity"))
    assert findings.get("source_uncited") == "warning"
    assert "blocker" not in findings.values()
