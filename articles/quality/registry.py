"""Every code of the gate (design §5) with its severity, a short French explanation and how to
fix it; the list of checks; `check_document`, the single entry point over a `GateDocument`."""

import hashlib
from dataclasses import dataclass

from articles.quality.analysis import Analysis
from articles.quality.checks import Hit, evidence, integrity, language, sourcing, style
from articles.quality.document import GateDocument, GateFinding, GateResult
from articles.quality.i18n import gettext
from articles.quality.i18n import gettext_noop as _
from articles.quality.normalize import fingerprint_text
from articles.quality.score import score_compute

BLOCKER = "blocker"
WARNING = "warning"


@dataclass(frozen=True)
class CodeInfo:
    code: str
    severity: str
    title_msgid: str
    hint_msgid: str

    @property
    def title(self) -> str:
        """Short explanation, in the active language."""
        return gettext(self.title_msgid)

    @property
    def hint(self) -> str:
        """How to fix it, in the active language."""
        return gettext(self.hint_msgid)


CODES: dict[str, CodeInfo] = {
    info.code: info
    for info in [
        CodeInfo("refusal", BLOCKER, _("Refus ou commentaire d'assistant"),
                 _("Supprimez ce passage et remplacez-le par le contenu attendu, écrit à partir des sources.")),
        CodeInfo("placeholder", BLOCKER, _("Emplacement non rempli"),
                 _("Remplacez la consigne ou l'emplacement par le texte réel, ou supprimez-le.")),
        CodeInfo("no_citations", BLOCKER, _("Aucune citation"),
                 _("Ajoutez « (Source : Nom) » après chaque fait, avec le nom d'une source de l'article.")),
        CodeInfo("unknown_source", BLOCKER, _("Source inconnue"),
                 _("Citez une source attachée à l'article (même nom que dans le registre) ou attachez d'abord cette source.")),
        CodeInfo("source_missing_url", BLOCKER, _("Source sans adresse"),
                 _("Complétez l'URL (http ou https) de la source dans le registre, ou retirez-la de l'article.")),
        CodeInfo("quote_unverified", BLOCKER, _("Citation introuvable dans la source"),
                 _("Recopiez la citation exacte depuis un extrait de la source, ou reformulez sans guillemets.")),
        CodeInfo("number_unsupported", BLOCKER, _("Chiffre absent de la source citée"),
                 _("Vérifiez le chiffre dans la source et corrigez-le, ou citez la source qui le contient.")),
        CodeInfo("integrity_low", BLOCKER, _("Réécriture infidèle à l'original"),
                 _("Reprenez les citations et chiffres de l'article original dans la réécriture.")),
        CodeInfo("uncited_figure", WARNING, _("Chiffre sans source"),
                 _("Ajoutez « (Source : Nom) » dans la phrase qui donne ce chiffre.")),
        CodeInfo("number_inconsistent", WARNING, _("Chiffres incohérents"),
                 _("Donnez la même valeur partout, ou précisez en quoi les deux chiffres diffèrent (année, périmètre).")),
        CodeInfo("source_uncited", WARNING, _("Source jamais citée"),
                 _("Citez cette source là où elle étaye le texte, ou retirez-la de l'article.")),
        CodeInfo("repetition", WARNING, _("Répétition"),
                 _("Supprimez ou réécrivez le passage répété.")),
        CodeInfo("metadata_mismatch", WARNING, _("Métadonnées incohérentes"),
                 _("Corrigez la description ou l'en-tête pour qu'ils correspondent au texte.")),
        CodeInfo("source_future_date", WARNING, _("Source datée après l'article"),
                 _("Vérifiez la date de la source dans le registre.")),
        CodeInfo("link_unregistered", WARNING, _("Lien hors des sources"),
                 _("Liez uniquement l'adresse d'une source de l'article (ajoutez-la d'abord au registre), ou "
                   "retirez le lien.")),
    ]
}

# Order matters only for readability of the output; findings are sorted afterwards.
CHECKS = [
    language.check_refusal,
    language.check_placeholder,
    sourcing.check_citations,
    sourcing.check_sources,
    sourcing.check_links,
    evidence.check_quotes,
    evidence.check_figures,
    evidence.check_consistency,
    style.check_repetition,
    style.check_metadata,
    integrity.check_integrity,
]

EXCERPT_MAX = 400


def fingerprint(code: str, key: str) -> str:
    """Stable across re-runs and edits elsewhere in the text: the code and the normalized key
    (the excerpt unless a check gives a better one), hashed."""
    return hashlib.sha256(f"{code}\x1f{fingerprint_text(key)}".encode()).hexdigest()


def _finding(analysis: Analysis, hit: Hit) -> GateFinding:
    info = CODES[hit.code]
    excerpt = hit.excerpt.strip()
    if len(excerpt) > EXCERPT_MAX:
        excerpt = excerpt[: EXCERPT_MAX - 1].rstrip() + "…"
    return GateFinding(
        code=hit.code,
        severity=info.severity,
        message=str(hit.message),
        excerpt=excerpt,
        line=analysis.line_of(hit.start) if hit.start is not None else None,
        start=hit.start,
        end=hit.end,
        fingerprint=fingerprint(hit.code, hit.key or hit.excerpt or hit.code),
        hint=info.hint,
    )


def _sort_key(f: GateFinding):
    return (0 if f.severity == BLOCKER else 1, f.line if f.line is not None else -1, f.start or 0, f.code)


def check_document(doc: GateDocument) -> GateResult:
    """Run every check on `doc` (pure: no database) and score the result."""
    analysis = Analysis(doc)
    findings: list[GateFinding] = []
    seen: set[tuple[str, int | None, str]] = set()
    for check in CHECKS:
        for hit in check(analysis):
            finding = _finding(analysis, hit)
            marker = (finding.code, finding.start, finding.fingerprint)
            if marker in seen:
                continue
            seen.add(marker)
            findings.append(finding)
    findings.sort(key=_sort_key)
    blockers = sum(1 for f in findings if f.severity == BLOCKER)
    counts = analysis.citation_counts
    score, parts = score_compute(
        blockers=blockers,
        warnings=len(findings) - blockers,
        cited_reliability=[(doc.sources[i].reliability, n) for i, n in counts.items()],
    )
    if analysis.integrity is not None:
        parts["integrity"] = round(analysis.integrity.score, 3)
    return GateResult(findings=findings, score=score, score_parts=parts)


def document_integrity(doc: GateDocument) -> float | None:
    """Share (0–1) of the original's citations and figures a rewrite kept; None if not a rewrite."""
    if doc.original is None:
        return None
    return integrity.integrity_measure(Analysis(doc), Analysis(doc.original)).score
