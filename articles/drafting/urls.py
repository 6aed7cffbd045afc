"""Studio URLs of the drafting area (mounted under /studio/ in the `studio` namespace)."""

from django.urls import path

from articles.drafting import views as drafting

urlpatterns = [
    path("briefs/", drafting.brief_list, name="brief_list"),
    path("briefs/nouveau/", drafting.brief_create, name="brief_create"),
    path("briefs/sources/", drafting.brief_source_search, name="brief_source_search"),
    path("briefs/<int:pk>/", drafting.brief_detail, name="brief_detail"),
    path("briefs/<int:pk>/lancer/", drafting.brief_launch, name="brief_launch"),
    path("taches/", drafting.job_list, name="job_list"),
    path("taches/<int:pk>/", drafting.job_detail, name="job_detail"),
    path("taches/<int:pk>/progression/", drafting.job_progress, name="job_progress"),
    path("taches/<int:pk>/annuler/", drafting.job_cancel, name="job_cancel"),
    path("taches/<int:pk>/relancer/", drafting.job_retry, name="job_retry"),
    path("articles/<int:pk>/reecrire/", drafting.article_rewrite, name="article_rewrite"),
]
