"""Public pages show published revisions only, everywhere; SEO, sharing and accessibility basics;
cache headers and invalidation on publish/unpublish."""

import json
import re
import uuid
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from articles.models import SlugRedirect
from articles.public.cache import public_cache_invalidate
from articles.public.rendering import article_page_context
from tests.factories import ArticleFactory, CategoryFactory, TagFactory

from .conftest import republish

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_article_page_shows_the_published_revision(client, make_published):
    category = CategoryFactory(name="Logement", slug="logement")
    tag = TagFactory(name="Rénovation", slug="renovation")
    article = make_published(title="Titre publié", description="Chapô publié", category=category, tags=[tag])
    article.title = "Titre de travail non relu"
    article.body = "Texte de travail non relu."
    article.save()

    response = client.get(f"/articles/{article.slug}/")
    html = _text(response)
    assert response.status_code == 200
    assert "Titre publié" in html and "Chapô publié" in html
    assert "non relu" not in html
    assert "Analyse factuelle basée sur 2 sources vérifiées" in html
    assert 'href="/categories/logement/"' in html and 'href="/tags/renovation/"' in html
    assert "Rénovation" in html
    assert "min de lecture" in html
    assert re.search(r'<li class="reference" id="source-1">', html)
    assert re.search(r'<li class="reference" id="source-2">', html)
    assert 'class="reliability__fill reliability__fill--8"' in html
    # Citations in the body point at the references block of the same page.
    assert 'href="#source-1"' in html


def test_source_count_sentence_uses_the_real_count_and_singular(client, make_published):
    one = make_published(n_sources=1)
    assert "Analyse factuelle basée sur 1 source vérifiée" in _text(client.get(f"/articles/{one.slug}/"))
    five = make_published(n_sources=5)
    assert "Analyse factuelle basée sur 5 sources vérifiées" in _text(client.get(f"/articles/{five.slug}/"))


@pytest.mark.parametrize("status", ["draft", "in_review", "approved", "scheduled", "unpublished", "archived"])
def test_not_published_is_404_everywhere(client, status):
    article = ArticleFactory(title="Article caché", status=status, slug="cache")
    assert client.get("/articles/cache/").status_code == 404
    for url in ["/", "/feed/", "/feed/atom/", "/sitemap.xml", "/api/articles/", "/search/?q=caché"]:
        assert "Article caché" not in _text(client.get(url)), url
    assert client.get("/api/articles/cache/").status_code == 404
    assert article.pk


def test_published_status_without_revision_is_not_public(client):
    ArticleFactory(title="Sans révision publiée", status="published", slug="sans-revision")
    assert client.get("/articles/sans-revision/").status_code == 404
    assert "Sans révision publiée" not in _text(client.get("/"))


def test_unpublish_removes_the_page_even_when_cached(client, make_published):
    article = make_published(title="Bientôt retiré")
    assert client.get(f"/articles/{article.slug}/").status_code == 200
    assert "Bientôt retiré" in _text(client.get("/"))
    article.status = "unpublished"
    article.save()
    public_cache_invalidate(article=article)
    assert client.get(f"/articles/{article.slug}/").status_code == 404
    assert "Bientôt retiré" not in _text(client.get("/"))


def test_republish_shows_the_new_revision_after_invalidation(client, make_published):
    article = make_published(title="Première version")
    assert "Première version" in _text(client.get(f"/articles/{article.slug}/"))
    republish(article, title="Deuxième version")
    html = _text(client.get(f"/articles/{article.slug}/"))
    assert "Deuxième version" in html and "Première version" not in html


def test_old_slug_redirects_only_when_published(client, make_published):
    article = make_published(slug="nouveau-slug")
    SlugRedirect.objects.create(old_slug="ancien-slug", article=article)
    response = client.get("/articles/ancien-slug/")
    assert response.status_code == 301 and response["Location"] == "/articles/nouveau-slug/"
    article.status = "unpublished"
    article.save()
    public_cache_invalidate(article=article)
    assert client.get("/articles/ancien-slug/").status_code == 404


