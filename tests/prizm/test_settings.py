"""Settings are read from the environment; bad values fail with a clear ImproperlyConfigured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_settings(env: dict) -> subprocess.CompletedProcess:
    """Import prizm.settings in a fresh interpreter with exactly these variables."""
    var_dir = Path(os.environ.get("PRIZM_VAR_DIR") or ROOT / "var") / "settings-test"
    base = {"PATH": os.environ["PATH"], "PRIZM_VAR_DIR": str(var_dir)}
    code = (
        "import json, prizm.settings as s;"
        "print(json.dumps({'db': s.DATABASES['default']['ENGINE'], 'db_name': str(s.DATABASES['default']['NAME']),"
        "'db_opts': s.DATABASES['default'].get('OPTIONS', {}), 'broker': s.CELERY_BROKER_URL, 'debug': s.DEBUG,"
        "'hosts': s.ALLOWED_HOSTS, 'provider': s.PRIZM_LLM_PROVIDER, 'model': s.PRIZM_LLM_MODEL,"
        "'key': s.OPENAI_API_KEY, 'base_url': s.OPENAI_BASE_URL, 'email': s.EMAIL_BACKEND,"
        "'cache': s.CACHES['default']['BACKEND'], 'site': s.PRIZM_SITE_URL, 'secret': s.SECRET_KEY,"
        "'budget': s.PRIZM_MONTHLY_BUDGET, 'transport': s.CELERY_BROKER_TRANSPORT_OPTIONS,"
        "'acks_late': s.CELERY_TASK_ACKS_LATE, 'soft': s.CELERY_TASK_SOFT_TIME_LIMIT, 'hard': s.CELERY_TASK_TIME_LIMIT,"
        "'prefetch': s.CELERY_WORKER_PREFETCH_MULTIPLIER, 'reject_lost': s.CELERY_TASK_REJECT_ON_WORKER_LOST}))"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True)


def settings_for(env: dict) -> dict:
    import json

    result = load_settings(env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def error_for(env: dict) -> str:
    result = load_settings(env)
    assert result.returncode != 0, f"expected a configuration error, got {result.stdout}"
    assert "ImproperlyConfigured" in result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_embedded_defaults_need_no_variable():
    s = settings_for({})
    assert s["db"] == "django.db.backends.sqlite3"
    assert s["db_name"].endswith("prizm.sqlite3")
    assert "journal_mode=WAL" in s["db_opts"]["init_command"]
    assert s["broker"] == "filesystem://"
    assert s["transport"]["data_folder_in"] == s["transport"]["data_folder_out"]
    assert s["provider"] == "auto"
    assert s["email"] == "django.core.mail.backends.console.EmailBackend"
    assert s["debug"] is False
    assert s["site"] == "http://127.0.0.1:8000"


def test_site_url_follows_the_address_make_run_serves():
    assert settings_for({"PRIZM_PORT": "8123"})["site"] == "http://127.0.0.1:8123"
    assert settings_for({"PRIZM_HOST": "0.0.0.0", "PRIZM_PORT": "9000"})["site"] == "http://localhost:9000"
    assert settings_for({"PRIZM_HOST": "prizm.lan"})["site"] == "http://prizm.lan:8000"
    explicit = {"PRIZM_HOST": "0.0.0.0", "PRIZM_PORT": "9000", "PRIZM_SITE_URL": "https://prizm.example/"}
    assert settings_for(explicit)["site"] == "https://prizm.example"


def test_postgres_and_redis_urls_are_used():
    s = settings_for({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/prizm", "REDIS_URL": "redis://127.0.0.1:6379/3"})
    assert s["db"] == "django.db.backends.postgresql"
    assert s["broker"] == "redis://127.0.0.1:6379/3"
    # Redis redelivers unacked tasks after the visibility timeout: it must exceed the hard limit.
    assert s["transport"]["visibility_timeout"] > s["hard"] > s["soft"]


def test_celery_is_configured_for_long_tasks():
    s = settings_for({})
    assert s["acks_late"] is True and s["reject_lost"] is True and s["prefetch"] == 1


def test_celery_broker_url_wins_over_redis_url():
    s = settings_for({"REDIS_URL": "redis://127.0.0.1:6379/3", "CELERY_BROKER_URL": "amqp://guest@127.0.0.1//"})
    assert s["broker"] == "amqp://guest@127.0.0.1//"


def test_each_variable_is_read():
    s = settings_for(
        {
            "DEBUG": "true",
            "ALLOWED_HOSTS": "prizm.example, www.prizm.example",
            "PRIZM_LLM_PROVIDER": "openai",
            "OPENAI_API_KEY": "sk-test",
            "OPENAI_BASE_URL": "http://127.0.0.1:9999/v1",
            "PRIZM_LLM_MODEL": "llama3",
            "EMAIL_URL": "smtp://mail.example:25",
            "CACHE_URL": "redis://127.0.0.1:6379/4",
            "PRIZM_SITE_URL": "https://prizm.example/",
            "SECRET_KEY": "s3cret",
            "PRIZM_MONTHLY_BUDGET": "25.50",
        }
    )
    assert s["debug"] is True
    assert s["hosts"] == ["prizm.example", "www.prizm.example"]
    assert (s["provider"], s["key"], s["base_url"], s["model"]) == ("openai", "sk-test", "http://127.0.0.1:9999/v1", "llama3")
    assert s["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert s["site"] == "https://prizm.example"
    assert s["secret"] == "s3cret"
    assert s["budget"] == "25.50"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
        ({"DATABASE_URL": "mysql://root@localhost/prizm"}, "DATABASE_URL must start with one of"),
        ({"REDIS_URL": "http://127.0.0.1:6379"}, "REDIS_URL must start with redis://"),
        ({"CELERY_BROKER_URL": "kafka://x"}, "CELERY_BROKER_URL must be"),
        ({"PRIZM_LLM_PROVIDER": "gpt"}, "PRIZM_LLM_PROVIDER must be auto, openai or offline"),
        ({"PRIZM_LLM_PROVIDER": "openai"}, "needs OPENAI_API_KEY"),
        ({"OPENAI_BASE_URL": "localhost:11434"}, "OPENAI_BASE_URL must be an http(s) URL"),
        ({"PRIZM_SITE_URL": "prizm.example"}, "PRIZM_SITE_URL must start with one of"),
        ({"PRIZM_MONTHLY_BUDGET": "beaucoup"}, "PRIZM_MONTHLY_BUDGET must be a number"),
        ({"PRIZM_MONTHLY_BUDGET": "-3"}, "cannot be negative"),
        ({"CELERY_TASK_SOFT_TIME_LIMIT": "abc"}, "must be a whole number"),
        ({"PRIZM_LLM_TIMEOUT": "600"}, "PRIZM_LLM_TIMEOUT must be below"),
        ({"EMAIL_URL": "pigeon://coop"}, "EMAIL_URL could not be read"),
        ({"CACHE_URL": "nosuchcache://x"}, "CACHE_URL could not be read"),
        ({"PRIZM_REQUIRE_SECRET_KEY": "1"}, "SECRET_KEY must be set"),
        ({"PRIZM_PORT": "huit-mille"}, "PRIZM_PORT must be a whole number"),
        ({"PRIZM_PORT": "70000"}, "PRIZM_PORT must be a port number"),
        # django-environ alone reads any unknown word as False, and any number but 0 as True.
        ({"DEBUG": "ture"}, "DEBUG must be true or false (1/0, yes/no, on/off), not 'ture'."),
        ({"DEBUG": "2"}, "DEBUG must be true or false (1/0, yes/no, on/off), not '2'."),
        ({"PRIZM_FETCH_ALLOW_PRIVATE": "maybe"}, "PRIZM_FETCH_ALLOW_PRIVATE must be true or false"),
        ({"PRIZM_LLM_TIMEOUT": "1.5"}, "PRIZM_LLM_TIMEOUT must be a whole number, not '1.5'."),
        ({"PRIZM_PORT": "0"}, "PRIZM_PORT must be at least 1, not 0."),
        ({"PRIZM_FETCH_MAX_BYTES": "100"}, "PRIZM_FETCH_MAX_BYTES must be at least 1024, not 100."),
        ({"PRIZM_LLM_MAX_RETRIES": "-1"}, "PRIZM_LLM_MAX_RETRIES must be at least 0, not -1."),
        ({"DATABASE_URL": "postgres://u@h/db", "DATABASE_CONN_MAX_AGE": "-1"}, "DATABASE_CONN_MAX_AGE must be at least 0"),
        ({"PRIZM_MONTHLY_BUDGET": "NaN"}, "PRIZM_MONTHLY_BUDGET must be a number such as 25 or 12.50, not 'NaN'."),
        ({"PRIZM_MONTHLY_BUDGET": "-3"}, "PRIZM_MONTHLY_BUDGET cannot be negative (-3)."),
        ({"PRIZM_SITE_URL": "ftp://prizm.example"}, "PRIZM_SITE_URL must start with one of http://, https://; got"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(env, message):
    assert message in error_for(env)


def test_an_empty_variable_means_its_default():
    """CI sets variables to "" to leave them out: a bool, a number or a URL then takes its default."""
    names = ["DEBUG", "PRIZM_PORT", "PRIZM_SITE_URL", "DATABASE_URL", "PRIZM_MONTHLY_BUDGET"]
    names += ["CELERY_TASK_SOFT_TIME_LIMIT", "CELERY_TASK_TIME_LIMIT", "PRIZM_REQUIRE_SECRET_KEY"]
    assert settings_for(dict.fromkeys(names, "")) == settings_for({})


def test_bool_words_and_numbers_are_read():
    s = settings_for({"DEBUG": " YES ", "CELERY_TASK_SOFT_TIME_LIMIT": "120", "PRIZM_MONTHLY_BUDGET": "0"})
    assert (s["debug"], s["soft"], s["hard"], s["budget"]) == (True, 120, 180, "0")
    for word, value in [("1", True), ("On", True), ("0", False), ("no", False), ("off", False), ("FALSE", False)]:
        assert settings_for({"DEBUG": word})["debug"] is value, word


def test_allowed_hosts_is_a_comma_list():
    assert settings_for({})["hosts"] == ["localhost", "127.0.0.1", "[::1]", "testserver"]
    assert settings_for({"ALLOWED_HOSTS": " a.example , ,b.example,"})["hosts"] == ["a.example", "b.example"]
    assert settings_for({"ALLOWED_HOSTS": ""})["hosts"] == []


def _env(**variables):
    from prizm.env import Env

    env = Env()
    env.ENVIRON = variables
    return env


def test_env_reads_through_django_environ():
    env = _env(FLAG="on", COUNT=" 42 ", PRICE="12.50", HOSTS="a, b,,c", PORTS="80, 443", PROXY="$COUNT")
    assert env.bool("FLAG", default=False) is True
    assert env.int("COUNT", default=0) == 42
    assert env.int("PROXY", default=0) == 42  # django-environ's $VAR proxies still work
    assert str(env.decimal("PRICE", default=None)) == "12.50"
    assert env.list("HOSTS") == ["a", "b", "c"]
    assert env.list("PORTS", cast=int) == [80, 443]
    assert env.list("UNSET", default=["x"]) == ["x"]
    assert env.str("UNSET", default="d") == "d"


def test_env_without_a_default_asks_for_the_variable():
    from django.core.exceptions import ImproperlyConfigured

    env = _env(EMPTY="")
    for read in (env.bool, env.int, env.decimal):
        with pytest.raises(ImproperlyConfigured, match="Set the EMPTY environment variable"):
            read("EMPTY")
    with pytest.raises(ImproperlyConfigured, match="Set the MISSING environment variable"):
        env.str("MISSING", schemes={"http"})


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 30 + "-production-secret-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "prizm.example.org",
    "PRIZM_SITE_URL": "https://prizm.example.org",
}


def deploy_check(env: dict) -> subprocess.CompletedProcess:
    var_dir = Path(os.environ.get("PRIZM_VAR_DIR") or ROOT / "var") / "settings-test"
    base = {"PATH": os.environ["PATH"], "PRIZM_VAR_DIR": str(var_dir)}
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, cwd=ROOT, env={**base, **env}, capture_output=True, text=True)


def test_the_documented_production_settings_pass_the_deploy_check():
    result = deploy_check(PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_turning_hsts_off_is_reported_by_the_deploy_check():
    result = deploy_check({**PRODUCTION, "SECURE_HSTS_SECONDS": "0"})
    assert result.returncode == 1 and "security.W004" in result.stderr
