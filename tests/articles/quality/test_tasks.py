"""The bulk recheck runs as Celery tasks on a real worker."""

import time

import pytest

from articles.models import Article, Finding
from articles.quality.tasks import quality_recheck_all
from prizm.celery import app
from tests.factories import ArticleFactory, SourceFactory


def wait_for_scores(articles, worker, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not Article.objects.filter(pk__in=[a.pk for a in articles], quality_score=None).exists():
            break
        time.sleep(0.3)
    for a in articles:
        a.refresh_from_db()
        assert a.quality_score is not None, worker.log_path.read_text()


@pytest.mark.celery_worker
def test_bulk_recheck_tasks_on_a_real_worker(celery_worker_process, monkeypatch):
    source = SourceFactory(name="Observatoire des ateliers", text="Le réseau compte 1 240 ateliers.")
    clean = ArticleFactory(body="Le réseau compte 1 240 ateliers (Source : Observatoire des ateliers).\n", sources=[source])
    blocked = ArticleFactory(body="Je ne peux pas rédiger cet article.\n", sources=[source])
    Article.objects.update(quality_score=None)
    # Sent by its registered name, as beat or another service would.
    app.send_task("articles.tasks.quality_recheck_all")
    wait_for_scores([clean, blocked], celery_worker_process)
    assert clean.quality_score > 0.8 > 0.4 > blocked.quality_score
    assert Finding.objects.filter(revision=blocked.current_revision, code="refusal").exists()
    # Many articles: the task fans out into chunk tasks (here one article each), run by the worker.
    Article.objects.update(quality_score=None)
    monkeypatch.setattr("articles.quality.tasks.CHUNK", 1)
    assert quality_recheck_all.apply().get() == {"queued": 2, "chunks": 2}
    wait_for_scores([clean, blocked], celery_worker_process)
    assert Finding.objects.filter(revision=blocked.current_revision, code="refusal").count() == 1
