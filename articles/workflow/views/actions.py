"""Studio screens of the workflow: article list and overview, workflow actions, comments,
preview links, and the public /preview/<token>/ page. Views stay thin: every write is a service
call in articles.workflow, which checks permissions again."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from articles import quality, workflow
from articles.labels import with_details
from articles.models import Article, ArticleStatus, PreviewLink
from articles.public.rendering import article_page_context
from articles.workflow import WorkflowError, selectors
from articles.workflow.editing import presence_others
from articles.workflow.forms import ArticleFilterForm, CommentForm, PreviewLinkForm, PublishForm, ScheduleForm
from prizm.roles import studio_required

# --- shared helpers (used by editor.py, review.py) ------------------------------------------------


def get_article(pk: int) -> Article:
    return get_object_or_404(Article.objects.select_related("category", "current_revision"), pk=pk)


def get_article_for(request, pk: int, action: str) -> Article:
    """The article, or 403 when the user may never do `action` (the service checks the rest)."""
    article = get_article(pk)
    if not workflow.has_permission(request.user, action):
        raise PermissionDenied
    return article


def redirect_back(request, article: Article, default: str = "studio:article_detail") -> HttpResponseRedirect:
    """To `next` when it is a local URL, else to the `default` page (of the article, or a list)."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    if default in {"studio:review_queue", "studio:article_list"}:
        return HttpResponseRedirect(reverse(default))
    return HttpResponseRedirect(reverse(default, args=[article.pk]))


def run(request, fn, *, success: str, **kwargs) -> bool:
    """Call a workflow service; show its refusal as an error message (PermissionDenied → 403)."""
    try:
        fn(user=request.user, **kwargs)
    except WorkflowError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


def findings_context(article: Article) -> dict:
    return {**quality.findings_panel_context(article), "findings_template": "studio/partials/findings_panel.html"}


MAIN_PATH = [ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW, ArticleStatus.APPROVED, ArticleStatus.SCHEDULED,
             ArticleStatus.PUBLISHED]


def workflow_steps(article: Article) -> list[tuple[str, str]]:
    """The main path of the workflow, with the article's own state inserted when it is off it."""
    steps = list(MAIN_PATH)
    if article.status == ArticleStatus.CHANGES_REQUESTED:
        steps.insert(2, ArticleStatus.CHANGES_REQUESTED)
    elif article.status not in steps:
        steps.append(ArticleStatus(article.status))
    return [(s.value, s.label) for s in steps]


def actions_context(article: Article, user) -> dict:
    actions = workflow.available_actions(article, user)
    return {
        "steps": workflow_steps(article),
        "actions": actions,
        "action_labels": {name: spec.label for name, spec in workflow.ACTIONS.items()},
        "publish_form": PublishForm(),
        "schedule_form": ScheduleForm(),
        "pending_changes": article.status == ArticleStatus.PUBLISHED and workflow.pending_changes(article),
    }


# --- dashboard, list and overview -----------------------------------------------------------------


@studio_required
@require_GET
def studio_home(request):
    return render(request, "studio/home.html", selectors.studio_dashboard(user=request.user))



@studio_required
@require_GET
def article_list(request):
    form = ArticleFilterForm(request.GET or None)
    articles = Article.objects.select_related("category", "current_revision").annotate(
        blockers=Count(
            "current_revision__findings", filter=Q(current_revision__findings__severity="blocker"), distinct=True
        )
    )
    if form.is_valid():
        q = form.cleaned_data.get("q")
        if q:
            articles = selectors.studio_article_search(articles, q)
        if form.cleaned_data.get("status"):
            articles = articles.filter(status=form.cleaned_data["status"])
        if form.cleaned_data.get("category"):
            articles = articles.filter(category=form.cleaned_data["category"])
    page = Paginator(articles.order_by("-updated_at", "-pk"), 25).get_page(request.GET.get("page"))
    return render(
        request, "studio/articles/list.html",
        {"nav": "articles", "form": form, "page": page,
         "filtered": any(request.GET.get(k) for k in ("q", "status", "category"))},
    )


