"""Studio pages of the source registry. Thin: forms validate input, services write, selectors read."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prizm.roles import studio_required

from . import selectors, services
from .forms import ExtractForm, ExtractFormSet, FetchRequestForm, SourceFilterForm, SourceForm
from .models import Extract, FetchStatus, Source, SourceFetch

PAGE_SIZE = 25


def _need(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _form_errors_from(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form (field errors where the field exists)."""
    if isinstance(exc, services.DuplicateSourceError):
        form.duplicate = exc.existing
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _extracts_from(formset) -> list[dict]:
    return [
        {"text": f.cleaned_data["text"], "locator": f.cleaned_data.get("locator", "")}
        for f in formset.forms
        if f.cleaned_data and f.cleaned_data.get("text")
    ]


# --- list -----------------------------------------------------------------------------------------

@studio_required
@require_GET
def source_list(request):
    form = SourceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.source_list(**{k: v for k, v in filters.items() if v not in ("", None)})
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "nav": "sources", "form": form, "page": page,
        "filtered": any(v not in ("", None) for k, v in filters.items() if k != "sort"),
    }
    template = "studio/sources/list.html#results" if request.htmx and not request.htmx.boosted else "studio/sources/list.html"
    return render(request, template, context)


# --- create / edit / delete -----------------------------------------------------------------------

@studio_required
@require_http_methods(["GET", "POST"])
def source_create(request):
    _need(request, "sources.add_source")
    form = SourceForm(request.POST or None)
    formset = ExtractFormSet(request.POST or None, prefix="extracts")
    if request.method == "POST":
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if form_ok and formset_ok:
            try:
                source = services.source_create(user=request.user, extracts=_extracts_from(formset),
                                                **form.service_data())
            except ValidationError as exc:
                _form_errors_from(form, exc)
            else:
                messages.success(request, _("Source « %(name)s » enregistrée.") % {"name": source.name})
                return redirect(source)
    return render(request, "studio/sources/form.html", {"nav": "sources", "form": form, "formset": formset})


@studio_required
@require_GET
def source_extract_row(request):
    """htmx: one more empty extract row for the creation form (and the new TOTAL_FORMS, out of band)."""
    try:
        index = max(0, int(request.GET.get("extracts-TOTAL_FORMS", "0")))
    except ValueError:
        index = 0
    if index >= 50:
        return HttpResponse(f'<p class="alert alert-warning">{_("50 extraits au plus par formulaire.")}</p>')
    form = ExtractFormSet(prefix="extracts").empty_form
    form.prefix = f"extracts-{index}"
    return render(request, "studio/sources/_extract_formrow.html",
                  {"form": form, "index": index, "total": index + 1, "oob": True})


@studio_required
@require_GET
def source_detail(request, pk: int):
    source = get_object_or_404(Source.objects.select_related("created_by"), pk=pk)
    return render(request, "studio/sources/detail.html", {
        "nav": "sources", "source": source,
        "extracts": source.extracts.all(),
        "articles": selectors.source_citing_articles(source=source),
        "extract_form": ExtractForm(),
    })


@studio_required
@require_http_methods(["GET", "POST"])
def source_edit(request, pk: int):
    _need(request, "sources.change_source")
    source = get_object_or_404(Source, pk=pk)
    form = SourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        original = Source.objects.get(pk=pk)  # the form wrote into `source` while validating
        try:
            changed = services.source_update(source=original, user=request.user, data=form.service_data())
        except ValidationError as exc:
            _form_errors_from(form, exc)
        else:
            if changed:
                messages.success(request, _("Source « %(name)s » mise à jour.") % {"name": original.name})
            else:
                messages.info(request, _("Aucune modification."))
            return redirect(original)
    return render(request, "studio/sources/form.html", {
        "nav": "sources", "form": form, "source": Source.objects.get(pk=pk),
        "extracts": source.extracts.all(), "extract_form": ExtractForm(),
    })


