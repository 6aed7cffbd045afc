"""`manage.py llm_check`: what the configured OpenAI-compatible server really supports.

One tiny request per structured-output mode (no retries), each timed: accepted or refused by the
server, and whether the answer matched the schema; the model name the server
reports and whether it reports token usage. The best mode that worked is remembered for the
provider (no probing on the first draft), and the result is kept in PRIZM_VAR_DIR/llm_check.json
for /healthz.
"""

import json
import time

import openai
from django.conf import settings
from django.utils import timezone
from pydantic import BaseModel

from .base import InvalidOutput, LLMError
from .openai_provider import (
    MODES,
    FormatUnsupported,
    OpenAIProvider,
    _Call,
    _client,
    format_unsupported,
    mode_remember,
)


class Ping(BaseModel):
    ok: bool
    word: str


def result_path():
    return settings.VAR_DIR / "llm_check.json"


def llm_check(provider: OpenAIProvider | None = None) -> dict:
    provider = provider or OpenAIProvider()
    client = _client(api_key=provider.api_key or "none", base_url=provider.base_url, timeout=provider.timeout, max_retries=0)
    call = _Call(
        messages=[
            {"role": "system", "content": "Réponds en JSON."},
            {"role": "user", "content": 'Réponds {"ok": true, "word": "prêt"}.'},
        ],
        schema=Ping, wire_schema=Ping.model_json_schema(), max_tokens=64,
    )
    report = {
        "server": provider.base_url or "api.openai.com", "model": provider.model, "reported_model": "",
        "usage_reported": False, "modes": {}, "best_mode": None, "checked_at": timezone.now().isoformat(),
    }
    for mode in MODES:
        report["modes"][mode] = _try(provider, client, call, mode, report)
    report["best_mode"] = next((m for m in MODES if report["modes"][m]["ok"]), None)
    if report["best_mode"]:
        mode_remember(provider.base_url, provider.model, report["best_mode"])
    result_path().write_text(json.dumps(report, ensure_ascii=False, indent=2))
    return report


def _try(provider, client, call, mode: str, report: dict) -> dict:
    started = time.monotonic()
    try:
        result = provider._send(client, call, mode, stream=False)  # usage as the server itself reports it
    except openai.APIStatusError as exc:
        kind = "format refused" if format_unsupported(exc) else "error"
        return {"ok": False, "ms": _ms(started), "detail": f"{kind} ({exc.status_code}): {_short(exc.message)}"}
    except InvalidOutput as exc:  # the mode was accepted; the model did not follow the schema
        return {"ok": True, "valid": False, "ms": _ms(started), "detail": f"accepted, answer off schema: {_short(exc.raw, 80)}"}
    except (openai.OpenAIError, FormatUnsupported, LLMError) as exc:
        return {"ok": False, "ms": _ms(started), "detail": f"{exc.__class__.__name__}: {_short(exc)}"}
    report["reported_model"] = report["reported_model"] or result.model
    report["usage_reported"] = report["usage_reported"] or bool(result.usage.tokens_out)
    return {"ok": True, "valid": True, "ms": _ms(started), "detail": "ok"}


def _short(text, limit: int = 160) -> str:
    """One line of at most `limit` characters (server errors span several)."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def last_result() -> dict | None:
    """The last llm_check report, for /healthz (None before the first run)."""
    try:
        return json.loads(result_path().read_text())
    except (OSError, ValueError):
        return None
