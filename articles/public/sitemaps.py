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


class _ListedSitemap(_SiteSitemap):
    """Pages listed by a selector, each at `url_name` with its slug, last modified at `date_field`."""

    url_name = ""
    date_field = ""

    def selector(self):
        raise NotImplementedError

    def items(self):
        # A list: the sitemap paginator then counts without another query.
        return list(self.selector())

    def location(self, item):
        return reverse(self.url_name, args=[item.slug])

    def lastmod(self, item):
        return getattr(item, self.date_field)


class ArticleSitemap(_ListedSitemap):
    changefreq, priority, limit = "weekly", 0.8, 5000
    url_name, date_field = "article_detail", "published_at"
    selector = staticmethod(selectors.sitemap_articles)


class CategorySitemap(_ListedSitemap):
    changefreq, priority = "daily", 0.5
    url_name, date_field = "category_detail", "latest"
    selector = staticmethod(selectors.sitemap_categories)


class TagSitemap(_ListedSitemap):
    changefreq, priority = "weekly", 0.3
    url_name, date_field = "tag_detail", "latest"
    selector = staticmethod(selectors.sitemap_tags)


SITEMAPS = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
}
