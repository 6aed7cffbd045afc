from django.conf import settings

from .roles import is_reviewer, is_staff_member


def prizm(request):
    user = getattr(request, "user", None)
    return {
        "PRIZM_SITE_URL": settings.PRIZM_SITE_URL,
        "user_is_staff_member": bool(user and is_staff_member(user)),
        "user_is_reviewer": bool(user and is_reviewer(user)),
    }
