"""Lifecycle of background jobs. The database is the source of truth: a Celery message only says
"job N has work"; this module decides whether there is any.

create → (after commit) enqueue → claim (queued → running) → progress… → succeed | fail
cancel and retry come from editors; `jobs_sweep` (beat, every 30 s) re-enqueues jobs left queued
(lost message, broker down) and requeues or fails jobs running past their deadline (dead worker).
"""

import calendar
import logging
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.audit import audit_record
from articles.models import GenerationJob, JobKind, JobStatus
from articles.quality.i18n import StoredTexts, findings_localize
from prizm.celery import send_now
from prizm.llm import Usage, provider_name
from prizm.llm.pricing import cost_for

log = logging.getLogger(__name__)

TERMINAL = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
# Kinds run by `articles.tasks.run_job` (other areas run their own kinds with their own tasks).
RUNNABLE_KINDS = (JobKind.SYNTHESIS, JobKind.DRAFT, JobKind.REWRITE)
REQUEUE_QUEUED_AFTER = timedelta(seconds=30)
# The pinned name of the task that runs a job (drafting/tasks.py): messages are sent by name, so
# this module does not import the task, and messages queued by an older release still run.
RUN_JOB_TASK = "articles.tasks.run_job"

# --- Texts stored on jobs and revisions -----------------------------------------------------------
# A job's step and error, and the reason of the revision a job writes, are stored in French — this
# module formats them from the French templates below, and `runner.job_run` runs the pipeline in the source
# language whoever launched the job — and shown in the reader's language by `job_localize` /
# `revision_reason` (articles/quality/i18n.py says how).
JOB_TEXTS = StoredTexts(labels=True)  # steps without values ("Synthèse des sources") are msgids
STEP_WAITING = JOB_TEXTS.gettext_noop("En attente d'un worker")
STEP_BROKER_DOWN = JOB_TEXTS.gettext_noop("File d'attente injoignable, nouvel essai automatique")
STEP_STARTING = JOB_TEXTS.gettext_noop("Démarrage")
STEP_DONE = JOB_TEXTS.gettext_noop("Terminé")
STEP_FAILED = JOB_TEXTS.gettext_noop("Échec")
STEP_CANCELLED = JOB_TEXTS.gettext_noop("Annulée par %(who)s", translate=("who",))
STEP_RESTARTED = JOB_TEXTS.gettext_noop("Relancée automatiquement : la tentative %(n)s a dépassé son délai")
AN_OPERATOR = JOB_TEXTS.gettext_noop("un opérateur")  # a value of STEP_CANCELLED, translated with it
# Written by articles/drafting.py (rewrite step, refusal); the style is one of ArticleStyle's labels.
JOB_TEXTS.gettext_noop("Réécriture (%(style)s)", translate=("style",))
JOB_TEXTS.gettext_noop("Factuel")
JOB_TEXTS.gettext_noop("Conversationnel")
JOB_TEXTS.gettext_noop("Concis")
JOB_TEXTS.gettext_noop(
    "Le modèle a refusé d'écrire ou a répondu hors sujet (« %(excerpt)s »). Aucun brouillon n'a été "
    "créé. Reformulez le sujet ou l'angle, vérifiez les sources, puis relancez."
)
ERROR_BUDGET = JOB_TEXTS.gettext_noop(
    "Budget mensuel atteint : %(spent)s dépensés sur %(budget)s autorisés (PRIZM_MONTHLY_BUDGET). "
    "Aucune nouvelle génération ne sera lancée avant le %(date)s, sauf si un administrateur relève "
    "le budget."
)
ERROR_ATTEMPTS = JOB_TEXTS.gettext_noop(
    "La tâche n'a pas abouti après %(n)s tentatives : elle a dépassé son délai à chaque fois "
    "(worker arrêté ou service de langage trop lent). Vérifiez que le worker tourne, puis relancez."
)
ERROR_UNKNOWN_KIND = JOB_TEXTS.gettext_noop("Type de tâche inconnu : %(kind)s.")
ERROR_TIME_LIMIT = JOB_TEXTS.gettext_noop(
    "La génération a dépassé la durée maximale autorisée (%(s)s s) et a été arrêtée. "
    "Relancez-la ; si cela se répète, réduisez le nombre de sources ou choisissez un modèle plus rapide."
)
ERROR_INTERNAL = JOB_TEXTS.gettext_noop(
    "Erreur interne inattendue (%(name)s). Rien n'a été publié ; vous pouvez relancer. "
    "Si cela se répète, transmettez le numéro de tâche à l'équipe technique."
)

