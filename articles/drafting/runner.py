"""The job runner: what the Celery task `articles.tasks.run_job` does with "job N has work" —
claim the job (jobs.py), run the pipeline step of its kind (pipeline.py), record the outcome."""

import logging
import time

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError

from articles.drafting import pipeline
from articles.drafting.jobs import (
    ERROR_INTERNAL,
    ERROR_TIME_LIMIT,
    ERROR_UNKNOWN_KIND,
    TERMINAL,
    JobRefused,
    JobStopped,
    job_add_usage,
    job_claim,
    job_fail,
)
from articles.models import GenerationJob, JobKind, JobStatus
from articles.quality.i18n import source_language
from prizm.health import check_workers
from prizm.llm import LLMError

log = logging.getLogger(__name__)

RUNNERS = {
    JobKind.SYNTHESIS: pipeline.synthesis_run,
    JobKind.DRAFT: pipeline.draft_run,
    JobKind.REWRITE: pipeline.rewrite_run,
}


def job_run(*, job_id: int) -> GenerationJob | None:
    """What the Celery task does: claim the job, run the step function of its kind, record the
    outcome. Safe to call twice for the same job (the second call finds nothing to do).
    Runs in the source language: what it stores (steps, errors, findings, the revision's reason) is
    French, shown in each reader's language."""
    with source_language():
        return _job_run(job_id=job_id)


def _job_run(*, job_id: int) -> GenerationJob | None:
    job = job_claim(job_id=job_id)
    if job is None:
        return None
    runner = RUNNERS.get(job.kind)
    if runner is None:
        job_fail(job=job, error=ERROR_UNKNOWN_KIND % {"kind": job.kind}, code="unknown_kind")
        return job
    try:
        runner(job=job)
    except JobStopped:
        log.info("job %s stopped (cancelled or failed meanwhile)", job.pk)
    except LLMError as exc:
        job_add_usage(job=job, usage=exc.usage, model=job.model)
        job_fail(job=job, error=exc.message, code=exc.code)
    except JobRefused as exc:
        job_fail(job=job, error=exc.message, code="refused")
    except SoftTimeLimitExceeded:
        job_fail(
            job=job,
            error=ERROR_TIME_LIMIT % {"s": settings.CELERY_TASK_SOFT_TIME_LIMIT},
            code="time_limit",
        )
    except DatabaseError:
        # The database itself is failing: leave the job running, the sweeper takes it back after
        # its deadline.
        log.exception("database error while running job %s", job.pk)
        raise
    except Exception as exc:
        log.exception("job %s crashed", job.pk)
        job_fail(
            job=job,
            error=ERROR_INTERNAL % {"name": exc.__class__.__name__},
            code="internal",
        )
    return job


# --- Following a job from a command --------------------------------------------------------
def job_wait(*, job: GenerationJob, timeout: float, on_inline=None) -> GenerationJob:
    """Follow a job until it is finished. When no worker answers, run it in this process (the
    claim makes this safe even if a worker picks the message up meanwhile)."""
    job.refresh_from_db()
    if job.status == JobStatus.QUEUED and not check_workers()[0]:
        if on_inline:
            on_inline()
        job_run(job_id=job.pk)
    deadline = time.monotonic() + timeout
    while True:
        job.refresh_from_db()
        if job.status in TERMINAL or time.monotonic() >= deadline:
            return job
        time.sleep(0.3)
