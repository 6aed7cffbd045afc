"""The drafting pipeline (the job runner calls its `*_run` functions): brief → synthesis → outline → sections → assembly → quality gate →
article saved as a draft with its first revision. Also rewrites (variants of an article).

Each step records progress on the job and checkpoints its output in `job.result`, so a job that
is run again (duplicate message, sweeper, manual retry) resumes where it stopped and never makes
a second article. The references section is never written by a provider: the body stored here
ends before it, and `articles.public.rendering` renders it from the database.
"""

import re
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticValidationError

from articles import quality
from articles.audit import audit_record
from articles.drafting.briefs import brief_input, brief_sources, source_material
from articles.drafting.jobs import JobStopped, job_add_usage, job_live, job_progress, job_succeed
from articles.drafting.plan import ARTICLE_PLAN
from articles.models import (
    Article,
    ArticleSource,
    ArticleStatus,
    ArticleStyle,
    Brief,
    BriefSource,
    GenerationJob,
    Revision,
    Synthesis,
)
from articles.public.rendering import strip_references
from articles.revisions import revision_create
from prizm.llm import (
    ArticleInput,
    BriefInput,
    InvalidOutput,
    LLMError,
    Outline,
    get_provider,
    outline_build,
    sections_by_plan,
)
from prizm.llm.schemas import DraftOut, SynthesisOut
from sources.models import Source

STYLE_SLUG = {ArticleStyle.CONVERSATIONAL: "version-conversationnelle", ArticleStyle.CONCISE: "version-concise"}


# --- Material --------------------------------------------------------------------------------
def gate_sources(sources: list[Source]) -> list[quality.GateSource]:
    return [quality.gate_source(s) for s in sources]


def description_for(*, brief: Brief | None, count: int) -> str:
    """The standfirst: the brief's angle when it has one, else what the article covers. Never the
    public badge (« Analyse factuelle basée sur N sources vérifiées »), which the page shows anyway."""
    angle = (brief.angle if brief else "").strip()
    if angle:
        return angle if angle[-1] in ".?!…" else angle + "."
    topic = (brief.topic if brief else "").strip().rstrip(".") or "Le sujet"
    covered = "ce que montre la source retenue" if count == 1 else f"ce que montrent les {count} sources retenues"
    return f"{topic} : {covered}."


# --- Assembly --------------------------------------------------------------------------------
def _clean_paragraph(text: str) -> str:
    """Model output is untrusted: no headings of its own, no references list, one paragraph."""
    lines = [line.strip() for line in (text or "").splitlines()]
    lines = [line.lstrip("#").strip() if line.startswith("#") else line for line in lines]
    return " ".join(line for line in lines if line)


def draft_missing_sections(*, draft: DraftOut, outline: Outline) -> list[str]:
    """The planned sections the model left empty, by heading (or key)."""
    return [planned.heading or planned.key for planned, written in sections_by_plan(draft=draft, outline=outline)
            if not any(p.strip() for p in written.paragraphs) and not written.items]


def draft_assemble(*, draft: DraftOut, outline: Outline) -> str:
    """The body in the plan's shape (the seed articles'), without the references section."""
    parts: list[str] = []
    for planned, written in sections_by_plan(draft=draft, outline=outline):
        if planned.level and planned.heading:
            parts.append(f"{'#' * planned.level} {planned.heading}")
        parts.extend(p for p in (_clean_paragraph(x) for x in written.paragraphs) if p)
        for item in written.items:
            label = _clean_paragraph(item.label).strip(" *:")
            text = _clean_paragraph(item.text)
            if label or text:
                parts.append(f"- **{label}** : {text}" if label else f"- {text}")
    return "\n\n".join(parts) + "\n"


# --- Steps helpers ---------------------------------------------------------------------------
def _release_db() -> None:
    """LLM calls mostly wait: give the database connection back meanwhile (many threads per
    worker must not hold as many connections)."""
    if not connection.in_atomic_block:
        connection.close()


