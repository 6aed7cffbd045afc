"""/sitemap.xml: the home page, published articles (lastmod = last publication), categories and tags
that have published articles. URLs are absolute on PRIZM_SITE_URL."""

from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.public import selectors


class _SiteSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(settings.PRIZM_SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.PRIZM_SITE_URL).netloc


class HomeSitemap(_SiteSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["home"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        latest = selectors.sitemap_articles().first()
        return latest.published_at if latest else None


class _ListedSitemap(_SiteSitemap):
    """Pages listed by `selector`, each at `url_name` with its slug, last modified at `date_field`."""

    def __init__(self, selector, *, url_name: str, date_field: str, changefreq: str, priority: float,
                 limit: int | None = None):
        self.selector, self.url_name, self.date_field = selector, url_name, date_field
        self.changefreq, self.priority = changefreq, priority
        if limit:
            self.limit = limit

    def items(self):
        # A list: the sitemap paginator then counts without another query.
        return list(self.selector())

    def location(self, item):
        return reverse(self.url_name, args=[item.slug])

    def lastmod(self, item):
        return getattr(item, self.date_field)


# Callables, so the sitemap view builds a fresh instance per request (a Sitemap keeps state while it renders).
SITEMAPS = {
    "home": HomeSitemap,
    "articles": partial(_ListedSitemap, selectors.sitemap_articles, url_name="article_detail", date_field="published_at",
                               changefreq="weekly", priority=0.8, limit=5000),
    "categories": partial(_ListedSitemap, selectors.sitemap_categories, url_name="category_detail", date_field="latest",
                                 changefreq="daily", priority=0.5),
    "tags": partial(_ListedSitemap, selectors.sitemap_tags, url_name="tag_detail", date_field="latest",
                           changefreq="weekly", priority=0.3),
}
