"""Reads the test corpus (`corpus/*.yaml`): each case is a document, the codes that must fire
(`fire`, optionally with count, excerpt and line) and the codes that must stay quiet (`quiet`,
or "*" for no finding at all). Sources are written inline or named from `corpus/_sources.yaml`."""

from pathlib import Path

import yaml

from articles.quality import GateDocument, GateSource

CORPUS = Path(__file__).parent / "corpus"


def _shared_sources() -> dict:
    return yaml.safe_load((CORPUS / "_sources.yaml").read_text(encoding="utf-8"))


def _source(spec, shared: dict) -> GateSource:
    data = dict(shared[spec]) if isinstance(spec, str) else dict(spec)
    return GateSource(
        id=None,
        name=data["name"],
        url=data.get("url", ""),
        kind=data.get("kind", ""),
        published=str(data.get("published", "")),
        reliability=data.get("reliability"),
        text=data.get("text", "") or "",
        extracts=list(data.get("extracts") or []),
        publisher=data.get("publisher", ""),
    )


def case_document(case: dict) -> GateDocument:
    shared = _shared_sources()
    sources = [_source(s, shared) for s in case.get("sources", [])]
    original = None
    if case.get("original"):
        original = GateDocument(
            title=case["original"].get("title", ""),
            body=case["original"]["body"],
            sources=[_source(s, shared) for s in case["original"].get("sources", case.get("sources", []))],
        )
    return GateDocument(
        title=case.get("title", "Article de test"),
        body=case["body"],
        description=case.get("description", ""),
        sources=sources,
        front_matter=case.get("front_matter", {}),
        original=original,
        published_on=str(case.get("published_on", "")),
    )


def corpus_cases() -> list[tuple[str, dict]]:
    cases = []
    for path in sorted(CORPUS.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            cases.append((f"{path.stem}-{case['name']}", case))
    return cases


def fire_specs(case: dict) -> list[dict]:
    return [{"code": s} if isinstance(s, str) else dict(s) for s in case.get("fire", [])]