def _call(job: GenerationJob, fn, **kwargs):
    _release_db()
    try:
        result = fn(**kwargs)
    except InvalidOutput as exc:
        refusal = _refusal_in(exc.raw)
        if refusal:
            raise LLMError(_refusal_message(refusal), code="refusal", usage=exc.usage) from None
        raise
    job_add_usage(job=job, usage=result.usage, model=job.model)
    return result


def _refusal_in(text: str, *, title: str = "", sources=None) -> str:
    """The excerpt of a `refusal` finding of the quality gate, or ""."""
    if not (text or "").strip():
        return ""
    result = quality.check_document(quality.GateDocument(title=title, body=text, sources=sources or []))
    for finding in result.findings:
        if finding.code == "refusal":
            return finding.excerpt or text[:160]
    return ""


def _refusal_message(excerpt: str) -> str:
    excerpt = " ".join(excerpt.split())
    if len(excerpt) > 160:
        excerpt = excerpt[:159] + "…"
    return _(
        "Le modèle a refusé d'écrire ou a répondu hors sujet (« %(excerpt)s »). Aucun brouillon n'a été "
        "créé. Reformulez le sujet ou l'angle, vérifiez les sources, puis relancez."
    ) % {"excerpt": excerpt}


def findings_json(findings) -> list[dict]:
    return [
        {"code": f.code, "severity": f.severity, "message": f.message, "line": f.line, "excerpt": f.excerpt}
        for f in findings
    ]


def _save_article(*, job: GenerationJob, title: str, body: str, sources: list[Source], style: str,
                  variant_of: Article | None, brief: Brief | None, slug_hint: str) -> tuple[Article, Revision]:
    """Article + first revision + audit, once per job (the job row is locked meanwhile)."""
    with transaction.atomic():
        locked = GenerationJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != "running":
            raise JobStopped
        if locked.result_article_id:
            article = locked.result_article
            return article, article.revisions.order_by("number").first()
        user = locked.requested_by
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    article = Article.objects.create(
                        title=title[:300],
                        slug=Article.free_slug(slug_hint),
                        description=description_for(brief=brief, count=len(sources)),
                        body=body,
                        status=ArticleStatus.DRAFT,
                        style=style,
                        variant_of=variant_of,
                        brief=brief,
                        # A variant is the same piece in another voice: it keeps where it is filed.
                        category=variant_of.category if variant_of else None,
                        image=variant_of.image if variant_of else "",
                        author_name=variant_of.author_name if variant_of else Article.author_name.field.default,
                        generated_by="offline" if job.provider == "offline" else f"openai:{job.model}",
                        created_by=user,
                    )
                break
            except IntegrityError:  # a concurrent job took the slug between check and insert
                continue
        else:
            raise IntegrityError("no free slug")
        ArticleSource.objects.bulk_create(
            [ArticleSource(article=article, source=s, order=i) for i, s in enumerate(sources)]
        )
        if variant_of:
            article.tags.set(variant_of.tags.all())
        revision = revision_create(
            article=article,
            title=article.title,
            description=article.description,
            body=body,
            sources=[{"id": s.pk, "name": s.name, "url": s.url} for s in sources],
            author=user,
            generated_by_job=locked,
            reason=_("Brouillon généré (%(by)s)") % {"by": article.generated_by},
        )
        locked.result_article = article
        locked.result = {**job.result, "article_id": article.pk}
        locked.save(update_fields=["result_article", "result", "updated_at"])
        job.result = locked.result
        audit_record(
            actor=user, action="article.generated", obj=article, revision=revision,
            data={"job": job.pk, "generated_by": article.generated_by, "style": style,
                  "variant_of": variant_of.pk if variant_of else None},
        )
    return article, revision


def _gate_and_finish(*, job: GenerationJob, article: Article, revision: Revision, extra: dict | None = None) -> None:
    job_progress(job=job, progress=92, step=_("Contrôle qualité"))
    gate = quality.gate_revision(revision)
    blockers = gate.blockers
    job_succeed(
        job=job,
        result_article=article,
        result={
            "article_id": article.pk,
            "slug": article.slug,
            "generated_by": article.generated_by,
            "score": gate.score,
            "publishable": not blockers,
            "blockers": len(blockers),
            "findings": findings_json(gate.findings),
            **(extra or {}),
        },
    )


