"""check_articles on files and on stored articles."""

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.quality import gate_revision
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db

SEEDS = Path("/work/shared/seeds")
ARTICLE_SEEDS = sorted(str(p) for p in SEEDS.glob("00[1-4]_*.txt"))

CLEAN = """---
title: "Les ateliers de réparation en chiffres"
description: "Analyse factuelle basée sur 1 source vérifiée."
date: "2025-03-01"
sources: 1
---

# Les ateliers de réparation en chiffres

Le réseau régional compte 1 240 ateliers actifs (Source : Observatoire des ateliers).

## Sources et références

1. **Observatoire des ateliers** - Étude
   - Date : 12/09/2024
   - URL : https://observatoire-ateliers.example.org/rapport
   - Fiabilité : 8/10
"""


def run(*args):
    out = StringIO()
    try:
        call_command("check_articles", *args, stdout=out, stderr=StringIO())
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue()


def test_json_on_the_seed_files_and_exit_status():
    status, out = run("--json", *ARTICLE_SEEDS)
    assert status == 1
    entries = json.loads(out)
    assert [e["file"] for e in entries] == ARTICLE_SEEDS
    for e in entries:
        assert set(e) == {"file", "score", "publishable", "findings"}
        assert 0 <= e["score"] <= 1
        for f in e["findings"]:
            assert set(f) == {"code", "severity", "message", "line", "excerpt"}
    by_seed = {Path(e["file"]).name[:3]: e for e in entries}
    blockers = {k: {f["code"] for f in e["findings"] if f["severity"] == "blocker"} for k, e in by_seed.items()}
    warnings = {k: {f["code"] for f in e["findings"] if f["severity"] == "warning"} for k, e in by_seed.items()}
    assert "refusal" in blockers["001"]
    assert {"placeholder", "no_citations"} <= blockers["004"]
    assert blockers["003"] == {"source_missing_url"} and {"uncited_figure", "number_inconsistent"} <= warnings["003"]
    assert blockers["002"] == set() and {"source_uncited", "repetition"} <= warnings["002"]
    assert by_seed["002"]["publishable"] and not by_seed["001"]["publishable"]
    refusal = next(f for f in by_seed["001"]["findings"] if f["code"] == "refusal")
    assert refusal["line"] == 17


def test_human_output_and_exit_zero_without_blocker(tmp_path):
    clean = tmp_path / "propre.md"
    clean.write_text(CLEAN, encoding="utf-8")
    status, out = run(str(clean))
    assert status == 0, out
    assert "✓" in out and "0 bloquant(s)" in out
    status, out = run(ARTICLE_SEEDS[0])
    assert status == 1
    assert "BLOQUANT" in out and "refusal" in out and "L17" in out and "Je ne peux pas écrire" in out


def test_file_references_resolve_against_the_registry(tmp_path):
    # Registered under another URL, with its text: the figure is now checked against it.
    SourceFactory(name="Observatoire des ateliers", url="https://autre.example.org/obs",
                  text="Le réseau compte 1 100 ateliers.", reliability=8, published_on=datetime.date(2024, 9, 12))
    clean = tmp_path / "propre.md"
    clean.write_text(CLEAN, encoding="utf-8")
    status, out = run("--json", str(clean))
    assert status == 1
    assert [f["code"] for f in json.loads(out)[0]["findings"]] == ["number_unsupported"]


def test_unreadable_file_is_reported(tmp_path):
    bad = tmp_path / "casse.md"
    bad.write_text("---\ntitle: \"x\"\n", encoding="utf-8")
    status, out = run("--json", str(bad))
    assert status == 1
    entry = json.loads(out)[0]
    assert entry["file"] == str(bad) and "jamais refermé" in entry["error"] and entry["publishable"] is False


def test_stored_articles_with_all_and_by_slug():
    source = SourceFactory(name="Observatoire des ateliers")
    good = ArticleFactory(slug="propre", body="Le réseau progresse (Source : Observatoire des ateliers).\n", sources=[source])
    bad = ArticleFactory(slug="bloque", body="As an AI language model, I cannot write this.\n", sources=[source])
    for article in (good, bad):
        gate_revision(article.current_revision)
    status, out = run("--all", "--json")
    assert status == 1
    entries = {e["article"]: e for e in json.loads(out)}
    assert entries["propre"]["publishable"] and not entries["bloque"]["publishable"]
    assert "refusal" in {f["code"] for f in entries["bloque"]["findings"]}
    status, out = run("propre")
    assert status == 0 and "propre" in out


def test_nothing_to_check_is_an_error():
    with pytest.raises(CommandError, match="--all"):
        call_command("check_articles", stdout=StringIO())
