"""Drafting tasks. Thin: load the job by id, call the service, the service records the outcome."""

from celery import shared_task

from articles.drafting.jobs import RUN_JOB_TASK, jobs_sweep
from articles.drafting.runner import job_run

__all__ = ["run_job", "sweep_jobs"]


@shared_task(name=RUN_JOB_TASK, ignore_result=True)
def run_job(job_id: int) -> None:
    job_run(job_id=job_id)


@shared_task(name="articles.tasks.sweep_jobs", ignore_result=True)
def sweep_jobs() -> dict:
    return jobs_sweep()
