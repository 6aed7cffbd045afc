"""Who may do what, in one place. Roles are Django groups with permissions (see the
data migration articles/0002_roles); code checks permissions, never group names."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

EDITORS_GROUP = "Éditeurs"
REVIEWERS_GROUP = "Relecteurs"

EDITOR_PERMISSIONS = [
    "articles.access_studio",
    "sources.add_source", "sources.change_source", "sources.view_source",
    "sources.add_extract", "sources.change_extract", "sources.delete_extract", "sources.view_extract",
    "articles.add_brief", "articles.view_brief",
    "articles.add_article", "articles.change_article", "articles.view_article",
    "articles.add_generationjob", "articles.view_generationjob",
    "articles.add_comment", "articles.view_comment",
    "articles.add_previewlink",
]
REVIEWER_PERMISSIONS = EDITOR_PERMISSIONS + [
    "articles.review_article",
    "articles.publish_article",
    "articles.override_finding",
    "sources.delete_source",
]


def ensure_role_groups(*, group_model=None, permission_model=None) -> None:
    """Create or refresh the Éditeurs and Relecteurs groups with their permissions.

    Run by the data migration and after every migrate/flush (post_migrate), so the roles exist even
    after a test database flush."""
    if group_model is None:
        from django.contrib.auth.models import Group as group_model
        from django.contrib.auth.models import Permission as permission_model

    def perms(names):
        found = []
        for dotted in names:
            app_label, codename = dotted.split(".")
            found.extend(permission_model.objects.filter(content_type__app_label=app_label, codename=codename))
        return found

    editors, _ = group_model.objects.get_or_create(name=EDITORS_GROUP)
    editors.permissions.set(perms(EDITOR_PERMISSIONS))
    reviewers, _ = group_model.objects.get_or_create(name=REVIEWERS_GROUP)
    reviewers.permissions.set(perms(REVIEWER_PERMISSIONS))


def is_staff_member(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm("articles.access_studio"))


def is_reviewer(user) -> bool:
    return bool(is_staff_member(user) and user.has_perm("articles.review_article"))


def _allowed_only(view, allowed):
    """Anonymous → login page; logged in but not `allowed(user)` → 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not allowed(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def studio_required(view):
    """Anonymous → login page; logged in without studio access → 403."""
    return _allowed_only(view, is_staff_member)


def reviewer_required(view):
    """Anonymous → login page; logged in without the review permission → 403."""
    return _allowed_only(view, is_reviewer)
