"""The offline writer reads like an editor wrote it: what a reader of its drafts would notice.

Drafts (synthesis, draft, both rewrites) are made through the real pipeline on the demo sources
and on edge cases, and read as a reader reads them: no doubled punctuation, no sentence without a
verb, a source named as a document ("l'article d'Exemple UX"), never by its "Publisher – Kind"
label, nothing said about a source Prizm holds no material for, singular wording for one source.
"""

import re
from collections import Counter

import pytest

from articles import drafting
from articles.demo.studio import DEMO_ARTICLES
from articles.drafting import runner
from articles.models import Article, Synthesis
from articles.public.rendering import references_markdown
from sources.demo import DEMO_SOURCES, THEME_CYCLING, THEME_RENOVATION, THEME_REPAIR
from sources.demo import seed_demo_content as seed_demo_sources
from sources.models import Source
from tests.factories import ExtractFactory, SourceFactory

pytestmark = pytest.mark.django_db

CITATION = re.compile(r"\s*\(Source\s*:[^)]*\)")
QUOTE = re.compile(r"«[^»]*»")
# A mark that ends or splits a sentence, then another one ("?.", ",.", ". .", "..", ":,"), or a
# space before a period or a comma. A real ellipsis is one character ("…").
DOUBLE_PUNCTUATION = re.compile(r"[.!?…,;:]\s*[.,;]|[,;]\s*[!?:]|\s[.,]|\.\.")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Þ«])")
# A simple test for a conjugated (or imperative) verb: frequent irregular forms, the present of
# common -er verbs (stem + e / es / ent), then endings only verbs have (third person plural, second
# person plural, future, conditional, imperfect).
VERB_FORMS = set(
    """est sont a ont y va vont fait font peut peuvent doit doivent faut vaut sera seront serait était
    sert servent fournit fournissent dit disent permet met vient viennent tient dépend paraît croît atteint
    retenez gardez recoupez ajoutez relancez vérifiez""".split()
)
ER_STEMS = """accompagn adopt adress aid ajout apport appui augment compl complèt confirm constat
    contredis croi croîs décid dépass désign dessin distingu document donn éclair établ explique expliqu
    indiqu insist mesur montr observ ouvr couvr offr pass pes pos précis présent propos rappel relèv
    repos rest révèl sembl serv soulign soulev suffi suiv trouv""".split()
VERB_ENDINGS = re.compile(r"\w{3,}(?:(?<!m)ent|ez|(?<!i)ons|ra|ront|rait|raient|ait|aient)$")
PLURAL_WORDING = re.compile(
    r"\b(?:les|des|ces|deux|trois|plusieurs) sources\b|\bconvergent\b|\bse complètent\b|\bs'opposent\b|\bcorpus\b",
    re.IGNORECASE,
)
BADGE = re.compile(r"^Analyse factuelle basée sur \d+ sources? vérifiées?\.?$")


# --- Reading helpers -------------------------------------------------------------------------
def prose_lines(body: str) -> list[str]:
    """Paragraphs and list items as a reader reads them (headings and item labels set aside)."""
    lines = []
    for block in re.split(r"\n\s*\n", body.strip()):
        block = " ".join(block.split())
        if not block or block.startswith("#"):
            continue
        lines.append(re.sub(r"^- \*\*[^*]+\*\* : ", "", block))
    return lines


def sentences(text: str) -> list[str]:
    """Sentences outside quotations, citations removed; a quotation is kept as « »."""
    out = []
    for line in prose_lines(text):
        masked = QUOTE.sub("« »", CITATION.sub("", line))
        out.extend(s.strip() for s in SENTENCE_END.split(masked) if s.strip())
    return out


def has_verb(sentence: str) -> bool:
    if re.match(r"[a-zà-ÿ]+(?:er|ir|re)\b", sentence):
        return True  # a list item's instruction starts with an infinitive (« fixer les priorités… »)
    words = [w.lower() for w in re.findall(r"[\w-]+", re.sub(r"\b[a-zA-Z]'", " ", sentence))]
    regular = {stem + end for stem in ER_STEMS for end in ("e", "es", "ent")}
    return any(w in VERB_FORMS or w in regular or VERB_ENDINGS.search(w) for w in words) or bool(
        re.search(r"\b[snm]'\w+", sentence)
    )


def labels_of(source: Source) -> set[str]:
    return {name for name in (source.name, source.publisher) if name}


