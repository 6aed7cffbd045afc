"""The editorial workflow (design §4) in one place.

`ACTIONS` is the table of who may do what from which state; each action has one service function
(`article_submit`, `article_approve`, …) that checks the permission on the server, locks the
article row, checks the state and the rules (four eyes, quality gate), writes the change in one
transaction, records an audit event and sends its notifications after commit.

States: draft → in_review → approved → scheduled → published, with changes_requested (back to the
editor), unpublished and archived.

A published article stays `published` (its public page shows the frozen `published_revision`)
while a newer revision is edited, reviewed and approved; `submitted_at` marks the review request
and publishing again replaces the public revision. Saving (articles/editing.py) never publishes.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from prizm.roles import is_staff_member

from . import notifications, quality, rendering
from .audit import audit_record
from .labels import finding_label
from .models import (
    Article,
    ArticleStatus,
    Comment,
    Finding,
    FindingSeverity,
    PreviewLink,
    Review,
    ReviewDecision,
    Revision,
)

S = ArticleStatus
ALL_STATES = frozenset(S.values)
LIVE_EDITABLE = frozenset({S.DRAFT, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED, S.SCHEDULED, S.PUBLISHED, S.UNPUBLISHED})


class WorkflowError(Exception):
    """An action refused for a reason the user can act on; `message` says what to do."""

    def __init__(self, message: str, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


class GateBlocked(WorkflowError):
    def __init__(self, message: str, *, blockers: list):
        super().__init__(message, code="gate")
        self.blockers = blockers


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    permission: str
    # from status → status after the action
    moves: dict
    # needs the quality gate to have no unresolved blocker
    gated: bool = False
    # asks for confirmation in the UI
    destructive: bool = False


def _same(states) -> dict:
    return {s: s for s in states}


# Who may do what from which state. Editors hold change_article/add_comment/add_previewlink;
# reviewers add review_article, publish_article and override_finding; admins hold everything.
ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(
            "edit", gettext_lazy("Modifier"), "articles.change_article",
            # Editing an approved or scheduled article sends it back to review.
            {**_same(LIVE_EDITABLE), S.APPROVED: S.IN_REVIEW, S.SCHEDULED: S.IN_REVIEW},
        ),
        Action(
            "submit", gettext_lazy("Soumettre à la relecture"), "articles.change_article",
            {S.DRAFT: S.IN_REVIEW, S.CHANGES_REQUESTED: S.IN_REVIEW, S.UNPUBLISHED: S.IN_REVIEW,
             S.PUBLISHED: S.PUBLISHED},
            gated=True,
        ),
        Action(
            "withdraw", gettext_lazy("Retirer de la relecture"), "articles.change_article",
            {S.IN_REVIEW: S.DRAFT, S.PUBLISHED: S.PUBLISHED},
        ),
        Action(
            "request_changes", gettext_lazy("Demander des modifications"), "articles.review_article",
            {S.IN_REVIEW: S.CHANGES_REQUESTED, S.PUBLISHED: S.PUBLISHED},
        ),
        Action(
            "approve", gettext_lazy("Approuver"), "articles.review_article",
            {S.IN_REVIEW: S.APPROVED, S.PUBLISHED: S.PUBLISHED},
            gated=True,
        ),
        Action(
            "publish", gettext_lazy("Publier maintenant"), "articles.publish_article",
            {S.APPROVED: S.PUBLISHED, S.SCHEDULED: S.PUBLISHED, S.UNPUBLISHED: S.PUBLISHED,
             S.PUBLISHED: S.PUBLISHED},
            gated=True,
        ),
        Action(
            "schedule", gettext_lazy("Programmer"), "articles.publish_article",
            {S.APPROVED: S.SCHEDULED, S.SCHEDULED: S.SCHEDULED, S.UNPUBLISHED: S.SCHEDULED},
            gated=True,
        ),
        Action(
            "unschedule", gettext_lazy("Annuler la programmation"), "articles.publish_article",
            {S.SCHEDULED: S.APPROVED}, destructive=True,
        ),
        Action(
            "unpublish", gettext_lazy("Dépublier"), "articles.publish_article",
            {S.PUBLISHED: S.UNPUBLISHED}, destructive=True,
        ),
        Action(
            "archive", gettext_lazy("Archiver"), "articles.publish_article",
            {s: S.ARCHIVED for s in ALL_STATES - {S.ARCHIVED}}, destructive=True,
        ),
        Action("restore", gettext_lazy("Restaurer en brouillon"), "articles.publish_article", {S.ARCHIVED: S.DRAFT}),
        Action("comment", gettext_lazy("Commenter"), "articles.add_comment", _same(ALL_STATES)),
        Action(
            "override", gettext_lazy("Lever un blocage"), "articles.override_finding",
            _same(ALL_STATES - {S.ARCHIVED}),
        ),
        Action(
            "preview_link", gettext_lazy("Créer un lien d'aperçu"), "articles.add_previewlink",
            _same(ALL_STATES - {S.ARCHIVED}),
        ),
    ]
}


# --- checks ------------------------------------------------------------------------------------

def has_permission(user, action: str) -> bool:
    return bool(
        user is not None and is_staff_member(user) and user.has_perm(ACTIONS[action].permission)
    )


def pending_changes(article: Article) -> bool:
    """A published article whose working revision is not the public one."""
    return bool(article.current_revision_id and article.current_revision_id != article.published_revision_id)


def approval_is_current(article: Article) -> bool:
    return bool(article.approved_revision_id and article.approved_revision_id == article.current_revision_id)


def revision_writers(article: Article, revision: Revision) -> set[int]:
    """Everyone who wrote what an approval of `revision` would cover: the authors of every revision
    since the last approved (or published) one, and whoever launched a job that generated one."""
    baseline = (
        Review.objects.filter(
            article=article, decision=ReviewDecision.APPROVED, revision__number__lt=revision.number
        )
        .order_by("-revision__number")
        .values_list("revision__number", flat=True)
        .first()
        or 0
    )
    if article.published_revision_id:
        published_number = (
            Revision.objects.filter(pk=article.published_revision_id).values_list("number", flat=True).first()
        )
        if published_number and published_number < revision.number:
            baseline = max(baseline, published_number)
    writers: set[int] = set()
    revisions = article.revisions.filter(number__gt=baseline, number__lte=revision.number).select_related(
        "generated_by_job"
    )
    for rev in revisions:
        if rev.author_id:
            writers.add(rev.author_id)
        if rev.generated_by_job_id and rev.generated_by_job and rev.generated_by_job.requested_by_id:
            writers.add(rev.generated_by_job.requested_by_id)
    return writers


def gate_blockers(article: Article) -> list[Finding]:
    return list(quality.unresolved_blockers(article))


def _guard(action: str, article: Article, user) -> str | None:
    """Rules beyond the state table; returns the reason for a refusal, or None."""
    status = article.status
    if action == "submit":
        if article.current_revision_id is None:
            return _("Enregistrez une première version de l'article avant de le soumettre.")
        if status == S.PUBLISHED:
            if article.submitted_at:
                return _("Les modifications sont déjà en relecture.")
            if not pending_changes(article):
                return _("Rien à relire : la version publiée est la version actuelle. Modifiez l'article d'abord.")
    if action in {"withdraw", "approve", "request_changes"} and status == S.PUBLISHED and not article.submitted_at:
        return _("Aucune modification de cet article publié n'est en relecture.")
    if action == "approve":
        revision = article.current_revision
        if revision is None:
            return _("Il n'y a pas de version à approuver.")
        if getattr(user, "pk", None) in revision_writers(article, revision):
            return _(
                "Quatre yeux : vous avez écrit ou généré cette version, vous ne pouvez pas l'approuver. "
                "Demandez à un autre relecteur."
            )
    if action in {"publish", "schedule"}:
        if not approval_is_current(article):
            return _(
                "La version actuelle n'est pas approuvée : elle doit être soumise et approuvée avant publication."
            )
        if action == "publish" and status == S.PUBLISHED and not pending_changes(article):
            return _("Cette version est déjà en ligne.")
    return None


def refusal(action: str, article: Article, user, *, check_gate: bool = True) -> tuple[str, str] | None:
    """Why `user` may not do `action` on `article` now, as (kind, message); None when allowed.
    kind is "permission", "state", "rule" or "gate"."""
    spec = ACTIONS[action]
    if not has_permission(user, action):
        return "permission", _("Vous n'avez pas le droit de faire cette action : %(action)s.") % {
            "action": spec.label
        }
    if article.status not in spec.moves:
        return "state", _("Impossible de faire « %(action)s » sur un article au statut « %(status)s ».") % {
            "action": spec.label,
            "status": article.get_status_display(),
        }
    reason = _guard(action, article, user)
    if reason:
        return "rule", reason
    if check_gate and spec.gated:
        blockers = gate_blockers(article)
        if blockers:
            return "gate", _blocked_message(blockers)
    return None


def _blocked_message(blockers) -> str:
    problems = " ; ".join(sorted({finding_label(b.code) for b in blockers}))
    return ngettext(
        "Le contrôle qualité signale %(n)d blocage non levé (%(problems)s). Corrigez le texte, "
        "ou demandez à un relecteur de lever ce blocage avec une justification.",
        "Le contrôle qualité signale %(n)d blocages non levés (%(problems)s). Corrigez le texte, "
        "ou demandez à un relecteur de lever chaque blocage avec une justification.",
        len(blockers),
    ) % {"n": len(blockers), "problems": problems}


def check(action: str, article: Article, user) -> None:
    """Raise PermissionDenied, WorkflowError or GateBlocked when the action is refused."""
    found = refusal(action, article, user)
    if found is None:
        return
    kind, message = found
    if kind == "permission":
        raise PermissionDenied(message)
    if kind == "gate":
        raise GateBlocked(message, blockers=gate_blockers(article))
    raise WorkflowError(message, code=kind)


def can(action: str, article: Article, user) -> bool:
    return refusal(action, article, user) is None


def available_actions(article: Article, user) -> dict[str, str | None]:
    """Actions the user holds the permission for and the state allows, each mapped to the reason it
    is refused right now (None when it can be done): the screens show disabled buttons with it."""
    out: dict[str, str | None] = {}
    for name, spec in ACTIONS.items():
        if not has_permission(user, name) or article.status not in spec.moves:
            continue
        found = refusal(name, article, user)
        out[name] = found[1] if found else None
    return out


# --- helpers -----------------------------------------------------------------------------------

def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _save(article: Article, *fields: str) -> None:
    article.save(update_fields=[*fields, "updated_at"])


def _revision_of(article: Article) -> Revision | None:
    if not article.current_revision_id:
        return None
    return Revision.objects.get(pk=article.current_revision_id)


def _invalidate_public_cache(article: Article) -> None:
    transaction.on_commit(lambda: rendering.public_cache_invalidate(article=article))


def _clean_message(message: str, *, required: bool, what: str) -> str:
    message = (message or "").strip()
    if required and not message:
        raise WorkflowError(what, code="message_required")
    if len(message) > 5000:
        raise WorkflowError(_("Le message est trop long (5 000 caractères au plus)."), code="message_too_long")
    return message


def _refreshes(service):
    """After the service ran, the caller's `article` instance shows the new state too."""
    import functools

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        result = service(*args, **kwargs)
        given = kwargs.get("article")
        if isinstance(given, Article) and given is not result:
            given.refresh_from_db()
        return result

    return wrapper