# Reasons code writes on revisions: a job's draft (articles/drafting.py), an import
# (articles/importing.py), a revert (articles/editing.py). People type the others.
REVISION_REASONS = StoredTexts()
REVISION_REASONS.gettext_noop("Brouillon généré (%(by)s)")
REVISION_REASONS.gettext_noop("Import de %(file)s")
REVISION_REASONS.gettext_noop("Retour à la révision %(n)d")


def job_localize(job: GenerationJob) -> GenerationJob:
    """`job` with its step and error in the active language, to show it (in memory: never saved)."""
    job.step = JOB_TEXTS.localize(job.step)
    job.error = JOB_TEXTS.localize(job.error)
    return job


def job_findings(job: GenerationJob) -> list[dict]:
    """The findings a job's result keeps (dicts), their messages in the active language."""
    return findings_localize((job.result or {}).get("findings") or [])


def revision_reason(reason: str) -> str:
    """A revision's reason in the active language when code wrote it; as typed otherwise."""
    return REVISION_REASONS.localize(reason)


class JobRefused(Exception):
    """A request the editor must change (budget reached, job already finished…). French message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class JobStopped(Exception):
    """The job was cancelled (or failed by the sweeper) while running: stop quietly."""


def money(value) -> str:
    """12.5 → "12,50 $" (costs are in US dollars, like the providers' price lists)."""
    return f"{Decimal(value or 0):.2f}".replace(".", ",") + " $"


def money_precise(value) -> str:
    return f"{Decimal(value or 0):.4f}".replace(".", ",") + " $"


# --- Budget ----------------------------------------------------------------------------------
def month_bounds(*, now: datetime | None = None) -> tuple[datetime, datetime]:
    local = timezone.localtime(now or timezone.now())
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    days = calendar.monthrange(start.year, start.month)[1]
    return start, start + timedelta(days=days)


def jobs_month_cost(*, now: datetime | None = None) -> Decimal:
    start, end = month_bounds(now=now)
    total = GenerationJob.objects.filter(created_at__gte=start, created_at__lt=end).aggregate(total=Sum("cost"))
    return total["total"] or Decimal("0")


def budget_status(*, now: datetime | None = None) -> dict:
    spent = jobs_month_cost(now=now)
    budget = Decimal(settings.PRIZM_MONTHLY_BUDGET) if settings.PRIZM_MONTHLY_BUDGET is not None else None
    return {
        "spent": spent,
        "budget": budget,
        "reached": budget is not None and spent >= budget,
        "percent": min(100, int(spent * 100 / budget)) if budget else None,
    }


def budget_check(*, provider: str) -> None:
    """Refuse a paid job once the monthly budget is spent. The offline provider costs nothing."""
    if provider == "offline":
        return
    status = budget_status()
    if status["reached"]:
        end = month_bounds()[1]
        raise JobRefused(
            _(ERROR_BUDGET)
            % {"spent": money(status["spent"]), "budget": money(status["budget"]), "date": end.strftime("%d/%m/%Y")}
        )


# --- Create and enqueue ---------------------------------------------------------------------
def job_create(
    *,
    kind: str,
    user=None,
    brief=None,
    article=None,
    params: dict | None = None,
    idempotency_key: str | None = None,
) -> GenerationJob:
    """Create a queued job and enqueue it once the transaction commits. `user=None` = a command
    run by an operator. The same idempotency key returns the job it first created."""
    if user is not None and not user.has_perm("articles.add_generationjob"):
        raise PermissionDenied(_("Vous n'avez pas le droit de lancer une génération."))
    if idempotency_key:
        existing = GenerationJob.objects.filter(idempotency_key=idempotency_key).first()
        if existing:
            return existing
    provider = provider_name()
    budget_check(provider=provider)
    model = "offline" if provider == "offline" else settings.PRIZM_LLM_MODEL
    try:
        with transaction.atomic():
            job = GenerationJob.objects.create(
                kind=kind,
                brief=brief,
                article=article,
                params=params or {},
                provider=provider,
                model=model,
                step=STEP_WAITING,
                max_attempts=3,
                idempotency_key=idempotency_key or None,
                requested_by=user,
            )
            audit_record(
                actor=user, action="job.created", obj=job, article=article,
                data={"kind": kind, "provider": provider, "model": model},
            )
            job_enqueue_on_commit(job=job)
    except IntegrityError:
        if idempotency_key:
            existing = GenerationJob.objects.filter(idempotency_key=idempotency_key).first()
            if existing:
                return existing
        raise
    return job


def job_enqueue_on_commit(*, job: GenerationJob) -> None:
    job_id = job.pk
    transaction.on_commit(lambda: job_enqueue(job_id=job_id))


def job_enqueue(*, job_id: int) -> bool:
    """Publish "job N has work". Never raises: if the broker is down the job stays queued with a
    note, and the sweeper tries again."""
    try:
        message = send_now(RUN_JOB_TASK, job_id)
    except Exception as exc:  # broker unreachable, serialization… the job row is what matters
        log.warning("could not enqueue job %s: %s", job_id, exc)
        GenerationJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            step=STEP_BROKER_DOWN, updated_at=timezone.now()
        )
        return False
    GenerationJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        celery_task_id=message.id, step=STEP_WAITING, updated_at=timezone.now()
    )
    return True


