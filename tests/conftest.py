"""Shared fixtures. Tests use the real services configured by DATABASE_URL / REDIS_URL.

Under CI=true a skipped test is a failure: a green CI means every test really ran against
Postgres, Redis and Chromium.
"""

import os
import shutil
import socket
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.factories import UserFactory

pytest_plugins = ["tests.browser_support"]

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"Skipped under CI=true, which is not allowed (a service must be missing): {reason}"


def _port_open(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/7"
    if not _port_open(url, 6379):
        pytest.skip(f"Redis not reachable at {url}")
    return url


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` are about Postgres itself (full-text search, row locks, collations).
    On the embedded SQLite default they are deselected, not skipped, and the summary says so: CI runs
    them in its second pass, on the real Postgres."""
    if os.environ.get("PRIZM_SKIP_REAL_LLM") == "1":  # .ci/run's first pass: its second runs them
        real_llm = [item for item in items if item.get_closest_marker("real_llm")]
        if real_llm:
            config.hook.pytest_deselected(items=real_llm)
            items[:] = [item for item in items if not item.get_closest_marker("real_llm")]
    if settings.DATABASE_IS_POSTGRES:
        return
    kept, postgres_only = [], []
    for item in items:
        (postgres_only if item.get_closest_marker("postgres") else kept).append(item)
    if postgres_only:
        config.hook.pytest_deselected(items=postgres_only)
        items[:] = kept
        config._prizm_postgres_only = len(postgres_only)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    count = getattr(config, "_prizm_postgres_only", 0)
    if count:
        terminalreporter.write_line(
            f"{count} tests need Postgres and were deselected on SQLite: set "
            "DATABASE_URL=postgres://… to run them (CI's second pass does)."
        )


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("Chromium not installed (apt-get install chromium); .ci/run installs it")
    return path


@pytest.fixture
def editor(db):
    return UserFactory(username="editeur", editor=True)


@pytest.fixture
def other_editor(db):
    return UserFactory(username="editeur2", editor=True)


@pytest.fixture
def reviewer(db):
    return UserFactory(username="relecteur", reviewer=True)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(db, reviewer):
    from django.test import Client

    c = Client()
    c.force_login(reviewer)
    return c


@pytest.fixture
def admin_client_(db, admin_user):
    from django.test import Client

    c = Client()
    c.force_login(admin_user)
    return c


def _test_database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def celery_worker_env():
    """Extra environment variables for `celery_worker_process` (override in a test package's
    conftest, e.g. to point OPENAI_BASE_URL at a local fake server)."""
    return {}


def worker_start(log_path, env_extra: dict, *, ping: bool = True):
    """Start a real Celery worker in its own process on the test database and the configured broker;
    return its Popen once it answers a ping (attributes: log_path, hostname, log). `ping=False`: once
    its log says it is ready (for a broker this process was not configured for at start)."""
    import subprocess
    import sys
    import time

    from prizm.celery import app

    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "PYTHONUNBUFFERED": "1",
        **env_extra,
    }
    log = open(log_path, "w")
    hostname = f"test-{os.getpid()}-{time.monotonic_ns()}@localhost"
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "prizm", "worker", "--pool", "threads", "--concurrency", "8",
         "--hostname", hostname, "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    proc.log_path, proc.hostname, proc.log = log_path, hostname, log
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"worker exited early:\n{log_path.read_text()}")
        if not ping:
            if f"{hostname} ready." in log_path.read_text():
                return proc
            time.sleep(0.2)
            continue
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            replies = app.control.ping(destination=[hostname], timeout=0.5, connection=conn) or []
        if any(hostname in reply for reply in replies):
            return proc
    worker_stop(proc)
    raise RuntimeError(f"worker did not answer within 30 s:\n{log_path.read_text()}")


def worker_stop(proc) -> None:
    import subprocess

    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    proc.log.close()


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path, celery_worker_env):
    """A real Celery worker in its own process, on the test database and the configured broker.

    Yields the Popen object; tests use transactional_db so the worker sees committed rows.
    """
    from prizm.celery import app

    # Drop any message a previous test left, on a fresh connection (a test that simulated a broker
    # outage may have closed the app's default pool).
    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        app.control.purge(connection=conn)
    proc = worker_start(tmp_path / "worker.log", celery_worker_env)
    try:
        yield proc
    finally:
        worker_stop(proc)
