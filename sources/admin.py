"""Django admin for administrators. Saves go through the same services as the studio."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import https_formfield
from .models import Extract, Source, SourceFetch


class ExtractInline(admin.TabularInline):
    model = Extract
    extra = 0
    fields = ["order", "text", "locator"]


class ReliabilityRangeFilter(admin.SimpleListFilter):
    title = _("fiabilité")
    parameter_name = "fiabilite"

    def lookups(self, request, model_admin):
        return [("0-4", _("faible (0–4)")), ("5-6", _("moyenne (5–6)")), ("7-10", _("élevée (7–10)"))]

    def queryset(self, request, queryset):
        if self.value():
            low, high = (int(x) for x in self.value().split("-"))
            return queryset.filter(reliability__gte=low, reliability__lte=high)
        return queryset


class SourceAdminForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = [*services.SOURCE_FIELDS]
        formfield_callback = https_formfield

    def clean_url(self):
        url = self.cleaned_data["url"]
        existing = services.source_find_duplicate(url=url, exclude_pk=self.instance.pk)
        if existing:
            link = reverse("admin:sources_source_change", args=[existing.pk])
            raise ValidationError(format_html(
                'Cette URL est déjà enregistrée : <a href="{}">{}</a> (n° {}).', link, existing.name, existing.pk))
        return url


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "publisher", "kind", "published_display", "reliability", "language", "updated_at"]
    list_filter = ["kind", ReliabilityRangeFilter, "language", "published_precision"]
    search_fields = ["name", "publisher", "url", "normalized_url"]
    readonly_fields = ["normalized_url", "created_by", "created_at", "updated_at"]
    inlines = [ExtractInline]
    date_hierarchy = "created_at"
    actions = ["mark_unreliable"]
    fieldsets = [
        (None, {"fields": ["name", "publisher", "kind", "url", "normalized_url"]}),
        (_("Date et fiabilité"), {"fields": ["published_on", "published_precision", "reliability", "language"]}),
        (_("Contenu"), {"fields": ["notes", "text"]}),
        (_("Suivi"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("date"), ordering="published_on")
    def published_display(self, obj):
        return obj.published_display or "—"

    def save_model(self, request, obj, form, change):
        data = {name: getattr(obj, name) for name in services.SOURCE_FIELDS}
        if change:
            original = Source.objects.get(pk=obj.pk)
            services.source_update(source=original, user=request.user, data=data)
            obj.refresh_from_db()
        else:
            created = services.source_create(user=request.user, **data)
            obj.pk = created.pk
            obj.refresh_from_db()

    def delete_model(self, request, obj):
        try:
            services.source_delete(source=obj, user=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)

    @admin.action(description=_("Abaisser la fiabilité à 3 (source douteuse)"), permissions=["change"])
    def mark_unreliable(self, request, queryset):
        count = 0
        for source in queryset:
            if services.source_update(source=source, user=request.user, data={"reliability": 3}):
                count += 1
        self.message_user(request, _("%(n)s source(s) mise(s) à jour.") % {"n": count}, messages.SUCCESS)


@admin.register(Extract)
class ExtractAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "locator", "order"]
    list_filter = ["source__kind"]
    search_fields = ["text", "source__name", "source__url"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]


@admin.register(SourceFetch)
class SourceFetchAdmin(admin.ModelAdmin):
    list_display = ["url", "status", "requested_by", "created_at", "finished_at", "source"]
    list_filter = ["status"]
    search_fields = ["url", "title"]
    readonly_fields = [f.name for f in SourceFetch._meta.fields]

    def has_add_permission(self, request):
        return False
