"""Celery tasks of the source registry: thin, the row is the truth."""

from celery import shared_task

from sources.services import FETCH_SOURCE_TASK, source_fetch_run


@shared_task(name=FETCH_SOURCE_TASK, ignore_result=True)
def fetch_source(fetch_id: int) -> str:
    return source_fetch_run(fetch_id=fetch_id).status