# --- actions -----------------------------------------------------------------------------------

@_refreshes
def article_submit(*, article: Article, user, message: str = "") -> Article:
    """Ask for a review of the current revision. Refused while the gate reports a blocker."""
    message = _clean_message(message, required=False, what="")
    with transaction.atomic():
        article = _locked(article)
        check("submit", article, user)
        before = article.status
        article.status = ACTIONS["submit"].moves[before]
        article.submitted_at = timezone.now()
        article.submitted_by = user
        _save(article, "status", "submitted_at", "submitted_by")
        audit_record(
            actor=user, action="article.submit", obj=article, revision=_revision_of(article),
            data={"from": before, "to": article.status, "message": message},
        )
        notifications.notify_submitted(article=article, actor=user)
    return article


@_refreshes
def article_withdraw(*, article: Article, user) -> Article:
    with transaction.atomic():
        article = _locked(article)
        check("withdraw", article, user)
        before = article.status
        article.status = ACTIONS["withdraw"].moves[before]
        article.submitted_at = None
        _save(article, "status", "submitted_at")
        audit_record(
            actor=user, action="article.withdraw", obj=article, revision=_revision_of(article),
            data={"from": before, "to": article.status},
        )
    return article


@_refreshes
def article_request_changes(*, article: Article, user, message: str, revision: Revision | None = None) -> Article:
    """Send the article back to its editor with a message saying what to change."""
    message = _clean_message(
        message, required=True, what=_("Dites à l'éditeur ce qu'il faut modifier : le message est obligatoire.")
    )
    with transaction.atomic():
        article = _locked(article)
        check("request_changes", article, user)
        _check_reviewed_revision(article, revision)
        current = _revision_of(article)
        before = article.status
        submitter = article.submitted_by
        article.status = ACTIONS["request_changes"].moves[before]
        article.submitted_at = None
        _save(article, "status", "submitted_at")
        review = Review.objects.create(
            article=article, revision=current, reviewer=user,
            decision=ReviewDecision.CHANGES_REQUESTED, message=message,
        )
        audit_record(
            actor=user, action="article.request_changes", obj=article, revision=current,
            data={"from": before, "to": article.status, "message": message, "review": review.pk},
        )
        notifications.notify_decision(
            article=article, actor=user, decision="changes_requested", message=message, also=[submitter]
        )
    return article