def assert_reads_cleanly(text: str, sources: list[Source]) -> None:
    """No doubled punctuation, no verbless statement, no source label standing alone or as a subject."""
    bad = DOUBLE_PUNCTUATION.findall(CITATION.sub("", text))
    assert not bad, (bad, text)
    for sentence in sentences(text):
        bare = sentence.strip(" .!?…:")
        assert bare not in {label for s in sources for label in labels_of(s)}, sentence
        if "« »" in sentence or sentence.endswith("?"):
            continue  # the quotation is the clause; a question may be verbless (« Par où commencer ? »)
        assert has_verb(sentence), f"no verb in: {sentence!r}"
    outside_citations = CITATION.sub("", text)
    for source in sources:
        if re.search(r"\s[–—-]\s", source.name):
            assert source.name not in outside_citations, f"label {source.name!r} used in prose"


# --- Running the pipeline --------------------------------------------------------------------
def run_job(job):
    runner.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    return job


def offline_texts(editor, sources, *, topic, angle="", audience=""):
    """The synthesis, the draft and its two rewrites, each through the real pipeline."""
    brief = drafting.brief_create(user=editor, topic=topic, angle=angle, audience=audience, sources=sources)
    article = run_job(drafting.draft_launch(brief=brief, user=editor)).result_article
    synthesis = Synthesis.objects.get(brief=brief)
    rewrites = {
        style: run_job(drafting.rewrite_launch(article=article, style=style, user=editor)).result_article
        for style in ("conversational", "concise")
    }
    return synthesis, article, rewrites


def synthesis_text(synthesis: Synthesis) -> str:
    return f"{synthesis.convergences}\n\n{synthesis.divergences}\n\n{synthesis.recommended_angle}"


def blockers(article: Article) -> list:
    return list(article.current_revision.findings.filter(severity="blocker").values_list("code", "message"))


@pytest.fixture
def offline(settings):
    settings.PRIZM_LLM_PROVIDER = "offline"


@pytest.fixture
def demo_sources(db):
    seed_demo_sources()
    return {item["name"]: Source.objects.get(url=item["url"]) for item in DEMO_SOURCES}


def theme_sources(demo_sources, theme):
    return [demo_sources[item["name"]] for item in DEMO_SOURCES if item["theme"] == theme]


DEMO_BRIEFS = [
    (theme.capitalize(), [i["name"] for i in DEMO_SOURCES if i["theme"] == theme])
    for theme in (THEME_REPAIR, THEME_RENOVATION, THEME_CYCLING)
]
DEMO_BRIEFS += [(spec["title"], list(spec["sources"])) for spec in DEMO_ARTICLES]


# --- The demo data ---------------------------------------------------------------------------
@pytest.mark.parametrize("topic,names", DEMO_BRIEFS, ids=[t[:40] for t, _n in DEMO_BRIEFS])
def test_offline_drafts_of_the_demo_briefs_read_cleanly_and_pass_the_gate(
    offline, editor, demo_sources, topic, names
):
    sources = [demo_sources[n] for n in names]
    synthesis, article, rewrites = offline_texts(
        editor, sources, topic=topic, angle="Ce que disent les chiffres"
    )
    for text in (article.body, synthesis_text(synthesis), *(r.body for r in rewrites.values())):
        assert_reads_cleanly(text, sources)
    for source in sources:
        assert f"(Source : {source.name})" in article.body
    assert blockers(article) == []
    assert all(blockers(r) == [] for r in rewrites.values())
    if len(sources) == 1:
        for text in (article.body, synthesis_text(synthesis), rewrites["conversational"].body):
            assert not PLURAL_WORDING.search(text), PLURAL_WORDING.search(text)


def template_of(sentence: str, sources: list[Source]) -> str:
    """A quoting sentence without its quotation and the words that name sources: its template."""
    naming = {"le", "la", "les", "l", "de", "du", "des", "d", "même", "un", "une", "ce", "cet", "cette"}
    for s in sources:
        naming |= set(re.findall(r"[\w-]+", f"{s.name} {s.publisher} {s.get_kind_display()}".lower()))
    return " ".join(w for w in re.findall(r"[\w-]+", sentence.lower()) if w not in naming)


def test_offline_templates_vary_within_and_across_drafts(offline, editor, demo_sources):
    openings = []
    for theme in (THEME_REPAIR, THEME_RENOVATION, THEME_CYCLING):
        sources = theme_sources(demo_sources, theme)
        _synthesis, article, _rewrites = offline_texts(editor, sources, topic=theme.capitalize())
        said = sentences(article.body)
        connectors = [s for s in said if "« »" not in s]
        assert len(connectors) == len(set(connectors)), "a connector sentence is repeated"
        templates = [template_of(s, sources) for s in said if "« »" in s]
        assert all(a != b for a, b in zip(templates, templates[1:], strict=False)), templates
        assert max(Counter(templates).values()) <= 2, templates
        quoting = [s.split(" ", 1)[0] for s in said if "« »" in s]
        assert all(a != b for a, b in zip(quoting, quoting[1:], strict=False)), quoting
        openings.append(article.body.split(" ", 1)[0])
    assert len(set(openings)) > 1, "every draft opens the same way"