@studio_required
@require_GET
def article_detail(request, pk):
    article = get_article(pk)
    return render(
        request, "studio/articles/detail.html",
        {
            "nav": "articles",
            "article": article,
            "sources": article.sources.order_by("articlesource__order", "articlesource__id"),
            "reviews": article.reviews.select_related("reviewer", "revision")[:20],
            "comments": article.comments.select_related("author", "revision"),
            "comment_form": CommentForm(),
            "preview_links": article.preview_links.select_related("created_by")[:20],
            "preview_form": PreviewLinkForm(),
            "events": with_details(article.audit_events.select_related("actor")[:15]),
            "others": presence_others(article=article, user=request.user),
            **findings_context(article),
            **actions_context(article, request.user),
        },
    )


# --- workflow actions ----------------------------------------------------------------------------


def form_errors_to_messages(request, form, *fields: str) -> None:
    """Each error of the form (of `fields` only, when given) as an error message."""
    for name, errors in form.errors.items():
        if not fields or name in fields:
            for error in errors:
                messages.error(request, error)


def _action_view(service, success, *, with_message: bool = False, form_class=None, action: str = "", error_fields=()):
    """A POST view that runs one workflow service on the article and goes back where it came from.

    With `form_class`, the form's cleaned data are the service's arguments (its errors, of
    `error_fields` only when given, become messages); with `action`, a user who may never do it gets
    a 403 before anything is read."""

    @studio_required
    @require_POST
    def view(request, pk):
        article = get_article_for(request, pk, action) if action else get_article(pk)
        arguments = {"message": request.POST.get("message", "")} if with_message else {}
        if form_class is not None:
            form = form_class(request.POST)
            if not form.is_valid():
                form_errors_to_messages(request, form, *error_fields)
                return redirect_back(request, article)
            arguments = form.cleaned_data
        run(request, service, article=article, success=str(success), **arguments)
        return redirect_back(request, article)

    view.__name__ = service.__name__
    return view


article_submit = _action_view(
    workflow.article_submit, gettext_lazy("Article soumis à la relecture. Les relecteurs sont prévenus."),
    with_message=True,
)
article_withdraw = _action_view(workflow.article_withdraw, gettext_lazy("Article retiré de la relecture."))
article_unschedule = _action_view(workflow.article_unschedule, gettext_lazy("Programmation annulée."))
article_unpublish = _action_view(
    workflow.article_unpublish,
    gettext_lazy("Article dépublié : son adresse publique répond désormais « introuvable »."),
    with_message=True,
)
article_archive = _action_view(workflow.article_archive, gettext_lazy("Article archivé."), with_message=True)
article_restore = _action_view(workflow.article_restore, gettext_lazy("Article restauré en brouillon."))


article_publish = _action_view(
    workflow.article_publish, gettext_lazy("Article publié : il est en ligne."),
    form_class=PublishForm, error_fields=("expire_at",),
)
article_schedule = _action_view(workflow.article_schedule, gettext_lazy("Publication programmée."), form_class=ScheduleForm)
article_comment = _action_view(
    workflow.article_comment, gettext_lazy("Commentaire ajouté."), form_class=CommentForm, action="comment"
)


@studio_required
@require_POST
def preview_link_create(request, pk):
    article = get_article_for(request, pk, "preview_link")
    form = PreviewLinkForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form, "days")
        return redirect_back(request, article)
    try:
        link = workflow.preview_link_create(article=article, user=request.user, days=form.cleaned_data["days"])
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        url = request.build_absolute_uri(reverse("preview", args=[link.token]))
        messages.success(request, _("Lien d'aperçu créé : %(url)s") % {"url": url})
    return redirect_back(request, article)


@studio_required
@require_POST
def preview_link_revoke(request, link_pk):
    link = get_object_or_404(PreviewLink.objects.select_related("article"), pk=link_pk)
    run(request, workflow.preview_link_revoke, link=link, success=_("Lien d'aperçu révoqué : il ne fonctionne plus."))
    return redirect_back(request, link.article)


# --- the public preview ----------------------------------------------------------------------------


@never_cache
@require_GET
def public_preview(request, token):
    """The current revision as the public would see it, for whoever holds an active link."""

    link = workflow.preview_link_resolve(token)
    if link is None or link.article.current_revision_id is None:
        raise Http404(_("Ce lien d'aperçu n'existe pas, a expiré ou a été révoqué."))
    article = link.article
    context = article_page_context(article=article, revision=article.current_revision, preview=True)
    context.setdefault("preview_link", link)
    response = render(request, "public/article.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"  # never leak the token to the sites it links to
    return response
