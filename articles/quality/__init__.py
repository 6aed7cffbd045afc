"""The quality gate. Public entry points (other modules import only these):

- `check_document(doc) -> GateResult`: pure, no database; `doc` is a `GateDocument`
  (title, description, body, front matter, sources as `GateSource`, optional original for rewrites).
- `gate_revision(revision) -> GateResult`: runs the gate on a stored revision, stores its findings,
  updates the revision's and the article's quality score.
- `unresolved_blockers(article) -> list[Finding]`: blockers of the article's current revision that no
  reviewer override covers. Submit and publish are refused while this is not empty.
- `finding_override(*, article, finding, user, reason)`: a reviewer accepts one blocker in writing.
- `document_from_revision(revision)`, `document_integrity(doc)`, `CODES` (code → severity, title, hint),
  `findings_panel_context(article)` (what the studio's findings panel shows, overrides applied),
  `gate_source(source)` (the one adapter from a registered Source to a GateSource).

Layout: `normalize.py` (French-aware folding), `figures.py`, `citations.py`, `analysis.py` (one pass
shared by the checks), `checks/` (one module per family), `registry.py` (codes, checks,
`check_document`), `score.py` (the formula), `store.py` (database side), `overrides.py`, `tasks.py`.
"""

from articles.quality.document import GateDocument, GateFinding, GateResult, GateSource
from articles.quality.registry import CODES, check_document, document_integrity

__all__ = [
    "CODES",
    "GateDocument",
    "GateFinding",
    "GateResult",
    "GateSource",
    "check_document",
    "document_from_revision",
    "document_integrity",
    "finding_override",
    "findings_panel_context",
    "gate_revision",
    "gate_source",
    "unresolved_blockers",
]

_LAZY = {
    "gate_revision": "store",
    "unresolved_blockers": "store",
    "document_from_revision": "store",
    "findings_panel_context": "store",
    "gate_source": "store",
    "finding_override": "overrides",
}


def __getattr__(name):
    # The database side is imported on first use so the pure gate works without Django apps loaded.
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