def _check_reviewed_revision(article: Article, revision: Revision | None) -> None:
    if revision is not None and revision.pk != article.current_revision_id:
        raise WorkflowError(
            _(
                "L'article a été modifié pendant votre relecture (vous avez lu la révision %(n)d). "
                "Relisez la version actuelle avant de décider."
            ) % {"n": revision.number},
            code="stale_review",
        )


@_refreshes
def article_approve(*, article: Article, user, message: str = "", revision: Revision | None = None) -> Article:
    """Approve the current revision (the one the reviewer read, when `revision` is given).

    Four eyes: refused to anyone who wrote or generated a revision since the last approval.
    """
    message = _clean_message(message, required=False, what="")
    with transaction.atomic():
        article = _locked(article)
        check("approve", article, user)
        _check_reviewed_revision(article, revision)
        current = _revision_of(article)
        before = article.status
        submitter = article.submitted_by
        article.status = ACTIONS["approve"].moves[before]
        article.approved_revision = current
        article.submitted_at = None
        _save(article, "status", "approved_revision", "submitted_at")
        review = Review.objects.create(
            article=article, revision=current, reviewer=user, decision=ReviewDecision.APPROVED, message=message
        )
        audit_record(
            actor=user, action="article.approve", obj=article, revision=current,
            data={"from": before, "to": article.status, "message": message, "review": review.pk},
        )
        notifications.notify_decision(
            article=article, actor=user, decision="approved", message=message, also=[submitter]
        )
    return article


