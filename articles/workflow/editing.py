"""Editing an article: conflict-safe saves that create revisions, personal autosaves, reverts,
presence. Nothing a user typed is ever thrown away:

1. every save first stores the user's text in their `AutosaveDraft` (its own transaction);
2. the article row is then locked and its `version` compared with the version the editor started
   from; a stale save raises `StaleSave` (the view shows both texts and a merge) and writes nothing
   else;
3. a successful save bumps `version`, writes a new `Revision` when title, description, body or
   sources changed, applies the workflow consequences (an approved or scheduled article goes back
   to review), records the audit event, then clears the autosave.
"""

import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles import quality
from articles.audit import audit_record
from articles.models import (
    Article,
    ArticleSource,
    ArticleStatus,
    AutosaveDraft,
    Category,
    Presence,
    Revision,
    SlugRedirect,
)
from articles.revisions import revision_create
from articles.taxonomy import tags_for_names
from articles.workflow import notifications
from articles.workflow.rules import WorkflowError, check, has_permission, next_status
from sources.models import Source

S = ArticleStatus
logger = logging.getLogger(__name__)

PRESENCE_WINDOW = timedelta(seconds=45)


@dataclass
class ArticleInput:
    """What the editor form submits."""

    title: str
    description: str = ""
    body: str = ""
    slug: str = ""
    sources: list[int] = field(default_factory=list)
    category_id: int | None = None
    tags: list[str] = field(default_factory=list)
    image: str = ""
    featured: bool = False

    @classmethod
    def from_article(cls, article: Article) -> "ArticleInput":
        return cls(
            title=article.title,
            description=article.description,
            body=article.body,
            slug=article.slug,
            sources=list(article.sources.order_by("articlesource__order", "articlesource__id").values_list("pk", flat=True)),
            category_id=article.category_id,
            tags=list(article.tags.order_by("name").values_list("name", flat=True)),
            image=article.image,
            featured=article.featured,
        )


class StaleSave(Exception):
    """Someone saved the article after this editor started: nothing was written but the autosave."""

    def __init__(self, *, article: Article, mine: ArticleInput, base_version: int, base_revision: Revision | None):
        super().__init__(_("L'article a été enregistré par quelqu'un d'autre pendant que vous écriviez."))
        self.article = article
        self.mine = mine
        self.base_version = base_version
        self.base_revision = base_revision


@dataclass
class SaveResult:
    article: Article
    revision: Revision | None
    changed: bool
    back_to_review: bool = False


def source_snapshot(source_ids: list[int]) -> list[dict]:
    by_id = {s.pk: s for s in Source.objects.filter(pk__in=source_ids)}
    return [{"id": by_id[i].pk, "name": by_id[i].name, "url": by_id[i].url} for i in source_ids if i in by_id]


def _current_snapshot(article: Article) -> dict:
    return {
        "title": article.title,
        "description": article.description,
        "body": article.body,
        "sources": list(
            article.sources.order_by("articlesource__order", "articlesource__id").values_list("pk", flat=True)
        ),
    }


def _validate(article: Article, data: ArticleInput) -> None:
    """Rules that depend on the database; the form already checked formats."""
    errors: dict[str, list[str]] = {}
    if not (data.title or "").strip():
        errors.setdefault("title", []).append(_("Donnez un titre à l'article."))
    slug = data.slug or article.slug
    if slug != article.slug:
        if article.first_published_at is not None:
            errors.setdefault("slug", []).append(
                _("L'adresse ne change plus après la première publication (les liens publiés doivent rester valides).")
            )
        elif Article.objects.filter(slug=slug).exclude(pk=article.pk).exists() or SlugRedirect.objects.filter(
            old_slug=slug
        ).exclude(article=article).exists():
            errors.setdefault("slug", []).append(_("Cette adresse est déjà prise par un autre article : choisissez-en une autre."))
    missing = set(data.sources) - set(Source.objects.filter(pk__in=data.sources).values_list("pk", flat=True))
    if missing:
        errors.setdefault("sources", []).append(_("Une source choisie n'existe plus ; retirez-la de la liste."))
    if len(set(data.sources)) != len(data.sources):
        errors.setdefault("sources", []).append(_("Une même source figure deux fois ; retirez le doublon."))
    if data.category_id and not Category.objects.filter(pk=data.category_id).exists():
        errors.setdefault("category", []).append(_("Cette catégorie n'existe plus ; choisissez-en une autre."))
    if errors:
        raise ValidationError(errors)


