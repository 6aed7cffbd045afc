"""The pipeline through a real Celery worker (own process, configured broker, test database)."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles import drafting
from articles.drafting import jobs
from articles.drafting.tasks import run_job, sweep_jobs
from articles.models import Article, ArticleSource, AuditEvent, GenerationJob, Revision
from tests.jobs_support import wait_for

pytestmark = [pytest.mark.celery_worker]


def new_brief(editor, sources):
    return drafting.brief_create(user=editor, topic="La réparation des appareils", angle="Ce que disent les chiffres", sources=sources)


def test_offline_draft_through_the_worker(celery_worker_process, settings, editor, repair_sources):
    settings.PRIZM_LLM_PROVIDER = "offline"
    brief = new_brief(editor, list(reversed(repair_sources)))
    job = drafting.draft_launch(brief=brief, user=editor)
    job = wait_for(job)
    assert job.status == "succeeded", job.error
    assert job.progress == 100 and job.attempts == 1
    article = job.result_article
    assert article.status == "draft"
    assert article.generated_by == "offline" and job.provider == "offline"
    assert article.created_by == editor and article.brief == brief
    assert article.description == "Ce que disent les chiffres."  # the brief's angle, not the badge
    # Sources attached in the brief's order.
    assert [link.source for link in ArticleSource.objects.filter(article=article)] == list(reversed(repair_sources))
    revision = article.current_revision
    assert revision.number == 1 and revision.generated_by_job == job and revision.author == editor
    assert AuditEvent.objects.filter(action="article.generated", article=article).exists()
    assert job.result["findings"] == [f for f in job.result["findings"] if f["severity"] != "blocker"]


def test_duplicate_delivery_makes_one_article(celery_worker_process, use_openai, editor, repair_sources):
    use_openai("good+delay1")
    brief = new_brief(editor, repair_sources)
    job = drafting.draft_launch(brief=brief, user=editor)  # first message, after commit
    run_job.delay(job.pk)  # the same job delivered twice, while the first runs
    run_job.delay(job.pk)
    job = wait_for(job)
    assert job.status == "succeeded", job.error
    run_job.delay(job.pk)  # and once more after it finished
    time.sleep(1.5)
    job.refresh_from_db()
    assert job.status == "succeeded" and job.attempts == 1
    assert Article.objects.count() == 1
    assert Revision.objects.count() == 1
    assert job.tokens_in > 0 and job.cost > 0


def test_cancel_while_running_leaves_no_article(celery_worker_process, use_openai, editor, repair_sources):
    use_openai("good+delay2")
    job = drafting.draft_launch(brief=new_brief(editor, repair_sources), user=editor)
    wait_for(job, statuses=("running",))
    jobs.job_cancel(job=job, user=editor)
    time.sleep(5)  # the synthesis call returns meanwhile; the worker must notice and stop
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert job.result_article is None and not Article.objects.exists()
    assert "Annulée par editeur" in job.step


def test_sweeper_reenqueues_lost_and_stuck_jobs(celery_worker_process, settings, editor, repair_sources):
    settings.PRIZM_LLM_PROVIDER = "offline"
    brief = new_brief(editor, repair_sources)
    # A job whose message was lost: stored queued, never published.
    lost = GenerationJob.objects.create(kind="draft", brief=brief, provider="offline", model="offline", requested_by=editor)
    # A job whose worker died mid-run: running, past its deadline.
    stuck = GenerationJob.objects.create(
        kind="draft", brief=brief, provider="offline", model="offline", requested_by=editor,
        status="running", attempts=1, deadline=timezone.now() - timedelta(seconds=5),
    )
    GenerationJob.objects.filter(pk=lost.pk).update(updated_at=timezone.now() - timedelta(minutes=2))
    time.sleep(1)
    assert GenerationJob.objects.get(pk=lost.pk).status == "queued"  # nobody knows about it

    sweep_jobs.delay()  # what beat sends every 30 s

    lost, stuck = wait_for(lost), wait_for(stuck)
    assert lost.status == "succeeded" and lost.attempts == 1
    assert stuck.status == "succeeded" and stuck.attempts == 2
    assert Article.objects.count() == 2


def test_failed_job_can_be_retried_from_where_it_stopped(celery_worker_process, use_openai, settings, editor, repair_sources):
    use_openai("error500")
    job = drafting.draft_launch(brief=new_brief(editor, repair_sources), user=editor)
    job = wait_for(job)
    assert job.status == "failed" and "500" in job.error
    use_openai("good")
    jobs.job_retry(job=job, user=editor)
    job = wait_for(job)
    assert job.status == "succeeded", job.error
    assert job.model.endswith("+good") and job.result["relaunches"] == 1
    assert job.result_article.generated_by == f"openai:{job.model}"
