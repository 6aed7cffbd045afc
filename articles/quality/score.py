"""The quality score (0–1): how far a reader can trust the article, from its findings and the
reliability of the sources it cites.

    score = S × F

    S (sources)  = 0.5 + 0.5 × R, where R is the mean reliability (0–10, divided by 10) of the
                   cited sources, each weighted by how often it is cited (a source without a
                   reliability counts 5/10). Nothing cited: R = 0, so S = 0.5.
    F (findings) = 1 − 0.3 × blockers − 0.05 × warnings, at least 0; and at most 0.4 as long as
                   a blocker remains (an article that must not be published never looks good).

A clean article citing sources rated 9/10 scores 0.95; the same with three warnings, 0.81; with
one blocker, 0.38 at most.
"""

BLOCKER_WEIGHT = 0.3
WARNING_WEIGHT = 0.05
BLOCKED_CAP = 0.4
DEFAULT_RELIABILITY = 5


def score_compute(*, blockers: int, warnings: int, cited_reliability: list[tuple[int | None, int]]) -> tuple[float, dict]:
    """`cited_reliability`: (reliability 0–10 or None, number of citations) per cited source.
    Returns the score and its parts (for the UI and the JSON output)."""
    weight = sum(n for _r, n in cited_reliability)
    if weight:
        r = sum((DEFAULT_RELIABILITY if rel is None else max(0, min(10, rel))) * n for rel, n in cited_reliability)
        reliability = r / (10 * weight)
    else:
        reliability = 0.0
    s = 0.5 + 0.5 * reliability
    f = max(0.0, 1 - BLOCKER_WEIGHT * blockers - WARNING_WEIGHT * warnings)
    if blockers:
        f = min(f, BLOCKED_CAP)
    score = round(s * f, 2)
    return score, {
        "sources": round(s, 3),
        "findings": round(f, 3),
        "reliability": round(reliability * 10, 1),
        "blockers": blockers,
        "warnings": warnings,
    }