def _slug_after_save(article: Article, data: ArticleInput) -> str:
    """The address after this save. An article never published has no public link to keep: while
    its slug is still the one made from its title, it follows the new title. A slug the editor chose
    is kept, and a published address never changes (see `_validate`)."""
    typed = data.slug or article.slug
    follows_title = (
        article.first_published_at is None
        and typed == article.slug
        and data.title != article.title
        and re.fullmatch(rf"{re.escape(slugify(article.title)[:180].strip('-'))}(-\d+)?", article.slug or "")
    )
    return Article.free_slug(data.title, exclude_pk=article.pk) if follows_title else typed


def autosave_store(
    *, article: Article, user, base_version: int, base_revision: Revision | None, data: ArticleInput
) -> AutosaveDraft:
    """Keep the user's unsaved work. No permission beyond studio access is needed to keep one's
    own text; no revision, no version bump."""
    with transaction.atomic():
        draft, _created = AutosaveDraft.objects.update_or_create(
            article=article, user=user,
            defaults={
                "base_version": base_version,
                "base_revision": base_revision,
                "title": (data.title or "")[:300],
                "description": data.description or "",
                "body": data.body or "",
                "sources": [int(s) for s in data.sources],
            },
        )
    return draft


def article_autosave(
    *, article: Article, user, base_version: int, base_revision: Revision | None, data: ArticleInput
) -> AutosaveDraft:
    if not has_permission(user, "edit"):
        raise PermissionDenied(_("Vous n'avez pas le droit de modifier cet article."))
    draft = autosave_store(article=article, user=user, base_version=base_version, base_revision=base_revision, data=data)
    presence_touch(article=article, user=user)
    return draft


def autosave_discard(*, article: Article, user) -> int:
    deleted, _detail = AutosaveDraft.objects.filter(article=article, user=user).delete()
    if deleted:
        audit_record(actor=user, action="autosave.discard", obj=article, data={})
    return deleted


def _set_tags(article: Article, names: list[str]) -> None:
    article.tags.set(tags_for_names(names))


_CONTENT_FIELDS = frozenset({"title", "description", "body", "sources"})


def _changed_fields(article: Article, data: ArticleInput, new_slug: str) -> list[str]:
    """The fields this save changes, in the editor's order."""
    before = _current_snapshot(article)
    old_tags = sorted(article.tags.values_list("slug", flat=True))
    new_tags = sorted({slugify(t.strip()[:100])[:120] for t in data.tags} - {""})
    return [
        name for name, changed in [
            ("title", before["title"] != data.title),
            ("description", before["description"] != data.description),
            ("body", before["body"] != data.body),
            ("sources", before["sources"] != list(data.sources)),
            ("slug", new_slug != article.slug),
            ("category", article.category_id != data.category_id),
            ("image", article.image != data.image),
            ("featured", article.featured != data.featured),
            ("tags", old_tags != new_tags),
        ] if changed
    ]


def _slug_redirect_keep(article: Article, new_slug: str) -> None:
    """The old address keeps leading to the article; a redirect from the new one would loop."""
    SlugRedirect.objects.filter(old_slug=new_slug, article=article).delete()
    SlugRedirect.objects.get_or_create(old_slug=article.slug, defaults={"article": article})


def _sources_set(article: Article, source_ids: list[int]) -> None:
    ArticleSource.objects.filter(article=article).delete()
    ArticleSource.objects.bulk_create(
        [ArticleSource(article=article, source_id=sid, order=i) for i, sid in enumerate(source_ids)]
    )


def _fields_apply(article: Article, data: ArticleInput, new_slug: str, changed_fields: list[str]) -> None:
    """Copy the editor's fields onto the locked article (saved by the caller), with the rows that
    hang off it: slug redirect, sources, tags."""
    if new_slug != article.slug:
        _slug_redirect_keep(article, new_slug)
    article.title = data.title
    article.description = data.description
    article.body = data.body
    article.slug = new_slug
    article.category_id = data.category_id
    article.image = data.image
    article.featured = data.featured
    if "sources" in changed_fields:
        _sources_set(article, data.sources)
    _set_tags(article, data.tags)


