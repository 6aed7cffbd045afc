"""Celery discovers `articles.tasks`: each area keeps its tasks in its own module, imported here."""

from articles.drafting.tasks import *  # noqa: F401,F403
from articles.quality.tasks import *  # noqa: F401,F403
from articles.workflow.tasks import *  # noqa: F401,F403
