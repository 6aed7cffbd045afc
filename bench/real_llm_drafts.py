"""Five drafts in a row against a real model, straight to llama-cpp-python's server (no shim).

    .venv/bin/python bench/real_llm_drafts.py [--drafts 5]

Starts ../shared/real-llm/serve.sh (SmolLM2-135M-Instruct, see its header) on a free port, a
throwaway SQLite database and the embedded broker in a temporary folder, the demo sources (two per
draft, as a newcomer would pick them),
then runs `draft_article --wait --json` N times (the job runs in this process when no worker
answers) and prints, for each draft: its final state, seconds, tokens, error code, and whether the
gate blocks the article. Goal (issue 14): every job terminal in under 3 minutes, none failed with a
"server down" diagnosis, at least 4 of 5 produce an article, which the gate blocks.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def start_server(script: Path, workdir: Path) -> tuple[subprocess.Popen, str]:
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    subprocess.run(["bash", str(script), "--setup"], check=True, capture_output=True)
    log = open(workdir / "server.log", "w")
    proc = subprocess.Popen(["bash", str(script), str(port)], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/v1"
    for _ in range(180):
        try:
            with urllib.request.urlopen(f"{url}/models", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not start: see {workdir / 'server.log'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--drafts", type=int, default=5)
    args = parser.parse_args()
    candidates = [os.environ.get("PRIZM_REAL_LLM_SERVE", ""), ROOT.parent / "shared/real-llm/serve.sh", "/work/shared/real-llm/serve.sh"]
    script = next((Path(c) for c in candidates if c and Path(c).is_file()), None)
    if script is None:
        raise SystemExit("shared/real-llm/serve.sh not found: set PRIZM_REAL_LLM_SERVE")
    workdir = Path(tempfile.mkdtemp(prefix="prizm-real-llm-"))
    proc, url = start_server(script, workdir)
    os.environ.update({
        "PRIZM_VAR_DIR": str(workdir), "DJANGO_SETTINGS_MODULE": "prizm.settings", "PRIZM_LLM_PROVIDER": "openai",
        "OPENAI_API_KEY": "local", "OPENAI_BASE_URL": url, "PRIZM_LLM_MODEL": "smollm2-135m",
        "PRIZM_LLM_TIMEOUT": "240", "PRIZM_LLM_TEMPERATURE": "0", "PRIZM_LLM_SEED": "1",
    })
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CACHE_URL"):
        os.environ.pop(name, None)
    import django

    django.setup()
    from django.core.management import call_command

    from articles.models import Article
    from articles.workflow.rules import gate_blockers
    from sources.models import Source

    call_command("migrate", verbosity=0)
    # The demo sources a newcomer drafts from (sources/demo.py): the first two of each theme in turn.
    from sources.demo import seed_demo_content

    seed_demo_content()
    demo = list(Source.objects.order_by("pk"))
    themes = [demo[i : i + 2] for i in range(0, len(demo) - 1, 3)] or [demo[:2]]
    rows = []
    try:
        for index in range(args.drafts):
            out, started = StringIO(), time.monotonic()
            sources = themes[index % len(themes)]
            argv = ["draft_article", "--topic", sources[0].name, "--wait", "--json"]
            argv += [item for s in sources for item in ("--source", str(s.pk))]
            try:
                call_command(*argv, stdout=out, stderr=StringIO())
            except SystemExit:
                pass
            data = json.loads(out.getvalue())
            article = Article.objects.filter(pk=data["article"]).first() if data["article"] else None
            rows.append({
                "draft": index + 1, "status": data["status"], "seconds": round(time.monotonic() - started, 1),
                "error_code": data["error_code"], "article": bool(article),
                "gate_blocks": bool(article and gate_blockers(article)), "server_down": "en panne" in (data["error"] or ""),
            })
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    finally:
        os.killpg(proc.pid, 15)
    made = sum(r["article"] for r in rows)
    ok = (
        all(r["status"] in {"succeeded", "failed", "cancelled"} and r["seconds"] < 180 for r in rows)
        and not any(r["server_down"] for r in rows)
        and made >= len(rows) - 1
        and all(r["gate_blocks"] for r in rows if r["article"])
    )
    print(f"{made}/{len(rows)} drafts produced an article, all blocked by the gate: {ok}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
