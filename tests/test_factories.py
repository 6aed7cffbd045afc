import pytest

from tests.factories import ArticleFactory, ExtractFactory, SourceFactory, publish_directly


@pytest.mark.django_db
def test_article_factory_makes_a_current_revision_with_ordered_sources():
    first, second = SourceFactory(), SourceFactory()
    ExtractFactory(source=first)
    article = ArticleFactory(sources=[second, first])
    assert article.current_revision.number == 1
    assert [s["id"] for s in article.current_revision.sources] == [second.id, first.id]
    publish_directly(article)
    article.refresh_from_db()
    assert article.status == "published"
    assert "<h2" in article.published_revision.body_html
