"""The gate on stored articles: build the document of a revision from the database, store its
findings, keep the scores, tell which blockers remain; bulk rechecks."""

import datetime
import logging
from concurrent.futures import ThreadPoolExecutor

from django.db import connection, transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from articles.models import Article, Finding, FindingOverride, FindingSeverity, Revision
from articles.quality.document import GateDocument, GateResult, GateSource
from articles.quality.i18n import findings_localize, source_language
from articles.quality.registry import check_document
from sources.models import Extract, Source

logger = logging.getLogger(__name__)


def _source_ids(revision: Revision) -> list[int]:
    return [s["id"] for s in (revision.sources or []) if isinstance(s, dict) and s.get("id")]


def _load_sources(ids) -> dict[int, Source]:
    """Sources with their extracts: two queries whatever their number."""
    if not ids:
        return {}
    return Source.objects.filter(pk__in=set(ids)).prefetch_related(
        Prefetch("extracts", queryset=Extract.objects.order_by("order", "id"))
    ).in_bulk()


def _gate_source(entry: dict, source: Source | None) -> GateSource:
    if source is None:
        # Not (or no longer) in the registry: what the revision froze is all we know.
        return GateSource(
            id=entry.get("id"), name=entry.get("name") or "", url=entry.get("url") or "",
            kind=entry.get("kind") or "", published=entry.get("published") or "",
            reliability=entry.get("reliability"),
        )
    return gate_source(source)


def gate_source(source: Source) -> GateSource:
    """The one adapter from a registered `Source` to what the gate reads (raw kind, ISO partial
    date, text, extracts in order): drafting, saves, imports and rechecks all see the same data."""
    return GateSource(
        id=source.pk, name=source.name, url=source.url, kind=source.kind,
        published=source.published_iso if source.published_on else "",
        reliability=source.reliability, text=source.text or "",
        extracts=[e.text for e in source.extracts.all()], publisher=source.publisher or "",
    )


def _cached_gate_source(entry: dict, source: Source | None) -> GateSource:
    """One GateSource per registered source, shared by the documents of a batch (read-only)."""
    if source is None:
        return _gate_source(entry, None)
    cached = getattr(source, "_gate_source", None)
    if cached is None:
        cached = source._gate_source = _gate_source(entry, source)
    return cached


def _article_date(article: Article) -> str:
    moment = article.published_at or article.go_live_at or article.created_at or timezone.now()
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        return moment.date().isoformat()
    return moment.isoformat()


def _light_document(revision: Revision | None) -> GateDocument | None:
    """The original of a rewrite: its text and cited names are enough for `integrity_low`."""
    if revision is None:
        return None
    return GateDocument(
        title=revision.title, body=revision.body, description=revision.description,
        sources=[_gate_source(e, None) for e in (revision.sources or []) if isinstance(e, dict)],
    )


def document_from_revision(
    revision: Revision, *, sources: dict[int, Source] | None = None, original: Revision | None | bool = False
) -> GateDocument:
    """The `GateDocument` of a stored revision. Sources come from the registry (live name, URL,
    reliability, text and extracts), in the order the revision froze; a source deleted since is
    taken from the frozen list. `sources`/`original` may be given by bulk callers."""
    article = revision.article
    if sources is None:
        sources = _load_sources(_source_ids(revision))
    if original is False:
        original = None
        if article.variant_of_id:
            original = Revision.objects.filter(
                article__pk=article.variant_of_id, article__current_revision=F("pk")
            ).first()
    gate_sources = [
        _cached_gate_source(entry, sources.get(entry.get("id")) if entry.get("id") else None)
        for entry in (revision.sources or []) if isinstance(entry, dict)
    ]
    return GateDocument(
        title=revision.title,
        body=revision.body,
        description=revision.description,
        sources=gate_sources,
        original=_light_document(original) if original else None,
        published_on=_article_date(article),
    )


def _finding_rows(revision: Revision, result: GateResult) -> list[Finding]:
    return [
        Finding(
            revision=revision, code=f.code, severity=f.severity, message=f.message, excerpt=f.excerpt,
            line=f.line, start=f.start, end=f.end, fingerprint=f.fingerprint,
        )
        for f in result.findings
    ]


def gate_revision(revision: Revision) -> GateResult:
    """Run the gate on `revision`, replace its stored findings, set its score and — when it is the
    article's current revision — the article's. A fixed number of queries (about eight).
    Messages are stored in French whoever saves (shown in the reader's language: quality/i18n.py)."""
    with source_language():
        result = check_document(document_from_revision(revision))
    article = revision.article
    with transaction.atomic():
        Finding.objects.filter(revision=revision).delete()
        Finding.objects.bulk_create(_finding_rows(revision, result))
        revision.quality_score = result.score
        Revision.objects.filter(pk=revision.pk).update(quality_score=result.score)
        if article.current_revision_id in (None, revision.pk):
            article.quality_score = result.score
            Article.objects.filter(pk=article.pk).update(quality_score=result.score)
    return result


def unresolved_blockers(article: Article) -> list[Finding]:
    """Blockers of the current revision that no reviewer override covers (one query)."""
    if not article.current_revision_id:
        return []
    overridden = FindingOverride.objects.filter(article_id=article.pk).values("fingerprint")
    return list(
        Finding.objects.filter(revision_id=article.current_revision_id, severity=FindingSeverity.BLOCKER)
        .exclude(fingerprint__in=overridden)
        .order_by("line", "id")
    )


