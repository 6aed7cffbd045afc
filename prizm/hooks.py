"""What the core (`prizm`) and the source registry (`sources`) need from the articles app, without
importing it: `articles` registers these at startup (`ArticlesConfig.ready`). The import rules in
pyproject.toml ([tool.importlinter]) keep `prizm` and `sources` free of `articles`.

- `audit_record(**kwargs)`: the audit journal's writer (articles.audit.audit_record).
- `health_checks`: extra checks for /healthz, name → callable returning (ok, value).
"""

from collections.abc import Callable

_audit_recorder: Callable | None = None
health_checks: dict[str, Callable[[], tuple[bool, object]]] = {}


def register_audit_recorder(recorder: Callable) -> None:
    global _audit_recorder
    _audit_recorder = recorder


def register_health_check(name: str, check: Callable[[], tuple[bool, object]]) -> None:
    health_checks[name] = check


def audit_record(**kwargs):
    """Write an audit event through the recorder the articles app registered."""
    if _audit_recorder is None:
        raise RuntimeError("No audit recorder registered: is 'articles' in INSTALLED_APPS?")
    return _audit_recorder(**kwargs)
