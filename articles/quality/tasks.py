"""Quality gate tasks: bulk rechecks (after a change of the rules, or of many sources).

`quality_recheck_all` splits the work into chunks of CHUNK articles, each its own task, so no single
task runs into the Celery time limit however many articles there are, and several workers share it.
"""

import logging

from celery import shared_task

from articles.models import Article
from articles.quality.store import quality_recheck

__all__ = ["quality_recheck_all", "quality_recheck_chunk"]

logger = logging.getLogger(__name__)

CHUNK = 1000


@shared_task(name="articles.tasks.quality_recheck_all", ignore_result=False)
def quality_recheck_all(article_ids: list[int] | None = None) -> dict:
    """Re-run the gate on the current revision of every article (or of `article_ids`)."""

    if article_ids is None:
        article_ids = list(Article.objects.exclude(current_revision=None).order_by("pk").values_list("pk", flat=True))
    if len(article_ids) <= CHUNK:
        return quality_recheck_chunk(article_ids)
    chunks = [article_ids[i:i + CHUNK] for i in range(0, len(article_ids), CHUNK)]
    for chunk in chunks:
        quality_recheck_chunk.delay(chunk)
    logger.info("quality_recheck_all: %s articles in %s chunks", len(article_ids), len(chunks))
    return {"queued": len(article_ids), "chunks": len(chunks)}


@shared_task(name="articles.tasks.quality_recheck_chunk", ignore_result=False)
def quality_recheck_chunk(article_ids: list[int]) -> dict:

    checked = quality_recheck(article_ids=article_ids)
    logger.info("quality_recheck_chunk: %s articles rechecked", checked)
    return {"checked": checked}
