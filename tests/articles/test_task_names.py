"""Celery messages name their task: names are pinned, so a message queued before a release that moved
modules still finds its task (and the task the message names is the one that runs the service)."""

import articles.tasks  # noqa: F401  (what the worker imports)
import sources.tasks  # noqa: F401
from articles.drafting import runner
from articles.drafting.jobs import jobs_sweep
from articles.quality.tasks import quality_recheck_all
from articles.workflow.publishing import articles_publish_due
from prizm.celery import app

PINNED = {
    "articles.tasks.run_job",
    "articles.tasks.sweep_jobs",
    "articles.tasks.publish_scheduled",
    "articles.tasks.quality_recheck_all",
    "articles.tasks.quality_recheck_chunk",
    "sources.fetch_source",
}


def test_every_pinned_task_name_is_registered():
    assert PINNED <= set(app.tasks)


def test_the_job_task_runs_the_job_runner(monkeypatch):
    seen = []
    monkeypatch.setattr(runner, "_job_run", lambda *, job_id: seen.append(job_id))
    app.tasks["articles.tasks.run_job"].run(41)
    assert seen == [41]


def test_periodic_task_names_lead_to_their_services():
    assert app.tasks["articles.tasks.sweep_jobs"].run.__module__ == "articles.drafting.tasks"
    assert app.tasks["articles.tasks.publish_scheduled"].run.__module__ == "articles.workflow.tasks"
    assert {jobs_sweep.__module__, articles_publish_due.__module__, quality_recheck_all.__module__} == {
        "articles.drafting.jobs", "articles.workflow.publishing", "articles.quality.tasks"
    }
