"""Faults on purpose, against the real parts: a worker killed with SIGKILL mid-job, a Redis broker
stopped while an editor launches a draft. Nothing is lost, nothing stays "running", one article."""

import os
import signal
import socket
import subprocess
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import drafting
from articles.drafting import jobs
from articles.drafting.tasks import sweep_jobs
from articles.models import Article, GenerationJob
from tests.conftest import worker_start, worker_stop
from tests.jobs_support import wait_for

pytestmark = [pytest.mark.celery_worker]


def test_a_worker_killed_mid_job_leaves_a_job_a_new_worker_finishes_with_one_article(
    celery_worker_process, celery_worker_env, use_openai, editor, repair_sources, tmp_path
):
    use_openai("slow")  # the fake server waits a few seconds: the worker dies while it waits
    brief = drafting.brief_create(user=editor, topic="La réparation", angle="", sources=repair_sources)
    job = wait_for(drafting.draft_launch(brief=brief, user=editor), statuses={"running"}, timeout=30)
    os.kill(celery_worker_process.pid, signal.SIGKILL)
    celery_worker_process.wait(timeout=10)
    time.sleep(0.5)
    job.refresh_from_db()
    assert job.status == "running"  # what a dead worker leaves behind: the sweeper must take it back
    GenerationJob.objects.filter(pk=job.pk).update(deadline=timezone.now() - timedelta(seconds=1))

    second = worker_start(tmp_path / "worker-2.log", {**celery_worker_env, "PRIZM_LLM_TIMEOUT": "15"})
    try:
        sweep_jobs.delay()  # what beat sends every 30 s
        job = wait_for(job, timeout=60)
    finally:
        worker_stop(second)
    assert job.status == "succeeded", job.error
    assert Article.objects.filter(brief=brief).count() == 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis(port: int, tmp_path) -> subprocess.Popen:
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("redis-server did not start")


@pytest.mark.skipif(not __import__("shutil").which("redis-server"), reason="redis-server not installed")
def test_a_draft_launched_while_redis_is_down_is_kept_queued_and_runs_once_it_returns(
    transactional_db, settings, editor, editor_client, repair_sources, tmp_path, celery_worker_env
):
    port = _free_port()
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{port}/0"
    settings.PRIZM_LLM_PROVIDER = "offline"
    brief = drafting.brief_create(user=editor, topic="La réparation", angle="", sources=repair_sources)

    response = editor_client.post(reverse("studio:brief_launch", args=[brief.pk]), {"kind": "draft"})
    assert response.status_code == 302  # no 500: the editor lands on the job page
    job = GenerationJob.objects.get(brief=brief)
    assert job.status == "queued"
    assert editor_client.get(response["Location"]).status_code == 200

    redis = _redis(port, tmp_path)
    try:
        worker = worker_start(
            tmp_path / "worker.log", {**celery_worker_env, "CELERY_BROKER_URL": settings.CELERY_BROKER_URL}, ping=False
        )
        try:
            GenerationJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=2))
            jobs.jobs_sweep()  # what the sweep task beat sends every 30 s does, here on this broker
            job = wait_for(job, timeout=60)
        finally:
            worker_stop(worker)
    finally:
        redis.terminate()
        redis.wait(timeout=10)
    assert job.status == "succeeded" and Article.objects.filter(brief=brief).count() == 1