# --- Runners (called by jobs.job_run) -----------------------------------------------------
def _step_synthesis(*, job: GenerationJob, brief: Brief, material: BriefInput, provider) -> SynthesisOut:
    existing = Synthesis.objects.filter(pk=job.result.get("synthesis_id")).first() if job.result.get("synthesis_id") else None
    if existing:
        return SynthesisOut(
            title=existing.title, convergences=existing.convergences, divergences=existing.divergences,
            recommended_angle=existing.recommended_angle, score=float(existing.score or 0),
        )
    job_progress(job=job, progress=10, step=_("Synthèse des sources"))
    result = _call(job, provider.synthesize, brief=material)
    data = result.data
    synthesis = Synthesis.objects.create(
        brief=brief,
        title=data.title[:300],
        convergences=data.convergences,
        divergences=data.divergences,
        recommended_angle=data.recommended_angle,
        score=Decimal(str(round(max(0.0, min(10.0, data.score)), 1))),
        job=job,
    )
    synthesis.sources.set([s.id for s in material.sources])
    job.result["synthesis_id"] = synthesis.pk
    job_progress(job=job, progress=30, step=_("Synthèse enregistrée"), checkpoint=True)
    return data


def _checkpointed_draft(job: GenerationJob, outline: Outline) -> DraftOut | None:
    """The sections a previous attempt of this job wrote; None when there are none, or when they were
    checkpointed in an older shape or miss a section (they are written again)."""
    try:
        draft = DraftOut.model_validate(job.result["draft"]) if job.result.get("draft") else None
    except PydanticValidationError:
        return None
    return draft if draft and not draft_missing_sections(draft=draft, outline=outline) else None


def _check_every_section_written(draft: DraftOut, outline: Outline) -> None:
    missing = draft_missing_sections(draft=draft, outline=outline)
    if missing:
        raise LLMError(
            _("Le modèle n'a pas écrit toutes les sections du plan (manquantes : %(missing)s). Aucun brouillon "
              "n'est enregistré : relancez la tâche ; si cela se répète, choisissez un modèle plus capable "
              "(PRIZM_LLM_MODEL).") % {"missing": ", ".join(f"« {m} »" for m in missing)},
            code="invalid_output",
        )


def _brief_or_fail(job: GenerationJob) -> Brief:
    if job.brief is None:
        raise LLMError(_("Le brief de cette tâche a été supprimé : ouvrez un nouveau brief."), code="missing_brief")
    if not BriefSource.objects.filter(brief=job.brief).exists():
        raise LLMError(_("Le brief n'a aucune source : ajoutez au moins une source, puis relancez."), code="no_sources")
    return job.brief


def _provider_for(job: GenerationJob):
    """The job's provider and model, its streamed text shown on the job page as it arrives."""
    return get_provider(
        name=job.provider, model=job.model, on_text=lambda text, tokens: job_live(job=job, text=text, tokens=tokens)
    )


def synthesis_run(*, job: GenerationJob) -> None:
    brief = _brief_or_fail(job)
    provider = _provider_for(job)
    _step_synthesis(job=job, brief=brief, material=brief_input(brief), provider=provider)
    job_succeed(job=job, result={"synthesis_id": job.result["synthesis_id"]})


def draft_run(*, job: GenerationJob) -> None:
    brief = _brief_or_fail(job)
    provider = _provider_for(job)
    sources = brief_sources(brief)
    material = brief_input(brief)
    if job.result.get("article_id") and job.result_article_id:
        article = job.result_article
        _gate_and_finish(job=job, article=article, revision=article.revisions.order_by("number").first())
        return

    synthesis = _step_synthesis(job=job, brief=brief, material=material, provider=provider)

    job_progress(job=job, progress=35, step=_("Plan de l'article"))
    outline = outline_build(brief=material, plan=ARTICLE_PLAN)

    draft = _checkpointed_draft(job, outline)
    if draft is None:
        job_progress(job=job, progress=40, step=_("Rédaction des sections"))
        draft = _call(job, provider.write_draft, brief=material, synthesis=synthesis, outline=outline).data
        _check_every_section_written(draft, outline)
        job.result["draft"] = draft.model_dump()
        job_progress(job=job, progress=80, step=_("Sections rédigées"), checkpoint=True)

    job_progress(job=job, progress=85, step=_("Assemblage"))
    title = _clean_paragraph(draft.title) or synthesis.title or brief.topic
    body = draft_assemble(draft=draft, outline=outline)
    refusal = _refusal_in(body, title=title, sources=gate_sources(sources))
    if refusal:
        raise LLMError(_refusal_message(refusal), code="refusal")

    job_progress(job=job, progress=90, step=_("Enregistrement du brouillon"))
    article, revision = _save_article(
        job=job, title=title, body=body, sources=sources, style=ArticleStyle.FACTUAL,
        variant_of=None, brief=brief, slug_hint=title,
    )
    _gate_and_finish(job=job, article=article, revision=revision)


