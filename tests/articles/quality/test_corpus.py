"""The gate on a corpus written for these tests: for every code, cases that must fire and
near-misses that must not (corpus/*.yaml). Pure: no database."""

import pytest

from articles.quality import CODES, check_document

from .corpus_loader import case_document, corpus_cases, fire_specs

CASES = corpus_cases()


@pytest.mark.parametrize("case", [c for _id, c in CASES], ids=[i for i, _c in CASES])
def test_corpus_case(case):
    result = check_document(case_document(case))
    found = {}
    for f in result.findings:
        found.setdefault(f.code, []).append(f)
    summary = [(f.code, f.line, f.excerpt[:80]) for f in result.findings]
    for spec in fire_specs(case):
        code = spec["code"]
        assert code in found, f"{code} should fire; got {summary}"
        hits = found[code]
        if "count" in spec:
            assert len(hits) == spec["count"], f"{code}: {len(hits)} findings, expected {spec['count']}: {summary}"
        if spec.get("excerpt"):
            assert any(spec["excerpt"] in f.excerpt for f in hits), f"{code}: no excerpt with {spec['excerpt']!r}: {summary}"
        if "line" in spec:
            assert any(f.line == spec["line"] for f in hits), f"{code}: not on line {spec['line']}: {summary}"
        for f in hits:
            assert f.severity == CODES[code].severity
            assert f.message and f.fingerprint and len(f.fingerprint) == 64
            if f.start is not None:
                assert 0 <= f.start < f.end <= len(case["body"])
    quiet = case.get("quiet", [])
    if quiet == "*":
        assert result.findings == [], f"good writing must raise nothing; got {summary}"
        assert result.score >= 0.9
    else:
        for code in quiet:
            assert code not in found, f"{code} must stay quiet; got {summary}"
    assert 0.0 <= result.score <= 1.0
    assert result.publishable == (not result.blockers)


def test_every_code_has_cases_that_fire_and_near_misses_that_do_not():
    fired, quiet = set(), set()
    for _id, case in CASES:
        fired |= {s["code"] for s in fire_specs(case)}
        quiet |= set(CODES) if case.get("quiet") == "*" else set(case.get("quiet", []))
    assert fired == set(CODES), f"codes without a firing case: {set(CODES) - fired}"
    assert quiet == set(CODES), f"codes without a near-miss: {set(CODES) - quiet}"