def _check_expiry(expire_at: datetime | None, *, after: datetime) -> None:
    if expire_at is not None and expire_at <= after:
        raise WorkflowError(
            _("La date d'expiration doit être postérieure à la mise en ligne (%(when)s).")
            % {"when": timezone.localtime(after).strftime("%d/%m/%Y %H:%M")},
            code="expire_before_live",
        )


def _go_live(article: Article, *, actor, now: datetime, action: str, data: dict | None = None) -> None:
    """Freeze the approved revision as the public one. The caller holds the row lock."""
    revision = Revision.objects.get(pk=article.approved_revision_id)
    rendering.revision_freeze_for_public(revision=revision)  # body HTML + the page's data, computed once
    before = article.status
    previous = article.published_revision_id
    article.published_revision = revision
    article.status = S.PUBLISHED
    article.published_at = now
    article.first_published_at = article.first_published_at or now
    article.go_live_at = None
    article.submitted_at = None
    _save(
        article, "published_revision", "status", "published_at", "first_published_at", "go_live_at", "submitted_at"
    )
    audit_record(
        actor=actor, action=action, obj=article, revision=revision,
        data={"from": before, "to": S.PUBLISHED, "replaced_revision": previous,
              "expire_at": article.expire_at.isoformat() if article.expire_at else None, **(data or {})},
    )
    _invalidate_public_cache(article)
    notifications.notify_decision(article=article, actor=actor, decision="published")


