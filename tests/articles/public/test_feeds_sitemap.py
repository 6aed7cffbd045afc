"""RSS, Atom and sitemap parse as XML and list published articles only, with absolute URLs."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def site(make_published):
    published = make_published(title="Publié & cité <ok>", category=CategoryFactory(name="Logement", slug="logement"),
                               tags=[TagFactory(name="Vélo", slug="velo")])
    ArticleFactory(title="Brouillon invisible", slug="brouillon-invisible", status="draft",
                   category=published.category)
    return published


def test_rss(client, site, settings):
    response = client.get("/feed/")
    assert response.status_code == 200 and "rss" in response["Content-Type"]
    root = ET.fromstring(response.content)
    items = root.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["Publié & cité <ok>"]
    assert items[0].findtext("link") == f"{settings.PRIZM_SITE_URL}/articles/{site.slug}/"
    assert {c.text for c in items[0].findall("category")} == {"Logement", "Vélo"}
    assert root.find("./channel/link").text == f"{settings.PRIZM_SITE_URL}/"
    assert b"Brouillon" not in response.content


def test_atom(client, site, settings):
    response = client.get("/feed/atom/")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert entries[0].findtext(f"{ATOM}title") == "Publié & cité <ok>"
    assert entries[0].find(f"{ATOM}link").get("href") == f"{settings.PRIZM_SITE_URL}/articles/{site.slug}/"
    assert entries[0].findtext(f"{ATOM}updated")
    assert b"Brouillon" not in response.content


def test_sitemap_lists_published_pages_with_lastmod(client, site, settings):
    response = client.get("/sitemap.xml")
    root = ET.fromstring(response.content)
    urls = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root.findall(f"{SITEMAP}url")}
    base = settings.PRIZM_SITE_URL
    assert f"{base}/" in urls
    assert urls[f"{base}/articles/{site.slug}/"] == site.published_at.date().isoformat()
    assert f"{base}/categories/logement/" in urls and f"{base}/tags/velo/" in urls
    assert not any("brouillon" in u for u in urls)
    assert response.has_header("Last-Modified")
