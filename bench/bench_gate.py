"""Benchmarks of the quality gate. Run: .venv/bin/python bench/bench_gate.py [--articles N]

1. `check_document` on a 2,000-word article citing 10 sources (each with ~800 words of text and
   3 extracts): median over many runs. Goal ≤ 20 ms.
2. `quality_recheck` (what the Celery task `articles.tasks.quality_recheck_all` runs) over N stored
   articles (default 10,000, ~900 words and 5 sources each, among 200 registered sources), in a
   throwaway database created for the run (Postgres when DATABASE_URL says so) and dropped after.
   Goal ≤ 60 s for 10,000. With --articles below 10,000 the time is extrapolated, and said so.

Texts are generated from a fixed seed: the same figures every run on the same machine.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prizm.settings")

import django  # noqa: E402

django.setup()

from articles.quality import GateDocument, GateSource, check_document  # noqa: E402

GOAL_SINGLE_MS = 20.0
GOAL_BULK_S = 60.0
GOAL_BULK_N = 10_000

SUBJECTS = [
    "Le réseau des ateliers", "La filière de la réparation", "Le marché régional", "L'offre de formation",
    "Le tissu associatif", "La commande publique", "Le secteur de l'électroménager", "La collecte des déchets",
    "Le budget des collectivités", "L'emploi local", "La demande des ménages", "Le parc d'équipements",
]
VERBS = [
    "progresse nettement", "reste fragile", "se structure peu à peu", "change de visage", "gagne des adeptes",
    "résiste mieux que prévu", "attire de nouveaux publics", "se concentre dans les villes",
]
TAILS = [
    "dans les quartiers prioritaires", "depuis la fin des aides", "malgré la hausse des coûts",
    "grâce aux bénévoles formés", "selon les territoires observés", "avec un effet visible sur les prix",
    "au prix d'un effort d'organisation", "sous la pression des usagers",
]
NOUNS = ["ateliers", "ménages", "entreprises", "bénévoles", "communes", "artisans", "foyers", "salariés"]
LINKS = ["Par ailleurs", "En outre", "Dans le même temps", "À l'inverse", "Concrètement", "Surtout", "Ensuite"]


def source_texts(rng: random.Random, n: int) -> list[dict]:
    sources = []
    for i in range(n):
        facts = []
        for _ in range(60):
            facts.append(
                f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(TAILS)} : {rng.randint(2, 95)} % des "
                f"{rng.choice(NOUNS)} sont concernés, pour {rng.randint(1, 90) * 1000} euros en moyenne."
            )
        sources.append({
            "name": f"Observatoire régional numéro {i}",
            "url": f"https://observatoire-{i}.example.org/rapport",
            "text": " ".join(facts),
            "extracts": facts[:3],
            "reliability": rng.randint(5, 10),
        })
    return sources


def article_body(rng: random.Random, sources: list[dict], words: int) -> str:
    """Paragraphs of cited sentences, figures taken from (or absent from) the cited source, quotes."""
    parts, count, section = [], 0, 0
    while count < words:
        if count // 350 >= section:
            section += 1
            parts.append(f"## Partie {section}\n")
        sentences = []
        for _ in range(rng.randint(3, 6)):
            src = rng.choice(sources)
            kind = rng.random()
            if kind < 0.25:
                fact = rng.choice(src["text"].split(". "))
                sentence = f"{rng.choice(LINKS)}, « {fact.rstrip('.')} » (Source : {src['name']})."
            elif kind < 0.6:
                sentence = (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(TAILS)}, avec "
                            f"{rng.randint(2, 95)} % des {rng.choice(NOUNS)} (Source : {src['name']}).")
            else:
                sentence = (f"{rng.choice(LINKS)}, {rng.choice(SUBJECTS).lower()} {rng.choice(VERBS)} "
                            f"{rng.choice(TAILS)} (Source : {src['name']}).")
            sentences.append(sentence)
            count += len(sentence.split())
        parts.append(" ".join(sentences) + "\n")
    return "\n".join(parts)


def gate_source(data: dict, pk: int) -> GateSource:
    return GateSource(id=pk, name=data["name"], url=data["url"], reliability=data["reliability"],
                      text=data["text"], extracts=list(data["extracts"]), published="2024-05-01")


def bench_single(runs: int = 60) -> float:
    rng = random.Random(42)
    data = source_texts(rng, 10)
    sources = [gate_source(d, i) for i, d in enumerate(data)]
    body = article_body(rng, data, 2000)
    doc = GateDocument(title="Banc d'essai", body=body, sources=sources, published_on="2025-01-01",
                       description="Analyse factuelle basée sur 10 sources vérifiées.")
    result = check_document(doc)  # warm-up (compiles nothing, fills the per-source caches as a real run would)
    timings, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        check_document(doc)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    median = statistics.median(timings)
    cold = []
    for _ in range(10):  # without the per-source caches: every source text parsed again
        from articles.quality.figures import figure_index
        from articles.quality.normalize import source_match_text

        figure_index.cache_clear()
        source_match_text.cache_clear()
        start = time.perf_counter()
        check_document(doc)
        cold.append((time.perf_counter() - start) * 1000)
    print("1. One article through check_document")
    print(f"   {len(body.split())} words, 10 sources, {len(result.findings)} findings")
    print(f"   median {median:.2f} ms (p90 {sorted(timings)[int(runs * 0.9)]:.2f} ms) — goal ≤ {GOAL_SINGLE_MS:.0f} ms"
          f" — ratio {median / GOAL_SINGLE_MS:.2f} of the budget")
    print(f"   CPU time of this process: median {statistics.median(cpu):.2f} ms")
    print(f"   without source caches (first check after the sources changed): median {statistics.median(cold):.2f} ms")
    return median


def bench_bulk(n: int) -> float:
    from django.conf import settings
    from django.db import connection

    from articles.models import Article, Revision
    from articles.quality.store import quality_recheck
    from sources.models import Extract, Source

    settings.DATABASES["default"].setdefault("TEST", {})
    if not connection.vendor == "sqlite":
        settings.DATABASES["default"]["TEST"]["NAME"] = "prizm_bench_gate"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        rng = random.Random(7)
        t0 = time.perf_counter()
        data = source_texts(rng, 200)
        sources = Source.objects.bulk_create([
            Source(name=d["name"], url=d["url"], normalized_url=d["url"], text=d["text"], reliability=d["reliability"])
            for d in data
        ])
        Extract.objects.bulk_create([
            Extract(source=s, text=t, order=i) for s, d in zip(sources, data, strict=True)
            for i, t in enumerate(d["extracts"])
        ])
        by_name = {s.name: s for s in sources}
        articles, bodies = [], []
        for i in range(n):
            chosen = rng.sample(data, 5)
            bodies.append((article_body(rng, chosen, rng.randint(700, 1100)), chosen))
            articles.append(Article(title=f"Article {i}", slug=f"article-banc-{i}", description="Analyse factuelle."))
        Article.objects.bulk_create(articles, batch_size=2000)
        revisions = [
            Revision(article=a, number=1, title=a.title, description=a.description, body=body,
                     sources=[{"id": by_name[d["name"]].pk, "name": d["name"], "url": d["url"]} for d in chosen])
            for a, (body, chosen) in zip(articles, bodies, strict=True)
        ]
        Revision.objects.bulk_create(revisions, batch_size=2000)
        for a, r in zip(articles, revisions, strict=True):
            a.current_revision = r
        Article.objects.bulk_update(articles, ["current_revision"], batch_size=2000)
        setup = time.perf_counter() - t0
        words = sum(len(b.split()) for b, _c in bodies) / n

        from articles.quality.figures import figure_index
        from articles.quality.normalize import source_match_text

        figure_index.cache_clear()
        source_match_text.cache_clear()
        start, cpu = time.perf_counter(), time.process_time()
        checked = quality_recheck()
        first, first_cpu = time.perf_counter() - start, time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        quality_recheck()
        second, second_cpu = time.perf_counter() - start, time.process_time() - cpu
        from articles.models import Finding

        findings = Finding.objects.count()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"2. Bulk recheck of stored articles ({connection.vendor})")
    print(f"   {checked} articles of {words:.0f} words on average, 5 sources each among 200; "
          f"{findings} findings stored (setup {setup:.1f} s)")
    print(f"   first run {first:.1f} s (CPU of this process {first_cpu:.1f} s), second run (replacing findings) "
          f"{second:.1f} s (CPU {second_cpu:.1f} s) — {first / checked * 1000:.2f} ms per article")
    if n != GOAL_BULK_N:
        estimate = first / n * GOAL_BULK_N
        print(f"   EXTRAPOLATED to {GOAL_BULK_N} articles: {estimate:.1f} s (measured on {n} only)")
    else:
        estimate = first
    print(f"   goal ≤ {GOAL_BULK_S:.0f} s for {GOAL_BULK_N} — ratio {estimate / GOAL_BULK_S:.2f} of the budget")
    return estimate


def machine() -> str:
    load = os.getloadavg()
    return f"{os.cpu_count()} CPUs, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=GOAL_BULK_N, help="stored articles to recheck (default 10000)")
    parser.add_argument("--skip-bulk", action="store_true")
    args = parser.parse_args()
    print(f"Machine: {machine()} — other work on it slows these figures down.")
    single = bench_single()
    bulk = None if args.skip_bulk else bench_bulk(args.articles)
    print()
    print(f"Machine after the run: {machine()}")
    print(f"single article: {single:.2f} ms median ({'OK' if single <= GOAL_SINGLE_MS else 'OVER'} the {GOAL_SINGLE_MS:.0f} ms goal)")
    if bulk is not None:
        print(f"bulk recheck:   {bulk:.1f} s for {GOAL_BULK_N} ({'OK' if bulk <= GOAL_BULK_S else 'OVER'} the {GOAL_BULK_S:.0f} s goal)")


if __name__ == "__main__":
    main()
