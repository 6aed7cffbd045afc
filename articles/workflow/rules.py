"""Workflow rules: the `ACTIONS` table (who may do what from which state, and the state it leads
to), the guards beyond the table (four eyes, approval, quality gate), and the helpers every
transition uses. Every service of review.py, publishing.py, previews.py and editing.py checks with
`check()` and moves with `next_status()`: no other module restates a rule.

States: draft → in_review → approved → scheduled → published, with changes_requested (back to the
editor), unpublished and archived.

A published article stays `published` (its public page shows the frozen `published_revision`)
while a newer revision is edited, reviewed and approved; `submitted_at` marks the review request
and publishing again replaces the public revision. Saving (editing.py) never publishes.
"""

import functools
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles import quality
from articles.audit import audit_record
from articles.labels import finding_label
from articles.models import Article, ArticleStatus, Finding, Review, ReviewDecision, Revision
from articles.public import cache
from prizm.roles import is_staff_member

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


def _submit_guard(article: Article, user) -> str | None:
    if article.current_revision_id is None:
        return _("Enregistrez une première version de l'article avant de le soumettre.")
    if article.status == S.PUBLISHED:
        if article.submitted_at:
            return _("Les modifications sont déjà en relecture.")
        if not pending_changes(article):
            return _("Rien à relire : la version publiée est la version actuelle. Modifiez l'article d'abord.")
    return None


def _in_review_guard(article: Article, user) -> str | None:
    if article.status == S.PUBLISHED and not article.submitted_at:
        return _("Aucune modification de cet article publié n'est en relecture.")
    return None


def _approve_guard(article: Article, user) -> str | None:
    reason = _in_review_guard(article, user)
    if reason:
        return reason
    revision = article.current_revision
    if revision is None:
        return _("Il n'y a pas de version à approuver.")
    if getattr(user, "pk", None) in revision_writers(article, revision):
        return _(
            "Quatre yeux : vous avez écrit ou généré cette version, vous ne pouvez pas l'approuver. "
            "Demandez à un autre relecteur."
        )
    return None


def _schedule_guard(article: Article, user) -> str | None:
    if not approval_is_current(article):
        return _(
            "La version actuelle n'est pas approuvée : elle doit être soumise et approuvée avant publication."
        )
    return None


def _publish_guard(article: Article, user) -> str | None:
    reason = _schedule_guard(article, user)
    if reason:
        return reason
    if article.status == S.PUBLISHED and not pending_changes(article):
        return _("Cette version est déjà en ligne.")
    return None


_GUARDS = {
    "submit": _submit_guard,
    "withdraw": _in_review_guard,
    "request_changes": _in_review_guard,
    "approve": _approve_guard,
    "publish": _publish_guard,
    "schedule": _schedule_guard,
}


def _guard(action: str, article: Article, user) -> str | None:
    """Rules beyond the state table; returns the reason for a refusal, or None."""
    guard = _GUARDS.get(action)
    return guard(article, user) if guard else None


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
            return "gate", blocked_message(blockers)
    return None


def blocked_message(blockers) -> str:
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


def next_status(action: str, article: Article) -> str:
    """The state `action` leads to from the article's state (after `check()` allowed it)."""
    return ACTIONS[action].moves[article.status]


# --- helpers every transition uses -----------------------------------------------------------------------------------

@contextmanager
def acting(action: str, article: Article, user):
    """`with acting("approve", article, user) as article:` — one transaction, the article row locked
    and re-read, the action checked (PermissionDenied, WorkflowError or GateBlocked when refused)."""
    with transaction.atomic():
        article = locked(article)
        check(action, article, user)
        yield article


def locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def save(article: Article, *fields: str) -> None:
    article.save(update_fields=[*fields, "updated_at"])


def revision_of(article: Article) -> Revision | None:
    if not article.current_revision_id:
        return None
    return Revision.objects.get(pk=article.current_revision_id)


def move(article: Article, action: str, *, actor, audit: str = "", revision=None, data: dict | None = None,
         **changes) -> str:
    """Move the locked article along `action` in ACTIONS, set `changes`, save, and audit it as
    `audit` (default "article.<action>") with from/to and `data`. Returns the state it left."""
    before = article.status
    article.status = next_status(action, article)
    for field, value in changes.items():
        setattr(article, field, value)
    save(article, "status", *changes)
    audit_record(
        actor=actor, action=audit or f"article.{action}", obj=article,
        revision=revision if revision is not None else revision_of(article),
        data={"from": before, "to": article.status, **(data or {})},
    )
    return before


def public_cache_invalidate_on_commit(article: Article) -> None:
    transaction.on_commit(lambda: cache.public_cache_invalidate(article=article))


def clean_message(message: str, *, required: bool, what: str) -> str:
    message = (message or "").strip()
    if required and not message:
        raise WorkflowError(what, code="message_required")
    if len(message) > 5000:
        raise WorkflowError(_("Le message est trop long (5 000 caractères au plus)."), code="message_too_long")
    return message


def refreshes(service):
    """After the service ran, the caller's `article` instance shows the new state too."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        result = service(*args, **kwargs)
        given = kwargs.get("article")
        if isinstance(given, Article) and given is not result:
            given.refresh_from_db()
        return result

    return wrapper


