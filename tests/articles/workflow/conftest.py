"""Fixtures for the editorial workflow tests: an article written by `editor`, and helpers that put
it in each state through the real services."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Finding
from articles.workflow.editing import ArticleInput, article_save
from tests.factories import ArticleFactory, SourceFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Test users get their password hashed quickly (PBKDF2 costs ~0.3 s per user)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def other_reviewer(db):
    return UserFactory(username="relecteur2", reviewer=True)


@pytest.fixture
def source(db):
    return SourceFactory(name="Observatoire régional 0")


@pytest.fixture
def article(editor, source):
    return ArticleFactory(created_by=editor, sources=[source])


def edit(article, user, **changes):
    """Save a change through the editor service, from the article's current version."""
    article.refresh_from_db()
    data = ArticleInput.from_article(article)
    for name, value in changes.items():
        setattr(data, name, value)
    return article_save(article=article, user=user, data=data, base_version=article.version)


def add_blocker(article, *, code="placeholder", excerpt="[Insérer ici le chiffre]"):
    article.refresh_from_db()
    return Finding.objects.create(
        revision=article.current_revision, code=code, severity="blocker",
        message="Un emplacement à remplir est resté dans le texte.", excerpt=excerpt, line=3,
        fingerprint=hashlib.sha256(f"{code}:{excerpt}".encode()).hexdigest()[:64],
    )


def to_state(article, state, *, editor, reviewer):
    """Walk `article` to `state` through the services (editor submits, reviewer decides)."""
    if state == "draft":
        return article
    if state == "archived":
        return workflow.article_archive(article=article, user=reviewer)
    workflow.article_submit(article=article, user=editor)
    if state == "in_review":
        return article
    if state == "changes_requested":
        return workflow.article_request_changes(article=article, user=reviewer, message="Sourcez le deuxième paragraphe.")
    workflow.article_approve(article=article, user=reviewer)
    if state == "approved":
        return article
    if state == "scheduled":
        return workflow.article_schedule(
            article=article, user=reviewer, go_live_at=timezone.now() + timedelta(hours=2)
        )
    workflow.article_publish(article=article, user=reviewer)
    if state == "published":
        return article
    if state == "unpublished":
        return workflow.article_unpublish(article=article, user=reviewer)
    raise ValueError(state)


@pytest.fixture
def walk(editor, reviewer):
    def _walk(article, state):
        to_state(article, state, editor=editor, reviewer=reviewer)
        article.refresh_from_db()
        return article

    return _walk