# --- Run --------------------------------------------------------------------------------------
def job_claim(*, job_id: int) -> GenerationJob | None:
    """queued → running (or take over a running job past its deadline). None when there is
    nothing to do: unknown, finished, cancelled, or being run by someone else right now."""
    with transaction.atomic():
        job = GenerationJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        now = timezone.now()
        stale = job.status == JobStatus.RUNNING and job.deadline is not None and job.deadline < now
        if job.status != JobStatus.QUEUED and not stale:
            return None
        if job.attempts >= job.max_attempts:
            _fail_locked(job, _attempts_exhausted(job))
            return None
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.started_at = now
        job.finished_at = None
        job.deadline = now + timedelta(seconds=settings.PRIZM_JOB_DEADLINE_SECONDS)
        job.error = ""
        job.step = STEP_STARTING
        job.save(update_fields=["status", "attempts", "started_at", "finished_at", "deadline", "error", "step", "updated_at"])
        return job


def job_progress(*, job: GenerationJob, progress: int, step: str, checkpoint: bool = False) -> None:
    """Record progress; raise JobStopped if the job is no longer running (cancelled meanwhile)."""
    fields = {
        "progress": max(job.progress, min(100, progress)), "step": step, "updated_at": timezone.now(),
        "live_text": "", "live_tokens": 0,  # a new step: what was streamed before is consumed
    }
    if checkpoint:
        fields["result"] = job.result
    if not GenerationJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields):
        raise JobStopped
    job.progress, job.step = fields["progress"], step


LIVE_TEXT_CHARS = 1500


def job_live(*, job: GenerationJob, text: str, tokens: int) -> None:
    """Record what the model has streamed so far (its last characters); raise JobStopped if the job
    was cancelled meanwhile, which closes the stream and stops the generation."""
    fields = {"live_text": text[-LIVE_TEXT_CHARS:], "live_tokens": tokens, "updated_at": timezone.now()}
    if not GenerationJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields):
        raise JobStopped


def job_add_usage(*, job: GenerationJob, usage: Usage, model: str) -> None:
    if not (usage.tokens_in or usage.tokens_out):
        return
    cost = cost_for(model=model, tokens_in=usage.tokens_in, tokens_out=usage.tokens_out)
    GenerationJob.objects.filter(pk=job.pk).update(
        tokens_in=F("tokens_in") + usage.tokens_in,
        tokens_out=F("tokens_out") + usage.tokens_out,
        cost=F("cost") + cost,
        updated_at=timezone.now(),
    )
    job.tokens_in += usage.tokens_in
    job.tokens_out += usage.tokens_out
    job.cost = Decimal(job.cost) + cost


def job_succeed(*, job: GenerationJob, result: dict, result_article=None) -> None:
    job.result = {**job.result, **result}
    fields = {
        "status": JobStatus.SUCCEEDED, "progress": 100, "step": STEP_DONE, "result": job.result,
        "finished_at": timezone.now(), "updated_at": timezone.now(), "error": "",
    }
    if result_article is not None:
        fields["result_article"] = result_article
    if not GenerationJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields):
        raise JobStopped
    job.status = JobStatus.SUCCEEDED


def job_fail(*, job: GenerationJob, error: str, code: str = "") -> None:
    job.result = {**job.result, "error_code": code} if code else job.result
    GenerationJob.objects.filter(pk=job.pk, status__in=ACTIVE).update(
        status=JobStatus.FAILED, error=error, step=STEP_FAILED, result=job.result,
        finished_at=timezone.now(), updated_at=timezone.now(),
    )
    job.status, job.error = JobStatus.FAILED, error


