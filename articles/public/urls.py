"""The public site, mounted at the root."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from articles.public import api, cache
from articles.public import views as public
from articles.public.feeds import LatestArticlesAtomFeed, LatestArticlesFeed
from articles.public.sitemaps import SITEMAPS

urlpatterns = [
    path("", public.home, name="home"),
    path("articles/<slug:slug>/", public.article_detail, name="article_detail"),
    path("categories/<slug:slug>/", public.category_detail, name="category_detail"),
    path("tags/<slug:slug>/", public.tag_detail, name="tag_detail"),
    path("search/", public.search, name="search"),
    path("feed/", cache.public_page()(LatestArticlesFeed()), name="feed_rss"),
    path("feed/atom/", cache.public_page()(LatestArticlesAtomFeed()), name="feed_atom"),
    path("sitemap.xml", cache.public_page()(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", public.robots, name="robots"),
    path("langue/<str:language>/", public.set_language, name="public_language"),
    path("api/articles/", api.api_article_list, name="api_article_list"),
    path("api/articles/<slug:slug>/", api.api_article_detail, name="api_article_detail"),
]
