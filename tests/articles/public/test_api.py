"""Read-only JSON API: published only, paginated, filters, full article payload."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, CategoryFactory, TagFactory

from .conftest import republish

pytestmark = pytest.mark.django_db


def test_detail_has_body_metadata_and_sources(client, make_published, settings):
    category = CategoryFactory(name="Logement", slug="logement")
    tag = TagFactory(name="Rénovation", slug="renovation")
    article = make_published(title="Titre API", description="Chapô API", category=category, tags=[tag],
                             image="/media/a.jpg", featured=True)
    article.title = "Brouillon non publié"
    article.save()

    response = client.get(f"/api/articles/{article.slug}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"].startswith("public")
    data = response.json()
    assert data["title"] == "Titre API" and data["description"] == "Chapô API"
    assert data["url"] == f"{settings.PRIZM_SITE_URL}/articles/{article.slug}/"
    assert data["category"] == {"name": "Logement", "slug": "logement"}
    assert data["tags"] == [{"name": "Rénovation", "slug": "renovation"}]
    assert data["featured"] is True and data["image"] == "/media/a.jpg"
    assert data["body_markdown"].startswith("## Contexte")
    assert 'href="#source-1"' in data["body_html"]
    assert data["reading_time_minutes"] == 1 and data["sources_count"] == 2
    first = data["sources"][0]
    assert set(first) == {"number", "name", "publisher", "kind", "kind_label", "date", "date_display", "url",
                          "reliability"}
    assert first["number"] == 1 and first["kind"] == "etude" and first["reliability"] == 8
    assert first["url"].startswith("https://")
    assert "Brouillon" not in response.content.decode()


def test_unpublished_and_unknown_are_404_json(client):
    ArticleFactory(slug="brouillon", status="draft")
    for url in ["/api/articles/brouillon/", "/api/articles/inconnu/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "error" in response.json()


def test_list_paginates_and_filters(client, make_published):
    logement = CategoryFactory(slug="logement")
    velo = TagFactory(slug="velo")
    now = timezone.now()
    old = make_published(title="Ancien", category=logement, when=now - timedelta(days=40))
    recent = make_published(title="Récent", tags=[velo], when=now - timedelta(days=1))
    for i in range(3):
        make_published(title=f"Autre {i}", when=now - timedelta(days=10 + i))
    ArticleFactory(title="Jamais publié")

    data = client.get("/api/articles/?page_size=2").json()
    assert data["count"] == 5 and data["num_pages"] == 3 and data["page"] == 1
    assert [a["title"] for a in data["results"]] == ["Récent", "Autre 0"]
    assert data["next"].endswith("/api/articles/?page_size=2&page=2") and data["previous"] is None
    page3 = client.get("/api/articles/?page_size=2&page=3").json()
    assert [a["title"] for a in page3["results"]] == ["Ancien"]

    assert [a["slug"] for a in client.get("/api/articles/?category=logement").json()["results"]] == [old.slug]
    assert [a["slug"] for a in client.get("/api/articles/?tag=velo").json()["results"]] == [recent.slug]
    since = (now - timedelta(days=5)).date().isoformat()
    assert [a["slug"] for a in client.get(f"/api/articles/?updated_since={since}").json()["results"]] == [recent.slug]
    stamp = (now - timedelta(days=11)).isoformat()
    assert client.get("/api/articles/", {"updated_since": stamp}).json()["count"] == 3


def test_updated_since_sees_republished_articles(client, make_published):
    article = make_published(title="Version 1", when=timezone.now() - timedelta(days=30))
    since = (timezone.now() - timedelta(hours=1)).isoformat()
    assert client.get("/api/articles/", {"updated_since": since}).json()["count"] == 0
    republish(article, title="Version 2")
    results = client.get("/api/articles/", {"updated_since": since}).json()["results"]
    assert [a["title"] for a in results] == ["Version 2"]
    assert results[0]["revision"] == 3


def test_bad_parameters_are_400_or_404(client, make_published):
    make_published()
    assert client.get("/api/articles/?updated_since=hier").status_code == 400
    assert client.get("/api/articles/?page_size=abc").status_code == 400
    assert client.get("/api/articles/?page=99").status_code == 404
