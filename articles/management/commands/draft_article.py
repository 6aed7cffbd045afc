"""Open a brief and launch the drafting pipeline (design §6).

    manage.py draft_article --topic "…" --source 12 --source https://… [--angle "…"] [--wait] [--json]

Without --wait it returns at once with the job id and status "queued" (even when the broker is
down: the job is stored and the sweeper enqueues it later). With --wait it follows the job; when
no worker answers, it runs the job in this process. Exit status 1 when the job failed.
"""

import json
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles import drafting
from articles.drafting import jobs, runner
from articles.models import GenerationJob
from prizm.links import normalize_url
from sources.models import Source


def resolve_source(value: str) -> Source:
    value = value.strip()
    if value.isdigit():
        source = Source.objects.filter(pk=int(value)).first()
    else:

        try:
            normalized = normalize_url(value)
        except Exception:
            normalized = value
        source = (
            Source.objects.filter(normalized_url=normalized).first()
            or Source.objects.filter(url=value).first()
        )
    if source is None:
        raise CommandError(
            f"Source introuvable : {value!r}. Donnez l'identifiant ou l'adresse d'une source enregistrée "
            "(voir le studio, ou manage.py import_sources)."
        )
    return source


def resolve_user(username: str | None):
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Utilisateur inconnu : {username!r}.")
    return user


def job_payload(job: GenerationJob) -> dict:
    """What --json prints for a job, the same for draft_article and rewrite_article: `error` is the
    editor's message (null unless failed), `error_code` its stable code (refusal, truncated,
    format_unsupported, connection, timeout…)."""
    result = job.result or {}
    return {
        "job": job.pk,
        "status": job.status,
        "article": job.result_article_id,
        "error": job.error or None,
        "error_code": result.get("error_code") or None,
        "findings": result.get("findings", []),
    }


def add_follow_arguments(parser) -> None:
    parser.add_argument("--wait", action="store_true", help="Suivre la tâche jusqu'à la fin.")
    parser.add_argument("--json", action="store_true", help="Écrire le résultat en JSON sur la sortie standard.")
    parser.add_argument("--user", help="Identifiant de l'utilisateur au nom duquel lancer (facultatif).")
    parser.add_argument(
        "--timeout", type=float, default=None,
        help="Secondes d'attente au plus avec --wait (par défaut : le délai maximal d'une tâche).",
    )


def follow(command: BaseCommand, job: GenerationJob, *, wait: bool, timeout: float | None) -> GenerationJob:
    if not wait:
        job.refresh_from_db()
        return job
    return runner.job_wait(
        job=job,
        timeout=timeout if timeout is not None else settings.PRIZM_JOB_DEADLINE_SECONDS,
        on_inline=lambda: command.stderr.write("Aucun worker ne répond : la tâche est exécutée dans ce processus."),
    )


class Command(BaseCommand):
    help = "Ouvre un brief et lance la rédaction d'un brouillon à partir de sources enregistrées."

    def add_arguments(self, parser):
        parser.add_argument("--topic", required=True, help="Sujet de l'article.")
        parser.add_argument(
            "--source", action="extend", nargs="+", required=True, dest="sources", metavar="ID_OR_URL",
            help="Source enregistrée (identifiant ou URL), dans l'ordre voulu ; répétable.",
        )
        parser.add_argument("--angle", default="", help="Angle souhaité.")
        parser.add_argument("--audience", default="", help="Public visé.")
        add_follow_arguments(parser)

    def handle(self, *args, **options):
        sources = [resolve_source(v) for v in options["sources"]]
        user = resolve_user(options["user"])
        try:
            brief = drafting.brief_create(
                user=user, topic=options["topic"], angle=options["angle"], audience=options["audience"],
                sources=sources,
            )
            job = drafting.draft_launch(brief=brief, user=user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        except jobs.JobRefused as exc:
            raise CommandError(exc.message) from None
        job = follow(self, job, wait=options["wait"], timeout=options["timeout"])
        payload = job_payload(job)
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            self.stdout.write(describe(job))
        if job.status == "failed" or (options["wait"] and job.status not in jobs.TERMINAL):
            sys.exit(1)


def describe(job: GenerationJob) -> str:
    line = f"Tâche n° {job.pk} : {job.get_status_display().lower()} ({job.status})"
    if job.status in jobs.ACTIVE:
        line += f" — {job.step}" if job.step else ""
    if job.error:
        line += f"\n{job.error}"
    if job.result_article_id:
        article = job.result_article
        findings = (job.result or {}).get("findings", [])
        blockers = sum(1 for f in findings if f.get("severity") == "blocker")
        line += (
            f"\nArticle n° {article.pk} « {article.title} » (slug {article.slug}), brouillon — "
            f"{blockers} blocage(s), {len(findings) - blockers} avertissement(s)."
        )
    return line
