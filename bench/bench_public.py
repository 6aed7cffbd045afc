"""Public article page vs a trivial view of the same server, measured in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/prizm REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/bench_public.py [--seconds 3] [--rounds 3] [--connections 4]

What it does:
1. creates a throwaway Postgres database next to DATABASE_URL's (`<name>_bench_public`), migrates it,
   collects static files (as production does) and seeds the demo content (the demo articles are published through the real workflow), and
   drops it at the end — your data is never touched;
2. counts the queries of the article page on the uncached path (Django test client, in process);
3. starts gunicorn (gthread, persistent database connections, DEBUG off) on 127.0.0.1 with a WSGI
   entry point defined in this file, which mounts the real site plus two bench-only URLs:
   `/bench/trivial/` (an HttpResponse("ok") through the full middleware stack) and
   `/bench/uncached/articles/<slug>/` (the article view without its page cache: two queries and a
   template render on every request), both after the site's URLs so that every view pays the same
   URL resolution;
4. drives it with keep-alive connections from threads of this process for a bounded time, rounds
   interleaved (trivial, uncached, cached, trivial, …); prints requests/s (median of rounds) and the
   ratio to the trivial view (median of the per-round ratios, steadier on a busy machine). Once per cache backend: locmem, and Redis when
   REDIS_URL is set (what docker-compose runs).

Only 127.0.0.1 is contacted; every loop is bounded by time and by request count.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import _admin_sql, _Conn, _free_port, _manage  # noqa: E402

ARTICLE_SLUG = "renovation-energetique-chantiers-en-hausse-renovations-ampleur-rares"
MAX_REQUESTS_PER_RUN = 200_000


# --- WSGI entry point (imported by gunicorn as bench.bench_public:application) -------------------

if __name__ != "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prizm.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from django.http import HttpResponse
    from django.urls import include, path

    from articles.public import views as public_views

    def trivial(request):
        return HttpResponse("ok", content_type="text/plain")

    # After the site's own URLs, so that the bench views pay the same URL resolution as real pages.
    urlpatterns = [
        path("", include("prizm.urls")),
        path("bench/trivial/", trivial),
        path("bench/uncached/articles/<slug:slug>/", public_views.article_detail.uncached),
    ]
    settings.ROOT_URLCONF = __name__
    application = get_wsgi_application()


# --- Runner ---------------------------------------------------------------------------------------


def _bench_database_url(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql", "psql"}:
        sys.exit("bench_public needs DATABASE_URL=postgres://… (the goal is measured on Postgres).")
    name = parts.path.lstrip("/") or "prizm"
    bench_name = f"{name}_bench_public"
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    bench = urlunsplit((parts.scheme, parts.netloc, f"/{bench_name}", parts.query, ""))
    return admin, bench, bench_name


def _count_queries(env: dict) -> int:
    code = (
        "import django, os; django.setup()\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "from django.db import connection\n"
        "from django.core.cache import cache\n"
        f"c = Client(); c.get('/articles/{ARTICLE_SLUG}/'); cache.clear()\n"
        "with CaptureQueriesContext(connection) as ctx:\n"
        f"    r = c.get('/articles/{ARTICLE_SLUG}/')\n"
        "assert r.status_code == 200, r.status_code\n"
        "print(len(ctx.captured_queries))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "prizm.settings"},
                         check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1])


def _load(port: int, path: str, seconds: float, connections: int) -> float:
    """Requests per second on `path` for `seconds` with `connections` keep-alive clients."""
    deadline = time.perf_counter() + seconds
    counts = [0] * connections
    errors: list[str] = []

    def worker(i: int):
        conn = _Conn(port)
        try:
            while time.perf_counter() < deadline and counts[i] < MAX_REQUESTS_PER_RUN:
                status = conn.get(path)
                if status != 200:
                    errors.append(f"{path} → {status}")
                    return
                counts[i] += 1
        except Exception as exc:  # reported below
            errors.append(f"{path} → {exc!r}")
        finally:
            conn.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(errors[0])
    return sum(counts) / elapsed


def _wait_ready(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited early")
        try:
            conn = _Conn(port)
            if conn.get("/bench/trivial/") == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer")


def _run_server(env: dict, *, cache_url: str, args) -> dict[str, tuple[float, float]]:
    port = _free_port()
    server_env = {**env, "CACHE_URL": cache_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.bench_public:application", "--chdir", str(ROOT),
         "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--worker-class", "gthread",
         "--threads", str(args.threads), "--keep-alive", "30", "--log-level", "warning"],
        cwd=ROOT, env=server_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        _wait_ready(port, proc)
        urls = {
            "trivial": "/bench/trivial/",
            "article (uncached)": f"/bench/uncached/articles/{ARTICLE_SLUG}/",
            "article (cached)": f"/articles/{ARTICLE_SLUG}/",
        }
        for url in urls.values():  # warm up: connections, template cache, page cache
            _load(port, url, 0.5, args.connections)
        results: dict[str, list[float]] = {name: [] for name in urls}
        for _round in range(args.rounds):
            for name, url in urls.items():
                results[name].append(_load(port, url, args.seconds, args.connections))
        # Ratios are taken round by round (each URL measured right after the trivial view), then the
        # median: steadier than a ratio of medians when the machine is busy with other work.
        ratios = {
            name: statistics.median(r / t for r, t in zip(values, results["trivial"], strict=True))
            for name, values in results.items()
        }
        return {name: (statistics.median(values), ratios[name]) for name, values in results.items()}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of one measurement")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (median is reported)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent keep-alive connections")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    args = parser.parse_args()

    admin_url, bench_url, bench_name = _bench_database_url(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/prizm")
    )
    var_dir = Path(os.environ.get("TMPDIR", "/tmp")) / f"prizm-bench-public-{os.getpid()}"
    env = {
        **os.environ,
        "DATABASE_URL": bench_url,
        "DATABASE_CONN_MAX_AGE": "600",
        "DEBUG": "0",
        "PRIZM_VAR_DIR": str(var_dir),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "LOG_LEVEL": "WARNING",
        "EMAIL_URL": "dummymail://",
        "CACHE_URL": "locmemcache://bench",
        "PYTHONPATH": str(ROOT),
    }
    _admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{bench_name}" WITH (FORCE)')
    _admin_sql(admin_url, f'CREATE DATABASE "{bench_name}"')
    try:
        print(f"Preparing {bench_name}: migrate, collectstatic, seed_demo…", flush=True)
        _manage(env, "migrate", "--noinput")
        _manage(env, "collectstatic", "--noinput")  # as in production: hashed static names from a manifest
        _manage(env, "seed_demo", "--force")
        queries = _count_queries(env)
        caches = [("locmem", "locmemcache://bench")]
        if os.environ.get("REDIS_URL"):
            redis = urlsplit(os.environ["REDIS_URL"])
            caches.append(("redis", urlunsplit((redis.scheme, redis.netloc, redis.path or "/0", "", ""))))
        print(f"gunicorn gthread workers={args.workers} threads={args.threads}, Postgres with persistent "
              f"connections, DEBUG off; {args.connections} keep-alive connections, {args.rounds} rounds × "
              f"{args.seconds:g} s per URL (median). Article page: {queries} queries uncached.\n")
        for label, cache_url in caches:
            rates = _run_server(env, cache_url=cache_url, args=args)
            print(f"cache backend: {label}")
            for name, (rate, ratio) in rates.items():
                print(f"  {name:<20} {rate:8.0f} req/s   {ratio:5.2f}× trivial")
            print()
        print("Goals: uncached ≥ 0.15× trivial with ≤ 2 queries; cached ≥ 0.8× trivial.")
    finally:
        _admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{bench_name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
