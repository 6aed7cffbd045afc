"""draft_article and rewrite_article, as an operator or a script runs them."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, GenerationJob

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args) -> tuple[int, dict]:
    out = StringIO()
    try:
        call_command(*args, "--json", stdout=out, stderr=StringIO())
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue())


@pytest.fixture(autouse=True)
def offline(settings):
    settings.PRIZM_LLM_PROVIDER = "offline"


def test_without_wait_returns_at_once_with_a_queued_job(repair_sources):
    code, data = run("draft_article", "--topic", "La réparation", "--source", str(repair_sources[0].pk),
                     "--source", repair_sources[1].url)
    assert code == 0
    job = GenerationJob.objects.get()
    assert data == {"job": job.pk, "status": "queued", "article": None, "error": None, "error_code": None, "findings": []}
    assert [s.pk for s in job.brief.sources.order_by("briefsource__order")] == [repair_sources[0].pk, repair_sources[1].pk]


def test_broker_down_still_creates_the_job_and_exits_0(repair_sources, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    code, data = run("draft_article", "--topic", "La réparation", "--source", str(repair_sources[0].pk))
    assert code == 0 and data["status"] == "queued"
    job = GenerationJob.objects.get(pk=data["job"])
    assert job.status == "queued"
    assert job.step == "File d'attente injoignable, nouvel essai automatique"


def test_wait_without_worker_runs_the_job_here(repair_sources, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # no broker, so no worker either
    code, data = run("draft_article", "--topic", "La réparation", "--angle", "Les freins",
                     "--source", *[str(s.pk) for s in repair_sources], "--wait")
    assert code == 0 and data["status"] == "succeeded"
    article = Article.objects.get(pk=data["article"])
    assert article.generated_by == "offline"
    assert all(f["severity"] != "blocker" for f in data["findings"])
    assert set(data["findings"][0]) == {"code", "severity", "message", "line", "excerpt"} if data["findings"] else True


def test_failed_job_exits_1_with_the_error(repair_sources, settings, use_openai):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.PRIZM_LLM_MAX_RETRIES = 0
    use_openai("refusal")
    code, data = run("draft_article", "--topic", "La réparation", "--source", str(repair_sources[0].pk), "--wait")
    assert code == 1
    assert data["status"] == "failed" and "refusé" in data["error"] and data["article"] is None


def test_unknown_source_is_refused_with_what_to_fix(repair_sources):
    with pytest.raises(CommandError, match="Source introuvable : 'https://nulle-part.example.org/'"):
        call_command("draft_article", "--topic", "x", "--source", "https://nulle-part.example.org/")
    assert not GenerationJob.objects.exists()


def test_rewrite_keeps_every_citation(repair_sources, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    _, draft = run("draft_article", "--topic", "La réparation", "--source", *[str(s.pk) for s in repair_sources], "--wait")
    original = Article.objects.get(pk=draft["article"])
    for style in ("conversational", "concise"):
        code, data = run("rewrite_article", original.slug, "--style", style, "--wait")
        assert code == 0 and data["status"] == "succeeded", data
        assert set(data) == {"job", "status", "article", "error", "error_code", "integrity", "conversational", "findings"}
        variant = Article.objects.get(pk=data["article"])
        assert variant.variant_of == original and variant.style == style
        assert data["integrity"] == 1.0
        for source in repair_sources:
            assert variant.body.count(f"(Source : {source.name})") == original.body.count(f"(Source : {source.name})")
        assert not [f for f in data["findings"] if f["severity"] == "blocker"]
        if style == "conversational":
            assert data["conversational"] >= 0.5 and "?" in variant.body
        else:
            assert len(variant.body) < len(original.body)
    with pytest.raises(CommandError, match="Article introuvable"):
        call_command("rewrite_article", "nexiste-pas", "--style", "concise")


def test_a_failed_rewrite_prints_the_same_error_keys_as_a_failed_draft(repair_sources, settings, use_openai):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    _, draft = run("draft_article", "--topic", "La réparation", "--source", str(repair_sources[0].pk), "--wait")
    settings.PRIZM_LLM_MAX_RETRIES = 0
    use_openai("refusal")
    code, rewrite = run("rewrite_article", str(draft["article"]), "--style", "concise", "--wait")
    _, failed_draft = run("draft_article", "--topic", "La réparation", "--source", str(repair_sources[0].pk), "--wait")
    assert code == 1 and rewrite["status"] == failed_draft["status"] == "failed"
    assert "refusé" in rewrite["error"] and rewrite["error_code"] == failed_draft["error_code"]
    assert set(failed_draft) < set(rewrite)
