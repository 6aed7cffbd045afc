"""Rewrite an article in another style as a linked variant (design §6).

    manage.py rewrite_article ID_OR_SLUG --style conversational|concise [--wait] [--json]

--json prints draft_article's keys {"job", "status", "article", "error", "error_code", "findings"}
and "integrity", "conversational".
"""

import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles import drafting
from articles.drafting import jobs
from articles.management.commands.draft_article import (
    add_follow_arguments,
    describe,
    follow,
    job_payload,
    resolve_user,
)
from articles.models import Article


class Command(BaseCommand):
    help = "Crée une variante (conversationnelle ou concise) d'un article, en gardant chaque citation."

    def add_arguments(self, parser):
        parser.add_argument("article", metavar="ID_OR_SLUG", help="Identifiant ou slug de l'article.")
        parser.add_argument("--style", required=True, choices=["conversational", "concise"])
        add_follow_arguments(parser)

    def handle(self, *args, **options):
        ref = options["article"].strip()
        article = Article.objects.filter(pk=int(ref)).first() if ref.isdigit() else None
        article = article or Article.objects.filter(slug=ref).first()
        if article is None:
            raise CommandError(f"Article introuvable : {ref!r} (donnez son identifiant ou son slug).")
        user = resolve_user(options["user"])
        try:
            job = drafting.rewrite_launch(article=article, style=options["style"], user=user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        except jobs.JobRefused as exc:
            raise CommandError(exc.message) from None
        job = follow(self, job, wait=options["wait"], timeout=options["timeout"])
        result = job.result or {}
        payload = {
            **job_payload(job),
            "integrity": result.get("integrity"),
            "conversational": result.get("conversational"),
        }
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            self.stdout.write(describe(job))
            if result.get("integrity") is not None:
                self.stdout.write(
                    f"Intégrité : {result['integrity']:.0%} · style conversationnel : {result['conversational']:.0%}"
                )
        if job.status == "failed" or (options["wait"] and job.status not in jobs.TERMINAL):
            sys.exit(1)