def _article_document(article: Article, sources: list[Source]) -> quality.GateDocument:
    revision = article.current_revision
    return quality.GateDocument(
        title=revision.title if revision else article.title,
        description=revision.description if revision else article.description,
        body=strip_references(revision.body if revision else article.body),
        sources=gate_sources(sources),
    )


def rewrite_run(*, job: GenerationJob) -> None:
    original = job.article
    if original is None:
        raise LLMError(_("L'article à réécrire a été supprimé."), code="missing_article")
    style = job.params.get("style", ArticleStyle.CONVERSATIONAL)
    provider = _provider_for(job)
    sources = [link.source for link in ArticleSource.objects.filter(article=original).select_related("source")]
    if job.result_article_id:
        article = job.result_article
        revision = article.revisions.order_by("number").first()
        _gate_and_finish(job=job, article=article, revision=revision,
                         extra=rewrite_metrics(original=_article_document(original, sources).body,
                                               rewritten=article.body, sources=gate_sources(sources)))
        return
    doc = _article_document(original, sources)
    job_progress(job=job, progress=15, step=_("Réécriture (%(style)s)") % {"style": ArticleStyle(style).label})
    result = _call(
        job, provider.rewrite,
        article=ArticleInput(
            title=doc.title, body=doc.body,
            sources=tuple(source_material(s, order=i) for i, s in enumerate(sources)),
        ),
        style=style,
    )
    job_progress(job=job, progress=80, step=_("Assemblage"))
    title = _clean_paragraph(result.data.title) or doc.title
    body = strip_references(result.data.body)
    refusal = _refusal_in(body, title=title, sources=doc.sources)
    if refusal:
        raise LLMError(_refusal_message(refusal), code="refusal")
    job_progress(job=job, progress=88, step=_("Enregistrement de la variante"))
    article, revision = _save_article(
        job=job, title=title, body=body, sources=sources, style=style, variant_of=original,
        brief=original.brief, slug_hint=f"{original.slug}-{STYLE_SLUG.get(style, style)}",
    )
    _gate_and_finish(job=job, article=article, revision=revision,
                     extra={"variant_of": original.pk, "style": style,
                            **rewrite_metrics(original=doc.body, rewritten=body, sources=doc.sources)})


# --- Rewrite metrics (reported with the job; the gate's `integrity_low` check is the rule) ----
ADDRESS_RE = re.compile(r"\b(vous|votre|vos)\b|\?", re.IGNORECASE)


def rewrite_metrics(*, original: str, rewritten: str, sources=None) -> dict:
    """integrity: share of the original's citations and figures the rewrite kept (the gate's
    measure, 0–1); conversational: share of prose paragraphs that address the reader or ask a
    question (0–1)."""
    integrity = quality.document_integrity(
        quality.GateDocument(
            title="", body=rewritten, sources=sources or [],
            original=quality.GateDocument(title="", body=original, sources=sources or []),
        )
    )
    paragraphs = [
        p for p in re.split(r"\n\s*\n", rewritten) if p.strip() and not p.lstrip().startswith(("#", "-", "*"))
    ]
    talking = sum(1 for p in paragraphs if ADDRESS_RE.search(p))
    conversational = talking / len(paragraphs) if paragraphs else 0.0
    return {
        "integrity": round(integrity, 3) if integrity is not None else None,
        "conversational": round(conversational, 3),
    }
