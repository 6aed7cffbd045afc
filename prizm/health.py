"""Health checks for /healthz: each returns (ok, detail) and never raises."""

from django.conf import settings
from django.db import connection
from django.utils import timezone

from prizm.celery import app

from . import hooks


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as exc:
        return False, f"unreachable: {exc.__class__.__name__}"


def check_broker() -> tuple[bool, str]:
    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True, "ok"
    except Exception as exc:
        return False, f"unreachable: {exc.__class__.__name__}"


def check_workers(timeout: float = 1.0) -> tuple[bool, str, list[str]]:
    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            replies = app.control.ping(timeout=timeout, connection=conn) or []
    except Exception as exc:
        return False, f"unreachable: {exc.__class__.__name__}", []
    names = sorted(name for reply in replies for name in reply)
    if not names:
        return False, "no worker answered", []
    return True, "ok", names


def health_report() -> tuple[bool, dict]:
    db_ok, db_detail = check_database()
    broker_ok, broker_detail = check_broker()
    workers_ok, workers_detail, workers = (
        check_workers() if broker_ok else (False, "broker unreachable", [])
    )
    check = hooks.health_checks.get("scheduled")
    overdue_ok, overdue = check() if (db_ok and check) else (False, -1)
    healthy = db_ok and broker_ok and workers_ok and overdue_ok
    report = {
        "status": "ok" if healthy else "unhealthy",
        "database": {"ok": db_ok, "detail": db_detail, "engine": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]},
        "broker": {"ok": broker_ok, "detail": broker_detail, "transport": settings.CELERY_BROKER_URL.split("://", 1)[0]},
        "workers": {"ok": workers_ok, "detail": workers_detail, "names": workers},
        "scheduled": {"ok": overdue_ok, "overdue": overdue},
        "llm": _llm_summary(),
        "time": timezone.now().isoformat(),
    }
    return healthy, report


def _llm_summary() -> dict:
    """The provider in use and the last `manage.py llm_check` (informative: not part of `healthy`)."""
    # Imported here: prizm.llm reads settings at import, and /healthz must answer even if it cannot.
    from prizm.llm import get_provider
    from prizm.llm.check import last_result

    check = last_result()
    summary = {"provider": get_provider().label}
    if check:
        summary["last_check"] = {k: check[k] for k in ("server", "model", "best_mode", "usage_reported", "checked_at")}
    return summary
