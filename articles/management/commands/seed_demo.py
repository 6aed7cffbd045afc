from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from articles.demo import public as demo_public
from articles.demo import studio as demo_studio
from prizm.demo import seed_users
from sources import demo as sources_demo

# Each app's demo content, in order: sources first, then articles in every state, then the public site.
DEMO_CONTENT = (sources_demo.seed_demo_content, demo_studio.seed_demo_content, demo_public.seed_demo_content)


def seed_content() -> list[str]:
    lines = []
    for seed in DEMO_CONTENT:
        with transaction.atomic():
            lines.extend(seed() or [])
    return lines


class Command(BaseCommand):
    help = "Create demo users, sources and articles in every state. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with known passwords: it refuses to run with DEBUG off. "
                "Use --force if this really is a demo instance."
            )
        with transaction.atomic():
            users = seed_users()
        # Demo workflow actions would notify the demo users: keep those emails out of the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            lines = seed_content()
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo users (identifiant / mot de passe):"))
        for username, password, created in users:
            self.stdout.write(f"  {username:<10} {password}{'  (créé)' if created else ''}")
