"""RSS 2.0 (/feed/) and Atom 1.0 (/feed/atom/) of the latest published articles (Django syndication).
Absolute links use PRIZM_SITE_URL so feeds are the same whatever host served them."""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from articles.public import selectors
from articles.public.rendering import absolute_url, article_tags

# XML 1.0 allows no control character but tab, newline and carriage return: a title an importer or a
# model wrote with one would make the whole feed fail.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text or "")


class LatestArticlesFeed(Feed):
    title = "Prizm"
    description = _("Analyses factuelles fondées sur des sources vérifiées et citées.")
    language = "fr"
    author_name = "Prizm"

    def link(self):
        return absolute_url(reverse("home"))

    def feed_url(self):
        return absolute_url(reverse("feed_rss"))

    def items(self):
        return selectors.feed_articles()

    def item_title(self, item):
        return xml_text(item.published_revision.title)

    def item_description(self, item):
        return xml_text(item.published_revision.description)

    def item_link(self, item):
        return absolute_url(reverse("article_detail", args=[item.slug]))

    def item_guid(self, item):
        return self.item_link(item)

    item_guid_is_permalink = True

    def item_author_name(self, item):
        return xml_text(item.author_name)

    def item_pubdate(self, item):
        return item.first_published_at or item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_categories(self, item):
        names = [item.category.name] if item.category_id else []
        return [xml_text(name) for name in names + [t["name"] for t in article_tags(item)]]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["link"] = settings.PRIZM_SITE_URL + "/"
        return feed


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description

    def feed_url(self):
        return absolute_url(reverse("feed_atom"))
