"""The provider interface: plain data in, pydantic models out, no Django models.

A provider writes prose; code owns everything else (headings, the references section, which
sources exist). Both implementations return the same schemas so the pipeline does not care which
one ran.
"""

import re
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from pydantic import BaseModel

from prizm.text import fold_key

from .schemas import DraftOut, RewriteOut, SectionOut, SynthesisOut

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class SourceMaterial:
    """One registered source as the provider sees it."""

    id: int
    name: str
    publisher: str = ""
    kind: str = ""
    published: str = ""
    reliability: int = 5
    url: str = ""
    extracts: tuple[str, ...] = ()
    text: str = ""
    order: int = 0


@dataclass(frozen=True)
class BriefInput:
    topic: str
    angle: str = ""
    audience: str = ""
    sources: tuple[SourceMaterial, ...] = ()


@dataclass(frozen=True)
class SectionPlan:
    """One section the caller wants written (the article's shape is the caller's, not the layer's).

    `kind` is "paragraphs" or "items" (a list of labelled items); `level` the heading level the caller
    will add (0: no heading); `leaning` which sources support it first: "lead" (the strongest two),
    "action" (sources describing what can be done), "effect" (sources with figures and effects) or
    "all"; `guidance` says how much to write, in the prompt's words."""

    key: str
    heading: str
    kind: str = "paragraphs"
    level: int = 2
    leaning: str = "all"
    guidance: str = ""


@dataclass(frozen=True)
class OutlineSection(SectionPlan):
    """A section of the plan with the sources that support it, strongest first."""

    source_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Outline:
    title: str
    sections: tuple[OutlineSection, ...] = ()


def _loose(text: str) -> str:
    return re.sub(r"\W+", "", fold_key(text or ""))


def sections_by_plan(*, draft: DraftOut, outline: Outline) -> list[tuple[OutlineSection, SectionOut]]:
    """Each planned section with what the model wrote for it: by key; else by its key or heading
    written loosely (« introduction », "Leviers et solutions"); else by position when the model wrote
    exactly one entry per section. A section it did not write comes back empty."""
    found: dict[str, SectionOut] = {}
    for section in draft.sections:
        found.setdefault(_loose(section.key), section)
    pairs = []
    for index, planned in enumerate(outline.sections):
        written = found.get(_loose(planned.key)) or (planned.heading and found.get(_loose(planned.heading)))
        if not written and len(draft.sections) == len(outline.sections):
            written = draft.sections[index]
        pairs.append((planned, written or SectionOut(key=planned.key)))
    return pairs


@dataclass(frozen=True)
class ArticleInput:
    """An existing article to rewrite; `body` excludes the references section."""

    title: str
    body: str
    sources: tuple[SourceMaterial, ...] = ()


@dataclass
class Usage:
    tokens_in: int = 0
    tokens_out: int = 0


@dataclass
class LLMResult(Generic[T]):
    data: T
    usage: Usage = field(default_factory=Usage)
    model: str = ""


class LLMError(Exception):
    """A failure the editor can understand. `message` is French and says what happened and what
    to do; `code` is stable (refusal, truncated, invalid_output, timeout, rate_limited,
    server_error, connection, configuration)."""

    def __init__(self, message: str, *, code: str, usage: Usage | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.usage = usage or Usage()


class InvalidOutput(LLMError):
    """The answer was not the expected JSON. `raw` keeps what the model said (for refusal checks)."""

    def __init__(self, message: str, *, raw: str, usage: Usage | None = None):
        super().__init__(message, code="invalid_output", usage=usage)
        self.raw = raw


class Provider(Protocol):
    name: str  # "offline" or "openai"
    model: str

    @property
    def label(self) -> str: ...

    def synthesize(self, *, brief: BriefInput) -> LLMResult[SynthesisOut]: ...

    def write_draft(self, *, brief: BriefInput, synthesis: SynthesisOut, outline: Outline) -> LLMResult[DraftOut]: ...

    def rewrite(self, *, article: ArticleInput, style: str) -> LLMResult[RewriteOut]: ...
