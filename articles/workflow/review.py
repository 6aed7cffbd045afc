"""Review: submit, withdraw, request changes, approve, comment, and a reviewer's override of a
blocker. Each service checks the rules (rules.py), locks the row, writes in one transaction, audits
and notifies after commit."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import quality
from articles.audit import audit_record
from articles.models import Article, Comment, Finding, FindingSeverity, Review, ReviewDecision, Revision
from articles.workflow import notifications
from articles.workflow.rules import (
    WorkflowError,
    acting,
    clean_message,
    move,
    refreshes,
    revision_of,
)


@refreshes
def article_submit(*, article: Article, user, message: str = "") -> Article:
    """Ask for a review of the current revision. Refused while the gate reports a blocker."""
    message = clean_message(message, required=False, what="")
    with acting("submit", article, user) as article:
        move(article, "submit", actor=user, data={"message": message},
             submitted_at=timezone.now(), submitted_by=user)
        notifications.notify_submitted(article=article, actor=user)
    return article


@refreshes
def article_withdraw(*, article: Article, user) -> Article:
    with acting("withdraw", article, user) as article:
        move(article, "withdraw", actor=user, submitted_at=None)
    return article


@refreshes
def article_request_changes(*, article: Article, user, message: str, revision: Revision | None = None) -> Article:
    """Send the article back to its editor with a message saying what to change."""
    message = clean_message(
        message, required=True, what=_("Dites à l'éditeur ce qu'il faut modifier : le message est obligatoire.")
    )
    with acting("request_changes", article, user) as article:
        _check_reviewed_revision(article, revision)
        current = revision_of(article)
        submitter = article.submitted_by
        review = Review.objects.create(
            article=article, revision=current, reviewer=user,
            decision=ReviewDecision.CHANGES_REQUESTED, message=message,
        )
        move(article, "request_changes", actor=user, revision=current,
             data={"message": message, "review": review.pk}, submitted_at=None)
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


@refreshes
def article_approve(*, article: Article, user, message: str = "", revision: Revision | None = None) -> Article:
    """Approve the current revision (the one the reviewer read, when `revision` is given).

    Four eyes: refused to anyone who wrote or generated a revision since the last approval.
    """
    message = clean_message(message, required=False, what="")
    with acting("approve", article, user) as article:
        _check_reviewed_revision(article, revision)
        current = revision_of(article)
        submitter = article.submitted_by
        review = Review.objects.create(
            article=article, revision=current, reviewer=user, decision=ReviewDecision.APPROVED, message=message
        )
        move(article, "approve", actor=user, revision=current, data={"message": message, "review": review.pk},
             approved_revision=current, submitted_at=None)
        notifications.notify_decision(
            article=article, actor=user, decision="approved", message=message, also=[submitter]
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
    with acting("comment", article, user) as article:
        if quote and quote not in (article.body or "") and quote not in (article.title or ""):
            raise WorkflowError(
                _("Le passage cité ne figure pas dans la version actuelle du texte : copiez-le tel quel, ou laissez le champ vide."),
                code="quote_not_found",
            )
        revision = revision_of(article)
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
    with acting("override", article, user) as article:
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


