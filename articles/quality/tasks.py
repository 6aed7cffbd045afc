"""Quality gate tasks: bulk rechecks (after a change of the rules, or of many sources)."""

import logging

from celery import shared_task

__all__ = ["quality_recheck_all"]

logger = logging.getLogger(__name__)


@shared_task(name="articles.tasks.quality_recheck_all", ignore_result=False)
def quality_recheck_all(article_ids: list[int] | None = None) -> dict:
    """Re-run the gate on the current revision of every article (or of `article_ids`)."""
    from .store import quality_recheck

    checked = quality_recheck(article_ids=article_ids)
    logger.info("quality_recheck_all: %s articles rechecked", checked)
    return {"checked": checked}
