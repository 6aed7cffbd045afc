from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .health import health_report


@never_cache
def healthz(request):
    try:
        healthy, report = health_report()
    except Exception as exc:  # a health check must never answer 500
        healthy, report = False, {"status": "unhealthy", "error": exc.__class__.__name__}
    return JsonResponse(report, status=200 if healthy else 503)


def login_locked(request, response, credentials):
    """django-axes' lockout (AXES_LOCKOUT_CALLABLE): a page that says how long, HTTP 429."""
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "registration/locked.html", {"cooloff_minutes": minutes}, status=429)
