"""The workflow services: transitions, four eyes, re-review after edit, gate, notifications, audit."""

import pytest
from django.core.exceptions import PermissionDenied

from articles import workflow
from articles.models import AuditEvent, Review
from articles.workflow import GateBlocked, WorkflowError
from tests.factories import GenerationJobFactory, UserFactory, make_revision

from .conftest import add_blocker, edit

pytestmark = pytest.mark.django_db


def test_submit_puts_the_article_in_the_review_queue_and_mails_the_reviewers(
    article, editor, reviewer, other_reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_submit(article=article, user=editor)
    article.refresh_from_db()
    assert article.status == "in_review"
    assert article.submitted_at is not None and article.submitted_by == editor
    event = AuditEvent.objects.get(action="article.submit")
    assert event.actor == editor and event.article == article and event.revision_number == 1
    assert event.data["from"] == "draft" and event.data["to"] == "in_review"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert set(mail.to) == {reviewer.email, other_reviewer.email}
    assert article.title in mail.subject and f"/studio/articles/{article.pk}/review/" in mail.body


def test_nothing_is_mailed_when_the_action_is_refused(article, editor, mailoutbox, django_capture_on_commit_callbacks):
    add_blocker(article)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(GateBlocked):
        workflow.article_submit(article=article, user=editor)
    assert mailoutbox == []
    assert not AuditEvent.objects.filter(action="article.submit").exists()


def test_withdraw_returns_the_article_to_draft(article, editor, other_editor):
    workflow.article_submit(article=article, user=editor)
    workflow.article_withdraw(article=article, user=other_editor)
    article.refresh_from_db()
    assert article.status == "draft" and article.submitted_at is None
    assert AuditEvent.objects.filter(action="article.withdraw", actor=other_editor).exists()


def test_request_changes_needs_a_message_and_tells_the_editor(
    article, editor, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    workflow.article_submit(article=article, user=editor)
    with pytest.raises(WorkflowError, match="message est obligatoire"):
        workflow.article_request_changes(article=article, user=reviewer, message="  ")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_request_changes(article=article, user=reviewer, message="Ajoutez la date de l'étude.")
    article.refresh_from_db()
    assert article.status == "changes_requested"
    review = Review.objects.get(article=article)
    assert review.decision == "changes_requested" and review.revision == article.current_revision
    assert [m.to for m in mailoutbox] == [[editor.email]]
    assert "Ajoutez la date de l'étude." in mailoutbox[0].body
    # The editor fixes and resubmits.
    edit(article, editor, body=article.body + "\nL'étude date de 2024.\n")
    workflow.article_submit(article=article, user=editor)
    article.refresh_from_db()
    assert article.status == "in_review"


def test_approve_records_a_review_for_the_current_revision_and_tells_the_editor(
    article, editor, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    workflow.article_submit(article=article, user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_approve(article=article, user=reviewer, message="Très clair.")
    article.refresh_from_db()
    assert article.status == "approved"
    assert article.approved_revision == article.current_revision
    assert Review.objects.get(article=article).decision == "approved"
    assert [m.to for m in mailoutbox] == [[editor.email]]
    assert "Approuvé" in mailoutbox[0].subject


def test_four_eyes_nobody_approves_what_they_wrote(article, editor, reviewer, other_reviewer):
    # The reviewer edits the article: they now wrote part of what would be approved.
    edit(article, reviewer, body=article.body + "\nUn paragraphe du relecteur.\n")
    workflow.article_submit(article=article, user=editor)
    with pytest.raises(WorkflowError, match="Quatre yeux"):
        workflow.article_approve(article=article, user=reviewer)
    assert workflow.available_actions(article, reviewer)["approve"].startswith("Quatre yeux")
    workflow.article_approve(article=article, user=other_reviewer)
    article.refresh_from_db()
    assert article.status == "approved"


def test_four_eyes_the_requester_of_a_generation_counts_as_writer(editor, reviewer, other_reviewer, source):
    from tests.factories import ArticleFactory

    article = ArticleFactory(created_by=reviewer, sources=[source], with_revision=False)
    job = GenerationJobFactory(requested_by=reviewer, brief__requested_by=reviewer, status="succeeded")
    revision = make_revision(article, author=reviewer)
    revision.generated_by_job = job
    revision.author = None  # written by the machine, asked for by the reviewer
    revision.save()
    workflow.article_submit(article=article, user=editor)
    with pytest.raises(WorkflowError, match="Quatre yeux"):
        workflow.article_approve(article=article, user=reviewer)
    workflow.article_approve(article=article, user=other_reviewer)


def test_four_eyes_applies_to_admins_too(article, editor, admin_user, reviewer):
    edit(article, admin_user, title="Titre revu par l'administratrice")
    workflow.article_submit(article=article, user=editor)
    with pytest.raises(WorkflowError, match="Quatre yeux"):
        workflow.article_approve(article=article, user=admin_user)
    workflow.article_approve(article=article, user=reviewer)


def test_four_eyes_only_counts_writers_since_the_last_approval(article, editor, reviewer, other_reviewer, walk):
    edit(article, reviewer, body=article.body + "\nAjout du relecteur.\n")
    workflow.article_submit(article=article, user=editor)
    workflow.article_approve(article=article, user=other_reviewer)
    workflow.article_publish(article=article, user=other_reviewer)
    # A later change by the editor only: the reviewer who wrote an earlier, approved part may approve it.
    edit(article, editor, body=article.body + "\nCorrection de l'éditeur.\n")
    workflow.article_submit(article=article, user=editor)
    workflow.article_approve(article=article, user=reviewer)
    article.refresh_from_db()
    assert article.approved_revision_id == article.current_revision_id
    assert article.reviews.filter(reviewer=reviewer, decision="approved").exists()


def test_approval_is_for_the_revision_the_reviewer_read(article, editor, reviewer):
    workflow.article_submit(article=article, user=editor)
    read = article.current_revision
    edit(article, editor, body=article.body + "\nUne phrase ajoutée pendant la relecture.\n")
    with pytest.raises(WorkflowError, match="modifié pendant votre relecture"):
        workflow.article_approve(article=article, user=reviewer, revision=read)
    article.refresh_from_db()
    assert article.status == "in_review" and article.approved_revision is None


def test_editing_an_approved_article_sends_it_back_to_review(
    article, editor, reviewer, walk, mailoutbox, django_capture_on_commit_callbacks
):
    walk(article, "approved")
    approved = article.approved_revision
    with django_capture_on_commit_callbacks(execute=True):
        result = edit(article, editor, body=article.body + "\nUne correction après approbation.\n")
    article.refresh_from_db()
    assert result.back_to_review
    assert article.status == "in_review" and article.submitted_at is not None
    assert article.approved_revision == approved != article.current_revision
    assert any("de nouveau" in m.subject for m in mailoutbox)
    with pytest.raises(WorkflowError, match="En relecture"):
        workflow.article_publish(article=article, user=reviewer)
    workflow.article_approve(article=article, user=reviewer)
    workflow.article_publish(article=article, user=reviewer)
    article.refresh_from_db()
    assert article.published_revision.body.endswith("Une correction après approbation.\n")


def test_editing_a_scheduled_article_cancels_the_schedule_and_sends_it_back_to_review(article, editor, walk):
    walk(article, "scheduled")
    edit(article, editor, title="Un titre changé après programmation")
    article.refresh_from_db()
    assert article.status == "in_review" and article.go_live_at is None
    assert AuditEvent.objects.filter(action="article.back_to_review", data__from="scheduled").exists()


def test_metadata_only_edit_keeps_the_approval(article, editor, walk):
    walk(article, "approved")
    result = edit(article, editor, featured=True, tags=["Réparation"])
    article.refresh_from_db()
    assert result.revision is None and not result.back_to_review
    assert article.status == "approved" and article.featured
    assert list(article.tags.values_list("name", flat=True)) == ["Réparation"]


def test_publishing_freezes_the_approved_revision(article, editor, reviewer, walk):
    walk(article, "published")
    published = article.published_revision
    assert article.status == "published"
    assert published == article.approved_revision == article.current_revision
    assert "<h2" in published.body_html and "121 ateliers" in published.body_html
    assert article.published_at and article.first_published_at == article.published_at
    # Later edits do not touch the public revision.
    edit(article, editor, body="## Refonte\n\nLe réseau compte 121 ateliers (Source : Observatoire régional 0).\n")
    article.refresh_from_db()
    assert article.status == "published" and article.published_revision == published
    assert article.current_revision != published
    assert article.submitted_at is None  # a draft of changes, not yet submitted
    # The change goes through review again, then replaces the public revision.
    workflow.article_submit(article=article, user=editor)
    article.refresh_from_db()
    assert article.status == "published" and article.submitted_at is not None
    workflow.article_approve(article=article, user=reviewer)
    workflow.article_publish(article=article, user=reviewer)
    article.refresh_from_db()
    assert article.published_revision == article.current_revision != published
    assert "Refonte" in article.published_revision.body_html
    assert article.first_published_at < article.published_at


def test_publish_refuses_what_is_already_live(article, reviewer, walk):
    walk(article, "published")
    with pytest.raises(WorkflowError, match="déjà en ligne"):
        workflow.article_publish(article=article, user=reviewer)


def test_unpublish_archive_and_restore(article, editor, reviewer, walk):
    walk(article, "published")
    workflow.article_unpublish(article=article, user=reviewer, message="Erreur de chiffre signalée.")
    article.refresh_from_db()
    assert article.status == "unpublished" and article.published_revision is None
    assert article.first_published_at is not None
    # Unchanged and still approved: it may go back online directly.
    workflow.article_publish(article=article, user=reviewer)
    workflow.article_archive(article=article, user=reviewer)
    article.refresh_from_db()
    assert article.status == "archived" and article.published_revision is None
    with pytest.raises(WorkflowError, match="Archivé"):
        edit(article, editor, title="Modifié après archivage")
    workflow.article_restore(article=article, user=reviewer)
    article.refresh_from_db()
    assert article.status == "draft"


def test_transitions_from_the_wrong_state_are_refused_with_a_message(article, editor, reviewer):
    with pytest.raises(WorkflowError, match="Brouillon"):
        workflow.article_approve(article=article, user=reviewer)
    with pytest.raises(WorkflowError):
        workflow.article_withdraw(article=article, user=editor)
    with pytest.raises(WorkflowError):
        workflow.article_unpublish(article=article, user=reviewer)
    article.refresh_from_db()
    assert article.status == "draft"


def test_editors_cannot_take_reviewer_decisions(article, editor, other_editor):
    workflow.article_submit(article=article, user=editor)
    for action in (workflow.article_approve, workflow.article_request_changes):
        with pytest.raises(PermissionDenied):
            action(article=article, user=other_editor, message="ok")
    reader = UserFactory(username="lecteur")
    with pytest.raises(PermissionDenied):
        workflow.article_withdraw(article=article, user=reader)


def test_submit_and_publish_are_refused_while_a_blocker_remains(article, editor, reviewer, other_reviewer):
    finding = add_blocker(article)
    with pytest.raises(GateBlocked, match=r"1 blocage non levé \(Emplacement non rempli\)") as refused:
        workflow.article_submit(article=article, user=editor)
    assert [b.pk for b in refused.value.blockers] == [finding.pk]
    # Editors cannot lift a blocker; a reviewer can, with a written reason.
    with pytest.raises(PermissionDenied):
        workflow.finding_override(article=article, finding=finding, user=editor, reason="Je pense que ça va.")
    with pytest.raises(WorkflowError, match="pourquoi"):
        workflow.finding_override(article=article, finding=finding, user=reviewer, reason="ok")
    workflow.finding_override(
        article=article, finding=finding, user=reviewer,
        reason="Le crochet fait partie de la citation exacte du rapport.",
    )
    event = AuditEvent.objects.get(action="finding.override")
    assert event.data["reason"].startswith("Le crochet") and event.article == article
    workflow.article_submit(article=article, user=editor)
    workflow.article_approve(article=article, user=other_reviewer)
    workflow.article_publish(article=article, user=other_reviewer)
    article.refresh_from_db()
    assert article.status == "published"


def test_publish_is_refused_when_a_new_blocker_appears_after_approval(article, editor, reviewer, walk):
    walk(article, "approved")
    add_blocker(article, code="unknown_source", excerpt="(Source : Inconnue)")
    with pytest.raises(GateBlocked):
        workflow.article_publish(article=article, user=reviewer)
    article.refresh_from_db()
    assert article.status == "approved" and article.published_revision is None


def test_comments_on_the_article_and_on_a_passage(article, editor, reviewer):
    comment = workflow.article_comment(article=article, user=reviewer, text="Quelle année ?", quote="121 ateliers")
    assert comment.revision == article.current_revision and comment.quote == "121 ateliers"
    with pytest.raises(WorkflowError, match="ne figure pas"):
        workflow.article_comment(article=article, user=reviewer, text="?", quote="un passage absent")
    with pytest.raises(WorkflowError, match="Écrivez"):
        workflow.article_comment(article=article, user=editor, text="  ")
    assert AuditEvent.objects.filter(action="article.comment").count() == 1


def test_available_actions_follow_the_table(article, editor, reviewer, walk):
    assert set(workflow.available_actions(article, editor)) == {"edit", "submit", "comment", "preview_link"}
    assert "approve" not in workflow.available_actions(article, reviewer)
    walk(article, "in_review")
    actions = workflow.available_actions(article, reviewer)
    assert actions["approve"] is None and actions["request_changes"] is None
    assert "publish" not in actions


def test_audit_events_survive_the_deletion_of_the_article(article, editor):
    workflow.article_submit(article=article, user=editor)
    title = article.title
    article.delete()
    event = AuditEvent.objects.get(action="article.submit")
    assert event.article is None and event.object_repr == title and event.actor_name == "editeur"
