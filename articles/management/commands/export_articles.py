from django.core.management.base import BaseCommand, CommandError

from articles.files.exporting import articles_export
from articles.models import ArticleStatus


class Command(BaseCommand):
    help = (
        "Write one markdown file per article into DIR, in the format of the seed files (front matter, body, "
        "« Sources et références » rendered from the database). Published articles are exported as their "
        "published revision."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument(
            "--status", default=ArticleStatus.PUBLISHED,
            choices=[*ArticleStatus.values, "all"],
            help="Which articles to export (default: published; « all » for every article).",
        )

    def handle(self, *args, directory, status, **options):
        try:
            paths = articles_export(directory=directory, status=status)
        except OSError as exc:
            raise CommandError(f"Impossible d'écrire dans {directory} : {exc}") from exc
        for path in paths:
            self.stdout.write(str(path))
        self.stdout.write(self.style.SUCCESS(f"{len(paths)} article(s) exporté(s) dans {directory}."))
