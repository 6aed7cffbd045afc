"""Django admin for the articles app (admins only). Workflow fields are read-only here: state
changes go through the workflow services, which the admin actions call like every other entry
point."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import workflow
from articles.models import (
    Article,
    AuditEvent,
    AutosaveDraft,
    Brief,
    BriefSource,
    Category,
    Comment,
    Finding,
    FindingOverride,
    GenerationJob,
    PreviewLink,
    Review,
    Revision,
    SlugRedirect,
    Synthesis,
    Tag,
)


@admin.register(Category, Tag)
class NamedAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


def _run_action(modeladmin, request, queryset, service, done):
    """Call `service` on each article; `done(n)` says how many it changed."""
    count = 0
    for article in queryset:
        try:
            service(article=article, user=request.user)
            count += 1
        except (workflow.WorkflowError, PermissionDenied) as exc:
            modeladmin.message_user(
                request, _("%(article)s : %(reason)s") % {"article": article, "reason": getattr(exc, "message", exc)},
                messages.ERROR,
            )
    if count:
        modeladmin.message_user(request, done(count), messages.SUCCESS)


@admin.action(description=_("Publier la version approuvée"))
def publish_articles(modeladmin, request, queryset):
    _run_action(modeladmin, request, queryset, workflow.article_publish, lambda n: ngettext(
        "%(n)d article publié.", "%(n)d articles publiés.", n) % {"n": n})


@admin.action(description=_("Dépublier"))
def unpublish_articles(modeladmin, request, queryset):
    _run_action(modeladmin, request, queryset, workflow.article_unpublish, lambda n: ngettext(
        "%(n)d article dépublié.", "%(n)d articles dépubliés.", n) % {"n": n})


@admin.action(description=_("Archiver"))
def archive_articles(modeladmin, request, queryset):
    _run_action(modeladmin, request, queryset, workflow.article_archive, lambda n: ngettext(
        "%(n)d article archivé.", "%(n)d articles archivés.", n) % {"n": n})


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "category", "featured", "updated_at", "published_at"]
    list_filter = ["status", "category", "featured", "style"]
    search_fields = ["title", "slug", "description"]
    date_hierarchy = "updated_at"
    filter_horizontal = ["tags"]
    actions = [publish_articles, unpublish_articles, archive_articles]
    readonly_fields = [
        "status", "version", "current_revision", "approved_revision", "published_revision", "go_live_at",
        "expire_at", "published_at", "first_published_at", "submitted_at", "submitted_by", "quality_score",
        "created_by", "created_at", "updated_at", "title", "slug", "description", "body",
    ]
    fieldsets = [
        # Text changes go through the studio editor (revisions, conflict-safe saves, re-review).
        (None, {"fields": ["title", "slug", "description", "body"]}),
        (_("Classement"), {"fields": ["category", "tags", "image", "featured", "author_name", "style", "variant_of"]}),
        (_("Flux de publication (lecture seule : passez par le studio)"), {"fields": [
            "status", "version", "current_revision", "approved_revision", "published_revision", "submitted_at",
            "submitted_by", "go_live_at", "expire_at", "published_at", "first_published_at", "quality_score",
            "created_by", "created_at", "updated_at",
        ]}),
    ]
    raw_id_fields = ["variant_of", "brief"]

    def has_add_permission(self, request):
        return False  # articles come from briefs (drafting) or imports, with a first revision


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    """Revisions are history: created by saves in the studio, never edited."""

    list_display = ["article", "number", "author", "created_at", "reason", "quality_score"]
    search_fields = ["article__title", "title", "reason"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_name", "action", "object_repr", "revision_number"]
    list_filter = ["action"]
    search_fields = ["actor_name", "object_repr", "action"]
    date_hierarchy = "created_at"

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["article", "revision", "reviewer", "decision", "created_at"]
    list_filter = ["decision"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["revision", "code", "severity", "line", "message"]
    list_filter = ["severity", "code"]


@admin.register(FindingOverride)
class FindingOverrideAdmin(ReadOnlyAdmin):
    list_display = ["article", "code", "by", "created_at", "reason"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["article", "author", "created_at", "resolved", "text"]
    list_filter = ["resolved"]
    raw_id_fields = ["article", "revision", "author"]


@admin.register(PreviewLink)
class PreviewLinkAdmin(ReadOnlyAdmin):
    list_display = ["article", "created_by", "created_at", "expires_at", "revoked_at"]
    exclude = ["token"]


@admin.register(GenerationJob)
class GenerationJobAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "status", "progress", "provider", "model", "requested_by", "created_at"]
    list_filter = ["kind", "status", "provider"]


class BriefSourceInline(admin.TabularInline):
    model = BriefSource
    extra = 0
    autocomplete_fields = ["source"]


@admin.register(Brief)
class BriefAdmin(admin.ModelAdmin):
    list_display = ["topic", "requested_by", "created_at"]
    search_fields = ["topic"]
    inlines = [BriefSourceInline]


admin.site.register(Synthesis)
admin.site.register(SlugRedirect)
admin.site.register(AutosaveDraft, ReadOnlyAdmin)
