"""Load as in production: readers and editors at once against gunicorn, on Postgres, bounded in time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/prizm .venv/bin/python bench/bench_load.py \\
        [--readers 200] [--editors 20] [--seconds 60] [--workers 2] [--threads 8]

1. creates a throwaway Postgres database next to DATABASE_URL's (`<name>_bench_load`), migrates it,
   collects static files, seeds the demo content, and adds one editor account and one draft per
   simulated editor; drops the database at the end;
2. starts gunicorn (gthread, persistent connections, DEBUG off, the real `prizm.wsgi`) on 127.0.0.1;
3. for `--seconds`: `--readers` keep-alive clients read the home, an article and a search page in
   turn, while `--editors` clients log in through the login form and save their draft through the
   editor form again and again (and launch a draft job every fifth save);
4. prints requests/s, errors and p50/p99 latency of the readers, and for the editors the saves
   acknowledged (HTTP 302) against the revisions found in each draft's history: a lost save is one
   acknowledged but missing. Exit status 1 on any error or lost save.

Only 127.0.0.1 is contacted; every loop is bounded by time.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import _admin_sql, _Conn, _free_port, _manage  # noqa: E402

ARTICLE_SLUG = "renovation-energetique-chantiers-en-hausse-renovations-ampleur-rares"
READER_PATHS = ["/", f"/articles/{ARTICLE_SLUG}/", "/search/?q=r%C3%A9novation"]
PASSWORD = "bench-editeur-2026"
SETUP = """
from django.contrib.auth.models import Group
from articles.models import Article, ArticleSource, Brief, BriefSource
from articles.revisions import revision_create, revision_sources
from prizm.roles import EDITORS_GROUP
from django.contrib.auth import get_user_model
from sources.models import Source
source = Source.objects.order_by("pk").first()
group = Group.objects.get(name=EDITORS_GROUP)
for n in range({editors}):
    user = get_user_model().objects.create_user(f"bench{{n}}", password="{password}")
    user.groups.add(group)
    article = Article.objects.create(title=f"Brouillon de charge {{n}}", slug=f"charge-{{n}}", created_by=user,
                                     body=f"Premier état (Source : {{source.name}}).")
    ArticleSource.objects.create(article=article, source=source, order=0)
    revision_create(article=article, title=article.title, description="", body=article.body,
                    sources=revision_sources(article), author=user, reason="bench")
    brief = Brief.objects.create(topic=f"Charge {{n}}", requested_by=user)
    BriefSource.objects.create(brief=brief, source=source, order=0)
    print(f"{{user.username}} {{article.pk}} {{brief.pk}} {{source.pk}}")
