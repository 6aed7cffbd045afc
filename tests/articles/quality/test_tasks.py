"""The bulk recheck runs as a Celery task on a real worker."""

import time

import pytest

from articles.models import Article, Finding
from articles.quality.tasks import quality_recheck_all
from tests.factories import ArticleFactory, SourceFactory


@pytest.mark.celery_worker
def test_bulk_recheck_task_on_a_real_worker(celery_worker_process):
    source = SourceFactory(name="Observatoire des ateliers", text="Le réseau compte 1 240 ateliers.")
    clean = ArticleFactory(body="Le réseau compte 1 240 ateliers (Source : Observatoire des ateliers).\n", sources=[source])
    blocked = ArticleFactory(body="Je ne peux pas rédiger cet article.\n", sources=[source])
    Article.objects.update(quality_score=None)
    assert quality_recheck_all.name == "articles.tasks.quality_recheck_all"
    quality_recheck_all.delay()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if not Article.objects.filter(pk__in=[clean.pk, blocked.pk], quality_score=None).exists():
            break
        time.sleep(0.3)
    clean.refresh_from_db()
    blocked.refresh_from_db()
    assert clean.quality_score is not None and blocked.quality_score is not None, celery_worker_process.log_path.read_text()
    assert clean.quality_score > 0.8 > 0.4 > blocked.quality_score
    assert Finding.objects.filter(revision=blocked.current_revision, code="refusal").exists()
