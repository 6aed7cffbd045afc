"""Studio screens of the drafting area: briefs, launches, job progress, jobs list. Thin: the
writes are services in articles/drafting.py and articles/jobs.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from articles import drafting
from articles.drafting import jobs
from articles.drafting.forms import BriefForm, RewriteForm
from articles.models import Article, Brief, GenerationJob, JobKind, JobStatus, Synthesis
from prizm.llm import provider_name
from prizm.roles import studio_required
from sources.models import Source

SOURCE_RESULTS = 20


def _sources_matching(q: str, *, exclude: list[int]) -> list[Source]:
    qs = Source.objects.annotate(n_extracts=Count("extracts")).order_by("-reliability", "name")
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(publisher__icontains=q) | Q(url__icontains=q))
    if exclude:
        qs = qs.exclude(pk__in=exclude)
    return list(qs[:SOURCE_RESULTS])


def _int_list(values) -> list[int]:
    out = []
    for value in values:
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            continue
    return out


def _llm_context() -> dict:
    return {"provider": provider_name(), "budget": jobs.budget_status()}


# --- Briefs ---------------------------------------------------------------------------------
@studio_required
@require_GET
def brief_list(request):
    q = request.GET.get("q", "").strip()
    last_job = GenerationJob.objects.filter(brief=OuterRef("pk")).order_by("-created_at")
    briefs = (
        Brief.objects.select_related("requested_by")
        .annotate(
            n_sources=Count("sources", distinct=True),
            last_job_status=Subquery(last_job.values("status")[:1]),
            last_job_id=Subquery(last_job.values("pk")[:1]),
        )
        .order_by("-created_at")
    )
    if q:
        briefs = briefs.filter(Q(topic__icontains=q) | Q(angle__icontains=q))
    page = Paginator(briefs, 20).get_page(request.GET.get("page"))
    return render(request, "studio/drafting/brief_list.html", {
        "nav": "briefs", "page": page, "q": q, "status_labels": dict(JobStatus.choices),
    })


@studio_required
def brief_create(request):
    if not request.user.has_perm("articles.add_brief"):
        raise PermissionDenied
    if request.method == "POST":
        form = BriefForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                brief = drafting.brief_create(
                    user=request.user, topic=data["topic"], angle=data["angle"], audience=data["audience"],
                    sources=data["sources"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                if request.POST.get("action") != "launch":
                    messages.success(request, _("Brief enregistré. Vous pourrez lancer la rédaction depuis sa page."))
                    return redirect("studio:brief_detail", pk=brief.pk)
                try:
                    job = drafting.draft_launch(brief=brief, user=request.user, idempotency_key=_token(data))
                except jobs.JobRefused as exc:
                    messages.error(request, exc.message)
                    return redirect("studio:brief_detail", pk=brief.pk)
                messages.success(request, _("Brief enregistré, rédaction lancée."))
                return redirect("studio:job_detail", pk=job.pk)
    else:
        initial = {}
        if request.GET.getlist("source"):
            initial["sources"] = _int_list(request.GET.getlist("source"))
        form = BriefForm(initial=initial)
    selected_ids = [s.pk for s in form.chosen_sources]
    return render(request, "studio/drafting/brief_form.html", {
        "nav": "briefs",
        "form": form,
        "results": _sources_matching("", exclude=selected_ids),
        "has_sources": Source.objects.exists(),
        **_llm_context(),
    })


def _token(data) -> str | None:
    token = (data.get("token") or "").strip()
    return f"brief-form:{token}" if token else None


@studio_required
@require_GET
def brief_source_search(request):
    """htmx: sources matching `q`, minus those already chosen."""
    exclude = _int_list(request.GET.getlist("sources"))
    q = request.GET.get("q", "")
    return render(request, "studio/drafting/_source_results.html", {
        "results": _sources_matching(q, exclude=exclude), "q": q.strip(),
    })


@studio_required
@require_GET
def brief_detail(request, pk: int):
    brief = get_object_or_404(Brief.objects.select_related("requested_by"), pk=pk)
    return render(request, "studio/drafting/brief_detail.html", {
        "nav": "briefs",
        "brief": brief,
        "sources": drafting.brief_sources(brief),
        "synthesis": Synthesis.objects.filter(brief=brief).order_by("-created_at").first(),
        "brief_jobs": [jobs.job_localize(job) for job in brief.jobs.select_related("result_article").order_by("-created_at")[:20]],
        "articles": brief.articles.order_by("-created_at")[:10],
        **_llm_context(),
    })


@studio_required
@require_POST
def brief_launch(request, pk: int):
    brief = get_object_or_404(Brief, pk=pk)
    kind = request.POST.get("kind", JobKind.DRAFT)
    launch = drafting.synthesis_launch if kind == JobKind.SYNTHESIS else drafting.draft_launch
    token = request.POST.get("token", "").strip()
    try:
        job = launch(brief=brief, user=request.user, idempotency_key=f"brief-launch:{token}" if token else None)
    except jobs.JobRefused as exc:
        messages.error(request, exc.message)
        return redirect("studio:brief_detail", pk=brief.pk)
    return redirect("studio:job_detail", pk=job.pk)


# --- Jobs -----------------------------------------------------------------------------------
def _job_context(job: GenerationJob) -> dict:
    result = job.result or {}
    findings = jobs.job_findings(job)  # stored in French, like the step and the error: shown translated
    return {
        "job": jobs.job_localize(job),
        "terminal": job.status in jobs.TERMINAL,
        "active": job.status in jobs.ACTIVE,
        "findings": findings,
        "blockers": [f for f in findings if f.get("severity") == "blocker"],
        "warnings": [f for f in findings if f.get("severity") != "blocker"],
        "synthesis": Synthesis.objects.filter(pk=result.get("synthesis_id")).first() if result.get("synthesis_id") else None,
        "article_url": reverse("studio:article_edit", args=[job.result_article_id]) if job.result_article_id else "",
        "cost_display": jobs.money_precise(job.cost),
    }


def _job(pk: int) -> GenerationJob:
    return get_object_or_404(
        GenerationJob.objects.select_related("brief", "article", "result_article", "requested_by"), pk=pk
    )


@studio_required
@require_GET
def job_detail(request, pk: int):
    job = _job(pk)
    return render(request, "studio/drafting/job_detail.html", {"nav": "jobs", **_job_context(job)})


@studio_required
@require_GET
def job_progress(request, pk: int):
    """htmx partial, polled every second while the job is queued or running; the terminal
    version has no trigger, so polling stops by itself."""
    job = _job(pk)
    return render(request, "studio/drafting/_job_status.html", _job_context(job))


def _job_action_response(request, job: GenerationJob):
    if request.htmx:
        return render(request, "studio/drafting/_job_status.html", _job_context(_job(job.pk)))
    return redirect("studio:job_detail", pk=job.pk)


def _job_action_view(service, success):
    """A POST view that cancels or retries a job and shows its new state."""

    @studio_required
    @require_POST
    def view(request, pk: int):
        job = _job(pk)
        try:
            job = service(job=job, user=request.user)
        except jobs.JobRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, str(success))
        return _job_action_response(request, job)

    view.__name__ = service.__name__
    return view


job_cancel = _job_action_view(jobs.job_cancel, gettext_lazy("Tâche annulée : aucun brouillon ne sera créé."))
job_retry = _job_action_view(jobs.job_retry, gettext_lazy("Tâche relancée."))


@studio_required
@require_GET
def job_list(request):
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    qs = GenerationJob.objects.select_related("brief", "article", "result_article", "requested_by").filter(
        kind__in=jobs.RUNNABLE_KINDS
    )
    errors = []
    if status:
        if status in JobStatus.values:
            qs = qs.filter(status=status)
        else:
            errors.append(_("Statut inconnu : « %(s)s ». Choisissez un statut dans la liste.") % {"s": status})
    if kind:
        if kind in jobs.RUNNABLE_KINDS:
            qs = qs.filter(kind=kind)
        else:
            errors.append(_("Type inconnu : « %(s)s ». Choisissez un type dans la liste.") % {"s": kind})
    page = Paginator(qs.order_by("-created_at"), 25).get_page(request.GET.get("page"))
    has_active = any(job.status in jobs.ACTIVE for job in page)
    for job in page:  # errors are stored in French: shown in the reader's language
        jobs.job_localize(job)
    budget = jobs.budget_status()
    return render(request, "studio/drafting/job_list.html", {
        "nav": "jobs",
        "page": page,
        "status": status,
        "kind": kind,
        "errors": errors,
        "statuses": JobStatus.choices,
        "kinds": [(k, label) for k, label in JobKind.choices if k in jobs.RUNNABLE_KINDS],
        "budget": budget,
        "month_cost": jobs.money_precise(budget["spent"]),
        "budget_display": jobs.money(budget["budget"]) if budget["budget"] is not None else "",
        "active_count": GenerationJob.objects.filter(kind__in=jobs.RUNNABLE_KINDS, status__in=jobs.ACTIVE).count(),
        "has_active": has_active,
        "provider": provider_name(),
    })


# --- Rewrite (linked from the article page) --------------------------------------------------
@studio_required
def article_rewrite(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = get_object_or_404(Article, pk=pk)
    form = RewriteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("studio:article_detail", pk=article.pk)
    try:
        job = drafting.rewrite_launch(article=article, style=form.cleaned_data["style"], user=request.user)
    except jobs.JobRefused as exc:
        messages.error(request, exc.message)
        return redirect("studio:article_detail", pk=article.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("studio:article_detail", pk=article.pk)
    return redirect("studio:job_detail", pk=job.pk)
