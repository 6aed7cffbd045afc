"""Publishing: publish now, schedule, unschedule, unpublish, archive, restore, and the run that
publishes what is due and takes down what expired. Going live freezes the approved revision for the
public site (public/rendering.py) and invalidates the page cache after commit."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.audit import audit_record
from articles.models import Article, ArticleStatus, Revision
from articles.public import rendering
from articles.workflow import notifications
from articles.workflow.rules import (
    WorkflowError,
    acting,
    approval_is_current,
    blocked_message,
    clean_message,
    gate_blockers,
    move,
    public_cache_invalidate_on_commit,
    refreshes,
    revision_of,
    save,
)

S = ArticleStatus


def _check_expiry(expire_at: datetime | None, *, after: datetime) -> None:
    if expire_at is not None and expire_at <= after:
        raise WorkflowError(
            _("La date d'expiration doit être postérieure à la mise en ligne (%(when)s).")
            % {"when": timezone.localtime(after).strftime("%d/%m/%Y %H:%M")},
            code="expire_before_live",
        )


def go_live(article: Article, *, actor, now: datetime, action: str, data: dict | None = None) -> None:
    """Freeze the approved revision as the public one. The caller holds the row lock."""
    revision = Revision.objects.get(pk=article.approved_revision_id)
    rendering.revision_freeze_for_public(revision=revision)  # body HTML + the page's data, computed once
    move(
        article, "publish", actor=actor, audit=action, revision=revision,
        data={"replaced_revision": article.published_revision_id,
              "expire_at": article.expire_at.isoformat() if article.expire_at else None, **(data or {})},
        published_revision=revision, published_at=now, first_published_at=article.first_published_at or now,
        go_live_at=None, submitted_at=None,
    )
    public_cache_invalidate_on_commit(article)
    notifications.notify_decision(article=article, actor=actor, decision="published")


@refreshes
def article_publish(*, article: Article, user, expire_at: datetime | None = None, now: datetime | None = None) -> Article:
    """Publish the approved revision now (optionally with an expiry date)."""
    now = now or timezone.now()
    _check_expiry(expire_at, after=now)
    with acting("publish", article, user) as article:
        article.expire_at = expire_at
        save(article, "expire_at")
        go_live(article, actor=user, now=now, action="article.publish")
    return article


@refreshes
def article_schedule(
    *, article: Article, user, go_live_at: datetime, expire_at: datetime | None = None, now: datetime | None = None
) -> Article:
    """Publish the approved revision at `go_live_at` (publish_scheduled does it, catching up if late)."""
    now = now or timezone.now()
    if go_live_at is None or go_live_at <= now:
        raise WorkflowError(
            _("La date de mise en ligne doit être dans le futur ; pour publier tout de suite, utilisez « Publier maintenant »."),
            code="go_live_in_past",
        )
    _check_expiry(expire_at, after=go_live_at)
    with acting("schedule", article, user) as article:
        move(article, "schedule", actor=user,
             data={"go_live_at": go_live_at.isoformat(), "expire_at": expire_at.isoformat() if expire_at else None},
             go_live_at=go_live_at, expire_at=expire_at, submitted_at=None)
        notifications.notify_decision(
            article=article, actor=user, decision="scheduled",
            message=_("Mise en ligne prévue le %(when)s.")
            % {"when": timezone.localtime(go_live_at).strftime("%d/%m/%Y à %H:%M")},
        )
    return article


@refreshes
def article_unschedule(*, article: Article, user) -> Article:
    with acting("unschedule", article, user) as article:
        planned = article.go_live_at
        move(article, "unschedule", actor=user, data={"go_live_at": planned.isoformat() if planned else None},
             go_live_at=None)
    return article


def _take_down(article: Article, *, actor, action: str, audit: str = "", data: dict | None = None) -> None:
    """Off the public site, along `action` (unpublish or archive). The caller holds the row lock."""
    was_public = article.status == S.PUBLISHED
    move(article, action, actor=actor, audit=audit,
         data={"published_revision": article.published_revision_id, **(data or {})},
         published_revision=None, go_live_at=None, submitted_at=None, expire_at=None)
    if was_public:
        public_cache_invalidate_on_commit(article)


def _take_down_by(action: str, *, article: Article, user, message: str, decision: str) -> Article:
    message = clean_message(message, required=False, what="")
    with acting(action, article, user) as article:
        _take_down(article, actor=user, action=action, data={"message": message})
        notifications.notify_decision(article=article, actor=user, decision=decision, message=message)
    return article


@refreshes
def article_unpublish(*, article: Article, user, message: str = "") -> Article:
    """Take the article off the public site (its URL answers 404 again)."""
    return _take_down_by("unpublish", article=article, user=user, message=message, decision="unpublished")


@refreshes
def article_archive(*, article: Article, user, message: str = "") -> Article:
    return _take_down_by("archive", article=article, user=user, message=message, decision="archived")


@refreshes
def article_restore(*, article: Article, user) -> Article:
    with acting("restore", article, user) as article:
        move(article, "restore", actor=user)
    return article


# --- scheduled publishing ----------------------------------------------------------------------

def articles_publish_due(*, now: datetime | None = None) -> dict[str, list[int]]:
    """Publish every scheduled article whose time has come and take down every published article
    whose expiry has passed, however late (catch-up after an outage). Idempotent and safe to run
    concurrently: each article is locked, re-checked, and skipped if another run took it."""
    now = now or timezone.now()
    done: dict[str, list[int]] = {"published": [], "expired": [], "failed": []}
    due = Article.objects.filter(status=S.SCHEDULED, go_live_at__lte=now).order_by("go_live_at", "pk")
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            outcome = _publish_due(pk, now=now)
        if outcome:
            done[outcome].append(pk)
    expired = Article.objects.filter(status=S.PUBLISHED, expire_at__lte=now).order_by("expire_at", "pk")
    for pk in list(expired.values_list("pk", flat=True)):
        with transaction.atomic():
            if _expire(pk, now=now):
                done["expired"].append(pk)
    return done


def _locked_if(pk: int, **still) -> Article | None:
    """The article locked, if it still matches `still` and no other run holds it."""
    return Article.objects.select_for_update(skip_locked=True).filter(pk=pk, **still).first()


def _publish_due(pk: int, *, now: datetime) -> str:
    """"published", "failed" (the planned publication dropped, with the reason), or "" (taken by
    another run, or no longer due)."""
    article = _locked_if(pk, status=S.SCHEDULED, go_live_at__lte=now)
    if article is None:
        return ""
    planned = article.go_live_at
    problem = _why_not_publishable(article)
    if problem:
        # Not a user action (no entry in ACTIONS): the planned publication is dropped and the
        # article waits where a person must look at it again.
        article.status = S.APPROVED if approval_is_current(article) else S.IN_REVIEW
        article.go_live_at = None
        save(article, "status", "go_live_at")
        audit_record(
            actor=None, action="article.publish_failed", obj=article, revision=revision_of(article),
            data={"go_live_at": planned.isoformat(), "reason": str(problem), "to": article.status},
        )
        notifications.notify_decision(article=article, actor=None, decision="publish_failed", message=str(problem))
        return "failed"
    go_live(
        article, actor=None, now=now, action="article.publish_scheduled",
        data={"go_live_at": planned.isoformat(), "late_seconds": int((now - planned).total_seconds())},
    )
    return "published"


def _why_not_publishable(article: Article) -> str:
    if not approval_is_current(article):
        return _("la version actuelle n'est plus celle qui a été approuvée")
    blockers = gate_blockers(article)
    return blocked_message(blockers) if blockers else ""


def _expire(pk: int, *, now: datetime) -> bool:
    article = _locked_if(pk, status=S.PUBLISHED, expire_at__lte=now)
    if article is None:
        return False
    _take_down(
        article, actor=None, action="unpublish", audit="article.expire",
        data={"expire_at": article.expire_at.isoformat()},
    )
    notifications.notify_decision(article=article, actor=None, decision="expired")
    return True