@_refreshes
def article_publish(*, article: Article, user, expire_at: datetime | None = None, now: datetime | None = None) -> Article:
    """Publish the approved revision now (optionally with an expiry date)."""
    now = now or timezone.now()
    _check_expiry(expire_at, after=now)
    with transaction.atomic():
        article = _locked(article)
        check("publish", article, user)
        article.expire_at = expire_at
        _save(article, "expire_at")
        _go_live(article, actor=user, now=now, action="article.publish")
    return article


@_refreshes
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
    with transaction.atomic():
        article = _locked(article)
        check("schedule", article, user)
        before = article.status
        article.status = S.SCHEDULED
        article.go_live_at = go_live_at
        article.expire_at = expire_at
        article.submitted_at = None
        _save(article, "status", "go_live_at", "expire_at", "submitted_at")
        audit_record(
            actor=user, action="article.schedule", obj=article, revision=_revision_of(article),
            data={"from": before, "to": S.SCHEDULED, "go_live_at": go_live_at.isoformat(),
                  "expire_at": expire_at.isoformat() if expire_at else None},
        )
        notifications.notify_decision(
            article=article, actor=user, decision="scheduled",
            message=_("Mise en ligne prévue le %(when)s.")
            % {"when": timezone.localtime(go_live_at).strftime("%d/%m/%Y à %H:%M")},
        )
    return article


@_refreshes
def article_unschedule(*, article: Article, user) -> Article:
    with transaction.atomic():
        article = _locked(article)
        check("unschedule", article, user)
        planned = article.go_live_at
        article.status = S.APPROVED
        article.go_live_at = None
        _save(article, "status", "go_live_at")
        audit_record(
            actor=user, action="article.unschedule", obj=article, revision=_revision_of(article),
            data={"from": S.SCHEDULED, "to": S.APPROVED, "go_live_at": planned.isoformat() if planned else None},
        )
    return article


def _take_down(article: Article, *, actor, status: str, action: str, data: dict | None = None) -> None:
    before = article.status
    was_public = before == S.PUBLISHED
    published = article.published_revision_id
    article.status = status
    article.published_revision = None
    article.go_live_at = None
    article.submitted_at = None
    article.expire_at = None
    _save(article, "status", "published_revision", "go_live_at", "submitted_at", "expire_at")
    audit_record(
        actor=actor, action=action, obj=article, revision=_revision_of(article),
        data={"from": before, "to": status, "published_revision": published, **(data or {})},
    )
    if was_public:
        _invalidate_public_cache(article)


@_refreshes
def article_unpublish(*, article: Article, user, message: str = "") -> Article:
    """Take the article off the public site (its URL answers 404 again)."""
    message = _clean_message(message, required=False, what="")
    with transaction.atomic():
        article = _locked(article)
        check("unpublish", article, user)
        _take_down(article, actor=user, status=S.UNPUBLISHED, action="article.unpublish", data={"message": message})
        notifications.notify_decision(article=article, actor=user, decision="unpublished", message=message)
    return article


