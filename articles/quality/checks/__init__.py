"""One module per family of checks. Each check takes the shared `Analysis` and yields `Hit`s;
the registry (`articles.quality.registry`) gives them their severity, explanation and fingerprint."""

from dataclasses import dataclass


@dataclass(slots=True)
class Hit:
    code: str
    message: str
    start: int | None = None
    end: int | None = None
    excerpt: str = ""
    # What the fingerprint is made of (defaults to the excerpt): stable across small edits elsewhere.
    key: str = ""
