"""A fixed, small number of queries per public page, whatever the number of sources, tags and
articles. Measured on the uncached path (the cache is cleared before each request)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_article_page_is_two_queries_whatever_the_sources_and_tags(client, make_published):
    small = make_published(n_sources=1, tags=[TagFactory()])
    big = make_published(n_sources=9, tags=[TagFactory() for _ in range(7)], category=CategoryFactory())
    for i in range(4):  # related articles to show
        make_published(tags=[big.tags.first()], title=f"Voisin {i}")
    client.get(f"/articles/{small.slug}/")  # first view of each: nothing left to freeze
    assert _queries(client, f"/articles/{small.slug}/") == 2
    assert _queries(client, f"/articles/{big.slug}/") == 2


def test_list_pages_do_not_grow_with_the_number_of_articles(client, make_published):
    category = CategoryFactory(slug="cat")
    tag = TagFactory(slug="tag")
    make_published(category=category, tags=[tag], featured=True)
    make_published(category=category, tags=[tag])
    urls = ["/", "/categories/cat/", "/tags/tag/", "/feed/", "/feed/atom/", "/sitemap.xml", "/api/articles/",
            "/search/?q=ateliers"]
    before = {url: _queries(client, url) for url in urls}
    for _ in range(8):
        make_published(category=category, tags=[tag, TagFactory()], n_sources=3)
    after = {url: _queries(client, url) for url in urls}
    assert after == before
    assert max(after.values()) <= 4, after


def test_api_detail_is_one_query(client, make_published):
    article = make_published(n_sources=6, tags=[TagFactory() for _ in range(4)])
    client.get(f"/api/articles/{article.slug}/")
    assert _queries(client, f"/api/articles/{article.slug}/") == 1