def test_home_featured_latest_paginated_and_categories(client, make_published):
    category = CategoryFactory(name="Mobilités", slug="mobilites")
    now = timezone.now()
    featured = make_published(title="L'article à la une", featured=True, category=category,
                              when=now - timedelta(days=30))
    for i in range(12):
        make_published(title=f"Article numéro {i:02d}", when=now - timedelta(days=i))
    page1 = _text(client.get("/"))
    assert 'id="feature-title"' in page1 and "article à la une" in page1
    assert "Article numéro 00" in page1 and "Article numéro 09" in page1
    assert "Article numéro 10" not in page1
    assert 'href="/categories/mobilites/"' in page1 and "Mobilités" in page1
    assert 'rel="next" href="?page=2"' in page1
    page2 = _text(client.get("/?page=2"))
    assert "Article numéro 10" in page2 and "Article numéro 11" in page2
    assert 'id="feature-title"' not in page2
    assert client.get("/?page=9").status_code == 404
    assert client.get("/?page=abc").status_code == 404
    assert featured.pk


def test_category_and_tag_pages_list_only_their_published_articles(client, make_published):
    logement = CategoryFactory(name="Logement", slug="logement")
    velo = TagFactory(name="Vélo", slug="velo")
    make_published(title="Dans la catégorie", category=logement)
    make_published(title="Avec l'étiquette", tags=[velo])
    ArticleFactory(title="Brouillon de la catégorie", category=logement, status="draft")
    html = _text(client.get("/categories/logement/"))
    assert "Dans la catégorie" in html and "Brouillon" not in html and "1 article publié" in html
    assert "étiquette" in _text(client.get("/tags/velo/"))
    assert client.get("/categories/inconnue/").status_code == 404
    assert client.get("/tags/inconnue/").status_code == 404


def test_related_articles_share_tags_or_sources(client, make_published):
    tag = TagFactory(name="Réparation", slug="reparation")
    other_tag = TagFactory(name="Autre", slug="autre")
    article = make_published(title="Article principal", tags=[tag])
    make_published(title="Voisin par étiquette", tags=[tag])
    make_published(title="Sans rapport", tags=[other_tag])
    html = _text(client.get(f"/articles/{article.slug}/"))
    related = html.split('id="related-title"')[1]
    assert "Voisin par étiquette" in related and "Sans rapport" not in related


def test_seo_and_sharing_tags(client, make_published, settings):
    article = make_published(title="Titre SEO", description="Une description pour les moteurs.",
                             image="/media/illustration.jpg", tags=[TagFactory(name="IA", slug="ia")])
    html = _text(client.get(f"/articles/{article.slug}/"))
    canonical = f"{settings.PRIZM_SITE_URL}/articles/{article.slug}/"
    assert "<title>Titre SEO · Prizm</title>" in html
    assert '<meta name="description" content="Une description pour les moteurs.">' in html
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Titre SEO">' in html
    assert f'<meta property="og:image" content="{settings.PRIZM_SITE_URL}/media/illustration.jpg">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'type="application/rss+xml"' in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ld["@type"] == "Article" and ld["headline"] == "Titre SEO"
    assert ld["url"] == canonical and ld["keywords"] == ["IA"]
    assert len(ld["citation"]) == 2
    assert ld["citation"][0]["url"].startswith("https://observatoire-")
    assert "datePublished" in ld and "dateModified" in ld


def test_accessibility_basics(client, make_published):
    article = make_published()
    for url in ["/", f"/articles/{article.slug}/", "/search/?q=atelier"]:
        html = _text(client.get(url))
        assert '<html lang="fr">' in html
        assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
        assert '<label class="visually-hidden" for="site-q">' in html
        assert html.count("<h1") == 1, url
    html = _text(client.get(f"/articles/{article.slug}/"))
    assert '<nav class="breadcrumbs" aria-label=' in html
    assert '<section class="references" id="sources" aria-labelledby="sources-title">' in html


