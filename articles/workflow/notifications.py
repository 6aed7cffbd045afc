"""Email notifications of workflow events.

Mail goes through Django's email backend (console by default, EMAIL_URL in production) and is
sent only once the transaction that caused it has committed: a refused or rolled-back action never
sends anything, and a mail server that is down never undoes an editorial decision.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

logger = logging.getLogger(__name__)
_muted: ContextVar[bool] = ContextVar("prizm_notifications_muted", default=False)


@contextmanager
def muted():
    """No notification is queued inside this block (demo data, bulk imports)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _studio_url(name: str, article) -> str:
    return settings.PRIZM_SITE_URL + reverse(name, args=[article.pk])


def reviewer_recipients(*, exclude=None) -> list[str]:
    """Email addresses of active users who may review (directly, by group, or as superuser)."""
    User = get_user_model()
    perm = Q(codename="review_article", content_type__app_label="articles")
    users = User.objects.filter(is_active=True).exclude(email="").filter(
        Q(is_superuser=True)
        | Q(groups__permissions__in=_perm_ids(perm))
        | Q(user_permissions__in=_perm_ids(perm))
    )
    if exclude is not None and getattr(exclude, "pk", None):
        users = users.exclude(pk=exclude.pk)
    return sorted(set(users.values_list("email", flat=True)))


def _perm_ids(query: Q) -> list[int]:
    from django.contrib.auth.models import Permission

    return list(Permission.objects.filter(query).values_list("pk", flat=True))


def editor_recipients(*, article, exclude=None, also=()) -> list[str]:
    """The people who wrote the article: who submitted it, who wrote its current revision, who
    created it (and whoever launched the generation job of that revision)."""
    users = [article.submitted_by, article.created_by, *also]
    revision = article.current_revision
    if revision is not None:
        users.append(revision.author)
        if revision.generated_by_job_id and revision.generated_by_job:
            users.append(revision.generated_by_job.requested_by)
    exclude_pk = getattr(exclude, "pk", None)
    emails = {
        u.email for u in users if u is not None and u.is_active and u.email and u.pk != exclude_pk
    }
    return sorted(emails)


def _send_later(*, subject: str, body: str, recipients: list[str]) -> None:
    if not recipients or _muted.get():
        return

    def send():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
        except Exception:  # a mail outage must not break the editorial action that already happened
            logger.exception("Notification could not be sent: %s", subject)

    transaction.on_commit(send)


def _actor_name(actor) -> str:
    if actor is None:
        return _("Prizm (publication programmée)")
    return actor.get_full_name() or actor.get_username()


def notify_submitted(*, article, actor, resubmitted: bool = False) -> None:
    """Tell the reviewers that an article waits in their queue."""
    subject = (
        _("[Prizm] À relire de nouveau : %(title)s") if resubmitted else _("[Prizm] À relire : %(title)s")
    ) % {"title": article.title}
    lines = [
        _("%(who)s a soumis « %(title)s » à la relecture.") % {"who": _actor_name(actor), "title": article.title},
    ]
    if resubmitted:
        lines.append(_("L'article avait été approuvé ; il a été modifié depuis et doit être relu de nouveau."))
    lines += ["", _("Relire : %(url)s") % {"url": _studio_url("studio:article_review", article)}]
    _send_later(subject=subject, body="\n".join(lines), recipients=reviewer_recipients(exclude=actor))


DECISION_SUBJECTS = {
    "approved": gettext_noop("[Prizm] Approuvé : %(title)s"),
    "changes_requested": gettext_noop("[Prizm] Modifications demandées : %(title)s"),
    "published": gettext_noop("[Prizm] Publié : %(title)s"),
    "scheduled": gettext_noop("[Prizm] Programmé : %(title)s"),
    "unpublished": gettext_noop("[Prizm] Dépublié : %(title)s"),
    "expired": gettext_noop("[Prizm] Expiré et retiré du site : %(title)s"),
    "archived": gettext_noop("[Prizm] Archivé : %(title)s"),
    "publish_failed": gettext_noop("[Prizm] Publication programmée impossible : %(title)s"),
}


def notify_decision(*, article, actor, decision: str, message: str = "", also=()) -> None:
    """Tell the article's editors what a reviewer (or the scheduler) decided."""
    subject = _(DECISION_SUBJECTS[decision]) % {"title": article.title}
    lines = [
        _("%(who)s : %(decision)s — « %(title)s ».")
        % {"who": _actor_name(actor), "decision": _(DECISION_LABELS[decision]), "title": article.title},
    ]
    if message:
        lines += ["", _("Message :"), message]
    lines += ["", _("Ouvrir : %(url)s") % {"url": _studio_url("studio:article_detail", article)}]
    _send_later(
        subject=subject,
        body="\n".join(lines),
        recipients=editor_recipients(article=article, exclude=actor, also=also),
    )


DECISION_LABELS = {
    "approved": gettext_noop("approuvé"),
    "changes_requested": gettext_noop("modifications demandées"),
    "published": gettext_noop("publié"),
    "scheduled": gettext_noop("programmé"),
    "unpublished": gettext_noop("dépublié"),
    "expired": gettext_noop("expiré"),
    "archived": gettext_noop("archivé"),
    "publish_failed": gettext_noop("publication programmée refusée"),
}
