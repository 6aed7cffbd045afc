"""Acceptance: the seed articles the product grew from (/work/shared/seeds), read as files."""

import time
from pathlib import Path

import pytest

from articles.files.importing import article_file_read, parsed_gate_document
from articles.quality import check_document

SEEDS = Path("/work/shared/seeds")


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def gate(prefix: str):
    return check_document(parsed_gate_document(article_file_read(seed(prefix)), resolve=False))


def codes(result, severity):
    return {f.code for f in result.findings if f.severity == severity}


def test_001_refusal_published_as_introduction_is_a_blocker():
    result = gate("001")
    assert "refusal" in codes(result, "blocker")
    refusal = next(f for f in result.findings if f.code == "refusal")
    assert refusal.excerpt.startswith("Je ne peux pas écrire cette introduction")
    assert refusal.line == 17  # a line of the file, front matter included
    assert not result.publishable


def test_004_placeholder_reference_list_and_no_citation_are_blockers():
    result = gate("004")
    assert {"placeholder", "no_citations"} <= codes(result, "blocker")
    placeholder = next(f for f in result.findings if f.code == "placeholder")
    assert placeholder.excerpt.startswith("[Les mêmes sources que dans l'article original")


def test_003_source_without_url_and_unsourced_inconsistent_figures():
    result = gate("003")
    assert codes(result, "blocker") == {"source_missing_url"}
    assert {"uncited_figure", "number_inconsistent"} <= codes(result, "warning")
    uncited = " ".join(f.message for f in result.findings if f.code == "uncited_figure")
    assert "66 %" in uncited and "10 à 30 %" in uncited
    inconsistent = next(f for f in result.findings if f.code == "number_inconsistent")
    assert "15 et 30%" in inconsistent.message and "10 à 30 %" in inconsistent.message
    missing = next(f for f in result.findings if f.code == "source_missing_url")
    assert missing.excerpt == "Usine Digitale"


def test_002_has_no_blocker_but_uncited_sources_and_repetitions():
    result = gate("002")
    assert result.publishable
    assert {"source_uncited", "repetition"} <= codes(result, "warning")
    uncited = sorted(f.excerpt for f in result.findings if f.code == "source_uncited")
    assert uncited == ["DFM.fr", "Dihnamic"]  # the CCI is cited, under a shorter name than its list entry


@pytest.mark.parametrize("prefix", ["001", "002", "003", "004"])
def test_the_gate_takes_milliseconds_on_a_seed(prefix):
    doc = parsed_gate_document(article_file_read(seed(prefix)), resolve=False)
    check_document(doc)
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        check_document(doc)
        timings.append(time.perf_counter() - start)
    assert sorted(timings)[2] < 0.05
