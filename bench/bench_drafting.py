"""Drafting throughput: N drafts against a local OpenAI-compatible server answering after 2 s,
through ONE Celery worker (threads pool). Prints wall time and the worker's peak memory.

    .venv/bin/python bench/bench_drafting.py [--jobs 100] [--concurrency 50] [--delay 2]

Goals on a 2-core machine: 100 drafts in ≤ 15 s, worker under 300 MB. Each draft makes two LLM
calls (synthesis, then the sections), so one draft takes at least 2 × delay.

Uses DATABASE_URL when it points at Postgres (a throwaway database `<name>_bench` is created and
dropped), else a throwaway SQLite file; REDIS_URL when set, else the filesystem broker in a
temporary folder. The fake server is tests/fake_openai.py, driven by the real `openai` client.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (from /proc)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def prepare_database(tmp: Path) -> tuple[str, callable]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        name = parts.path.lstrip("/") + "_bench"
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return urlunsplit(parts._replace(path="/" + name)), drop
    return f"sqlite:///{tmp / 'bench.sqlite3'}", lambda: None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--delay", type=float, default=2.0)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="prizm-bench-"))
    database_url, drop_database = prepare_database(tmp)
    from tests.fake_openai import FakeOpenAI

    fake = FakeOpenAI().start()
    model = f"gpt-4o-mini+good+delay{args.delay:g}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PRIZM_VAR_DIR": str(tmp),
        "OPENAI_API_KEY": "bench-key",
        "OPENAI_BASE_URL": fake.url,
        "PRIZM_LLM_PROVIDER": "openai",
        "PRIZM_LLM_MODEL": model,
        "PRIZM_LLM_TIMEOUT": "30",
        "DATABASE_CONN_MAX_AGE": "0",
        "DJANGO_SETTINGS_MODULE": "prizm.settings",
        "PYTHONUNBUFFERED": "1",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update({k: env[k] for k in (
        "DATABASE_URL", "PRIZM_VAR_DIR", "OPENAI_API_KEY", "OPENAI_BASE_URL", "PRIZM_LLM_PROVIDER",
        "PRIZM_LLM_MODEL", "DJANGO_SETTINGS_MODULE", "LOG_LEVEL",
    )})
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from articles import drafting
    from articles.models import Article, GenerationJob
    from prizm.celery import app, ensure_broker_folders
    from sources.models import Extract, Source

    ensure_broker_folders()
    app.control.purge()

    log = open(tmp / "worker.log", "w")
    hostname = f"bench-{os.getpid()}@localhost"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "prizm", "worker", "--pool", "threads",
         "--concurrency", str(args.concurrency), "--hostname", hostname, "--without-gossip",
         "--without-mingle", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    peak = {"rss": 0.0}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak["rss"] = max(peak["rss"], rss_mb(worker.pid))
            time.sleep(0.1)

    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[hostname], timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"worker did not start:\n{(tmp / 'worker.log').read_text()}")
        idle_rss = rss_mb(worker.pid)
        sources = []
        for i in range(3):
            source = Source.objects.create(
                name=f"Source de banc {i}", url=f"https://banc-{i}.example.org/etude", reliability=8 - i,
                text=f"Le réseau compte {100 + i} ateliers.",
            )
            Extract.objects.create(source=source, text=f"Le réseau compte {100 + i} ateliers.")
            sources.append(source)
        briefs = [
            drafting.brief_create(user=None, topic=f"Sujet de banc {n}", sources=sources) for n in range(args.jobs)
        ]
        threading.Thread(target=sample, daemon=True).start()
        start = time.monotonic()
        launched = [drafting.draft_launch(brief=b, user=None) for b in briefs]
        enqueue_time = time.monotonic() - start
        ids = [j.pk for j in launched]
        while True:
            done = GenerationJob.objects.filter(pk__in=ids, status__in=["succeeded", "failed", "cancelled"]).count()
            if done == len(ids) or time.monotonic() - start > 300:
                break
            time.sleep(0.05)
        wall = time.monotonic() - start
        stop.set()
        succeeded = GenerationJob.objects.filter(pk__in=ids, status="succeeded").count()
        failed = list(GenerationJob.objects.filter(pk__in=ids, status="failed").values_list("error", flat=True)[:3])
        articles = Article.objects.count()
        calls = len(fake.requests)
        print(f"drafts: {args.jobs}, worker: 1 process, threads pool, concurrency {args.concurrency}")
        print(f"fake server delay: {args.delay:g} s per call, LLM calls made: {calls} ({calls / max(1, args.jobs):.1f} per draft)")
        print(f"database: {database_url.split('://', 1)[0]}, broker: {app.conf.broker_url.split('://', 1)[0]}")
        print(f"enqueue of {args.jobs} jobs: {enqueue_time:.2f} s")
        print(f"wall time (launch → all finished): {wall:.2f} s   goal ≤ 15 s: {'OK' if wall <= 15 else 'MISSED'}")
        print(f"succeeded: {succeeded}/{args.jobs}, articles: {articles}")
        print(f"worker memory: idle {idle_rss:.0f} MB, peak {peak['rss']:.0f} MB   goal < 300 MB: "
              f"{'OK' if peak['rss'] < 300 else 'MISSED'}")
        print(f"speed-up over sequential calls: {args.jobs * 2 * args.delay / wall:.1f}×")
        if failed:
            print("failures:", *failed, sep="\n  ")
        return 0 if succeeded == args.jobs else 1
    finally:
        stop.set()
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
        fake.stop()
        from django.db import connections

        connections.close_all()
        drop_database()


if __name__ == "__main__":
    raise SystemExit(main())
