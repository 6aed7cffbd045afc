"""The editorial workflow (design §4): who may do what from which state, and one service per action.

Modules: `rules` (the `ACTIONS` table and its guards, used by every transition), `review`,
`publishing`, `previews`, `editing` (saving revisions), `diffing`; the studio's `forms`, `views`,
`urls` and `tasks`. Other areas import the services from here; modules inside the package import
each other directly.
"""

from articles.workflow.previews import (
    PREVIEW_MAX_DAYS,
    preview_link_create,
    preview_link_resolve,
    preview_link_revoke,
)
from articles.workflow.publishing import (
    article_archive,
    article_publish,
    article_restore,
    article_schedule,
    article_unpublish,
    article_unschedule,
    articles_publish_due,
)
from articles.workflow.review import (
    article_approve,
    article_comment,
    article_request_changes,
    article_submit,
    article_withdraw,
    finding_override,
)
from articles.workflow.rules import (
    ACTIONS,
    GateBlocked,
    WorkflowError,
    available_actions,
    can,
    check,
    has_permission,
    pending_changes,
    refusal,
)

__all__ = [
    "ACTIONS",
    "PREVIEW_MAX_DAYS",
    "GateBlocked",
    "WorkflowError",
    "article_approve",
    "article_archive",
    "article_comment",
    "article_publish",
    "article_request_changes",
    "article_restore",
    "article_schedule",
    "article_submit",
    "article_unpublish",
    "article_unschedule",
    "article_withdraw",
    "articles_publish_due",
    "available_actions",
    "can",
    "check",
    "finding_override",
    "has_permission",
    "pending_changes",
    "preview_link_create",
    "preview_link_resolve",
    "preview_link_revoke",
    "refusal",
]
