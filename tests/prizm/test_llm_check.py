"""manage.py llm_check against a local OpenAI-compatible server, and its last result on /healthz."""

import json
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from prizm.llm.openai_provider import mode_known
from tests.fake_openai import FakeOpenAI


@pytest.fixture
def server(settings, tmp_path):
    fake = FakeOpenAI().start()
    cache.clear()
    settings.VAR_DIR = tmp_path
    settings.OPENAI_API_KEY, settings.OPENAI_BASE_URL, settings.PRIZM_LLM_TIMEOUT = "k", fake.url, 2
    yield fake
    fake.stop()


def check(settings, scenario: str) -> tuple[int, dict]:
    settings.PRIZM_LLM_MODEL = f"gpt-4o-mini+{scenario}"
    out = StringIO()
    try:
        call_command("llm_check", "--json", stdout=out, stderr=StringIO())
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue())


def test_a_server_that_supports_everything_reports_every_mode_and_the_model_it_serves(server, settings):
    code, report = check(settings, "good")
    assert code == 0
    assert all(outcome["ok"] for outcome in report["modes"].values())
    assert report["best_mode"] == "json_schema"
    assert report["reported_model"] == "gpt-4o-mini" and report["usage_reported"] is True


def test_a_500_on_json_schema_is_reported_and_json_mode_is_remembered_for_the_first_draft(server, settings):
    code, report = check(settings, "schema500")
    assert code == 0
    assert report["modes"]["json_schema"]["ok"] is False
    assert "format refused (500)" in report["modes"]["json_schema"]["detail"]
    assert report["best_mode"] == "json_object_schema"
    assert mode_known(server.url, "gpt-4o-mini+schema500") == "json_object_schema"


def test_a_dead_server_exits_1_and_says_no_mode_works(server, settings):
    code, report = check(settings, "error500")
    assert code == 1 and report["best_mode"] is None


@pytest.mark.django_db
def test_healthz_shows_the_last_check(server, settings, client):
    check(settings, "schema500")
    llm = client.get("/healthz").json()["llm"]
    assert llm["last_check"]["best_mode"] == "json_object_schema"
    assert llm["last_check"]["server"] == server.url
