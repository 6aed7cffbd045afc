"""The permission matrix: anonymous, reader, editor, other editor, reviewer, admin × every workflow
action and every studio URL of the workflow. Permissions are enforced on the server: a refused
action answers 403 (or the login page) and changes nothing."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import AuditEvent, Comment, PreviewLink
from tests.factories import UserFactory

from .conftest import add_blocker, edit

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "editor", "other_editor", "reviewer", "admin"]
STAFF = {"editor", "other_editor", "reviewer", "admin"}
REVIEWERS = {"reviewer", "admin"}


@pytest.fixture
def clients(editor, other_editor, reviewer, admin_user):
    users = {
        "reader": UserFactory(username="lecteur"),
        "editor": editor,
        "other_editor": other_editor,
        "reviewer": reviewer,
        "admin": admin_user,
    }
    out = {"anonymous": Client()}
    for role, user in users.items():
        c = Client()
        c.force_login(user)
        out[role] = c
    return out


# --- pages ---------------------------------------------------------------------------------------

PAGES = {
    # name: (url builder, roles that get 200)
    "article_list": (lambda a: reverse("studio:article_list"), STAFF),
    "article_detail": (lambda a: reverse("studio:article_detail", args=[a.pk]), STAFF),
    "article_edit": (lambda a: reverse("studio:article_edit", args=[a.pk]), STAFF),
    "article_history": (lambda a: reverse("studio:article_history", args=[a.pk]), STAFF),
    "article_diff": (lambda a: reverse("studio:article_diff", args=[a.pk]), STAFF),
    "article_presence": (lambda a: reverse("studio:article_presence", args=[a.pk]), STAFF),
    "review_queue": (lambda a: reverse("studio:review_queue"), REVIEWERS),
    "article_review": (lambda a: reverse("studio:article_review", args=[a.pk]), REVIEWERS),
    "audit_log": (lambda a: reverse("studio:audit_log"), {"admin"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_studio_pages(page, role, clients, article):
    url_for, allowed = PAGES[page]
    url = url_for(article)
    response = clients[role].get(url)
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    elif role in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


# --- actions -------------------------------------------------------------------------------------

def _future(hours):
    return (timezone.localtime() + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


ACTIONS = {
    # name: (start state, url name, POST data, roles allowed, did-it-happen check)
    "submit": ("draft", "studio:article_submit", {}, STAFF, lambda a: a.status == "in_review"),
    "withdraw": ("in_review", "studio:article_withdraw", {}, STAFF, lambda a: a.status == "draft"),
    "approve": ("in_review", "studio:article_approve", {}, REVIEWERS, lambda a: a.status == "approved"),
    "request_changes": (
        "in_review", "studio:article_request_changes", {"message": "Vérifiez le chiffre du deuxième paragraphe."},
        REVIEWERS, lambda a: a.status == "changes_requested",
    ),
    "publish": ("approved", "studio:article_publish", {}, REVIEWERS, lambda a: a.status == "published"),
    "schedule": (
        "approved", "studio:article_schedule", {"go_live_at": _future(3)}, REVIEWERS,
        lambda a: a.status == "scheduled",
    ),
    "unschedule": ("scheduled", "studio:article_unschedule", {}, REVIEWERS, lambda a: a.status == "approved"),
    "unpublish": ("published", "studio:article_unpublish", {}, REVIEWERS, lambda a: a.status == "unpublished"),
    "archive": ("draft", "studio:article_archive", {}, REVIEWERS, lambda a: a.status == "archived"),
    "restore": ("archived", "studio:article_restore", {}, REVIEWERS, lambda a: a.status == "draft"),
    "comment": (
        "draft", "studio:article_comment", {"text": "Source à préciser."}, STAFF,
        lambda a: Comment.objects.filter(article=a).exists(),
    ),
    "preview_link_create": (
        "draft", "studio:preview_link_create", {"days": "3"}, STAFF,
        lambda a: PreviewLink.objects.filter(article=a).exists(),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_workflow_actions(action, role, clients, article, walk):
    state, url_name, data, allowed, happened = ACTIONS[action]
    walk(article, state)
    response = clients[role].post(reverse(url_name, args=[article.pk]), data)
    article.refresh_from_db()
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
        assert not happened(article)
    elif role in allowed:
        assert response.status_code == 302, response.content[:500]
        assert happened(article), f"{action} by {role} did not happen"
    else:
        assert response.status_code == 403
        assert not happened(article)


@pytest.mark.parametrize("role", ROLES)
def test_preview_link_revoke(role, clients, article, editor):
    from articles.workflow import preview_link_create

    link = preview_link_create(article=article, user=editor)
    response = clients[role].post(reverse("studio:preview_link_revoke", args=[link.pk]))
    link.refresh_from_db()
    assert (link.revoked_at is not None) == (role in STAFF)
    assert response.status_code == {"anonymous": 302, "reader": 403}.get(role, 302)


@pytest.mark.parametrize("role", ROLES)
def test_finding_override(role, clients, article):
    finding = add_blocker(article)
    response = clients[role].post(
        reverse("studio:finding_override", args=[article.pk, finding.pk]),
        {"reason": "Le crochet fait partie de la citation exacte du rapport."},
    )
    overridden = article.overrides.filter(fingerprint=finding.fingerprint).exists()
    assert overridden == (role in REVIEWERS)
    assert response.status_code == (302 if role in REVIEWERS or role == "anonymous" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_editing_endpoints(role, clients, article, editor):
    edit(article, editor, body=article.body + "\nDeuxième version.\n")
    article.refresh_from_db()
    base = {"base_version": article.version, "base_revision": article.current_revision_id}
    form = {
        **base, "title": article.title, "slug": article.slug, "description": article.description,
        "body": article.body + "\nTroisième version.\n",
        "sources": [s.pk for s in article.sources.all()],
    }
    c = clients[role]
    responses = {
        "save": c.post(reverse("studio:article_edit", args=[article.pk]), form),
        "autosave": c.post(reverse("studio:article_autosave", args=[article.pk]), {**base, "body": "brouillon"}),
        "render": c.post(reverse("studio:article_preview_render", args=[article.pk]), {"body": "**gras**"}),
        "revert": c.post(reverse("studio:article_revert", args=[article.pk, 1]), {"base_version": article.version + 1}),
        "discard": c.post(reverse("studio:article_autosave_discard", args=[article.pk])),
    }
    if role == "anonymous":
        assert all(r.status_code == 302 and "/accounts/login/" in r.url for r in responses.values())
        assert article.revisions.count() == 2
    elif role == "reader":
        assert all(r.status_code == 403 for r in responses.values())
        assert article.revisions.count() == 2
    else:
        assert responses["save"].status_code == 302
        assert responses["autosave"].status_code == 200
        assert responses["render"].status_code == 200 and b"<strong>gras</strong>" in responses["render"].content
        assert responses["revert"].status_code == 302
        assert responses["discard"].status_code == 302
        assert list(article.revisions.values_list("number", flat=True)) == [4, 3, 2, 1]
        assert AuditEvent.objects.filter(action="article.revert").exists()
