"""seed_demo shows the whole workflow at once: articles in every state, built through the services."""

import pytest
from django.core.management import call_command

from articles.models import Article, AuditEvent

pytestmark = pytest.mark.django_db

STATES = {"draft", "in_review", "changes_requested", "approved", "scheduled", "published", "unpublished"}


def test_seed_demo_creates_articles_in_every_state_and_is_idempotent(capsys):
    call_command("seed_demo", "--force")
    first = dict(Article.objects.values_list("slug", "status"))
    assert STATES <= set(first.values())
    # Built through the workflow: submissions, approvals and publications are in the audit log.
    for action in ("article.submit", "article.approve", "article.publish", "article.request_changes",
                   "article.schedule", "article.unpublish"):
        assert AuditEvent.objects.filter(action=action).exists(), action
    # A published article with changes waiting in the review queue.
    pending = Article.objects.get(slug="passoires-thermiques-rurales-reste-a-charge")
    assert pending.status == "published" and pending.submitted_at is not None
    assert pending.published_revision != pending.current_revision
    events = AuditEvent.objects.count()
    call_command("seed_demo", "--force")
    assert dict(Article.objects.values_list("slug", "status")) == first
    assert AuditEvent.objects.count() == events
    assert "Articles de démonstration" in capsys.readouterr().out
