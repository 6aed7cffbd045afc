"""The public site, mounted at the root."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from ..feeds import LatestArticlesAtomFeed, LatestArticlesFeed
from ..sitemaps import SITEMAPS
from ..views import api, public

urlpatterns = [
    path("", public.home, name="home"),
    path("articles/<slug:slug>/", public.article_detail, name="article_detail"),
    path("categories/<slug:slug>/", public.category_detail, name="category_detail"),
    path("tags/<slug:slug>/", public.tag_detail, name="tag_detail"),
    path("search/", public.search, name="search"),
    path("feed/", public.public_page()(LatestArticlesFeed()), name="feed_rss"),
    path("feed/atom/", public.public_page()(LatestArticlesAtomFeed()), name="feed_atom"),
    path("sitemap.xml", public.public_page()(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", public.robots, name="robots"),
    path("langue/<str:language>/", public.set_language, name="public_language"),
    path("api/articles/", api.api_article_list, name="api_article_list"),
    path("api/articles/<slug:slug>/", api.api_article_detail, name="api_article_detail"),
]