def test_public_pages_are_the_same_for_everyone_and_cacheable(client, make_published, editor_client):
    article = make_published()
    url = f"/articles/{article.slug}/"
    anonymous = client.get(url)
    assert anonymous["Cache-Control"].startswith("public, max-age=")
    assert "s-maxage=" in anonymous["Cache-Control"]
    assert anonymous["ETag"] and anonymous["Last-Modified"]
    assert "Accept-Language" in anonymous["Vary"]
    assert "csrftoken" not in anonymous.cookies and "sessionid" not in anonymous.cookies
    assert "X-CSRFToken\": \"\"" in _text(anonymous) or "csrfmiddlewaretoken" not in _text(anonymous)
    # A logged-in editor gets the same bytes: nothing personal is rendered into public pages.
    assert editor_client.get(url).content == anonymous.content
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=anonymous["ETag"])
    assert not_modified.status_code == 304 and not_modified.content == b""


def test_cached_page_costs_no_query(client, make_published, django_assert_num_queries):
    article = make_published()
    url = f"/articles/{article.slug}/"
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_preview_context_renders_the_article_template_with_banner_and_noindex(make_published):
    article = make_published(title="Version publiée")
    article.title = "Brouillon à prévisualiser"
    article.save()
    from tests.factories import make_revision

    draft = make_revision(article)
    html = render_to_string("public/article.html", article_page_context(article=article, revision=draft, preview=True))
    assert "Aperçu — non publié" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "Brouillon à prévisualiser" in html
    assert 'rel="canonical"' not in html


def test_language_switch_is_a_plain_link_that_sets_the_cookie(client, make_published):
    article = make_published()
    html = _text(client.get(f"/articles/{article.slug}/"))
    assert f'href="/langue/en/?next=/articles/{article.slug}/"' in html
    response = client.get(f"/langue/en/?next=/articles/{article.slug}/")
    assert response.status_code == 302 and response["Location"] == f"/articles/{article.slug}/"
    assert response.cookies["django_language"].value == "en"
    assert client.get("/langue/en/?next=https://evil.example.com/")["Location"] == "/"
    english = _text(client.get(f"/articles/{article.slug}/"))
    assert '<html lang="en">' in english


def test_robots_txt(client, settings):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = _text(response)
    assert "Disallow: /studio/" in text and "Disallow: /preview/" in text
    assert f"Sitemap: {settings.PRIZM_SITE_URL}/sitemap.xml" in text


def test_with_redis_cache_hits_stay_in_process_and_other_machines_invalidate(
    client, make_published, redis_url, settings, django_assert_num_queries
):
    """CACHE_URL=redis://… (production): a hit needs neither a query nor a Redis round trip; a
    publication made elsewhere (new shared generation) is seen within SHARED_GENERATION_TTL."""
    from django.core.cache import cache

    from articles.public import cache as public_cache

    # A prefix of its own: never FLUSHDB a Redis database other things may use.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": redis_url, "KEY_PREFIX": f"test-public-{uuid.uuid4().hex}"}}
    article = make_published(title="Servi depuis Redis")
    url = f"/articles/{article.slug}/"
    assert "Servi depuis Redis" in _text(client.get(url))
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
    assert any(e["content"] for e in public_cache._local_pages.values())

    # Another machine unpublishes: only the shared generation changes (no file stamp here).
    article.status = "unpublished"
    article.save()
    cache.set(public_cache.GENERATION_KEY, "generation-from-another-machine", None)
    public_cache._shared_generation["read_at"] -= public_cache.SHARED_GENERATION_TTL
    assert client.get(url).status_code == 404
    cache.delete(public_cache.GENERATION_KEY)


def test_past_expiry_is_hidden_even_before_the_scheduler_unpublishes(client, make_published):
    article = make_published(title="Expire bientôt", tags=[TagFactory(slug="expire")])
    article.expire_at = timezone.now() - timedelta(minutes=1)
    article.save()
    public_cache_invalidate(article=article)
    assert client.get(f"/articles/{article.slug}/").status_code == 404
    for url in ["/", "/feed/", "/sitemap.xml", "/api/articles/", "/search/?q=bientôt", "/tags/expire/"]:
        assert "Expire bientôt" not in _text(client.get(url)), url
