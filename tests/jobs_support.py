"""Waiting for a generation job that a real worker runs (in another process)."""

import time

from articles.drafting import jobs
from articles.models import GenerationJob


def wait_for(job: GenerationJob, *, statuses=jobs.TERMINAL, timeout: float = 40) -> GenerationJob:
    """`job` refreshed until its status is one of `statuses`; AssertionError with its step after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} still {job.status} ({job.step}) after {timeout} s")
