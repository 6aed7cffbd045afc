"""Demo data for `seed_demo`: users first, then each app's demo content. Idempotent."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .roles import EDITORS_GROUP, REVIEWERS_GROUP

# Fixed demo passwords: this is demo data, refused outside DEBUG unless --force.
DEMO_USERS = [
    # username, password, first name, group (None = superuser)
    ("editeur", "prizm-editeur", "Élise", EDITORS_GROUP),
    ("relecteur", "prizm-relecteur", "Raphaël", REVIEWERS_GROUP),
    ("admin", "prizm-admin", "Adèle", None),
]


def seed_users() -> list[tuple[str, str, bool]]:
    """Create or reset the demo users. Returns (username, password, created)."""
    User = get_user_model()
    out = []
    for username, password, first_name, group_name in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": first_name})
        user.first_name = first_name
        user.email = f"{username}@prizm.localhost"
        user.is_active = True
        user.is_staff = group_name is None
        user.is_superuser = group_name is None
        user.set_password(password)
        user.save()
        if group_name:
            user.groups.set([Group.objects.get(name=group_name)])
        else:
            user.groups.set(Group.objects.filter(name__in=[EDITORS_GROUP, REVIEWERS_GROUP]))
        out.append((username, password, created))
    return out
