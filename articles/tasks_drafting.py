"""Drafting tasks. Thin: load the job by id, call the service, the service records the outcome."""

from celery import shared_task

__all__ = ["run_job", "sweep_jobs"]


@shared_task(name="articles.tasks.run_job", ignore_result=True)
def run_job(job_id: int) -> None:
    from .jobs import job_run

    job_run(job_id=job_id)


@shared_task(name="articles.tasks.sweep_jobs", ignore_result=True)
def sweep_jobs() -> dict:
    from .jobs import jobs_sweep

    return jobs_sweep()