"""


def _database(url: str) -> tuple[str, str, str]:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        sys.exit("bench_load needs DATABASE_URL=postgres://…")
    name = f"{parts.path.lstrip('/') or 'prizm'}_bench_load"
    admin = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    return admin, urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, "")), name


def _readers(port: int, count: int, deadline: float) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def reader(index: int):
        conn, mine = _Conn(port), []
        try:
            turn = index
            while time.perf_counter() < deadline:
                path = READER_PATHS[turn % len(READER_PATHS)]
                started = time.perf_counter()
                status = conn.get(path)
                mine.append(time.perf_counter() - started)
                if status != 200:
                    with lock:
                        errors.append(f"{path} → {status}")
                turn += 1
        except Exception as exc:  # reported
            with lock:
                errors.append(repr(exc))
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    return latencies, errors, threads


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _editor(base: str, username: str, article: int, brief: int, source: int, deadline: float, out: dict):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)

    def call(path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(base + path, data=body, headers={"Referer": base + path})
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def token(html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    status, page = call("/accounts/login/")
    status, _ = call("/accounts/login/", {"csrfmiddlewaretoken": token(page), "username": username, "password": PASSWORD})
    if status != 302:
        out["errors"].append(f"{username} login → {status}")
        return
    n = 0
    while time.perf_counter() < deadline:
        status, page = call(f"/studio/articles/{article}/edit/")
        version = re.search(r'name="base_version" value="(\d+)"', page)
        revision = re.search(r'name="base_revision" value="(\d*)"', page)
        if status != 200 or not version:
            out["errors"].append(f"{username} editor → {status}")
            return
        n += 1
        form = {
            "csrfmiddlewaretoken": token(page), "title": f"Brouillon de charge {username}", "slug": f"charge-{username}",
            "description": "", "body": f"État {n} (Source : source).", "tags": "", "image": "", "reason": f"bench {n}",
            "base_version": version.group(1), "base_revision": revision.group(1) if revision else "", "sources": [source],
        }
        status, _ = call(f"/studio/articles/{article}/edit/", form)
        if status == 302:
            out["acknowledged"].setdefault(article, set()).add(f"bench {n}")
        elif status >= 500:
            out["errors"].append(f"{username} save → {status}")
        if n % 5 == 0:
            status, page = call(f"/studio/briefs/{brief}/")
            status, _ = call(f"/studio/briefs/{brief}/lancer/", {"csrfmiddlewaretoken": token(page), "kind": "draft"})
            if status >= 500:
                out["errors"].append(f"{username} launch → {status}")


def _history(env: dict, articles: list[int]) -> dict[int, set[str]]:
    code = (
        "import django; django.setup()\nfrom articles.models import Revision\n"
        f"for r in Revision.objects.filter(article_id__in={articles!r}).values_list('article_id', 'reason'):\n"
        "    print(r[0], r[1])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "prizm.settings"},
                         check=True, capture_output=True, text=True).stdout
    found: dict[int, set[str]] = {}
    for line in out.splitlines():
        pk, _, reason = line.partition(" ")
        if pk.isdigit():
            found.setdefault(int(pk), set()).add(reason)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    admin, url, name = _database(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/prizm"))
    env = {
        **os.environ, "DATABASE_URL": url, "DATABASE_CONN_MAX_AGE": "600", "DEBUG": "0", "LOG_LEVEL": "WARNING",
        "PRIZM_VAR_DIR": f"/tmp/prizm-bench-load-{os.getpid()}", "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_URL": "dummymail://", "PRIZM_LLM_PROVIDER": "offline", "PYTHONPATH": str(ROOT),
        "PRIZM_LOGIN_FAILURE_LIMIT": "1000",
    }
    _admin_sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin_sql(admin, f'CREATE DATABASE "{name}"')
    port = _free_port()
    server = None
    try:
        print(f"Preparing {name}: migrate, collectstatic, seed_demo, {args.editors} editors…", flush=True)
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["seed_demo", "--force"]):
            _manage(env, *command)
        made = subprocess.run([sys.executable, "manage.py", "shell", "-c", SETUP.format(editors=args.editors, password=PASSWORD)],
                              cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout.split("\n")
        editors = [line.split() for line in made if line.startswith("bench")]
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "prizm.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--worker-class", "gthread", "--threads", str(args.threads),
             "--keep-alive", "30", "--timeout", "60", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        for _ in range(150):
            try:
                if _Conn(port).get("/robots.txt") == 200:
                    break
            except OSError:
                time.sleep(0.2)
        start = time.perf_counter()
        deadline = start + args.seconds
        latencies, reader_errors, reader_threads = _readers(port, args.readers, deadline)
        out = {"acknowledged": {}, "errors": []}
        editor_threads = [
            threading.Thread(target=_editor, args=(f"http://127.0.0.1:{port}", user, int(a), int(b), int(s), deadline, out))
            for user, a, b, s in editors
        ]
        for thread in editor_threads:
            thread.start()
        for thread in reader_threads + editor_threads:
            thread.join()
        elapsed = time.perf_counter() - start
        history = _history(env, [int(a) for _, a, _, _ in editors])
        acknowledged = sum(len(v) for v in out["acknowledged"].values())
        lost = sum(len(v - history.get(pk, set())) for pk, v in out["acknowledged"].items())
        latencies.sort()
        p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0  # noqa: E731
        print(f"gunicorn gthread workers={args.workers} threads={args.threads}, Postgres, DEBUG off, {elapsed:.0f} s")
        print(f"readers: {args.readers} keep-alive clients, {len(latencies) / elapsed:.0f} req/s, "
              f"p50 {p(0.5):.0f} ms, p99 {p(0.99):.0f} ms, errors {len(reader_errors)}"
              + (f" (first: {reader_errors[0]})" if reader_errors else ""))
        print(f"editors: {len(editors)}, saves acknowledged {acknowledged}, lost {lost}, errors {len(out['errors'])}"
              + (f" (first: {out['errors'][0]})" if out["errors"] else ""))
        print(f"median reader latency {statistics.median(latencies) * 1000 if latencies else 0:.0f} ms")
        ok = not reader_errors and not out["errors"] and lost == 0 and acknowledged > 0
        print("Goals: 0 errors, 0 lost saves:", "met" if ok else "NOT MET")
        return 0 if ok else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        _admin_sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
