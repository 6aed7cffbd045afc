"""A resubmitted article shows the reviewer what changed since their last review."""

import pytest
from django.urls import reverse

from articles.models import Review
from tests.factories import ArticleFactory, make_revision


@pytest.mark.django_db
def test_resubmission_is_diffed_against_the_last_reviewed_revision(reviewer_client, reviewer, editor):
    article = ArticleFactory(created_by=editor, status="in_review")
    first = article.current_revision
    Review.objects.create(article=article, revision=first, reviewer=reviewer, decision="changes_requested", message="Précisez.")
    article.body += "\nUn paragraphe ajouté après la relecture.\n"
    article.save()
    make_revision(article, author=editor)
    response = reviewer_client.get(reverse("studio:article_review", args=[article.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Changements depuis la révision 1" in content
    assert "dernière relecture" in content
