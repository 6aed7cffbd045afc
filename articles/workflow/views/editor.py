"""The markdown editor: conflict-safe saves, live preview, autosave, presence, history, diffs,
reverts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from articles import workflow
from articles.drafting.jobs import revision_reason
from articles.labels import with_details
from articles.models import AutosaveDraft, Revision
from articles.public.rendering import body_links_refused, render_body_html
from articles.workflow import WorkflowError
from articles.workflow.diffing import merge3, merge_field, snapshot_diff
from articles.workflow.editing import (
    ArticleInput,
    StaleSave,
    article_save,
    autosave_discard,
    autosave_store,
    presence_others,
    presence_touch,
)
from articles.workflow.editing import article_autosave as autosave_service
from articles.workflow.editing import article_revert as revert_service
from articles.workflow.forms import ArticleEditForm, int_or_none, raw_input
from articles.workflow.views.actions import findings_context, get_article, get_article_for
from prizm.roles import studio_required
from sources.models import Source


def _check_can_edit(request, article):
    """403 without the permission; a message and a redirect when the state forbids editing."""
    found = workflow.refusal("edit", article, request.user)
    if found is None:
        return None
    kind, message = found
    if kind == "permission":
        raise PermissionDenied(message)
    messages.error(request, message)
    return redirect("studio:article_detail", article.pk)


def _initial(article, data: ArticleInput, *, base_version, base_revision_id) -> dict:
    return {
        "title": data.title, "slug": data.slug or article.slug, "description": data.description,
        "body": data.body, "category": data.category_id, "tags": ", ".join(data.tags), "image": data.image,
        "featured": data.featured, "base_version": base_version, "base_revision": base_revision_id,
    }


def _ordered_sources(ids: list[int]) -> list[Source]:
    by_id = Source.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def _editor_context(request, article, form, *, source_ids, autosave=None, body=None):
    attached = _ordered_sources(source_ids)
    attached_dicts = _source_dicts(attached)
    available = Source.objects.exclude(pk__in=[s.pk for s in attached]).order_by("name")[:500]
    body = form["body"].value() if body is None else body
    return {
        "nav": "articles",
        "article": article,
        "form": form,
        "attached_sources": attached,
        "available_sources": available,
        "preview_html": render_body_html(body=body or "", sources=attached_dicts),
        "refused_links": body_links_refused(body=body or "", sources=attached_dicts),
        "autosave": autosave,
        "others": presence_others(article=article, user=request.user),
        "slug_locked": article.first_published_at is not None,
        "status_warning": _status_warning(article),
        **findings_context(article),
    }


def _status_warning(article) -> str:
    status = article.status
    if status == "approved":
        return _("Cet article est approuvé : enregistrer une modification du texte le renverra en relecture.")
    if status == "scheduled":
        return _("Cet article est programmé : enregistrer une modification du texte annulera la programmation et le renverra en relecture.")
    if status == "published":
        return _("Cet article est en ligne : vos enregistrements ne changent pas la page publique tant qu'une nouvelle version n'a pas été relue, approuvée et publiée.")
    if status == "in_review":
        return _("Cet article est en relecture : le relecteur verra votre nouvelle version.")
    return ""


def _source_dicts(sources) -> list[dict]:
    return [{"id": s.pk, "name": s.name, "url": s.url} for s in sources]


@studio_required
def article_edit(request, pk):
    article = get_article(pk)
    refused = _check_can_edit(request, article)
    if refused:
        return refused
    if request.method == "POST":
        return _save(request, article)
    presence_touch(article=article, user=request.user)
    autosave = AutosaveDraft.objects.filter(article=article, user=request.user).first()
    data = ArticleInput.from_article(article)
    base_version, base_revision_id = article.version, article.current_revision_id
    if autosave is not None and (
        autosave.title, autosave.description, autosave.body, list(autosave.sources)
    ) != (data.title, data.description, data.body, data.sources):
        # Bring back the unsaved work, on top of the version it started from.
        data.title, data.description, data.body = autosave.title, autosave.description, autosave.body
        data.sources = [int(s) for s in autosave.sources]
        base_version, base_revision_id = autosave.base_version, autosave.base_revision_id
    else:
        autosave = None
    form = ArticleEditForm(initial=_initial(article, data, base_version=base_version, base_revision_id=base_revision_id))
    return render(
        request, "studio/articles/edit.html",
        _editor_context(request, article, form, source_ids=data.sources, autosave=autosave, body=data.body),
    )


def _save(request, article):
    form = ArticleEditForm(request.POST)
    base_revision = None
    if form.is_valid():
        base_revision = Revision.objects.filter(pk=form.cleaned_data.get("base_revision"), article=article).first()
        try:
            result = article_save(
                article=article, user=request.user, data=form.to_input(),
                base_version=form.cleaned_data["base_version"], base_revision=base_revision,
                reason=form.cleaned_data.get("reason", ""),
            )
        except StaleSave as conflict:
            if request.htmx:
                return HttpResponse(str(conflict), status=409)
            return _conflict(request, conflict)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            if not result.changed:
                messages.info(request, _("Aucune modification à enregistrer."))
            elif result.revision is not None:
                messages.success(
                    request, _("Révision %(n)d enregistrée.") % {"n": result.revision.number}
                )
                if result.back_to_review:
                    messages.warning(request, _("L'article a été renvoyé en relecture : son approbation portait sur la version précédente."))
            else:
                messages.success(request, _("Informations de l'article enregistrées."))
            return redirect("studio:article_edit", article.pk)
    # Invalid or refused: keep what the user typed, in the page and in their autosave.
    raw = raw_input(request.POST)
    base_version = int_or_none(request.POST.get("base_version"))
    if base_version is not None:
        base_revision = base_revision or Revision.objects.filter(
            pk=int_or_none(request.POST.get("base_revision")), article=article
        ).first()
        autosave_store(article=article, user=request.user, base_version=base_version, base_revision=base_revision, data=raw)
    messages.error(request, _("Rien n'a été enregistré : corrigez les points signalés. Votre texte est conservé."))
    return render(
        request, "studio/articles/edit.html",
        _editor_context(request, article, form, source_ids=raw.sources, body=raw.body), status=400,
    )


def _conflict(request, conflict: StaleSave):
    article = get_article(conflict.article.pk)
    mine = conflict.mine
    theirs = ArticleInput.from_article(article)
    base = conflict.base_revision
    saved_by = article.current_revision.author if article.current_revision else None
    who = (saved_by.get_full_name() or saved_by.get_username()) if saved_by else _("quelqu'un")
    if base is not None:
        merged = merge3(base.body, mine.body, theirs.body, mine_label=_("votre version"),
                        theirs_label=_("version enregistrée par %(who)s") % {"who": who})
        title, title_conflict = merge_field(base.title, mine.title, theirs.title)
        description, description_conflict = merge_field(base.description, mine.description, theirs.description)
        base_sources = [s["id"] for s in base.sources if s.get("id")]
        sources = mine.sources if mine.sources != base_sources else theirs.sources
        body, conflicts = merged.text, merged.conflicts
    else:
        title, description, body, sources = mine.title, mine.description, mine.body, mine.sources
        title_conflict = description_conflict = mine.title != theirs.title
        conflicts = None
    merged_input = ArticleInput(
        title=title, description=description, body=body, slug=mine.slug, sources=sources,
        category_id=mine.category_id, tags=mine.tags, image=mine.image, featured=mine.featured,
    )
    form = ArticleEditForm(
        initial=_initial(article, merged_input, base_version=article.version, base_revision_id=article.current_revision_id)
    )
    context = _editor_context(request, article, form, source_ids=sources, body=body)
    context.update({
        "mine": mine,
        "theirs": theirs,
        "saved_by": who,
        "saved_revision": article.current_revision,
        "diff": snapshot_diff(
            {"title": mine.title, "description": mine.description, "body": mine.body,
             "sources": _source_dicts(_ordered_sources(mine.sources))},
            {"title": theirs.title, "description": theirs.description, "body": theirs.body,
             "sources": _source_dicts(_ordered_sources(theirs.sources))},
            context=None,
        ),
        "conflicts": conflicts,
        "title_conflict": title_conflict,
        "description_conflict": description_conflict,
    })
    return render(request, "studio/articles/conflict.html", context, status=409)


@studio_required
@require_POST
def article_preview_render(request, pk):
    """The body as the public page will render it (sanitized), for the live preview."""
    article = get_article_for(request, pk, "edit")
    ids = [i for i in (int_or_none(v) for v in request.POST.getlist("sources")) if i is not None]
    body, sources = request.POST.get("body", ""), _source_dicts(_ordered_sources(ids))
    return render(request, "studio/articles/partials/preview_body.html", {
        "preview_html": render_body_html(body=body, sources=sources),
        "refused_links": body_links_refused(body=body, sources=sources),
        "article": article,
    })


@studio_required
@require_POST
def article_autosave(request, pk):
    """Keep the user's unsaved text (no revision, no version bump); says when it was kept and
    warns when someone saved a newer version in the meantime."""
    article = get_article(pk)
    base_version = int_or_none(request.POST.get("base_version"))
    if base_version is None:
        return HttpResponse(_("Brouillon automatique impossible : rechargez la page."), status=400)
    base_revision = Revision.objects.filter(pk=int_or_none(request.POST.get("base_revision")), article=article).first()
    draft = autosave_service(
        article=article, user=request.user, base_version=base_version, base_revision=base_revision,
        data=raw_input(request.POST),
    )
    return render(
        request, "studio/articles/partials/autosave_status.html",
        {"article": article, "draft": draft, "stale": article.version != base_version},
    )


@studio_required
@require_POST
def article_autosave_discard(request, pk):
    article = get_article(pk)
    autosave_discard(article=article, user=request.user)
    messages.success(request, _("Brouillon automatique supprimé : l'éditeur montre la dernière version enregistrée."))
    return redirect("studio:article_edit", article.pk)


@studio_required
def article_presence(request, pk):
    """Who else has the article open. POST marks the current user present; GET only reads."""
    article = get_article(pk)
    if request.method == "POST":
        presence_touch(article=article, user=request.user)
    return render(
        request, "studio/articles/partials/presence.html",
        {"article": article, "others": presence_others(article=article, user=request.user), "now": timezone.now()},
    )


@studio_required
@require_GET
def article_history(request, pk):
    article = get_article(pk)
    revisions = list(article.revisions.select_related("author", "generated_by_job__requested_by"))
    for rev in revisions:  # a reason code wrote is stored in French: shown in the reader's language
        rev.reason = revision_reason(rev.reason)
    approved_numbers = set(article.reviews.filter(decision="approved").values_list("revision__number", flat=True))
    return render(
        request, "studio/articles/history.html",
        {
            "nav": "articles",
            "article": article,
            "revisions": revisions,
            "approved_numbers": approved_numbers,
            "events": with_details(article.audit_events.select_related("actor")),
            "can_revert": workflow.can("edit", article, request.user),
        },
    )


@studio_required
@require_GET
def article_diff(request, pk):
    article = get_article(pk)
    revisions = {r.number: r for r in article.revisions.all()}
    if not revisions:
        raise Http404(_("Cet article n'a pas encore de révision."))
    current = article.current_revision.number if article.current_revision else max(revisions)
    to_number = int_or_none(request.GET.get("to")) or current
    from_number = int_or_none(request.GET.get("from"))
    if from_number is None:
        from_number = max((n for n in revisions if n < to_number), default=to_number)
    if from_number not in revisions or to_number not in revisions:
        raise Http404(_("Révision introuvable pour cet article."))
    old, new = revisions[from_number], revisions[to_number]
    old.reason, new.reason = revision_reason(old.reason), revision_reason(new.reason)
    return render(
        request, "studio/articles/diff.html",
        {
            "nav": "articles",
            "article": article,
            "old": old,
            "new": new,
            "diff": snapshot_diff(old, new, context=3),
            "numbers": sorted(revisions, reverse=True),
            "can_revert": workflow.can("edit", article, request.user),
        },
    )


@studio_required
@require_POST
def article_revert(request, pk, number):
    article = get_article(pk)
    revision = get_object_or_404(Revision, article=article, number=number)
    base_version = int_or_none(request.POST.get("base_version"))
    if base_version is None:
        base_version = article.version
    try:
        result = revert_service(article=article, user=request.user, revision=revision, base_version=base_version)
    except StaleSave:
        messages.error(request, _("L'article a été modifié entre-temps : vérifiez l'historique avant de revenir en arrière."))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Retour à la révision %(old)d : la révision %(new)d reprend son texte.")
            % {"old": number, "new": result.revision.number if result.revision else number},
        )
    return redirect("studio:article_history", article.pk)