# --- Edge cases ------------------------------------------------------------------------------
FINAL_MARK_EXTRACTS = [
    "Les équipes qui testent leurs interfaces chaque mois corrigent 40 % de défauts en plus.",
    "Faut-il craindre la généralisation des tests automatisés ?",
    "Le design des services publics compte enfin !",
    "Les budgets consacrés à la recherche utilisateur restent modestes…",
]


@pytest.mark.parametrize("publisher", ["", "Exemple UX – Article"])
def test_one_source_named_by_a_publisher_kind_label(offline, editor, publisher):
    source = SourceFactory(name="Exemple UX – Article", publisher=publisher, kind="article", reliability=8)
    for order, text in enumerate(FINAL_MARK_EXTRACTS):
        ExtractFactory(source=source, text=text, order=order)
    synthesis, article, rewrites = offline_texts(
        editor,
        [source],
        topic="Les tests utilisateurs",
        angle="Faut-il tout tester ?",
        audience="les équipes produit.",
    )
    texts = (article.body, synthesis_text(synthesis), *(r.body for r in rewrites.values()))
    for text in texts:
        assert_reads_cleanly(text, [source])
        assert not PLURAL_WORDING.search(text), PLURAL_WORDING.search(text)
    # Named as a document in prose; the registered label only inside the citation.
    assert "l'article d'Exemple UX" in article.body
    assert "Exemple UX – Article" not in CITATION.sub("", article.body)
    # Each extract quoted verbatim with its own final mark, and one final mark only.
    assert (
        "« Faut-il craindre la généralisation des tests automatisés ? » (Source : Exemple UX – Article)."
        in article.body
    )
    assert "« Le design des services publics compte enfin ! »" in article.body
    assert "« Les budgets consacrés à la recherche utilisateur restent modestes… »" in article.body
    assert "de défauts en plus » (Source" in article.body
    assert "tout tester ?" in article.body and "tester ?." not in article.body
    assert blockers(article) == []


def test_a_source_without_material_is_never_the_subject_of_a_claim(offline, editor, repair_sources):
    bare = SourceFactory(name="Note de conjoncture", publisher="Cabinet Fantôme", kind="note", reliability=9)
    sources = [repair_sources[0], bare]
    synthesis, article, rewrites = offline_texts(editor, sources, topic="La réparation")
    for text in (article.body, *(r.body for r in rewrites.values())):
        assert "Note de conjoncture" not in text and "Cabinet Fantôme" not in text, text
        assert_reads_cleanly(text, sources)
    assert "Note de conjoncture" not in synthesis.convergences + synthesis.recommended_angle
    # The editor is told why it is not used; the reader still finds it in the references.
    assert (
        "Aucun extrait ni texte n'est enregistré pour la source « Note de conjoncture »"
        in synthesis.divergences
    )
    assert list(article.sources.order_by("articlesource__order")) == sources
    assert "**Note de conjoncture**" in references_markdown(sources)
    # Only one source speaks: singular wording, and the draft still passes the gate.
    assert not PLURAL_WORDING.search(article.body), PLURAL_WORDING.search(article.body)
    assert blockers(article) == []


def test_sources_without_any_material_get_no_invented_claim(offline, editor):
    bare = [
        SourceFactory(name=f"Note vide {n}", publisher=f"Cabinet Vide {n}", reliability=7) for n in (1, 2)
    ]
    synthesis, article, _rewrites = offline_texts(editor, bare, topic="La réparation")
    for source in bare:
        assert source.name not in article.body and source.publisher not in article.body
    assert_reads_cleanly(article.body, bare)
    assert "(Source :" not in article.body
    assert "Aucun extrait ni texte" in article.body  # the draft says why it affirms nothing


def test_the_description_says_something_the_badge_does_not(offline, editor, demo_sources):
    brief = drafting.brief_create(
        user=editor, topic="La réparation", sources=theme_sources(demo_sources, THEME_REPAIR)
    )
    article = run_job(drafting.draft_launch(brief=brief, user=editor)).result_article
    assert not BADGE.match(article.description.strip()), article.description
