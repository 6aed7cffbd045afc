from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .health import health_report


@never_cache
def healthz(request):
    try:
        healthy, report = health_report()
    except Exception as exc:  # a health check must never answer 500
        healthy, report = False, {"status": "unhealthy", "error": exc.__class__.__name__}
    return JsonResponse(report, status=200 if healthy else 503)