def findings_panel_context(article: Article) -> dict:
    """What `studio/partials/findings_panel.html` needs: findings of the current revision (each with
    `.override` set when a reviewer accepted it), the overrides, counts. Two queries."""
    findings = list(Finding.objects.filter(revision_id=article.current_revision_id)) if article.current_revision_id else []
    findings = findings_localize(findings)  # messages in the reader's language
    overrides = list(FindingOverride.objects.filter(article_id=article.pk).select_related("by").order_by("-created_at"))
    by_fingerprint = {o.fingerprint: o for o in overrides}
    for f in findings:
        f.override = by_fingerprint.get(f.fingerprint)
        f.overridden = f.override is not None
    return {
        "findings": findings,
        "overrides": overrides,
        "article": article,
        # The count the panel shows for blockers: what still blocks, not what a reviewer lifted.
        "blockers_open": [f for f in findings if f.severity == FindingSeverity.BLOCKER and not f.overridden],
    }


def quality_recheck(*, article_ids: list[int] | None = None, batch_size: int = 500) -> int:
    """Re-run the gate on the current revision of every article (or of `article_ids`) and store the
    results. Works by batches: per batch a handful of queries, whatever its size."""
    qs = Article.objects.exclude(current_revision=None).order_by("pk")
    if article_ids is not None:
        qs = qs.filter(pk__in=article_ids)
    ids = list(qs.values_list("pk", flat=True))
    batches = [ids[i:i + batch_size] for i in range(0, len(ids), batch_size)]
    if connection.in_atomic_block or len(batches) < 2:
        # Inside a transaction (a test, a caller's atomic block) a second connection would not see
        # the caller's rows: stay on this one.
        return sum(_write_batch(*_check_batch(batch)) for batch in batches)
    # Pipeline: while one thread writes batch N's findings (Postgres does the work), this thread
    # checks batch N+1 (CPU). One write in flight at a time bounds memory.
    done = 0
    with ThreadPoolExecutor(max_workers=1) as writer:
        pending = None
        for batch in batches:
            checked, rows = _check_batch(batch)
            if pending is not None:
                done += pending.result()
            pending = writer.submit(_write_batch_in_thread, checked, rows)
        if pending is not None:
            done += pending.result()
    return done


def revision_documents(revisions: list[Revision]):
    """(revision, GateDocument) for each revision, loading the sources and originals of the whole
    list in three queries. Revisions must come with `select_related("article")`."""
    sources = _load_sources({sid for r in revisions for sid in _source_ids(r)})
    variant_of = {r.article.variant_of_id for r in revisions if r.article.variant_of_id}
    originals: dict[int, Revision] = {}
    if variant_of:
        for rev in Revision.objects.filter(article__pk__in=variant_of, article__current_revision=F("pk")):
            originals[rev.article_id] = rev
    for revision in revisions:
        original = originals.get(revision.article.variant_of_id) if revision.article.variant_of_id else None
        yield revision, document_from_revision(revision, sources=sources, original=original)


def current_revisions(article_ids: list[int]) -> list[Revision]:
    return list(
        Revision.objects.filter(article__pk__in=article_ids, article__current_revision=F("pk"))
        .select_related("article").order_by("article_id")
    )


def _check_batch(article_ids: list[int]) -> tuple[list[Revision], list[tuple]]:
    rows: list[tuple] = []
    checked: list[Revision] = []
    for revision, doc in revision_documents(current_revisions(article_ids)):
        try:
            with source_language():
                result = check_document(doc)
        except Exception:  # one broken article must not stop a bulk recheck
            logger.exception("Quality gate failed on revision %s", revision.pk)
            continue
        rows.extend(
            (revision.pk, f.code, f.severity, f.message, f.excerpt, f.line, f.start, f.end, f.fingerprint)
            for f in result.findings
        )
        revision.quality_score = result.score
        revision.article.quality_score = result.score
        checked.append(revision)
    return checked, rows


def _write_batch_in_thread(checked: list[Revision], rows: list[tuple]) -> int:
    try:
        return _write_batch(checked, rows)
    finally:
        connection.close()  # this thread's own connection


def _write_batch(checked: list[Revision], rows: list[tuple]) -> int:
    with transaction.atomic():
        Finding.objects.filter(revision__in=checked).delete()
        _insert_findings(rows)
        _set_scores(Revision, [(r.pk, r.quality_score) for r in checked])
        _set_scores(Article, [(r.article.pk, r.quality_score) for r in checked])
    return len(checked)


FINDING_COLUMNS = ("revision_id", "code", "severity", "message", "excerpt", "line", "start", "end", "fingerprint")


def _insert_findings(rows: list[tuple]) -> None:
    """Many findings (tuples in FINDING_COLUMNS order) at once: COPY on Postgres, bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        Finding.objects.bulk_create([Finding(**dict(zip(FINDING_COLUMNS, row, strict=True))) for row in rows],
                                    batch_size=2000)
        return
    qn = connection.ops.quote_name
    columns = ", ".join(qn(c) for c in FINDING_COLUMNS)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {qn(Finding._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _set_scores(model, pairs: list[tuple[int, float]]) -> None:
    """UPDATE quality_score of many rows in one statement per 1,000 rows (bulk_update's CASE is slow)."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    for i in range(0, len(pairs), 1000):
        chunk = pairs[i:i + 1000]
        values = ", ".join(["(%s, %s)"] * len(chunk))
        params = [x for pk, score in chunk for x in (int(pk), float(score))]
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH v(id, score) AS (VALUES {values}) "
                f"UPDATE {table} SET quality_score = (SELECT v.score FROM v WHERE v.id = {table}.id) "
                f"WHERE id IN (SELECT v.id FROM v)",
                params,
            )
