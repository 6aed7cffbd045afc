"""The review queue and page, decisions from the screens, comments, and the audit log."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, AuditEvent
from tests.factories import ArticleFactory

from .conftest import add_blocker, edit

pytestmark = pytest.mark.django_db


def test_review_queue_lists_submitted_articles_oldest_first_with_gate_numbers(
    editor, reviewer_client, source
):
    older = ArticleFactory(created_by=editor, sources=[source], title="Article soumis en premier")
    newer = ArticleFactory(created_by=editor, sources=[source], title="Article soumis ensuite")
    draft = ArticleFactory(created_by=editor, sources=[source], title="Brouillon jamais soumis")
    workflow.article_submit(article=newer, user=editor)
    workflow.article_submit(article=older, user=editor)
    Article.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - timedelta(days=2))
    add_blocker(newer)
    page = reviewer_client.get(reverse("studio:review_queue")).content.decode()
    assert page.index(older.title) < page.index(newer.title)
    assert draft.title not in page
    assert "1 blocage" in page


def test_empty_review_queue(reviewer_client):
    assert "Rien à relire" in reviewer_client.get(reverse("studio:review_queue")).content.decode()


def test_review_page_shows_the_changes_since_the_last_approval(article, editor, reviewer, other_reviewer, reviewer_client, walk):
    walk(article, "published")
    edit(article, editor, body=article.body.replace("121", "133"))
    workflow.article_submit(article=article, user=editor)
    page = reviewer_client.get(reverse("studio:article_review", args=[article.pk])).content.decode()
    assert "Changements depuis la révision 1" in page
    assert "<del>121</del>" in page and "<ins>133</ins>" in page
    assert "Approuver la révision 2" in page


def test_first_review_shows_everything_as_new(article, editor, reviewer_client):
    workflow.article_submit(article=article, user=editor)
    page = reviewer_client.get(reverse("studio:article_review", args=[article.pk])).content.decode()
    assert "Première relecture" in page and "121 ateliers" in page


def test_approve_from_the_review_page_checks_the_revision_read(article, editor, reviewer_client):
    workflow.article_submit(article=article, user=editor)
    read = article.current_revision_id
    edit(article, editor, body=article.body + "\nAjout tardif.\n")
    response = reviewer_client.post(
        reverse("studio:article_approve", args=[article.pk]), {"revision": read}, follow=True
    )
    assert "modifié pendant votre relecture" in response.content.decode()
    article.refresh_from_db()
    assert article.status == "in_review"
    response = reviewer_client.post(
        reverse("studio:article_approve", args=[article.pk]), {"revision": article.current_revision_id}, follow=True
    )
    article.refresh_from_db()
    assert article.status == "approved" and "Version approuvée" in response.content.decode()


def test_four_eyes_refusal_is_explained_on_the_review_page(article, editor, reviewer, reviewer_client):
    edit(article, reviewer, body=article.body + "\nAjout du relecteur.\n")
    workflow.article_submit(article=article, user=editor)
    page = reviewer_client.get(reverse("studio:article_review", args=[article.pk])).content.decode()
    assert "Quatre yeux" in page
    response = reviewer_client.post(reverse("studio:article_approve", args=[article.pk]), {}, follow=True)
    assert "Quatre yeux" in response.content.decode()
    article.refresh_from_db()
    assert article.status == "in_review"


def test_request_changes_from_the_review_page_needs_a_message(article, editor, reviewer_client):
    workflow.article_submit(article=article, user=editor)
    url = reverse("studio:article_request_changes", args=[article.pk])
    response = reviewer_client.post(url, {"message": ""}, follow=True)
    assert "le message est obligatoire" in response.content.decode()
    response = reviewer_client.post(url, {"message": "Citez l'étude de 2024."}, follow=True)
    article.refresh_from_db()
    assert article.status == "changes_requested"
    detail = reviewer_client.get(reverse("studio:article_detail", args=[article.pk])).content.decode()
    assert "Citez l&#x27;étude de 2024." in detail


def test_blocked_submit_is_explained_and_override_lifts_it(article, editor, editor_client, reviewer_client):
    finding = add_blocker(article)
    detail = editor_client.get(reverse("studio:article_detail", args=[article.pk])).content.decode()
    assert "blocage" in detail and "disabled" in detail
    response = editor_client.post(reverse("studio:article_submit", args=[article.pk]), follow=True)
    assert "Le contrôle qualité signale 1 blocage" in response.content.decode()
    response = reviewer_client.post(
        reverse("studio:finding_override", args=[article.pk, finding.pk]), {"reason": "court"}, follow=True
    )
    assert "10 caractères" in response.content.decode()
    reviewer_client.post(
        reverse("studio:finding_override", args=[article.pk, finding.pk]),
        {"reason": "Ce crochet figure tel quel dans le rapport cité."},
    )
    editor_client.post(reverse("studio:article_submit", args=[article.pk]))
    article.refresh_from_db()
    assert article.status == "in_review"
    history = editor_client.get(reverse("studio:article_history", args=[article.pk])).content.decode()
    assert "finding.override" in history and "Ce crochet figure tel quel" in history


def test_comment_on_a_passage_from_the_screen(article, editor_client, reviewer_client):
    url = reverse("studio:article_comment", args=[article.pk])
    reviewer_client.post(url, {"text": "Quelle année ?", "quote": "121 ateliers"})
    response = reviewer_client.post(url, {"text": "Et ici ?", "quote": "absent du texte"}, follow=True)
    assert "ne figure pas" in response.content.decode()
    page = editor_client.get(reverse("studio:article_detail", args=[article.pk])).content.decode()
    assert "Quelle année ?" in page and "121 ateliers" in page and "Et ici ?" not in page


def test_audit_log_lists_and_filters_events_for_admins(article, editor, reviewer, admin_client_, walk):
    walk(article, "published")
    url = reverse("studio:audit_log")
    page = admin_client_.get(url).content.decode()
    for action in ("article.submit", "article.approve", "article.publish"):
        assert action in page
    only = admin_client_.get(url, {"action": "article.approve"}).content.decode()
    assert "1 événement" in only and "article.submit</code>" not in only
    by_actor = admin_client_.get(url, {"actor": "relecteur"}).content.decode()
    assert "article.approve" in by_actor and "article.submit</code>" not in by_actor
    by_article = admin_client_.get(url, {"article": str(article.pk)}).content.decode()
    assert "article.publish" in by_article
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert "Aucun événement ne correspond" in admin_client_.get(url, {"since": tomorrow}).content.decode()
    bad = admin_client_.get(url, {"since": "hier"}).content.decode()
    assert "Date illisible" in bad


def test_audit_entries_record_actor_time_revision_and_data(article, editor, reviewer, walk):
    walk(article, "approved")
    event = AuditEvent.objects.get(action="article.approve")
    assert event.actor == reviewer and event.revision_number == 1
    assert event.data["from"] == "in_review" and event.data["to"] == "approved"
    assert abs((timezone.now() - event.created_at).total_seconds()) < 60
    actions = list(AuditEvent.objects.filter(article=article).order_by("id").values_list("action", flat=True))
    assert actions == ["article.submit", "article.approve"]


def test_audit_log_survives_deletion_and_stays_visible(article, editor, admin_client_):
    workflow.article_submit(article=article, user=editor)
    title = article.title
    article.delete()
    page = admin_client_.get(reverse("studio:audit_log")).content.decode()
    assert title in page and "supprimé" in page


def test_article_list_filters(article, editor, editor_client, source, walk):
    other = ArticleFactory(created_by=editor, sources=[source], title="Vélo et mobilités du quotidien")
    walk(other, "in_review")
    url = reverse("studio:article_list")
    page = editor_client.get(url).content.decode()
    assert article.title in page and other.title in page
    only = editor_client.get(url, {"status": "in_review"}).content.decode()
    assert other.title in only and article.title not in only
    found = editor_client.get(url, {"q": "vélo"}).content.decode()
    assert other.title in found and article.title not in found
    assert "Aucun article ne correspond" in editor_client.get(url, {"q": "zzz"}).content.decode()


def test_detail_page_offers_the_actions_of_the_state(article, editor_client, reviewer_client, walk):
    detail = reverse("studio:article_detail", args=[article.pk])
    assert "Soumettre à la relecture" in editor_client.get(detail).content.decode()
    walk(article, "approved")
    as_editor = editor_client.get(detail).content.decode()
    assert "Publier" not in as_editor.split("Flux de publication")[1].split("</section>")[0]
    as_reviewer = reviewer_client.get(detail).content.decode()
    publish_url = reverse("studio:article_publish", args=[article.pk])
    assert f'action="{publish_url}"' in as_reviewer
    assert "data-confirm" in as_reviewer
