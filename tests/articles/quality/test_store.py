"""The gate on stored revisions: findings and scores stored, registry texts used, fixed query counts,
blockers that remain, reviewer overrides, bulk rechecks."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles.models import Article, AuditEvent, Finding, FindingOverride
from articles.quality import finding_override, gate_revision, unresolved_blockers
from articles.quality.store import quality_recheck
from tests.factories import ArticleFactory, ExtractFactory, SourceFactory, make_revision

pytestmark = pytest.mark.django_db

OBS_TEXT = (
    "Le réseau régional compte 1 240 ateliers de réparation actifs. Les ateliers associatifs représentent 38 % "
    "du réseau. Chaque atelier reçoit 12000 € par an."
)


@pytest.fixture
def obs():
    source = SourceFactory(name="Observatoire des ateliers", text=OBS_TEXT, reliability=8)
    ExtractFactory(source=source, text="Les ateliers associatifs représentent 38 % du réseau.")
    return source


def article_with(body, sources, **kwargs):
    return ArticleFactory(body=body, sources=sources, description="", **kwargs)


def test_gate_revision_stores_findings_positions_and_scores(obs):
    body = (
        "## Bilan\n\n"
        "Le réseau compte 1 240 ateliers (Source : Observatoire des ateliers).\n\n"
        "[Insérer ici le chiffre de l'an dernier]\n\n"
        "Chaque atelier reçoit 15 000 euros par an (Source : Observatoire des ateliers).\n"
    )
    article = article_with(body, [obs])
    revision = article.current_revision
    result = gate_revision(revision)
    stored = list(Finding.objects.filter(revision=revision).order_by("start"))
    assert [(f.code, f.severity, f.line) for f in stored] == [
        ("placeholder", "blocker", 5), ("number_unsupported", "blocker", 7),
    ]
    placeholder = stored[0]
    assert body[placeholder.start:placeholder.end] == "[Insérer ici le chiffre de l'an dernier]"
    assert placeholder.title == "Emplacement non rempli" and placeholder.hint.startswith("Remplacez")
    revision.refresh_from_db()
    article.refresh_from_db()
    assert revision.quality_score == article.quality_score == result.score < 0.4
    # A second run replaces the findings rather than adding to them.
    gate_revision(revision)
    assert Finding.objects.filter(revision=revision).count() == 2


def test_quotes_and_figures_are_checked_against_the_registry_text(obs):
    article = article_with("Les associatifs pèsent 41 % du réseau (Source : Observatoire des ateliers).\n", [obs])
    assert [f.code for f in gate_revision(article.current_revision).blockers] == ["number_unsupported"]
    obs.text = OBS_TEXT + " Une autre estimation les situe à 41 % du réseau."
    obs.save()
    assert gate_revision(article.current_revision).blockers == []


def test_gate_revision_runs_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    sources = []
    for n in range(10):
        source = SourceFactory(name=f"Source numéro {n}", text=f"Texte de la source {n} : {100 + n} ateliers.")
        ExtractFactory.create_batch(3, source=source)
        sources.append(source)
    body = "\n\n".join(f"Le réseau compte {100 + n} ateliers (Source : Source numéro {n})." for n in range(10))
    revision = article_with(body, sources).current_revision
    revision = type(revision).objects.get(pk=revision.pk)  # nothing cached
    with django_assert_max_num_queries(9):
        result = gate_revision(revision)
    assert result.findings == []


def test_a_rewrite_is_checked_against_its_original(obs):
    original = article_with(
        "Le réseau compte 1 240 ateliers (Source : Observatoire des ateliers).\n\n"
        "Les associatifs pèsent 38 % (Source : Observatoire des ateliers).\n", [obs])
    variant = article_with("Vous aimez réparer ? Le réseau grandit vite, et c'est une bonne nouvelle !\n", [obs],
                           variant_of=original)
    result = gate_revision(variant.current_revision)
    assert "integrity_low" in {f.code for f in result.blockers}
    assert result.score_parts["integrity"] == 0.0


def test_a_source_without_url_kept_on_the_revision_is_a_blocker(obs):
    article = article_with("Le réseau progresse (Source : Lettre des artisans).\n", [obs])
    revision = article.current_revision
    revision.sources = revision.sources + [{"id": None, "name": "Lettre des artisans", "url": ""}]
    revision.save()
    codes = {f.code for f in gate_revision(revision).blockers}
    assert "source_missing_url" in codes and "unknown_source" not in codes


def test_unresolved_blockers_and_an_override_that_survives_edits(obs, reviewer, editor):
    body = (
        "Le réseau compte 1 240 ateliers (Source : Observatoire des ateliers).\n\n"
        "TODO : relire la conclusion.\n\n"
        "Les bénévoles se forment (Source : Cabinet fantôme).\n"
    )
    article = article_with(body, [obs], created_by=editor)
    gate_revision(article.current_revision)
    assert sorted(f.code for f in unresolved_blockers(article)) == ["placeholder", "unknown_source"]
    placeholder = Finding.objects.get(revision=article.current_revision, code="placeholder")
    override = finding_override(
        article=article, finding=placeholder, user=reviewer,
        reason="Le mot TODO est le nom du logiciel cité dans l'article.",
    )
    assert [f.code for f in unresolved_blockers(article)] == ["unknown_source"]
    event = AuditEvent.objects.get(action="finding.override")
    assert event.actor == reviewer and event.article == article
    assert event.data["reason"].startswith("Le mot TODO") and event.data["code"] == "placeholder"
    assert override.code == "placeholder" and override.by == reviewer
    # The editor rewrites another paragraph: a new revision, the gate runs again, the override holds.
    article.body = body.replace("Le réseau compte", "Désormais, le réseau régional compte")
    article.save()
    make_revision(article, author=editor)
    gate_revision(article.current_revision)
    assert [f.code for f in unresolved_blockers(article)] == ["unknown_source"]


def test_unresolved_blockers_is_a_single_query(obs, django_assert_num_queries):
    article = article_with("TODO (Source : Observatoire des ateliers)\n", [obs])
    gate_revision(article.current_revision)
    with django_assert_num_queries(1):
        assert len(unresolved_blockers(article)) == 1


def test_override_rules(obs, reviewer, editor):
    article = article_with("TODO : finir.\n\nLe réseau compte 1 240 ateliers.\n", [obs])
    gate_revision(article.current_revision)
    blocker = Finding.objects.get(revision=article.current_revision, code="placeholder")
    warning = Finding.objects.filter(revision=article.current_revision, severity="warning").first()
    with pytest.raises(PermissionDenied):
        finding_override(article=article, finding=blocker, user=editor, reason="Je pense que cela peut passer.")
    for trivial in ["", "ok", "ok ok ok ok ok", "aaaaaaaaaaaaa"]:
        with pytest.raises(ValidationError) as refused:
            finding_override(article=article, finding=blocker, user=reviewer, reason=trivial)
        assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError, match="avertissement"):
        finding_override(article=article, finding=warning, user=reviewer, reason="Ce chiffre vient de notre enquête.")
    other = article_with("TODO\n", [obs])
    with pytest.raises(ValidationError, match="cet article"):
        finding_override(article=other, finding=blocker, user=reviewer, reason="Justification suffisante ici.")
    finding_override(article=article, finding=blocker, user=reviewer, reason="Première justification écrite.")
    finding_override(article=article, finding=blocker, user=reviewer, reason="Justification corrigée, plus précise.")
    assert FindingOverride.objects.get(article=article).reason == "Justification corrigée, plus précise."
    assert AuditEvent.objects.filter(action="finding.override", article=article).count() == 2


def test_bulk_recheck_updates_every_article_in_a_few_queries(obs, django_assert_max_num_queries):
    articles = [
        article_with(f"Le réseau compte 1 240 ateliers (Source : Observatoire des ateliers). Note {n}.\n"
                     + ("TODO\n" if n % 2 else ""), [obs])
        for n in range(30)
    ]
    Article.objects.update(quality_score=None)
    with django_assert_max_num_queries(12):
        assert quality_recheck(batch_size=500) == 30
    scores = dict(Article.objects.values_list("pk", "quality_score"))
    assert all(scores[a.pk] is not None for a in articles)
    assert Finding.objects.filter(code="placeholder").count() == 15
    assert scores[articles[1].pk] < scores[articles[0].pk]
    # Running it again gives the same findings, not twice as many.
    quality_recheck()
    assert Finding.objects.filter(code="placeholder").count() == 15


@pytest.mark.django_db(transaction=True)
def test_bulk_recheck_outside_a_transaction_pipelines_writes_and_checks_every_article(obs):
    """Outside a transaction the findings of one batch are written by a second connection while the
    next batch is checked: every article still ends with its own findings and score, once."""
    articles = [
        article_with(f"Le réseau compte 1 240 ateliers (Source : Observatoire des ateliers). Note {n}.\n"
                     + ("TODO\n" if n % 2 else ""), [obs])
        for n in range(7)
    ]
    Article.objects.update(quality_score=None)
    assert quality_recheck(batch_size=2) == 7
    assert quality_recheck(batch_size=2) == 7
    assert Finding.objects.filter(code="placeholder").count() == 3
    assert not Article.objects.filter(pk__in=[a.pk for a in articles], quality_score=None).exists()
