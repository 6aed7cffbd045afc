from django.core.management.base import BaseCommand

from articles.models import Article
from articles.workflow import articles_publish_due


class Command(BaseCommand):
    help = (
        "Publish the scheduled articles whose time has come and take down the published articles whose "
        "expiry date has passed, however late. Safe to run at any time, several times (Celery beat runs it "
        "every minute)."
    )

    def handle(self, *args, **options):
        done = articles_publish_due()
        titles = dict(Article.objects.filter(pk__in=[pk for pks in done.values() for pk in pks]).values_list("pk", "title"))
        for label, key in (("publié", "published"), ("expiré, retiré du site", "expired"),
                           ("publication refusée (voir le journal)", "failed")):
            for pk in done[key]:
                self.stdout.write(f"{label} : #{pk} {titles.get(pk, '')}")
        if not any(done.values()):
            self.stdout.write("Rien à publier ni à retirer.")
        else:
            self.stdout.write(self.style.SUCCESS(
                f"{len(done['published'])} publié(s), {len(done['expired'])} retiré(s), {len(done['failed'])} refusé(s)."
            ))
