"""Publishing: public visibility by state, scheduled publication and expiry with catch-up, the
publish_scheduled command, the Celery beat task, /healthz, and shareable previews."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, AuditEvent
from articles.workflow import WorkflowError, articles_publish_due
from tests.factories import ArticleFactory

from .conftest import add_blocker, edit, to_state

pytestmark = pytest.mark.django_db

NOT_PUBLISHED = ["draft", "in_review", "changes_requested", "approved", "scheduled", "unpublished", "archived"]


def public(article):
    return Client().get(f"/articles/{article.slug}/")


@pytest.mark.parametrize("state", NOT_PUBLISHED)
def test_the_public_url_of_a_non_published_article_answers_404(state, article, walk):
    walk(article, state)
    assert article.status == state
    assert public(article).status_code == 404


def test_a_published_article_is_public_and_shows_its_frozen_revision(article, editor, walk):
    walk(article, "published")
    assert public(article).status_code == 200
    edit(article, editor, title="Titre d'un brouillon de correction")
    page = public(article).content.decode()
    assert "brouillon de correction" not in page and article.published_revision.title in page


def _due(article, **delta):
    """Move the planned date into the past, as if time had passed."""
    Article.objects.filter(pk=article.pk).update(go_live_at=timezone.now() - timedelta(**delta))


def test_a_scheduled_article_goes_live_when_publish_scheduled_runs_after_its_time(
    article, reviewer, walk, mailoutbox, django_capture_on_commit_callbacks
):
    walk(article, "scheduled")
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    assert "Rien à publier" in out.getvalue()
    article.refresh_from_db()
    assert article.status == "scheduled" and public(article).status_code == 404
    _due(article, seconds=30)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", stdout=out)
    assert f"publié : #{article.pk}" in out.getvalue()
    article.refresh_from_db()
    assert article.status == "published" and article.published_revision == article.approved_revision
    assert article.go_live_at is None and article.published_revision.body_html
    assert public(article).status_code == 200
    event = AuditEvent.objects.get(action="article.publish_scheduled")
    assert event.actor is None and event.actor_name == "système" and event.data["late_seconds"] >= 30
    assert any("Publié" in m.subject for m in mailoutbox)
    # Idempotent: a second run does nothing.
    assert articles_publish_due() == {"published": [], "expired": [], "failed": []}


def test_publish_scheduled_catches_up_everything_overdue_after_an_outage(editor, reviewer, source):
    articles = [ArticleFactory(created_by=editor, sources=[source]) for _ in range(3)]
    for a in articles:
        to_state(a, "scheduled", editor=editor, reviewer=reviewer)
    # Beat was down for two days: every planned time is long past.
    for hours, a in zip((49, 30, 2), articles, strict=True):
        _due(a, hours=hours)
    future = ArticleFactory(created_by=editor, sources=[source])
    to_state(future, "scheduled", editor=editor, reviewer=reviewer)
    done = articles_publish_due()
    assert done["published"] == [a.pk for a in articles]  # oldest first
    assert Article.objects.get(pk=future.pk).status == "scheduled"
    assert all(Article.objects.get(pk=a.pk).status == "published" for a in articles)


def test_expiry_takes_the_article_down_even_late(article, reviewer, walk, mailoutbox, django_capture_on_commit_callbacks):
    walk(article, "approved")
    workflow.article_publish(article=article, user=reviewer, expire_at=timezone.now() + timedelta(days=1))
    assert public(article).status_code == 200
    articles_publish_due()
    assert Article.objects.get(pk=article.pk).status == "published"
    Article.objects.filter(pk=article.pk).update(expire_at=timezone.now() - timedelta(hours=5))
    with django_capture_on_commit_callbacks(execute=True):
        done = articles_publish_due()
    assert done["expired"] == [article.pk]
    article.refresh_from_db()
    assert article.status == "unpublished" and article.expire_at is None and article.published_revision is None
    assert public(article).status_code == 404
    assert AuditEvent.objects.filter(action="article.expire", actor=None).exists()
    assert any("Expiré" in m.subject for m in mailoutbox)


def test_scheduling_with_expiry_and_date_validation(article, reviewer, walk):
    walk(article, "approved")
    with pytest.raises(WorkflowError, match="dans le futur"):
        workflow.article_schedule(article=article, user=reviewer, go_live_at=timezone.now() - timedelta(minutes=1))
    live = timezone.now() + timedelta(hours=1)
    with pytest.raises(WorkflowError, match="postérieure"):
        workflow.article_schedule(article=article, user=reviewer, go_live_at=live, expire_at=live - timedelta(minutes=5))
    workflow.article_schedule(article=article, user=reviewer, go_live_at=live, expire_at=live + timedelta(days=7))
    article.refresh_from_db()
    assert article.status == "scheduled" and article.go_live_at == live
    _due(article, minutes=1)
    articles_publish_due()
    article.refresh_from_db()
    assert article.status == "published" and article.expire_at == live + timedelta(days=7)


def test_a_scheduled_article_with_a_new_blocker_is_not_published(article, walk, mailoutbox, django_capture_on_commit_callbacks):
    walk(article, "scheduled")
    add_blocker(article)
    _due(article, minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        done = articles_publish_due()
    assert done["failed"] == [article.pk]
    article.refresh_from_db()
    assert article.status == "approved" and article.go_live_at is None
    assert public(article).status_code == 404
    assert AuditEvent.objects.get(action="article.publish_failed").data["reason"].startswith("Le contrôle qualité")
    assert any("impossible" in m.subject for m in mailoutbox)


def test_schedule_form_in_the_studio(article, reviewer_client, walk):
    walk(article, "approved")
    url = reverse("studio:article_schedule", args=[article.pk])
    response = reviewer_client.post(url, {"go_live_at": "pas une date"}, follow=True)
    assert "illisible" in response.content.decode()
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = reviewer_client.post(url, {"go_live_at": past}, follow=True)
    assert "dans le futur" in response.content.decode()
    article.refresh_from_db()
    assert article.status == "approved"


def test_healthz_reports_overdue_scheduled_articles_until_they_are_published(article, walk, client):
    walk(article, "scheduled")
    _due(article, minutes=10)
    report = json.loads(client.get("/healthz").content)
    assert report["scheduled"] == {"ok": False, "overdue": 1}
    call_command("publish_scheduled", stdout=StringIO())
    report = json.loads(client.get("/healthz").content)
    assert report["scheduled"] == {"ok": True, "overdue": 0}


def test_the_beat_task_is_registered_under_the_scheduled_name():
    from django.conf import settings

    from prizm.celery import app

    name = settings.CELERY_BEAT_SCHEDULE["publish-scheduled"]["task"]
    assert name == "articles.tasks.publish_scheduled"
    app.loader.import_default_modules()
    assert name in app.tasks


@pytest.mark.celery_worker
def test_a_real_worker_publishes_what_is_due(celery_worker_process, editor, reviewer, source):
    import time

    from prizm.celery import app

    article = ArticleFactory(created_by=editor, sources=[source])
    to_state(article, "scheduled", editor=editor, reviewer=reviewer)
    _due(article, minutes=3)
    app.send_task("articles.tasks.publish_scheduled")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        article.refresh_from_db()
        if article.status == "published":
            break
        time.sleep(0.2)
    assert article.status == "published", celery_worker_process.log_path.read_text()[-2000:]


# --- shareable previews ------------------------------------------------------------------------------

def test_a_preview_link_shows_the_draft_as_the_public_would_see_it(article, editor):
    link = workflow.preview_link_create(article=article, user=editor, days=2)
    assert len(link.token) >= 32
    response = Client().get(reverse("preview", args=[link.token]))
    assert response.status_code == 200
    assert "noindex" in response["X-Robots-Tag"]
    page = response.content.decode()
    assert "Aperçu" in page and "non publié" in page
    assert '<meta name="robots" content="noindex' in page
    assert article.title in page and "121 ateliers" in page
    assert AuditEvent.objects.filter(action="preview.create", article=article).exists()


def test_a_preview_of_a_published_article_shows_the_pending_changes(article, editor, walk):
    walk(article, "published")
    edit(article, editor, title="Un titre encore en chantier")
    link = workflow.preview_link_create(article=article, user=editor)
    page = Client().get(reverse("preview", args=[link.token])).content.decode()
    assert "Un titre encore en chantier" in page


def test_expired_revoked_and_unknown_preview_links_answer_404(article, editor, reviewer):
    expired = workflow.preview_link_create(article=article, user=editor, days=1)
    type(expired).objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    revoked = workflow.preview_link_create(article=article, user=editor)
    workflow.preview_link_revoke(link=revoked, user=reviewer)
    with pytest.raises(WorkflowError, match="déjà révoqué"):
        workflow.preview_link_revoke(link=revoked, user=reviewer)
    anonymous = Client()
    for token in (expired.token, revoked.token, "pas-un-jeton", "x" * 200):
        assert anonymous.get(f"/preview/{token}/").status_code == 404
    assert AuditEvent.objects.filter(action="preview.revoke", actor=reviewer).exists()


def test_preview_link_duration_is_validated(article, editor, editor_client):
    with pytest.raises(WorkflowError, match="entre 1 et 30"):
        workflow.preview_link_create(article=article, user=editor, days=90)
    response = editor_client.post(
        reverse("studio:preview_link_create", args=[article.pk]), {"days": "0"}, follow=True
    )
    assert "au moins 1 jour" in response.content.decode()
    response = editor_client.post(
        reverse("studio:preview_link_create", args=[article.pk]), {"days": "5"}, follow=True
    )
    link = article.preview_links.get()
    assert f"/preview/{link.token}/" in response.content.decode()
