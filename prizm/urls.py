from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from . import views

# The admin speaks the reader's language like the rest of Prizm (« Administration de Django » otherwise).
admin.site.site_header = _("Administration de Prizm")
admin.site.site_title = _("Administration de Prizm")
admin.site.index_title = _("Données et comptes")

studio_patterns = (
    [
        path("sources/", include("sources.urls")),
        path("", include("articles.drafting.urls")),
        path("", include("articles.workflow.urls")),
    ],
    "studio",
)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url=static_url("favicon.svg"), permanent=True)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("studio/", include(studio_patterns)),
    path("", include("articles.workflow.urls_preview")),
    path("", include("articles.public.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