@studio_required
@require_POST
def source_delete(request, pk: int):
    _need(request, "sources.delete_source")
    source = get_object_or_404(Source, pk=pk)
    try:
        services.source_delete(source=source, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(source)
    messages.success(request, _("Source « %(name)s » supprimée.") % {"name": source.name})
    return redirect("studio:source_list")


# --- extracts (htmx inline; plain POST + redirect without JavaScript) -----------------------------

def _extracts_section(request, source, *, form=None, status=200):
    return render(request, "studio/sources/_extracts.html", {
        "source": source, "extracts": source.extracts.all(), "extract_form": form or ExtractForm(),
    }, status=status)


def _saved_with(form, service, **kwargs) -> bool:
    """Call the service with the form's data; a ValidationError goes on the form."""
    try:
        service(**kwargs, **form.cleaned_data)
    except ValidationError as exc:
        _form_errors_from(form, exc)
        return False
    return True


def _after_extract_change(request, message: str, source, htmx_response):
    """Without JavaScript: the message and back to the source page; with htmx: the updated fragment."""
    if not request.htmx:
        messages.success(request, message)
        return redirect(source)
    return htmx_response()


@studio_required
@require_POST
def extract_add(request, pk: int):
    _need(request, "sources.add_extract")
    source = get_object_or_404(Source, pk=pk)
    form = ExtractForm(request.POST)
    if form.is_valid() and _saved_with(form, services.extract_add, source=source, user=request.user):
        return _after_extract_change(request, _("Extrait ajouté."), source, lambda: _extracts_section(request, source))
    if not request.htmx:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(source)
    return _extracts_section(request, source, form=form)


@studio_required
@require_GET
def extract_row(request, pk: int):
    extract = get_object_or_404(Extract.objects.select_related("source"), pk=pk)
    return render(request, "studio/sources/_extract_row.html", {"extract": extract, "source": extract.source})


@studio_required
@require_http_methods(["GET", "POST"])
def extract_edit(request, pk: int):
    _need(request, "sources.change_extract")
    extract = get_object_or_404(Extract.objects.select_related("source"), pk=pk)
    form = ExtractForm(request.POST or None, initial={"text": extract.text, "locator": extract.locator},
                       prefix=f"extract-{extract.pk}")
    if request.method == "POST" and form.is_valid() and _saved_with(
        form, services.extract_update, extract=extract, user=request.user
    ):
        saved_row = {"extract": extract, "source": extract.source, "just_saved": True}
        return _after_extract_change(request, _("Extrait modifié."), extract.source,
                                     lambda: render(request, "studio/sources/_extract_row.html", saved_row))
    if not request.htmx and request.method == "GET":
        return render(request, "studio/sources/extract_edit_page.html",
                      {"nav": "sources", "form": form, "extract": extract, "source": extract.source})
    return render(request, "studio/sources/_extract_edit.html",
                  {"form": form, "extract": extract, "source": extract.source})


@studio_required
@require_POST
def extract_delete(request, pk: int):
    _need(request, "sources.delete_extract")
    extract = get_object_or_404(Extract.objects.select_related("source"), pk=pk)
    source = extract.source
    services.extract_delete(extract=extract, user=request.user)
    return _after_extract_change(request, _("Extrait supprimé."), source, lambda: _extracts_section(request, source))


# --- import from a URL ----------------------------------------------------------------------------

@studio_required
@require_http_methods(["GET", "POST"])
def source_fetch_create(request):
    _need(request, "sources.add_source")
    form = FetchRequestForm(request.POST or None, initial={"url": request.GET.get("url", "")})
    form.duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            fetch = services.source_fetch_request(url=form.cleaned_data["url"], user=request.user)
        except ValidationError as exc:
            _form_errors_from(form, exc)
        else:
            return redirect("studio:source_fetch_detail", pk=fetch.pk)
    return render(request, "studio/sources/fetch.html", {
        "nav": "sources", "form": form, "fetches": selectors.source_recent_fetches(user=request.user),
    })


@studio_required
@require_GET
def source_fetch_detail(request, pk: int):
    fetch = get_object_or_404(SourceFetch.objects.select_related("source"), pk=pk)
    services.source_fetch_expire_overdue(fetch=fetch)
    context = {"nav": "sources", "fetch": fetch}
    if fetch.status == FetchStatus.SUCCEEDED and not fetch.source_id:
        context["form"] = SourceForm(initial={
            "url": fetch.url, "name": fetch.title, "publisher": fetch.publisher,
            "published": fetch.published_on.strftime("%d/%m/%Y") if fetch.published_on else "",
            "language": fetch.language if fetch.language in dict(SourceForm.base_fields["language"].choices) else "fr",
            "reliability": 5, "kind": "article",
        })
        context["formset"] = ExtractFormSet(prefix="extracts")
    template = "studio/sources/fetch_detail.html"
    if request.htmx and not request.htmx.boosted:
        template += "#panel"
    return render(request, template, context)


@studio_required
@require_POST
def source_fetch_retry(request, pk: int):
    fetch = get_object_or_404(SourceFetch, pk=pk)
    services.source_fetch_expire_overdue(fetch=fetch)
    try:
        services.source_fetch_retry(fetch=fetch, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.info(request, _("Récupération relancée."))
    return redirect("studio:source_fetch_detail", pk=fetch.pk)


@studio_required
@require_POST
def source_fetch_confirm(request, pk: int):
    _need(request, "sources.add_source")
    fetch = get_object_or_404(SourceFetch, pk=pk)
    if fetch.source_id:
        messages.info(request, _("Cette page a déjà servi à créer une source."))
        return redirect(fetch.source)
    form = SourceForm(request.POST)
    formset = ExtractFormSet(request.POST, prefix="extracts")
    form.fields["text"].required = False
    if form.is_valid() and formset.is_valid():
        data = form.service_data()
        data.pop("text", None)
        try:
            source = services.source_create_from_fetch(fetch=fetch, user=request.user, data=data,
                                                       extracts=_extracts_from(formset))
        except ValidationError as exc:
            _form_errors_from(form, exc)
        else:
            messages.success(request, _("Source « %(name)s » enregistrée avec le texte de la page.") % {"name": source.name})
            return redirect(source)
    return render(request, "studio/sources/fetch_detail.html",
                  {"nav": "sources", "fetch": fetch, "form": form, "formset": formset}, status=200)

