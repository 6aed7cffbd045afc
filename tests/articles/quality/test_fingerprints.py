"""Fingerprints identify a finding across re-runs and edits elsewhere in the text."""

from articles.quality import GateDocument, GateSource, check_document

SOURCE = GateSource(id=1, name="Observatoire des ateliers", url="https://obs.example.org/r", reliability=8)
BODY = """## Introduction

Le réseau progresse (Source : Observatoire des ateliers).

[Insérer ici le chiffre clé de l'année]

Les bénévoles restent nombreux (Source : Cabinet inconnu).
"""


def fingerprints(body):
    result = check_document(GateDocument(title="t", body=body, sources=[SOURCE]))
    return {f.code: f.fingerprint for f in result.findings}


def test_fingerprints_are_stable_across_runs_and_edits_elsewhere():
    first = fingerprints(BODY)
    assert set(first) == {"placeholder", "unknown_source"}
    assert fingerprints(BODY) == first
    edited = BODY.replace("Le réseau progresse", "Le réseau régional progresse nettement, et vite,")
    edited = "Un chapeau ajouté en tête.\n\n" + edited
    assert fingerprints(edited) == first
    # Typographic variants of the same passage keep the fingerprint; another passage changes it.
    assert fingerprints(BODY.replace("l'année", "l\u2019année"))["placeholder"] == first["placeholder"]
    assert fingerprints(BODY.replace("chiffre clé", "montant"))["placeholder"] != first["placeholder"]


def test_offsets_point_at_the_passage_with_unix_line_endings():
    body = BODY.replace("\n", "\r\n")
    result = check_document(GateDocument(title="t", body=body, sources=[SOURCE]))
    unix = body.replace("\r\n", "\n")
    placeholder = next(f for f in result.findings if f.code == "placeholder")
    assert unix[placeholder.start:placeholder.end] == "[Insérer ici le chiffre clé de l'année]"
    assert placeholder.line == 5
