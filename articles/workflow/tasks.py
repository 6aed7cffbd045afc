"""Workflow tasks: scheduled publishing. Celery beat runs `articles.tasks.publish_scheduled` every
minute (settings.CELERY_BEAT_SCHEDULE); the `publish_scheduled` command calls the same service."""

import logging

from celery import shared_task

from articles.workflow.publishing import articles_publish_due

__all__ = ["publish_scheduled"]

logger = logging.getLogger(__name__)


@shared_task(name="articles.tasks.publish_scheduled", ignore_result=True)
def publish_scheduled() -> dict:
    """Publish what is due, unpublish what expired, however late (catch-up after an outage)."""
    done = articles_publish_due()
    if any(done.values()):
        logger.info("publish_scheduled: %s", done)
    return done
