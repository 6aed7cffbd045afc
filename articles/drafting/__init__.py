"""Drafting: briefs, generation jobs and the LLM pipeline that turns a brief into a draft.

Modules: `briefs` (synthesis import, briefs, launches), `jobs` (job rows: create, claim, progress,
finish, cancel, retry, sweep), `runner` (what the Celery task does with a job), `pipeline` (the
synthesis, draft and rewrite steps), and the studio's `forms`, `views`, `urls`, `tasks`. Other
areas import the services from here; modules inside the package import each other directly.
"""

from articles.drafting.briefs import (
    brief_create,
    brief_sources,
    draft_launch,
    rewrite_launch,
    synthesis_import,
    synthesis_launch,
)

__all__ = ["brief_create", "brief_sources", "draft_launch", "rewrite_launch", "synthesis_import", "synthesis_launch"]
