import pytest
from django.db.utils import ConnectionHandler

from prizm import health, hooks


def test_healthy_with_database_broker_and_worker(client, celery_worker_process):
    response = client.get("/healthz")
    data = response.json()
    assert response.status_code == 200, data
    assert data["status"] == "ok"
    assert data["database"]["ok"] and data["broker"]["ok"] and data["workers"]["ok"]
    assert celery_worker_process.hostname in data["workers"]["names"]


@pytest.mark.django_db
def test_database_down_answers_503(client, monkeypatch, settings):
    broken = dict(settings.DATABASES["default"])
    if broken["ENGINE"].endswith("sqlite3"):
        broken["NAME"] = "/nonexistent-folder/prizm.sqlite3"
    else:
        broken.update(HOST="127.0.0.1", PORT="1", CONN_MAX_AGE=0)
    handler = ConnectionHandler({"default": broken})
    monkeypatch.setattr(health, "connection", handler["default"])
    monkeypatch.setitem(hooks.health_checks, "scheduled", lambda: (False, -1))
    response = client.get("/healthz")
    assert response.status_code == 503
    data = response.json()
    assert data["database"]["ok"] is False
    assert data["status"] == "unhealthy"


@pytest.mark.django_db
def test_broker_unreachable_answers_503(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    data = response.json()
    assert data["broker"]["ok"] is False
    assert data["workers"]["ok"] is False
    assert data["database"]["ok"] is True


@pytest.mark.django_db
def test_no_worker_answers_503(client, monkeypatch):
    monkeypatch.setattr(health, "check_workers", lambda timeout=1.0: (False, "no worker answered", []))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["workers"]["detail"] == "no worker answered"


@pytest.mark.django_db
def test_healthz_never_answers_500(client, monkeypatch):
    def explode():
        raise RuntimeError("boom")

    monkeypatch.setattr(health, "check_database", explode)
    response = client.get("/healthz")
    assert response.status_code == 503
