"""Review: the queue of submitted articles, the review page, decisions and gate overrides."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from articles import workflow
from articles.models import Finding, Revision
from articles.public.rendering import render_body_html
from articles.workflow import selectors
from articles.workflow.diffing import snapshot_diff
from articles.workflow.forms import CommentForm, DecisionForm, OverrideForm, RequestChangesForm, int_or_none
from articles.workflow.views.actions import actions_context, findings_context, get_article, redirect_back, run
from prizm.roles import reviewer_required


@reviewer_required
@require_GET
def review_queue(request):
    page = Paginator(selectors.review_queue(), 30).get_page(request.GET.get("page"))
    return render(request, "studio/review/queue.html", {"nav": "review", "page": page})


def review_baseline(article) -> Revision | None:
    """What the reviewer compares against: the newest of the public revision and the last reviewed one
    (approved, or sent back with changes requested), so a resubmission shows what changed since."""
    candidates = []
    if article.published_revision_id and article.published_revision_id != article.current_revision_id:
        candidates.append(article.published_revision_id)
    last_reviewed = (
        article.reviews.exclude(revision_id=article.current_revision_id)
        .order_by("-revision__number").values_list("revision_id", flat=True).first()
    )
    if last_reviewed:
        candidates.append(last_reviewed)
    revisions = list(Revision.objects.filter(pk__in=candidates).order_by("-number"))
    return revisions[0] if revisions else None


@reviewer_required
@require_GET
def article_review(request, pk):
    article = get_article(pk)
    current = article.current_revision
    baseline = review_baseline(article)
    diff = snapshot_diff(baseline, current, context=3) if baseline is not None and current is not None else None
    return render(
        request, "studio/review/article.html",
        {
            "nav": "review",
            "article": article,
            "current": current,
            "baseline": baseline,
            "diff": diff,
            "rendered_html": render_body_html(body=current.body, sources=current.sources) if current else "",
            "approve_form": DecisionForm(initial={"revision": current.pk if current else None}),
            "changes_form": RequestChangesForm(initial={"revision": current.pk if current else None}),
            "comment_form": CommentForm(),
            "override_form": OverrideForm(),
            "comments": article.comments.select_related("author", "revision"),
            "reviews": article.reviews.select_related("reviewer", "revision")[:20],
            **findings_context(article),
            **actions_context(article, request.user),
        },
    )


def _back_to_review_page(request, article, form):
    """An invalid decision form: its errors in one message, back on the review page."""
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect_back(request, article, default="studio:article_review")


def _reviewed_revision(request, article) -> Revision | None:
    pk = int_or_none(request.POST.get("revision"))
    return Revision.objects.filter(pk=pk, article=article).first() if pk else None


def _decision_view(form_class, service, success, *, after: str):
    """A reviewer's decision on the revision they read; back on the review page when refused."""

    @reviewer_required
    @require_POST
    def view(request, pk):
        article = get_article(pk)
        form = form_class(request.POST)
        if not form.is_valid():
            return _back_to_review_page(request, article, form)
        ok = run(request, service, article=article, message=form.cleaned_data.get("message", ""),
                 revision=_reviewed_revision(request, article), success=str(success))
        return redirect_back(request, article, default=after if ok else "studio:article_review")

    view.__name__ = service.__name__
    return view


article_approve = _decision_view(
    DecisionForm, workflow.article_approve, gettext_lazy("Version approuvée. Elle peut être publiée."),
    after="studio:article_detail",
)
article_request_changes = _decision_view(
    RequestChangesForm, workflow.article_request_changes,
    gettext_lazy("Modifications demandées : l'éditeur est prévenu."), after="studio:review_queue",
)


@reviewer_required
@require_POST
def finding_override(request, pk, finding_pk):
    article = get_article(pk)
    finding = get_object_or_404(Finding.objects.select_related("revision"), pk=finding_pk, revision__article=article)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        return _back_to_review_page(request, article, form)
    run(request, workflow.finding_override, article=article, finding=finding, reason=form.cleaned_data["reason"],
        success=_("Blocage levé ; la justification est inscrite au journal."))
    return redirect_back(request, article, default="studio:article_review")
