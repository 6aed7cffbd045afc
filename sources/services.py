"""Writes on the source registry. Forms, the admin, commands and tasks all call these functions.

Each write checks the permission of `user` (None means the system: commands, tasks), validates the
model (form, model and database all refuse a reliability outside 0–10) and records an audit event.
"""

import datetime
import logging
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from prizm.celery import send_now
from prizm.hooks import audit_record
from prizm.links import clean_url, normalize_url
from sources.fetching import FetchError, check_scheme, extract_page, fetch_page

from .dates import DAY, partial_date_display
from .models import Extract, FetchStatus, Source, SourceFetch, SourceKind
from .synthesis_format import SynthesisFormatError

logger = logging.getLogger(__name__)
# The pinned name of the fetch task (sources/tasks.py): sent by name, so this module does not import it.
FETCH_SOURCE_TASK = "sources.fetch_source"

SOURCE_FIELDS = (
    "name", "publisher", "kind", "url", "published_on", "published_precision", "reliability", "language",
    "notes", "text",
)


class DuplicateSourceError(ValidationError):
    """The URL, once normalized, is already registered: `existing` is the source that holds it."""

    def __init__(self, existing: Source):
        self.existing = existing
        super().__init__({
            "url": [ValidationError(
                _("Cette URL est déjà enregistrée : source « %(name)s » (n° %(id)s)."),
                code="duplicate", params={"name": existing.name, "id": existing.pk},
            )]
        })


# --- helpers --------------------------------------------------------------------------------------

def _require(user, perm: str) -> None:
    if user is not None and not user.has_perm(perm):
        raise PermissionDenied(_("Vous n'avez pas le droit de faire cette action sur les sources."))


def _audit(*, user, action: str, obj, data: dict | None = None) -> None:
    audit_record(actor=user, action=action, obj=obj, data=data or {})


