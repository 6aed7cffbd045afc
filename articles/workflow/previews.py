"""Preview links: an unguessable, expiring URL that shows the current revision as the public
would see it, to someone without an account."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.audit import audit_record
from articles.models import Article, ArticleStatus, PreviewLink
from articles.workflow.rules import WorkflowError, acting, has_permission, revision_of

S = ArticleStatus


PREVIEW_MAX_DAYS = 30


def preview_link_create(*, article: Article, user, days: int = 7) -> PreviewLink:
    """An unguessable, expiring link that shows the current revision as the public would see it."""
    if not isinstance(days, int) or not 1 <= days <= PREVIEW_MAX_DAYS:
        raise WorkflowError(
            _("La durée de validité doit être comprise entre 1 et %(max)d jours.") % {"max": PREVIEW_MAX_DAYS},
            code="preview_days",
        )
    with acting("preview_link", article, user) as article:
        link = PreviewLink.objects.create(
            article=article, created_by=user, expires_at=timezone.now() + timedelta(days=days)
        )
        audit_record(
            actor=user, action="preview.create", obj=link, article=article, revision=revision_of(article),
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


