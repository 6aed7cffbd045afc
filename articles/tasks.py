"""Celery discovers `articles.tasks`: each area keeps its tasks in its own module, imported here."""

from .quality.tasks import *  # noqa: F401,F403
from .tasks_drafting import *  # noqa: F401,F403
from .tasks_workflow import *  # noqa: F401,F403
