from django.urls import path

from . import views

# Included at /studio/sources/ inside the "studio" namespace.
urlpatterns = [
    path("", views.source_list, name="source_list"),
    path("nouvelle/", views.source_create, name="source_create"),
    path("nouvelle/extrait/", views.source_extract_row, name="source_extract_row"),
    path("<int:pk>/", views.source_detail, name="source_detail"),
    path("<int:pk>/modifier/", views.source_edit, name="source_edit"),
    path("<int:pk>/supprimer/", views.source_delete, name="source_delete"),
    path("<int:pk>/extraits/", views.extract_add, name="extract_add"),
    path("extraits/<int:pk>/", views.extract_row, name="extract_row"),
    path("extraits/<int:pk>/modifier/", views.extract_edit, name="extract_edit"),
    path("extraits/<int:pk>/supprimer/", views.extract_delete, name="extract_delete"),
    path("import/", views.source_fetch_create, name="source_fetch_create"),
    path("import/<int:pk>/", views.source_fetch_detail, name="source_fetch_detail"),
    path("import/<int:pk>/relancer/", views.source_fetch_retry, name="source_fetch_retry"),
    path("import/<int:pk>/confirmer/", views.source_fetch_confirm, name="source_fetch_confirm"),
]