def article_save(
    *,
    article: Article,
    user,
    data: ArticleInput,
    base_version: int,
    base_revision: Revision | None = None,
    reason: str = "",
    action: str = "article.save",
) -> SaveResult:
    """Save the editor's work on top of `base_version`. Raises StaleSave (nothing lost: the text is
    in the user's autosave), ValidationError (field errors), WorkflowError or PermissionDenied."""
    reason = (reason or "").strip()[:300]
    if not has_permission(user, "edit"):
        raise PermissionDenied(_("Vous n'avez pas le droit de modifier cet article."))
    autosave_store(article=article, user=user, base_version=base_version, base_revision=base_revision, data=data)
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        check("edit", locked, user)
        if locked.version != base_version:
            raise StaleSave(article=locked, mine=data, base_version=base_version, base_revision=base_revision)
        _validate(locked, data)
        new_slug = _slug_after_save(locked, data)
        changed_fields = _changed_fields(locked, data, new_slug)
        if not changed_fields and locked.current_revision_id:
            AutosaveDraft.objects.filter(article=locked, user=user).delete()
            return SaveResult(article=locked, revision=None, changed=False)

        _fields_apply(locked, data, new_slug, changed_fields)
        locked.version = base_version + 1
        revision = None
        back_to_review = False
        previous_revision_id = locked.current_revision_id
        if _CONTENT_FIELDS.intersection(changed_fields) or not locked.current_revision_id:
            revision = revision_create(
                article=locked, title=data.title, description=data.description, body=data.body,
                sources=source_snapshot(list(data.sources)), author=user, reason=reason,
            )
            back_to_review = _back_to_review(locked, user, previous_revision_id)
        locked.save()
        audit_record(
            actor=user, action=action, obj=locked, revision=revision or locked.current_revision,
            data={"fields": changed_fields, "reason": reason, "version": locked.version,
                  "back_to_review": back_to_review},
        )
        AutosaveDraft.objects.filter(article=locked, user=user).delete()
    if revision is not None:
        _run_gate(revision)
    if article is not locked:
        article.refresh_from_db()
    return SaveResult(article=locked, revision=revision, changed=True, back_to_review=back_to_review)


def _back_to_review(article: Article, user, previous_revision_id: int | None) -> bool:
    """A new revision invalidates the approval of the previous one: approved and scheduled articles
    go back to review (scheduling cancelled); a published article whose approved-but-unpublished
    changes are edited is put back in the review queue. Returns True when that happened."""
    status = article.status
    if next_status("edit", article) != status:
        before = status
        article.status = next_status("edit", article)
        article.go_live_at = None
        article.submitted_at = timezone.now()
        article.submitted_by = user
        audit_record(
            actor=user, action="article.back_to_review", obj=article,
            data={"from": before, "to": article.status,
                  "approved_revision": article.approved_revision_id},
        )
        notifications.notify_submitted(article=article, actor=user, resubmitted=True)
        return True
    if (
        status == S.PUBLISHED
        and article.approved_revision_id
        and article.approved_revision_id == previous_revision_id
        and article.approved_revision_id != article.published_revision_id
    ):
        article.submitted_at = timezone.now()
        article.submitted_by = user
        audit_record(
            actor=user, action="article.back_to_review", obj=article,
            data={"from": status, "to": status, "approved_revision": article.approved_revision_id},
        )
        notifications.notify_submitted(article=article, actor=user, resubmitted=True)
        return True
    return False


def _run_gate(revision: Revision) -> None:
    """Run the quality gate on a new revision. A gate failure never undoes a save."""

    try:
        quality.gate_revision(revision)
    except Exception:
        logger.exception("Quality gate failed on revision %s", revision.pk)


def article_revert(*, article: Article, user, revision: Revision, base_version: int) -> SaveResult:
    """Make an old revision's text current again, as a new revision (history is never rewritten)."""
    if revision.article_id != article.pk:
        raise WorkflowError(_("Cette révision appartient à un autre article."), code="wrong_article")
    current = ArticleInput.from_article(article)
    existing = set(Source.objects.filter(pk__in=[s.get("id") for s in revision.sources]).values_list("pk", flat=True))
    data = ArticleInput(
        title=revision.title,
        description=revision.description,
        body=revision.body,
        slug=current.slug,
        sources=[s["id"] for s in revision.sources if s.get("id") in existing],
        category_id=current.category_id,
        tags=current.tags,
        image=current.image,
        featured=current.featured,
    )
    if article.current_revision_id == revision.pk:
        raise WorkflowError(_("Cette révision est déjà la version actuelle."), code="already_current")
    base_revision = Revision.objects.filter(pk=article.current_revision_id).first()
    return article_save(
        article=article, user=user, data=data, base_version=base_version, base_revision=base_revision,
        reason=_("Retour à la révision %(n)d") % {"n": revision.number}, action="article.revert",
    )


# --- presence ----------------------------------------------------------------------------------

def presence_touch(*, article: Article, user) -> None:
    Presence.objects.update_or_create(article=article, user=user, defaults={"seen_at": timezone.now()})


def presence_others(*, article: Article, user) -> list:
    """Other people who had this article open in the last 45 seconds."""
    since = timezone.now() - PRESENCE_WINDOW
    return [
        p.user
        for p in Presence.objects.filter(article=article, seen_at__gte=since)
        .exclude(user=user)
        .select_related("user")
        .order_by("user__username")
    ]


def presence_leave(*, article: Article, user) -> None:
    Presence.objects.filter(article=article, user=user).delete()
