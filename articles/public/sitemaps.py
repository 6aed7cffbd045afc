"""/sitemap.xml: the home page, published articles (lastmod = last publication), categories and tags
that have published articles. URLs are absolute on PRIZM_SITE_URL."""

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


class ArticleSitemap(_SiteSitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        # A list: the sitemap paginator then counts without another query.
        return list(selectors.sitemap_articles())

    def location(self, item):
        return reverse("article_detail", args=[item.slug])

    def lastmod(self, item):
        return item.published_at


class CategorySitemap(_SiteSitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return list(selectors.sitemap_categories())

    def location(self, item):
        return reverse("category_detail", args=[item.slug])

    def lastmod(self, item):
        return item.latest


class TagSitemap(_SiteSitemap):
    changefreq = "weekly"
    priority = 0.3

    def items(self):
        return list(selectors.sitemap_tags())

    def location(self, item):
        return reverse("tag_detail", args=[item.slug])

    def lastmod(self, item):
        return item.latest


SITEMAPS = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
}
