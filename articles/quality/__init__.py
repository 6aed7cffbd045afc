"""The quality gate. Public entry points (other modules import only these):

- `check_document(doc) -> GateResult`: pure, no database; `doc` is a `GateDocument`
  (title, description, body, front matter, sources as `GateSource`, optional original for rewrites).
- `gate_revision(revision) -> GateResult`: runs the gate on a stored revision, stores its findings,
  updates the revision's and the article's quality score.
- `unresolved_blockers(article) -> list[Finding]`: blockers of the article's current revision that no
  reviewer override covers. Submit and publish are refused while this is not empty.

This initial version is a placeholder so other areas can wire the calls; the quality-gate work
replaces it with the real checks.
"""

from dataclasses import dataclass, field


@dataclass
class GateSource:
    id: int | None
    name: str
    url: str = ""
    kind: str = ""
    published: str = ""
    reliability: int | None = None
    text: str = ""
    extracts: list[str] = field(default_factory=list)


@dataclass
class GateDocument:
    title: str
    body: str
    description: str = ""
    sources: list[GateSource] = field(default_factory=list)
    front_matter: dict = field(default_factory=dict)
    original: "GateDocument | None" = None
    published_on: str = ""


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


@dataclass
class GateResult:
    findings: list[GateFinding]
    score: float

    @property
    def blockers(self) -> list[GateFinding]:
        return [f for f in self.findings if f.severity == "blocker"]

    @property
    def publishable(self) -> bool:
        return not self.blockers


def check_document(doc: GateDocument) -> GateResult:
    return GateResult(findings=[], score=1.0)


def gate_revision(revision) -> GateResult:
    result = GateResult(findings=[], score=1.0)
    revision.findings.all().delete()
    revision.quality_score = result.score
    revision.save(update_fields=["quality_score"])
    return result


def unresolved_blockers(article) -> list:
    return []
