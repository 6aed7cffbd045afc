"""Briefs: import a synthesis file, open a brief on a chosen set of sources, launch its jobs, and
the sources' material as the LLM layer receives it (data, never instructions)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from articles.audit import audit_record
from articles.drafting.jobs import job_create
from articles.models import Article, ArticleStyle, Brief, BriefSource, GenerationJob, JobKind, Synthesis
from prizm.llm import BriefInput, SourceMaterial
from sources.dates import partial_date_input
from sources.models import Source
from sources.services import SynthesisImportReport, synthesis_sources_import

REWRITE_STYLES = (ArticleStyle.CONVERSATIONAL, ArticleStyle.CONCISE)


# --- Briefs and launches ---------------------------------------------------------------------
@transaction.atomic
def synthesis_import(*, document, user=None) -> SynthesisImportReport:
    """Register the sources of a parsed synthesis document (the registry's service) and store its
    synthesis part (convergences, divergences, recommended angle, score) as a `Synthesis` a brief can
    start from. Idempotent by normalized URL and title; all or nothing (the caller's transaction)."""
    report = synthesis_sources_import(document=document, user=user)
    if document.has_synthesis:
        sources = [r.source for r in report.results]
        title = (document.title or "Synthèse importée")[:300]
        report.synthesis_title = title
        values = {
            "convergences": document.convergences, "divergences": document.divergences,
            "recommended_angle": document.recommended_angle, "score": document.score,
        }
        synthesis = Synthesis.objects.filter(brief__isnull=True, title=title).order_by("id").first()
        if synthesis is None:
            synthesis = Synthesis(brief=None, title=title, **values)
            synthesis.full_clean(exclude=["brief", "job"])
            synthesis.save()
            synthesis.sources.set(sources)
            report.synthesis_status = "créée"
            audit_record(actor=user, action="synthesis.import", obj=synthesis, data={"sources": [s.pk for s in sources]})
        else:
            dirty = [k for k, v in values.items() if getattr(synthesis, k) != v]
            same_sources = {s.pk for s in synthesis.sources.all()} == {s.pk for s in sources}
            for k in dirty:
                setattr(synthesis, k, values[k])
            if dirty:
                synthesis.full_clean(exclude=["brief", "job"])
                synthesis.save()
            if not same_sources:
                synthesis.sources.set(sources)
            report.synthesis_status = "mise à jour" if (dirty or not same_sources) else "inchangée"
            if report.synthesis_status == "mise à jour":
                audit_record(actor=user, action="synthesis.import", obj=synthesis, data={"fields": dirty})
    return report


def brief_create(*, user, topic: str, sources: list[Source], angle: str = "", audience: str = "") -> Brief:
    """Open a brief; `sources` in the editor's order (at least one)."""
    if user is not None and not user.has_perm("articles.add_brief"):
        raise PermissionDenied(_("Vous n'avez pas le droit d'ouvrir un brief."))
    topic = " ".join((topic or "").split())
    if not topic:
        raise ValidationError({"topic": _("Indiquez le sujet de l'article.")})
    unique = list(dict.fromkeys(sources))
    if not unique:
        raise ValidationError({"sources": _("Choisissez au moins une source enregistrée.")})
    with transaction.atomic():
        brief = Brief.objects.create(
            topic=topic, angle=(angle or "").strip(), audience=(audience or "").strip(), requested_by=user
        )
        BriefSource.objects.bulk_create(
            [BriefSource(brief=brief, source=source, order=index) for index, source in enumerate(unique)]
        )
        audit_record(actor=user, action="brief.created", obj=brief, data={"sources": [s.pk for s in unique]})
    return brief


def draft_launch(*, brief: Brief, user, idempotency_key: str | None = None) -> GenerationJob:
    """Launch the pipeline for a brief. Raises JobRefused (budget) or PermissionDenied."""
    return job_create(kind=JobKind.DRAFT, user=user, brief=brief, idempotency_key=idempotency_key)


def synthesis_launch(*, brief: Brief, user, idempotency_key: str | None = None) -> GenerationJob:
    return job_create(kind=JobKind.SYNTHESIS, user=user, brief=brief, idempotency_key=idempotency_key)


def rewrite_launch(*, article: Article, style: str, user, idempotency_key: str | None = None) -> GenerationJob:
    if style not in REWRITE_STYLES:
        raise ValidationError({"style": _("Style inconnu : choisissez « conversational » ou « concise ».")})
    if not article.body.strip() and not (article.current_revision and article.current_revision.body.strip()):
        raise ValidationError({"article": _("Cet article n'a pas encore de texte à réécrire.")})
    return job_create(
        kind=JobKind.REWRITE, user=user, article=article, brief=article.brief,
        params={"style": style}, idempotency_key=idempotency_key,
    )


# --- Material --------------------------------------------------------------------------------
def source_material(source: Source, *, order: int = 0) -> SourceMaterial:
    return SourceMaterial(
        id=source.pk,
        name=source.name,
        publisher=source.publisher,
        kind=source.get_kind_display(),
        published=partial_date_input(source.published_on, source.published_precision),
        reliability=source.reliability,
        url=source.url,
        extracts=tuple(e.text for e in source.extracts.all()),
        text=source.text,
        order=order,
    )


def brief_sources(brief: Brief) -> list[Source]:
    return [
        bs.source
        for bs in BriefSource.objects.filter(brief=brief).select_related("source").order_by("order", "id")
    ]


def brief_input(brief: Brief) -> BriefInput:
    sources = brief_sources(brief)
    return BriefInput(
        topic=brief.topic,
        angle=brief.angle,
        audience=brief.audience,
        sources=tuple(source_material(s, order=i) for i, s in enumerate(sources)),
    )