def extract_key(text: str) -> str:
    """Comparison key for quotes: NFKC, typographic quotes/apostrophes and spaces folded, case kept."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("«", '"').replace("»", '"')
    text = re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()
    return text.strip('" ').strip()


def source_find_duplicate(*, url: str, exclude_pk: int | None = None) -> Source | None:
    try:
        normalized = normalize_url(url)
    except ValueError:
        return None
    qs = Source.objects.filter(normalized_url=normalized)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def _validate_and_save(source: Source) -> None:
    errors: dict[str, list] = {}
    try:
        source.full_clean(exclude=["normalized_url", "created_by"], validate_unique=False)
    except ValidationError as exc:
        errors = exc.message_dict
    if "url" not in errors:
        existing = source_find_duplicate(url=source.url, exclude_pk=source.pk)
        if existing:
            raise DuplicateSourceError(existing)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        existing = source_find_duplicate(url=source.url, exclude_pk=source.pk)
        if existing:  # another editor registered the same URL at the same moment
            raise DuplicateSourceError(existing) from None
        raise


# --- sources --------------------------------------------------------------------------------------

@transaction.atomic
def source_create(
    *,
    user,
    name: str,
    url: str,
    kind: str = SourceKind.ARTICLE,
    publisher: str = "",
    published_on: datetime.date | None = None,
    published_precision: str = DAY,
    reliability: int = 5,
    language: str = "fr",
    notes: str = "",
    text: str = "",
    extracts: list[str | dict] = (),
) -> Source:
    _require(user, "sources.add_source")
    source = Source(
        name=(name or "").strip(), url=clean_url(url), kind=kind, publisher=(publisher or "").strip(),
        published_on=published_on, published_precision=published_precision or DAY, reliability=reliability,
        language=language or "fr", notes=notes or "", text=text or "",
        created_by=user if getattr(user, "pk", None) else None,
    )
    _validate_and_save(source)
    for item in extracts:
        item = {"text": item} if isinstance(item, str) else item
        if (item.get("text") or "").strip():
            extract_add(source=source, user=user, text=item["text"], locator=item.get("locator", ""))
    _audit(user=user, action="source.create", obj=source, data={"url": source.url})
    return source


@transaction.atomic
def source_update(*, source: Source, user, data: dict) -> list[str]:
    """Apply `data` (a subset of SOURCE_FIELDS) to `source`. Returns the names of the fields changed."""
    _require(user, "sources.change_source")
    unknown = set(data) - set(SOURCE_FIELDS)
    if unknown:
        raise ValueError(f"unknown source fields: {sorted(unknown)}")
    changed = []
    for name, value in data.items():
        if isinstance(value, str) and name not in ("text", "notes"):
            value = value.strip()
        if name == "url":
            value = clean_url(value)  # a URL that differs only by tracking parameters is no change
        if getattr(source, name) != value:
            setattr(source, name, value)
            changed.append(name)
    if changed:
        _validate_and_save(source)
        _audit(user=user, action="source.update", obj=source, data={"fields": changed})
    return changed


@transaction.atomic
def source_delete(*, source: Source, user) -> None:
    _require(user, "sources.delete_source")
    name, pk = source.name, source.pk
    try:
        with transaction.atomic():
            source.delete()
    except ProtectedError:
        raise ValidationError(
            _("« %(name)s » est utilisée par des articles ou des briefs : retirez-la d'abord de ceux-ci.")
            % {"name": name}
        ) from None
    source.pk = pk
    _audit(user=user, action="source.delete", obj=source, data={"name": name})


# --- extracts -------------------------------------------------------------------------------------

def _check_extract(*, source: Source, text: str, exclude_pk: int | None = None) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Collez la citation exacte de la source.")]})
    key = extract_key(text)
    for other in source.extracts.all():
        if other.pk != exclude_pk and extract_key(other.text) == key:
            raise ValidationError({"text": [_("Cet extrait est déjà enregistré pour cette source.")]})
    return text


@transaction.atomic
def extract_add(*, source: Source, user, text: str, locator: str = "") -> Extract:
    _require(user, "sources.add_extract")
    text = _check_extract(source=source, text=text)
    order = (source.extracts.aggregate(m=Max("order"))["m"] or 0) + 1
    extract = Extract(source=source, text=text, locator=(locator or "").strip(), order=order)
    extract.full_clean()
    extract.save()
    Source.objects.filter(pk=source.pk).update(updated_at=timezone.now())
    _audit(user=user, action="extract.add", obj=extract, data={"source": source.pk})
    return extract


@transaction.atomic
def extract_update(*, extract: Extract, user, text: str, locator: str = "") -> Extract:
    _require(user, "sources.change_extract")
    extract.text = _check_extract(source=extract.source, text=text, exclude_pk=extract.pk)
    extract.locator = (locator or "").strip()
    extract.full_clean()
    extract.save()
    _audit(user=user, action="extract.update", obj=extract, data={"source": extract.source_id})
    return extract


@transaction.atomic
def extract_delete(*, extract: Extract, user) -> None:
    _require(user, "sources.delete_extract")
    pk = extract.pk
    extract.delete()
    extract.pk = pk
    _audit(user=user, action="extract.delete", obj=extract, data={"source": extract.source_id})


# --- upsert by URL (imports) ----------------------------------------------------------------------

@dataclass
class UpsertResult:
    source: Source
    created: bool
    changes: list[str] = field(default_factory=list)
    extracts_added: int = 0

    @property
    def changed(self) -> bool:
        return self.created or bool(self.changes) or bool(self.extracts_added)


def _upgrades_to_https(registered: str, incoming: str) -> bool:
    """http:// and https:// of one address are one source (see prizm/links.py); when an import brings
    the https:// form of a source registered in http://, the registered URL moves to https://."""
    return registered.lower().startswith("http://") and (incoming or "").strip().lower().startswith("https://")


