"""Celery tasks of the source registry: thin, the row is the truth."""

from celery import shared_task


@shared_task(name="sources.fetch_source", ignore_result=True)
def fetch_source(fetch_id: int) -> str:
    from .services import source_fetch_run

    return source_fetch_run(fetch_id=fetch_id).status