def _fail_locked(job: GenerationJob, error: str) -> None:
    job.status = JobStatus.FAILED
    job.error = error
    job.step = STEP_FAILED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "step", "finished_at", "updated_at"])


def _attempts_exhausted(job: GenerationJob) -> str:
    return ERROR_ATTEMPTS % {"n": job.attempts}


# --- Editors' actions ----------------------------------------------------------------------
def _check_can_manage(*, job: GenerationJob, user) -> None:
    if user is not None and not user.has_perm("articles.add_generationjob"):
        raise PermissionDenied(_("Vous n'avez pas le droit de gérer les générations."))


def job_cancel(*, job: GenerationJob, user) -> GenerationJob:
    _check_can_manage(job=job, user=user)
    with transaction.atomic():
        locked = GenerationJob.objects.select_for_update().get(pk=job.pk)
        if locked.status not in ACTIVE:
            raise JobRefused(
                _("Cette tâche est déjà terminée (%(status)s) : il n'y a plus rien à annuler.")
                % {"status": locked.get_status_display()}
            )
        locked.status = JobStatus.CANCELLED
        locked.finished_at = timezone.now()
        who = user.get_username() if user is not None else AN_OPERATOR
        locked.step = STEP_CANCELLED % {"who": who}  # stored in French, shown translated
        locked.save(update_fields=["status", "finished_at", "step", "updated_at"])
        audit_record(actor=user, action="job.cancelled", obj=locked, article=locked.article)
    return locked


def job_retry(*, job: GenerationJob, user) -> GenerationJob:
    """Run a failed or cancelled job again (finished steps are reused, e.g. the synthesis)."""
    _check_can_manage(job=job, user=user)
    provider = provider_name()
    budget_check(provider=provider)
    with transaction.atomic():
        locked = GenerationJob.objects.select_for_update().get(pk=job.pk)
        if locked.status not in (JobStatus.FAILED, JobStatus.CANCELLED):
            raise JobRefused(
                _("Seule une tâche en échec ou annulée peut être relancée (celle-ci est : %(status)s).")
                % {"status": locked.get_status_display()}
            )
        if locked.provider != provider:
            locked.result = {k: v for k, v in locked.result.items() if k == "relaunches"}
        locked.result["relaunches"] = int(locked.result.get("relaunches", 0)) + 1
        locked.result.pop("error_code", None)
        locked.provider = provider
        locked.model = "offline" if provider == "offline" else settings.PRIZM_LLM_MODEL
        locked.status = JobStatus.QUEUED
        locked.progress = 0
        locked.attempts = 0
        locked.error = ""
        locked.step = STEP_WAITING
        locked.deadline = None
        locked.started_at = None
        locked.finished_at = None
        locked.save()
        audit_record(actor=user, action="job.retried", obj=locked, article=locked.article)
        job_enqueue_on_commit(job=locked)
    return locked


# --- Sweeper -------------------------------------------------------------------------------
def jobs_sweep(*, now: datetime | None = None, queued_after: timedelta = REQUEUE_QUEUED_AFTER) -> dict:
    """Re-enqueue queued jobs nobody picked up, take back running jobs past their deadline."""
    now = now or timezone.now()
    counts = {"requeued": 0, "restarted": 0, "failed": 0}
    stale_running = GenerationJob.objects.filter(
        kind__in=RUNNABLE_KINDS, status=JobStatus.RUNNING, deadline__lt=now
    ).values_list("pk", flat=True)
    for job_id in list(stale_running):
        with transaction.atomic():
            job = GenerationJob.objects.select_for_update().filter(pk=job_id, status=JobStatus.RUNNING).first()
            if job is None or job.deadline is None or job.deadline >= now:
                continue
            if job.attempts >= job.max_attempts:
                _fail_locked(job, _attempts_exhausted(job))
                counts["failed"] += 1
                continue
            job.status = JobStatus.QUEUED
            job.step = STEP_RESTARTED % {"n": job.attempts}
            job.deadline = None
            job.save(update_fields=["status", "step", "deadline", "updated_at"])
            counts["restarted"] += 1
        job_enqueue(job_id=job_id)
    forgotten = GenerationJob.objects.filter(
        Q(updated_at__lt=now - queued_after), kind__in=RUNNABLE_KINDS, status=JobStatus.QUEUED
    ).values_list("pk", flat=True)
    for job_id in list(forgotten):
        if job_enqueue(job_id=job_id):
            counts["requeued"] += 1
    if any(counts.values()):
        log.info("jobs_sweep: %s", counts)
    return counts