@_refreshes
def article_archive(*, article: Article, user, message: str = "") -> Article:
    message = _clean_message(message, required=False, what="")
    with transaction.atomic():
        article = _locked(article)
        check("archive", article, user)
        _take_down(article, actor=user, status=S.ARCHIVED, action="article.archive", data={"message": message})
        notifications.notify_decision(article=article, actor=user, decision="archived", message=message)
    return article


@_refreshes
def article_restore(*, article: Article, user) -> Article:
    with transaction.atomic():
        article = _locked(article)
        check("restore", article, user)
        article.status = S.DRAFT
        _save(article, "status")
        audit_record(
            actor=user, action="article.restore", obj=article, revision=_revision_of(article),
            data={"from": S.ARCHIVED, "to": S.DRAFT},
        )
    return article


def article_comment(*, article: Article, user, text: str, quote: str = "") -> Comment:
    """A comment on the article, optionally on a passage of its current text."""
    text = (text or "").strip()
    quote = (quote or "").strip()
    if not text:
        raise WorkflowError(_("Écrivez votre commentaire avant de l'envoyer."), code="comment_empty")
    if len(text) > 5000:
        raise WorkflowError(_("Le commentaire est trop long (5 000 caractères au plus)."), code="comment_too_long")
    with transaction.atomic():
        article = _locked(article)
        check("comment", article, user)
        if quote and quote not in (article.body or "") and quote not in (article.title or ""):
            raise WorkflowError(
                _("Le passage cité ne figure pas dans la version actuelle du texte : copiez-le tel quel, ou laissez le champ vide."),
                code="quote_not_found",
            )
        revision = _revision_of(article)
        comment = Comment.objects.create(article=article, revision=revision, author=user, text=text, quote=quote)
        audit_record(
            actor=user, action="article.comment", obj=article, revision=revision,
            data={"comment": comment.pk, "text": text[:500], "quote": quote[:300]},
        )
    return comment


