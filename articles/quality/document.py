"""What the gate reads and what it returns. Plain dataclasses: no database here."""

from dataclasses import dataclass, field


@dataclass
class GateSource:
    id: int | None
    name: str
    url: str = ""
    kind: str = ""
    # "2025-06-04", "2025-06", "2025" or "04/06/2025": partial dates are compared at their precision.
    published: str = ""
    reliability: int | None = None
    text: str = ""
    extracts: list[str] = field(default_factory=list)
    publisher: str = ""


@dataclass
class GateDocument:
    title: str
    body: str
    description: str = ""
    sources: list[GateSource] = field(default_factory=list)
    # Front matter of an imported file (readingTime, sources count…); empty for stored articles.
    front_matter: dict = field(default_factory=dict)
    # The article a rewrite came from: `integrity_low` compares citations and figures with it.
    original: "GateDocument | None" = None
    # The article's date (ISO); sources dated after it get `source_future_date`.
    published_on: str = ""
    # Lines before the body in its file (front matter), so reported lines are file lines.
    line_offset: int = 0


@dataclass
class GateFinding:
    code: str
    severity: str
    message: str
    excerpt: str = ""
    line: int | None = None
    start: int | None = None
    end: int | None = None
    fingerprint: str = ""
    hint: str = ""

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "excerpt": self.excerpt,
        }


@dataclass
class GateResult:
    findings: list[GateFinding]
    score: float
    # The parts of the score, for the UI and the JSON output (see score.py).
    score_parts: dict = field(default_factory=dict)

    @property
    def blockers(self) -> list[GateFinding]:
        return [f for f in self.findings if f.severity == "blocker"]

    @property
    def warnings(self) -> list[GateFinding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def publishable(self) -> bool:
        return not self.blockers

    def codes(self, severity: str | None = None) -> set[str]:
        return {f.code for f in self.findings if severity is None or f.severity == severity}