@transaction.atomic
def source_upsert(*, user, data: dict, extracts: list[str] = ()) -> UpsertResult:
    """Create the source of `data["url"]` or bring the registered one up to date; add the extracts it
    lacks (never twice). Used by `import_sources` and by article imports."""
    existing = source_find_duplicate(url=data["url"])
    if existing is None:
        source = source_create(user=user, **data)
        result = UpsertResult(source=source, created=True)
    else:
        before = {k: getattr(existing, k) for k in data if k != "url"}
        labels = {
            "name": _("nom"), "publisher": _("éditeur"), "kind": _("type"), "reliability": _("fiabilité"),
            "published_on": _("date"), "published_precision": _("date"), "language": _("langue"),
            "notes": _("notes"), "text": _("texte intégral"),
        }
        update = {k: v for k, v in data.items() if k != "url" and getattr(existing, k) != v}
        if _upgrades_to_https(existing.url, data["url"]):
            update["url"] = data["url"]  # both forms of the address were met: https is kept
        changed = source_update(source=existing, user=user, data=update) if update else []
        result = UpsertResult(source=existing, created=False)
        for name in changed:
            if name == "url":
                text = _("adresse http → https")
            elif name in ("published_on", "published_precision"):
                old = partial_date_display(before.get("published_on", existing.published_on),
                                           before.get("published_precision", existing.published_precision))
                text = f"{labels[name]} {old or '—'} → {existing.published_display or '—'}"
            elif name in ("text", "notes"):
                text = str(labels[name])
            else:
                text = f"{labels.get(name, name)} {before[name]} → {getattr(existing, name)}"
            if text not in result.changes:
                result.changes.append(text)
    known = {extract_key(e.text) for e in result.source.extracts.all()}
    for text in extracts:
        if extract_key(text) not in known:
            extract_add(source=result.source, user=user, text=text)
            known.add(extract_key(text))
            result.extracts_added += 1
    return result


# --- import from a URL ----------------------------------------------------------------------------

def source_fetch_request(*, url: str, user) -> SourceFetch:
    """Record the request, then (after commit) hand it to the worker. A URL already registered is
    refused with the source that holds it; a broker that is down leaves the request recorded as failed
    with a message saying so."""

    _require(user, "sources.add_source")
    url = (url or "").strip()
    try:
        check_scheme(url)
    except FetchError as exc:
        raise ValidationError({"url": [str(exc)]}) from None
    existing = source_find_duplicate(url=url)
    if existing:
        raise DuplicateSourceError(existing)
    with transaction.atomic():
        fetch = SourceFetch(url=url, deadline=SourceFetch.default_deadline(),
                            requested_by=user if getattr(user, "pk", None) else None)
        fetch.full_clean(exclude=["requested_by", "source"])
        fetch.save()
        transaction.on_commit(lambda: source_fetch_enqueue(fetch_id=fetch.pk))
    return fetch


def source_fetch_enqueue(*, fetch_id: int) -> bool:
    try:
        send_now(FETCH_SOURCE_TASK, fetch_id)
    except Exception as exc:  # broker down or unreachable: say so, keep the request
        logger.warning("could not enqueue source fetch %s: %s", fetch_id, exc)
        SourceFetch.objects.filter(pk=fetch_id, status=FetchStatus.QUEUED).update(
            status=FetchStatus.FAILED, finished_at=timezone.now(), updated_at=timezone.now(),
            error=_("Le service de tâches est injoignable : la demande est enregistrée mais n'a pas pu "
                    "être lancée. Réessayez dans un instant."),
        )
        return False
    return True


def source_fetch_retry(*, fetch: SourceFetch, user) -> SourceFetch:
    _require(user, "sources.add_source")
    with transaction.atomic():
        fetch = SourceFetch.objects.select_for_update().get(pk=fetch.pk)
        if fetch.status == FetchStatus.SUCCEEDED:
            return fetch
        if fetch.is_pending:
            raise ValidationError(_("Cette récupération est encore en cours."))
        fetch.status = FetchStatus.QUEUED
        fetch.error = ""
        fetch.deadline = SourceFetch.default_deadline()
        fetch.started_at = fetch.finished_at = None
        fetch.save()
        transaction.on_commit(lambda: source_fetch_enqueue(fetch_id=fetch.pk))
    return fetch


OVERDUE_MESSAGE = gettext_noop(
    "La récupération n'a pas abouti avant l'échéance (service de tâches arrêté ou surchargé). "
    "Relancez-la."
)


def source_fetch_expire_overdue(*, fetch: SourceFetch | None = None) -> int:
    """Store as failed the fetches left queued or running past their deadline."""
    qs = SourceFetch.objects.filter(
        status__in=[FetchStatus.QUEUED, FetchStatus.RUNNING], deadline__lt=timezone.now()
    )
    if fetch is not None:
        qs = qs.filter(pk=fetch.pk)
    n = qs.update(status=FetchStatus.FAILED, error=_(OVERDUE_MESSAGE), finished_at=timezone.now(),
                  updated_at=timezone.now())
    if fetch is not None and n:
        fetch.refresh_from_db()
    return n


