"""seed_demo's public part: published articles through the workflow, idempotent, one long enough for
a table of contents, all pages alive."""

import pytest

from articles.demo.public import DEMO_ARTICLES, seed_demo_content
from articles.models import Article
from prizm.demo import seed_users

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_sources():
    from sources.demo import seed_demo_content as seed_sources

    seed_users()
    seed_sources()


def test_demo_articles_are_published_and_alive(client, demo_sources):
    lines = seed_demo_content()
    assert lines[0].startswith(f"Articles publics de démonstration : {len(DEMO_ARTICLES)} publiés"), lines
    articles = Article.objects.filter(slug__in=[a["slug"] for a in DEMO_ARTICLES])
    assert articles.count() == len(DEMO_ARTICLES) >= 4
    assert all(a.status == "published" and a.published_revision_id for a in articles)
    assert articles.filter(featured=True).count() == 1
    assert len({a.category_id for a in articles}) >= 2
    with_toc = [a for a in articles if a.published_revision.body_html.startswith('<nav class="toc"')]
    assert len(with_toc) == 1
    for article in articles:
        html = client.get(f"/articles/{article.slug}/").content.decode()
        assert 'class="citation"' in html and "Analyse factuelle basée sur" in html
    home = client.get("/").content.decode()
    assert 'id="feature-title"' in home


def test_demo_is_idempotent(demo_sources):
    seed_demo_content()
    lines = seed_demo_content()
    assert lines == [f"Articles publics de démonstration : 0 publiés, {len(DEMO_ARTICLES)} déjà présents."]
    assert Article.objects.count() == len(DEMO_ARTICLES)
