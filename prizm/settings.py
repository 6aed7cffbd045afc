"""Prizm settings: one module, everything configurable read from the environment.

Every variable has a safe embedded default so that `make run` works on a bare machine:
SQLite (WAL) under var/, Celery over kombu's filesystem transport under var/, the offline
LLM provider and the console email backend. Variables are read with django-environ through
prizm.env.Env, which refuses a bad value with a message naming the variable and what to write.
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from prizm.env import Env

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()
VAR_DIR = Path(env.str("PRIZM_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG and env.bool("PRIZM_REQUIRE_SECRET_KEY", default=False):
        raise ImproperlyConfigured("SECRET_KEY must be set in production (PRIZM_REQUIRE_SECRET_KEY is on).")
    SECRET_KEY = "prizm-insecure-development-key-change-me"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])


def _served_address() -> str:
    """Where `make run` serves (PRIZM_HOST / PRIZM_PORT, as in the Procfile): the default site URL, so
    feeds, sitemap, canonical links and emails point where the site really is."""
    host = env.str("PRIZM_HOST", default="") or "127.0.0.1"
    if host in {"0.0.0.0", "::", "[::]"}:
        host = "localhost"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    port = env.int("PRIZM_PORT", default=8000, minimum=1)
    if port > 65535:
        raise ImproperlyConfigured(f"PRIZM_PORT must be a port number (1–65535), not {port}.")
    return f"http://{host}:{port}"


PRIZM_SITE_URL = env.str("PRIZM_SITE_URL", default=_served_address(), schemes={"http", "https"}).rstrip("/")
CSRF_TRUSTED_ORIGINS = [PRIZM_SITE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "prizm",
    "sources",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the page that explains it
]

ROOT_URLCONF = "prizm.urls"
WSGI_APPLICATION = "prizm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "prizm.context_processors.prizm",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'prizm.sqlite3'}"
DATABASE_URL = env.str(
    "DATABASE_URL", default=DEFAULT_SQLITE_URL, schemes={"sqlite", "postgres", "postgresql", "pgsql", "psql"}
)
try:
    _db = env.db_url_config(DATABASE_URL)
except Exception as exc:  # django-environ raises various errors for bad URLs
    raise ImproperlyConfigured(f"DATABASE_URL could not be read ({exc}).") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db.setdefault("OPTIONS", {})
    _db["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    _db["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    _db["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60, minimum=0)
    _db["CONN_HEALTH_CHECKS"] = True
    _db.setdefault("OPTIONS", {})
    _db["OPTIONS"].setdefault("connect_timeout", 3)
DATABASES = {"default": _db}
DATABASE_IS_POSTGRES = _db["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
CACHE_URL = env.str("CACHE_URL", default="locmemcache://prizm")
try:
    CACHES = {"default": env.cache_url_config(CACHE_URL)}
except Exception as exc:
    raise ImproperlyConfigured(f"CACHE_URL could not be read ({exc}).") from exc

# --- Auth -----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "studio:home"
LOGOUT_REDIRECT_URL = None  # show the "logged out" page

# --- I18n -----------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve from static/ too when collectstatic has not run
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "prizm.storage.StaticStorage",
    },
}

# --- Email ----------------------------------------------------------------------------
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://")
try:
    vars().update(env.email_url_config(EMAIL_URL))
except Exception as exc:
    raise ImproperlyConfigured(f"EMAIL_URL could not be read ({exc}).") from exc
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Prizm <prizm@localhost>")

# --- Celery ---------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL must start with redis://, rediss:// or unix://; got {REDIS_URL!r}.")
CELERY_BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL or "filesystem://"
if not CELERY_BROKER_URL.startswith(("filesystem://", "redis://", "rediss://", "amqp://", "pyamqp://", "memory://")):
    raise ImproperlyConfigured(
        "CELERY_BROKER_URL must be a redis://, amqp://, memory:// or filesystem:// URL; "
        f"got {CELERY_BROKER_URL!r}."
    )
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # kombu writes to "out" and reads from "in": both must be the same folder.
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "store_processed": False,
        "polling_interval": 0.1,
    }
# Long LLM tasks: soft limit < hard limit < Redis visibility timeout, so a task is never
# redelivered while it is still legitimately running.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300, minimum=10)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=CELERY_TASK_SOFT_TIME_LIMIT + 60, minimum=11)
if CELERY_TASK_TIME_LIMIT <= CELERY_TASK_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_TASK_TIME_LIMIT must be greater than CELERY_TASK_SOFT_TIME_LIMIT.")
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 2 + 600}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {
    "publish-scheduled": {"task": "articles.tasks.publish_scheduled", "schedule": 60.0},
    "sweep-jobs": {"task": "articles.tasks.sweep_jobs", "schedule": 30.0},
}

# --- LLM ------------------------------------------------------------------------------
OPENAI_API_KEY = env.str("OPENAI_API_KEY", default="")
OPENAI_BASE_URL = env.str("OPENAI_BASE_URL", default="") or None
if OPENAI_BASE_URL and not OPENAI_BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"OPENAI_BASE_URL must be an http(s) URL; got {OPENAI_BASE_URL!r}.")
PRIZM_LLM_PROVIDER = env.str("PRIZM_LLM_PROVIDER", default="auto").strip().lower()
if PRIZM_LLM_PROVIDER not in {"auto", "openai", "offline"}:
    raise ImproperlyConfigured(f"PRIZM_LLM_PROVIDER must be auto, openai or offline; got {PRIZM_LLM_PROVIDER!r}.")
if PRIZM_LLM_PROVIDER == "openai" and not OPENAI_API_KEY:
    raise ImproperlyConfigured("PRIZM_LLM_PROVIDER=openai needs OPENAI_API_KEY (any non-empty value for local servers).")
PRIZM_LLM_MODEL = env.str("PRIZM_LLM_MODEL", default="gpt-4o-mini")
# Seconds for one LLM HTTP call; kept well below the Celery soft time limit.
PRIZM_LLM_TIMEOUT = env.int("PRIZM_LLM_TIMEOUT", default=60, minimum=1)
if PRIZM_LLM_TIMEOUT >= CELERY_TASK_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured("PRIZM_LLM_TIMEOUT must be below CELERY_TASK_SOFT_TIME_LIMIT.")
PRIZM_LLM_MAX_RETRIES = env.int("PRIZM_LLM_MAX_RETRIES", default=3, minimum=0)
# The most tokens a draft may take (the synthesis gets a quarter, a rewrite what its article needs):
# a model that loops stops there with a message that names the limit, instead of filling its context.
PRIZM_LLM_MAX_TOKENS = env.int("PRIZM_LLM_MAX_TOKENS", default=4096, minimum=256)
# Sampling, sent only when set (some models refuse a temperature): 0 and a seed make answers repeatable.
_temperature = env.decimal("PRIZM_LLM_TEMPERATURE", default=None)
PRIZM_LLM_TEMPERATURE = None if _temperature is None else float(_temperature)
if PRIZM_LLM_TEMPERATURE is not None and PRIZM_LLM_TEMPERATURE > 2:
    raise ImproperlyConfigured(f"PRIZM_LLM_TEMPERATURE must be between 0 and 2; got {PRIZM_LLM_TEMPERATURE}.")
PRIZM_LLM_SEED = env.int("PRIZM_LLM_SEED", default=None)
# Penalizes tokens already written (OpenAI's frequency_penalty, -2 to 2): keeps a small local model from
# looping; sent only when set.
_penalty = env.decimal("PRIZM_LLM_FREQUENCY_PENALTY", default=None)
PRIZM_LLM_FREQUENCY_PENALTY = None if _penalty is None else float(_penalty)
if PRIZM_LLM_FREQUENCY_PENALTY is not None and PRIZM_LLM_FREQUENCY_PENALTY > 2:
    raise ImproperlyConfigured(f"PRIZM_LLM_FREQUENCY_PENALTY must be between 0 and 2; got {PRIZM_LLM_FREQUENCY_PENALTY}.")
# Streaming: the job page shows the text arriving, and a stream silent for PRIZM_LLM_STALL_SECONDS
# (time to the first token included: a long prompt on a CPU server takes a while) is a stalled call.
PRIZM_LLM_STREAM = env.bool("PRIZM_LLM_STREAM", default=True)
PRIZM_LLM_STALL_SECONDS = env.int("PRIZM_LLM_STALL_SECONDS", default=45, minimum=1)
# How long the structured-output mode found to work for a (server, model) is remembered (seconds).
PRIZM_LLM_MODE_TTL = env.int("PRIZM_LLM_MODE_TTL", default=3600, minimum=0)
# USD per million tokens (input, output), by model name prefix.
PRIZM_LLM_PRICES = {
    "gpt-4o-mini": ("0.15", "0.60"),
    "gpt-4o": ("2.50", "10.00"),
    "gpt-4.1-mini": ("0.40", "1.60"),
    "gpt-4.1": ("2.00", "8.00"),
    "offline": ("0", "0"),
}
_budget = env.decimal("PRIZM_MONTHLY_BUDGET", default=None)
PRIZM_MONTHLY_BUDGET = None if _budget is None else str(_budget)  # a string: Decimal(settings.…) where used
PRIZM_JOB_DEADLINE_SECONDS = env.int("PRIZM_JOB_DEADLINE_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60, minimum=30)

# --- Input limits ---------------------------------------------------------------------
# The longest article body accepted from the editor or an imported file (about 30,000 words).
PRIZM_MAX_BODY_CHARS = env.int("PRIZM_MAX_BODY_CHARS", default=200_000, minimum=1000)
# Imported files (import_sources, import_articles): refused at once, before parsing, past these.
PRIZM_IMPORT_MAX_BYTES = env.int("PRIZM_IMPORT_MAX_BYTES", default=2_000_000, minimum=10_000)
PRIZM_IMPORT_MAX_LINE_CHARS = env.int("PRIZM_IMPORT_MAX_LINE_CHARS", default=20_000, minimum=200)
PRIZM_IMPORT_MAX_SOURCES = env.int("PRIZM_IMPORT_MAX_SOURCES", default=200, minimum=1)
PRIZM_IMPORT_MAX_EXTRACTS = env.int("PRIZM_IMPORT_MAX_EXTRACTS", default=100, minimum=1)

# --- Source fetching (SSRF) -----------------------------------------------------------
PRIZM_FETCH_ALLOW_PRIVATE = env.bool("PRIZM_FETCH_ALLOW_PRIVATE", default=False)
PRIZM_FETCH_TIMEOUT = env.int("PRIZM_FETCH_TIMEOUT", default=10, minimum=1)
PRIZM_FETCH_MAX_BYTES = env.int("PRIZM_FETCH_MAX_BYTES", default=5 * 1024 * 1024, minimum=1024)

# --- Content-Security-Policy (django-csp) ---------------------------------------------
# No inline script, no inline style, no eval, on studio and public pages alike: every behaviour is
# in static/js (data attributes), htmx runs with allowEval off. A template that must inline a script
# gives it nonce="{{ request.csp_nonce }}" (the nonce joins the header only when a page uses it, so
# cached public pages stay valid). Images may come from https sources (an article's image URL);
# the admin keeps Django's own policy-free pages.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "https:", "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Login throttling (django-axes) ---------------------------------------------------
# After PRIZM_LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that pair is
# locked for PRIZM_LOGIN_LOCKOUT_MINUTES (the page says so, HTTP 429); a good login resets the count.
# Behind a reverse proxy, PRIZM_PROXY_COUNT=1 reads the client address from X-Forwarded-For.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("PRIZM_LOGIN_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("PRIZM_LOGIN_LOCKOUT_MINUTES", default=15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "prizm.views.login_locked"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("PRIZM_PROXY_COUNT", default=0, minimum=0)
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# --- Security -------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the template, not the cookie.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRIZM_SITE_URL.startswith("https://") and not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Behind the reverse proxy (docker-compose.yml's nginx, or yours), which terminates TLS and sets it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Plain-HTTP requests are redirected to https, except the health check the containers make inside
    # their network; HSTS for a year (0 turns it off while TLS is being tried out).
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is the operator's decision (it cannot be undone for months): not a deploy warning.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# One console handler, on the root logger. Django's own "django" logger gets no handler of its own
# (its default one printed every request error a second time through the root) and 4xx responses
# are logged in one line, without a traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_error_without_traceback": {"()": "prizm.logfilters.ClientErrorWithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client_error_without_traceback"]},
    },
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # django-axes logs every successful login at INFO ("Deleted 0 failed login attempts…"): lockouts
        # and refused attempts are warnings, and those are kept.
        "axes": {"handlers": [], "level": "WARNING", "propagate": True},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