def source_fetch_run(*, fetch_id: int) -> SourceFetch:
    """Fetch and extract the page of fetch `fetch_id`. Idempotent: a finished fetch is left alone."""

    with transaction.atomic():
        fetch = SourceFetch.objects.select_for_update().get(pk=fetch_id)
        if fetch.status in (FetchStatus.SUCCEEDED, FetchStatus.FAILED):
            return fetch
        if fetch.is_overdue:
            source_fetch_expire_overdue(fetch=fetch)
            return fetch
        fetch.status = FetchStatus.RUNNING
        fetch.started_at = timezone.now()
        fetch.attempts += 1
        fetch.save()
    try:
        page = fetch_page(fetch.url)
        info = extract_page(page)
    except FetchError as exc:
        fetch.status, fetch.error = FetchStatus.FAILED, str(exc)
    except Exception:
        logger.exception("source fetch %s failed", fetch_id)
        fetch.status = FetchStatus.FAILED
        fetch.error = _("Erreur inattendue pendant la lecture de la page. Réessayez ou saisissez la source à la main.")
    else:
        fetch.status, fetch.error = FetchStatus.SUCCEEDED, ""
        fetch.final_url, fetch.content_type = page.url[:1000], page.content_type[:200]
        fetch.title, fetch.publisher = info.title[:300], info.publisher[:200]
        fetch.published_on, fetch.published_precision = info.published_on, DAY
        fetch.language, fetch.text = info.language[:10], info.text
    fetch.finished_at = timezone.now()
    fetch.save()
    return fetch


@transaction.atomic
def source_create_from_fetch(*, fetch: SourceFetch, user, data: dict, extracts: list[str | dict] = ()) -> Source:
    """The editor confirms (and corrects) what was fetched; the fetched main text is kept with the source."""
    if fetch.status != FetchStatus.SUCCEEDED:
        raise ValidationError(_("Cette page n'a pas été récupérée : relancez la récupération d'abord."))
    if fetch.source_id:
        raise ValidationError(_("Cette page a déjà servi à créer une source."))
    data = {**data, "text": fetch.text}
    source = source_create(user=user, extracts=extracts, **data)
    fetch.source = source
    fetch.save(update_fields=["source", "updated_at"])
    return source


# --- import of synthesis documents ----------------------------------------------------------------

@dataclass
class SynthesisImportReport:
    results: list[UpsertResult] = field(default_factory=list)
    synthesis_status: str = ""  # "créée", "mise à jour", "inchangée" or "" (no synthesis part)
    synthesis_title: str = ""

    @property
    def created(self) -> int:
        return sum(r.created for r in self.results)

    @property
    def updated(self) -> int:
        return sum((not r.created) and r.changed for r in self.results)

    @property
    def unchanged(self) -> int:
        return sum(not r.changed for r in self.results)

    @property
    def extracts_added(self) -> int:
        return sum(r.extracts_added for r in self.results)

    @property
    def changed(self) -> bool:
        return any(r.changed for r in self.results) or self.synthesis_status in ("créée", "mise à jour")


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{name} : {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


@transaction.atomic
def synthesis_sources_import(*, document, user=None) -> SynthesisImportReport:
    """Register the sources of a parsed synthesis document (see synthesis_format.py). Idempotent by
    normalized URL; all or nothing (the caller's transaction). Its synthesis part (convergences,
    divergences…) is stored by the drafting area: `articles.drafting.synthesis_import`."""
    report = SynthesisImportReport()
    for parsed in document.sources:
        data = {
            "name": parsed.name, "kind": parsed.kind, "url": parsed.url, "published_on": parsed.published_on,
            "published_precision": parsed.published_precision, "reliability": parsed.reliability,
        }
        if source_find_duplicate(url=parsed.url) is None:  # set once; editors may change them later
            data["publisher"] = parsed.name
            if parsed.kind == "autre" and parsed.kind_label:
                data["notes"] = f"Type indiqué dans la synthèse : {parsed.kind_label}"
        try:
            report.results.append(source_upsert(user=user, data=data, extracts=parsed.extracts))
        except ValidationError as exc:
            raise SynthesisFormatError(
                parsed.line, f"source {parsed.number} « {parsed.name} » refusée : {_messages(exc)}"
            ) from None
    return report
