"""The global audit log, for admins (permission articles.view_audit)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles.labels import with_details
from articles.models import AuditEvent
from articles.workflow.forms import AuditFilterForm
from prizm.roles import studio_required


@studio_required
@require_GET
def audit_log(request):
    if not request.user.has_perm("articles.view_audit"):
        raise PermissionDenied
    actions = list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())
    form = AuditFilterForm(request.GET or None, actions=actions)
    events = AuditEvent.objects.select_related("actor", "article")
    if form.is_valid():
        c = form.cleaned_data
        if c.get("action"):
            events = events.filter(action=c["action"])
        if c.get("actor"):
            events = events.filter(actor_name__icontains=c["actor"])
        if c.get("article"):
            term = c["article"].strip()
            match = Q(object_repr__icontains=term) | Q(article__title__icontains=term)
            if term.isdigit():
                match |= Q(article_id=int(term))
            events = events.filter(match)
        if c.get("since"):
            events = events.filter(created_at__date__gte=c["since"])
        if c.get("until"):
            events = events.filter(created_at__date__lte=c["until"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    page.object_list = with_details(page.object_list)
    return render(
        request, "studio/audit/log.html",
        {"nav": "audit", "form": form, "page": page,
         "filtered": any(request.GET.get(k) for k in ("action", "actor", "article", "since", "until"))},
    )