def finding_override(*, article: Article, finding: Finding, user, reason: str):
    """A reviewer accepts one blocker of the gate with a written reason (kept in the audit log)."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise WorkflowError(
            _("Expliquez en une phrase au moins (10 caractères) pourquoi ce blocage peut être levé."),
            code="reason_required",
        )
    if finding.revision.article_id != article.pk:
        raise WorkflowError(_("Ce constat ne concerne pas cet article."), code="wrong_article")
    if finding.severity != FindingSeverity.BLOCKER:
        raise WorkflowError(_("Seuls les blocages se lèvent ; un avertissement ne bloque rien."), code="not_blocker")
    with transaction.atomic():
        article = _locked(article)
        check("override", article, user)
        try:
            override = quality.finding_override(article=article, finding=finding, user=user, reason=reason)
        except ValidationError as exc:
            raise WorkflowError(" ".join(exc.messages), code="override_invalid") from exc
        if not article.audit_events.filter(action="finding.override", object_id=str(override.pk)).exists():
            audit_record(
                actor=user, action="finding.override", obj=override, article=article, revision=finding.revision,
                data={"code": finding.code, "fingerprint": finding.fingerprint, "reason": reason,
                      "excerpt": finding.excerpt[:300], "message": finding.message[:500]},
            )
    return override


# --- preview links -----------------------------------------------------------------------------

PREVIEW_MAX_DAYS = 30


def preview_link_create(*, article: Article, user, days: int = 7) -> PreviewLink:
    """An unguessable, expiring link that shows the current revision as the public would see it."""
    if not isinstance(days, int) or not 1 <= days <= PREVIEW_MAX_DAYS:
        raise WorkflowError(
            _("La durée de validité doit être comprise entre 1 et %(max)d jours.") % {"max": PREVIEW_MAX_DAYS},
            code="preview_days",
        )
    with transaction.atomic():
        article = _locked(article)
        check("preview_link", article, user)
        link = PreviewLink.objects.create(
            article=article, created_by=user, expires_at=timezone.now() + timedelta(days=days)
        )
        audit_record(
            actor=user, action="preview.create", obj=link, article=article, revision=_revision_of(article),
            data={"expires_at": link.expires_at.isoformat(), "days": days},
        )
    return link


def preview_link_revoke(*, link: PreviewLink, user) -> PreviewLink:
    with transaction.atomic():
        link = PreviewLink.objects.select_for_update().get(pk=link.pk)
        if not has_permission(user, "preview_link"):
            raise PermissionDenied(_("Vous n'avez pas le droit de révoquer un lien d'aperçu."))
        if link.revoked_at is not None:
            raise WorkflowError(_("Ce lien est déjà révoqué."), code="already_revoked")
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        audit_record(actor=user, action="preview.revoke", obj=link, article=link.article, data={})
    return link


def preview_link_resolve(token: str) -> PreviewLink | None:
    """The active link for `token`, or None (unknown, expired and revoked look the same)."""
    if not token or len(token) > 64:
        return None
    link = PreviewLink.objects.select_related("article").filter(token=token).first()
    if link is None or not link.is_active or link.article.status == S.ARCHIVED:
        return None
    return link


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
            article = (
                Article.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=S.SCHEDULED, go_live_at__lte=now)
                .first()
            )
            if article is None:
                continue
            planned = article.go_live_at
            problem = None
            if not approval_is_current(article):
                problem = _("la version actuelle n'est plus celle qui a été approuvée")
            else:
                blockers = gate_blockers(article)
                if blockers:
                    problem = _blocked_message(blockers)
            if problem:
                article.status = S.APPROVED if approval_is_current(article) else S.IN_REVIEW
                article.go_live_at = None
                _save(article, "status", "go_live_at")
                audit_record(
                    actor=None, action="article.publish_failed", obj=article, revision=_revision_of(article),
                    data={"go_live_at": planned.isoformat(), "reason": str(problem), "to": article.status},
                )
                notifications.notify_decision(
                    article=article, actor=None, decision="publish_failed", message=str(problem)
                )
                done["failed"].append(pk)
                continue
            _go_live(
                article, actor=None, now=now, action="article.publish_scheduled",
                data={"go_live_at": planned.isoformat(), "late_seconds": int((now - planned).total_seconds())},
            )
            done["published"].append(pk)
    expired = Article.objects.filter(status=S.PUBLISHED, expire_at__lte=now).order_by("expire_at", "pk")
    for pk in list(expired.values_list("pk", flat=True)):
        with transaction.atomic():
            article = (
                Article.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=S.PUBLISHED, expire_at__lte=now)
                .first()
            )
            if article is None:
                continue
            planned = article.expire_at
            _take_down(
                article, actor=None, status=S.UNPUBLISHED, action="article.expire",
                data={"expire_at": planned.isoformat()},
            )
            notifications.notify_decision(article=article, actor=None, decision="expired")
            done["expired"].append(pk)
    return done


# --- reading the audit trail -------------------------------------------------------------------

def audit_details(event) -> list[tuple[str, str]]:
    """An event's data as readable (key, text) pairs: lists joined, dates localized, empties left out."""
    import json

    from django.utils.dateparse import parse_datetime

    out = []
    for key, value in (event.data or {}).items():
        if value is None or value is False or value == "" or value == [] or value == {}:
            continue
        if isinstance(value, bool):
            text = _("oui")
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            text = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, str) and len(value) >= 19 and value[4:5] == "-" and value[10:11] == "T":
            parsed = parse_datetime(value)
            text = timezone.localtime(parsed).strftime("%d/%m/%Y %H:%M") if parsed else value
        else:
            text = str(value)
        out.append((key, text))
    return out


def with_details(events) -> list:
    events = list(events)
    for event in events:
        event.details = audit_details(event)
    return events
