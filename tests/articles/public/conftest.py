"""Fixtures for the public site: articles put on the site the way the workflow does it (publish the
revision, freeze its public data, invalidate the public cache)."""

import pytest
from django.core.cache import cache

from tests.factories import ArticleFactory, SourceFactory, UserFactory, make_revision, publish_directly


@pytest.fixture(autouse=True)
def _fresh_public_cache():
    cache.clear()
    yield
    cache.clear()


def publish(article, *, when=None):
    """What articles.workflow does at publish time, without the review steps."""
    return publish_directly(article, when=when)


def republish(article, **changes):
    """Edit the working copy, snapshot it and publish that new revision."""
    for field, value in changes.items():
        setattr(article, field, value)
    article.save()
    make_revision(article, author=article.created_by)
    return publish(article)


def body_citing(*sources, extra: str = "") -> str:
    lines = ["## Contexte", ""]
    for source in sources:
        lines.append(f"Le réseau compte 121 ateliers selon cette étude (Source : {source.name}).")
        lines.append("")
    return "\n".join(lines) + extra


@pytest.fixture
def author(db):
    return UserFactory(username="auteur-public", editor=True)


@pytest.fixture
def make_published(author):
    """make_published(n_sources=2, tags=[…], category=…, **article fields) → a published article."""

    def factory(*, n_sources: int = 2, tags=(), when=None, **fields):
        sources = [SourceFactory() for _ in range(n_sources)]
        fields.setdefault("body", body_citing(*sources))
        fields.setdefault("created_by", author)
        article = ArticleFactory(sources=sources, **fields)
        if tags:
            article.tags.set(tags)
        # The factory's first revision was taken before the body was known for sure: take a fresh one.
        make_revision(article, author=article.created_by)
        return publish(article, when=when)

    return factory
