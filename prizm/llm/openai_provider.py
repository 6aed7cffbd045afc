"""The `openai` provider: the official SDK, Chat Completions, any OpenAI-compatible server.

- base_url from OPENAI_BASE_URL (OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio, llama.cpp…), model
  from PRIZM_LLM_MODEL (or the job's recorded model);
- explicit timeout (PRIZM_LLM_TIMEOUT, below the Celery soft limit) and retries with exponential
  backoff on 429/5xx/timeouts (the SDK's, honouring retry-after / retry-after-ms), never on a
  refused request;
- structured output negotiated, not assumed (`MODES`): a JSON schema, else JSON mode with the schema
  (a grammar on llama.cpp), else JSON mode, else plain text, the schema in the prompt from JSON mode
  on. A mode is tried without retries the first time, so a server that answers "unsupported" with a
  500 costs one request; what works is remembered per (server, model) for PRIZM_LLM_MODE_TTL;
- bounded generation: `max_tokens` per step (PRIZM_LLM_MAX_TOKENS for a draft), temperature and
  seed when set;
- what models really send is read leniently (`parsing.json_in_answer`), then validated by the
  pydantic schema in every mode; every failure is an `LLMError` with a French message that says
  what happened and what to do.
"""

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# The transport the openai SDK is built on: a stalled stream raises its read timeout while iterating.
import httpx2
import openai
import pydantic
from django.conf import settings
from django.core.cache import cache
from openai.lib._parsing._completions import type_to_response_format_param
from openai.types.chat import ChatCompletion

from . import prompts
from .base import ArticleInput, BriefInput, InvalidOutput, LLMError, LLMResult, Outline, Usage
from .parsing import json_in_answer
from .schemas import DraftOut, RewriteOut, SynthesisOut

log = logging.getLogger(__name__)

_clients: dict[tuple, openai.OpenAI] = {}
_clients_lock = threading.Lock()

STYLE_NAMES = {"conversational": "conversational", "concise": "concise"}

# The structured-output modes, best first (see the module docstring).
MODES = ("json_schema", "json_object_schema", "json_object", "text")

# Bounds of the JSON schema sent to servers that make a grammar of it (see `_bounded`).
MAX_STRING, MAX_ITEMS = 700, 12
# A drafted section, for servers that make a grammar of the schema (JSON mode: llama-cpp-python):
# three paragraphs of ~60 words, or three to five items. For the article plan (four sections of
# paragraphs, one list) that is at most ~6,500 characters, about 2,600 tokens of a small model's
# French: a draft fits in the default PRIZM_LLM_MAX_TOKENS (4096) even when the model fills every
# value to its bound. Servers with JSON schemas (OpenAI, llama-server, vLLM…) are not bound so.
DRAFT_PARAGRAPHS, DRAFT_ITEMS = 3, 5
DRAFT_PARAGRAPH_CHARS, DRAFT_LABEL_CHARS, DRAFT_ITEM_CHARS = 400, 80, 250

# Seconds before the first retry of a probe that failed for another reason than the format.
PROBE_RETRY_DELAY = 0.5

# The SDK errors turned into an `LLMError` (see `OpenAIProvider._error`).
_SDK_ERRORS = (
    openai.LengthFinishReasonError,
    openai.ContentFilterFinishReasonError,
    openai.APIConnectionError,
    openai.APIStatusError,
)
# Words of a server's error that say the output format, not the request, is the problem.
_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "structured", "'text'", "schema")
_CONTEXT_WORDS = ("context length", "context_length", "maximum context", "too many tokens", "context window")


class _TooLong(openai.APITimeoutError):
    """A streamed call that went on past PRIZM_LLM_TIMEOUT (told apart from a silent stream)."""


class FormatUnsupported(Exception):
    """The server refused the output format of a mode: the next mode is tried."""


def _client(*, api_key: str, base_url: str | None, timeout: float, max_retries: int) -> openai.OpenAI:
    """One client per configuration and process: it holds a connection pool shared by threads."""
    key = (api_key, base_url, timeout, max_retries)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = openai.OpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries)
            _clients[key] = client
        return client


def _mode_key(base_url: str | None, model: str) -> str:
    digest = hashlib.sha256(f"{base_url or 'openai'}|{model}".encode()).hexdigest()[:24]
    return f"prizm:llm:mode:{digest}"


def mode_known(base_url: str | None, model: str) -> str | None:
    """The mode found to work for this server and model, while remembered."""
    mode = cache.get(_mode_key(base_url, model))
    return mode if mode in MODES else None


def mode_remember(base_url: str | None, model: str, mode: str) -> None:
    cache.set(_mode_key(base_url, model), mode, settings.PRIZM_LLM_MODE_TTL)


def _usage(completion) -> Usage:
    usage = getattr(completion, "usage", None)
    if usage is None:
        return Usage()
    return Usage(tokens_in=usage.prompt_tokens or 0, tokens_out=usage.completion_tokens or 0)


def _excerpt(text: str, limit: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _error_text(exc: openai.APIStatusError) -> str:
    return f"{exc.message} {exc.body}".lower()


def format_unsupported(exc: openai.APIStatusError) -> bool:
    """A refusal of the output format: a 400/422 that is not about the prompt's length, or a 404 or a
    5xx whose body names the format (llama-cpp-python answers a JSON schema with a 500)."""
    text = _error_text(exc)
    if exc.status_code in (400, 422):
        return not any(word in text for word in _CONTEXT_WORDS) and "max_tokens" not in text
    if exc.status_code == 404 or exc.status_code >= 500:
        return any(word in text for word in _FORMAT_WORDS)
    return False


def _with_schema(messages: list[dict], schema: dict) -> list[dict]:
    instructions = (
        "\n\nRépondez uniquement par un objet JSON valide conforme à ce schéma JSON :\n"
        + json.dumps(schema, ensure_ascii=False)
    )
    return [{**messages[0], "content": messages[0]["content"] + instructions}, *messages[1:]]


class OpenAIProvider:
    name = "openai"

    def __init__(
        self,
        *,
        model: str | None = None,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        on_text: Callable[[str, int], None] | None = None,
    ):
        self.model = model or settings.PRIZM_LLM_MODEL
        self.on_text = on_text  # called with (text so far, tokens so far) while a streamed answer arrives
        self.api_key = api_key if api_key is not None else settings.OPENAI_API_KEY
        self.base_url = base_url if base_url is not None else settings.OPENAI_BASE_URL
        self.timeout = float(timeout if timeout is not None else settings.PRIZM_LLM_TIMEOUT)
        self.max_retries = max_retries if max_retries is not None else settings.PRIZM_LLM_MAX_RETRIES

    @property
    def label(self) -> str:
        return f"openai:{self.model}"

    # --- the three jobs -------------------------------------------------------------------
    def synthesize(self, *, brief: BriefInput) -> LLMResult[SynthesisOut]:
        system, user = prompts.prompt_load("synthesis").render(
            topic=brief.topic,
            angle=brief.angle or "aucun",
            audience=brief.audience or "grand public professionnel",
            names=prompts.source_names(brief.sources),
            sources=prompts.sources_block(brief.sources),
        )
        limit = max(512, settings.PRIZM_LLM_MAX_TOKENS // 4)
        result = self._complete(system=system, user=user, schema=SynthesisOut, max_tokens=limit)
        result.data.score = max(0.0, min(10.0, float(result.data.score)))
        return result

    def write_draft(self, *, brief: BriefInput, synthesis: SynthesisOut, outline: Outline) -> LLMResult[DraftOut]:
        by_id = {s.id: s.name for s in brief.sources}
        plan = "\n".join(
            f"- {section.key}"
            + (f" (section « {section.heading} »)" if section.heading else "")
            + (" — liste d'éléments (items)" if section.kind == "items" else " — paragraphes (paragraphs)")
            + (f" : {section.guidance}" if section.guidance else "")
            + " ; sources : " + (", ".join(by_id[i] for i in section.source_ids if i in by_id) or "toutes")
            for section in outline.sections
        )
        system, user = prompts.prompt_load("draft").render(
            topic=brief.topic,
            angle=brief.angle or "aucun",
            audience=brief.audience or "grand public professionnel",
            convergences=synthesis.convergences,
            divergences=synthesis.divergences,
            recommended_angle=synthesis.recommended_angle,
            outline=plan,
            names=prompts.source_names(brief.sources),
            sources=prompts.sources_block(brief.sources),
        )
        return self._complete(
            system=system, user=user, schema=DraftOut, max_tokens=settings.PRIZM_LLM_MAX_TOKENS,
            wire_schema=_draft_schema(outline),
        )

    def rewrite(self, *, article: ArticleInput, style: str) -> LLMResult[RewriteOut]:
        system, user = prompts.prompt_load("rewrite").render(
            style=STYLE_NAMES.get(style, style),
            title=article.title,
            names=prompts.source_names(article.sources),
            body=article.body.replace("<<<", "‹‹‹").replace(">>>", "›››"),
        )
        # The rewrite is about as long as the article (~4 characters a token in French), with room to spare.
        limit = max(settings.PRIZM_LLM_MAX_TOKENS, len(article.body) // 2 + 512)
        # The body is as long as the article: bounded by max_tokens, not by the grammar.
        return self._complete(system=system, user=user, schema=RewriteOut, max_tokens=limit, bound_strings=False)

    # --- one call, negotiated -----------------------------------------------------------------
    def _complete(
        self, *, system: str, user: str, schema, max_tokens: int, wire_schema: dict | None = None,
        bound_strings: bool = True,
    ):
        if not self.api_key:
            raise LLMError(
                "Le fournisseur OpenAI est choisi mais OPENAI_API_KEY est vide : renseignez une clé "
                "(n'importe quelle valeur pour un serveur local) ou passez PRIZM_LLM_PROVIDER=offline.",
                code="configuration",
            )
        call = _Call(
            messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
            schema=schema,
            wire_schema=_bounded(wire_schema or schema.model_json_schema(), strings=bound_strings),
            max_tokens=max_tokens,
        )
        known = mode_known(self.base_url, self.model)
        for mode in MODES[MODES.index(known) if known else 0 :]:
            try:
                result = self._ask(call, mode=mode, probing=mode != known)
            except FormatUnsupported as exc:
                log.info("%s refused output mode %s (%s); trying the next one", self.label, mode, exc)
                continue
            except _SDK_ERRORS as exc:
                raise self._error(exc, max_tokens=max_tokens) from None
            if mode != known:
                mode_remember(self.base_url, self.model, mode)
            return result
        raise LLMError(
            f"Le serveur de langage ({self.base_url or 'api.openai.com'}) refuse toutes les formes de "
            "réponse structurée (schéma JSON, mode JSON) et même une réponse en texte libre : vérifiez "
            "OPENAI_BASE_URL et PRIZM_LLM_MODEL avec `manage.py llm_check`.",
            code="format_unsupported",
        )

    def _ask(self, call: "_Call", *, mode: str, probing: bool) -> LLMResult:
        """One request in `mode`. The first time a mode is tried, without the SDK's retries: a refusal
        of the format moves on at once, any other failure is retried with them."""
        client = _client(
            api_key=self.api_key, base_url=self.base_url, timeout=self.timeout, max_retries=self.max_retries
        )
        try:
            return self._send(client.with_options(max_retries=0) if probing else client, call, mode)
        except openai.APIStatusError as exc:
            if mode != "text" and format_unsupported(exc):
                raise FormatUnsupported(f"{exc.status_code}: {_excerpt(str(exc.message), 120)}") from None
            retryable = exc.status_code >= 500 or exc.status_code in (408, 409, 429)
            if not probing or not retryable or not self.max_retries:
                raise
        except openai.APIConnectionError:  # timeouts included
            if not probing or not self.max_retries:
                raise
        time.sleep(PROBE_RETRY_DELAY)  # the probe was the first attempt: the SDK's backoff does the rest
        return self._send(client.with_options(max_retries=self.max_retries - 1), call, mode)

    def _send(self, client, call: "_Call", mode: str, *, stream: bool | None = None) -> LLMResult:
        options = {"model": self.model, "max_tokens": call.max_tokens}
        if settings.PRIZM_LLM_TEMPERATURE is not None:
            options["temperature"] = settings.PRIZM_LLM_TEMPERATURE
        if settings.PRIZM_LLM_SEED is not None:
            options["seed"] = settings.PRIZM_LLM_SEED
        if settings.PRIZM_LLM_FREQUENCY_PENALTY is not None:
            options["frequency_penalty"] = settings.PRIZM_LLM_FREQUENCY_PENALTY
        formats = {
            # The SDK's own translation of a pydantic model into a strict JSON schema (what `.parse()` sends).
            "json_schema": lambda: type_to_response_format_param(call.schema),
            "json_object_schema": lambda: {"type": "json_object", "schema": call.wire_schema},
            "json_object": lambda: {"type": "json_object"},
        }
        if mode in formats:
            options["response_format"] = formats[mode]()
        messages = call.messages if mode == "json_schema" else _with_schema(call.messages, call.wire_schema)
        if settings.PRIZM_LLM_STREAM if stream is None else stream:
            completion = self._streamed(client, messages, options)
        else:
            completion = client.chat.completions.create(messages=messages, **options)
        return self._result(completion, call.schema)

    def _streamed(self, client, messages: list[dict], options: dict) -> ChatCompletion:
        """The answer as it arrives: `on_text` sees it grow; a silence of PRIZM_LLM_STALL_SECONDS (the
        read timeout between chunks) or a call longer than PRIZM_LLM_TIMEOUT ends it."""
        stall = settings.PRIZM_LLM_STALL_SECONDS
        streaming = client.with_options(timeout=openai.Timeout(self.timeout, read=stall))
        answer = _Answer(on_text=self.on_text)
        started = time.monotonic()
        try:
            stream = streaming.chat.completions.create(
                messages=messages, stream=True, stream_options={"include_usage": True}, **options
            )
            with stream:
                for chunk in stream:
                    answer.add(chunk)
                    if time.monotonic() - started > self.timeout:
                        raise _TooLong(request=stream.response.request)
        except _TooLong:
            raise
        except (httpx2.TimeoutException, openai.APITimeoutError):
            raise LLMError(
                f"Le modèle n'a plus rien envoyé pendant {stall} s ({answer.tokens} jetons reçus) : l'appel a été "
                "interrompu et aucun brouillon n'a été créé. Relancez ; si le serveur met longtemps à commencer "
                "sa réponse (long texte à lire sur un serveur local), augmentez PRIZM_LLM_STALL_SECONDS.",
                code="stalled",
                usage=answer.usage(),
            ) from None
        return answer.completion(self.model)

    def _result(self, completion, schema) -> LLMResult:
        usage = _usage(completion)
        if not completion.choices:
            raise _invalid("", usage)
        choice = completion.choices[0]
        if choice.finish_reason == "length":
            raise openai.LengthFinishReasonError(completion=completion)
        if choice.finish_reason == "content_filter":
            raise openai.ContentFilterFinishReasonError(completion=completion)
        message = choice.message
        refusal = getattr(message, "refusal", None)
        if refusal:
            raise LLMError(
                f"Le modèle a refusé d'écrire : « {_excerpt(refusal)} ». Aucun brouillon n'a été créé. "
                "Reformulez le sujet ou l'angle, ou changez de sources, puis relancez.",
                code="refusal",
                usage=usage,
            )
        content = message.content or ""
        try:
            parsed = schema.model_validate(json_in_answer(content))
        except pydantic.ValidationError:
            raise _invalid(content, usage) from None
        return LLMResult(data=parsed, usage=usage, model=getattr(completion, "model", "") or self.model)

    def _error(self, exc: openai.OpenAIError, *, max_tokens: int) -> LLMError:
        """What the editor is told about an error of the SDK (raised after its own retries)."""
        if isinstance(exc, openai.LengthFinishReasonError):
            return _truncated(exc, max_tokens=max_tokens)
        if isinstance(exc, openai.ContentFilterFinishReasonError):
            return LLMError(
                "Le service a bloqué la réponse par son filtre de contenu. Aucun brouillon n'a été "
                "créé : vérifiez le sujet et les sources, puis relancez.",
                code="refusal",
            )
        server = self.base_url or "api.openai.com"
        retries = f"après {self.max_retries} nouvelle(s) tentative(s)"
        if isinstance(exc, openai.APITimeoutError):
            return LLMError(
                f"Le service de langage n'a pas répondu dans le délai de {self.timeout:g} s, {retries}. "
                "Relancez plus tard ; si cela se répète, augmentez PRIZM_LLM_TIMEOUT ou choisissez un "
                "modèle plus rapide.",
                code="timeout",
            )
        if isinstance(exc, openai.APIConnectionError):
            return LLMError(
                f"Impossible de joindre le service de langage ({server}). Vérifiez OPENAI_BASE_URL et "
                "que le serveur est démarré, puis relancez.",
                code="connection",
            )
        return self._status_error(exc, retries=retries)

    def _status_error(self, exc: openai.APIStatusError, *, retries: str) -> LLMError:
        status = exc.status_code
        if any(word in _error_text(exc) for word in _CONTEXT_WORDS):
            message, code = (
                "Le texte envoyé dépasse la fenêtre de contexte du modèle : réduisez le nombre de sources "
                "ou la longueur de leurs extraits, ou choisissez un modèle à plus grand contexte.",
                "context_length",
            )
        elif status == 429:
            message, code = (
                f"Le service de langage limite le nombre de requêtes (erreur 429) et a encore refusé {retries}. "
                "Relancez dans quelques minutes ou vérifiez le quota du compte.",
                "rate_limited",
            )
        elif status in (401, 403):
            message, code = (
                f"Le service de langage refuse la clé OPENAI_API_KEY (erreur {status}). Vérifiez la clé.",
                "configuration",
            )
        elif status == 404:
            message, code = (
                f"Le modèle « {self.model} » est inconnu du service de langage (erreur 404). Vérifiez "
                "PRIZM_LLM_MODEL et OPENAI_BASE_URL (`manage.py llm_check` liste ce que le serveur sert).",
                "configuration",
            )
        elif status >= 500:
            message, code = (
                f"Le service de langage est en panne (erreur {status}) et l'est resté {retries}. "
                f"Relancez plus tard. Réponse du serveur : « {_excerpt(str(exc.message), 120)} »",
                "server_error",
            )
        else:  # any other refused request: retrying would not change the answer
            message, code = (
                f"Le service de langage a rejeté la demande (erreur {status}) : {_excerpt(str(exc.message))}",
                "rejected",
            )
        return LLMError(message, code=code)


class _Answer:
    """A streamed answer put back together: content, refusal, finish reason, usage (counted in chunks
    when the server does not report it: llama.cpp sends about one token a chunk)."""

    EVERY_SECONDS = 1.0

    def __init__(self, *, on_text=None):
        self.on_text = on_text
        self.parts: list[str] = []
        self.refusal: list[str] = []
        self.finish = None
        self.reported = None
        self.model = ""
        self.tokens = 0
        self._shown = 0.0

    def add(self, chunk) -> None:
        self.model = self.model or chunk.model or ""
        if chunk.usage:
            self.reported = chunk.usage
        grew = False
        for choice in chunk.choices:
            delta = choice.delta
            if delta and delta.content:
                self.parts.append(delta.content)
                self.tokens += 1
                grew = True
            if delta and getattr(delta, "refusal", None):
                self.refusal.append(delta.refusal)
            self.finish = choice.finish_reason or self.finish
        if grew and self.on_text and time.monotonic() - self._shown >= self.EVERY_SECONDS:
            self._shown = time.monotonic()
            self.on_text("".join(self.parts), self.tokens)

    def usage(self) -> Usage:
        if self.reported:
            return Usage(tokens_in=self.reported.prompt_tokens or 0, tokens_out=self.reported.completion_tokens or 0)
        return Usage(tokens_out=self.tokens)

    def completion(self, model: str) -> ChatCompletion:
        usage = self.usage()
        return ChatCompletion.model_validate({
            "id": "streamed", "object": "chat.completion", "created": int(time.time()), "model": self.model or model,
            "choices": [{
                "index": 0, "finish_reason": self.finish or "stop",
                "message": {"role": "assistant", "content": "".join(self.parts), "refusal": "".join(self.refusal) or None},
            }],
            "usage": {"prompt_tokens": usage.tokens_in, "completion_tokens": usage.tokens_out,
                      "total_tokens": usage.tokens_in + usage.tokens_out},
        })


@dataclass(frozen=True)
class _Call:
    """One question to the model: the messages, the schema that validates the answer, the JSON schema
    sent on the wire (narrowed to the plan for a draft) and the token limit."""

    messages: list[dict]
    schema: type[pydantic.BaseModel]
    wire_schema: dict
    max_tokens: int


def _draft_schema(outline: Outline) -> dict:
    """DraftOut's JSON schema with exactly one section per planned key, in order, each shaped by its
    kind (paragraphs, or a short list of items) and bounded: a server that turns the schema into a
    grammar (llama.cpp) then cannot leave a section out, invent one, or loop past what the plan asks."""
    schema = DraftOut.model_json_schema()
    sections = schema["properties"]["sections"]
    sections["prefixItems"] = [_section_schema(section) for section in outline.sections]
    sections.update(minItems=len(outline.sections), maxItems=len(outline.sections))
    return schema


def _section_schema(section) -> dict:
    listed = section.kind == "items"
    paragraph = {"type": "string", "maxLength": DRAFT_PARAGRAPH_CHARS}
    item = {
        "type": "object",
        "properties": {
            "label": {"type": "string", "maxLength": DRAFT_LABEL_CHARS},
            "text": {"type": "string", "maxLength": DRAFT_ITEM_CHARS},
        },
        "required": ["label", "text"],
    }
    return {
        "type": "object",
        "properties": {
            "key": {"type": "string", "enum": [section.key]},
            "paragraphs": {"type": "array", "items": paragraph, "minItems": 0 if listed else 1,
                           "maxItems": 0 if listed else DRAFT_PARAGRAPHS},
            "items": {"type": "array", "items": item, "minItems": 3 if listed else 0,
                      "maxItems": DRAFT_ITEMS if listed else 0},
        },
        "required": ["key", "paragraphs", "items"],
    }


def _bounded(schema: dict, *, strings: bool = True) -> dict:
    """The schema with every object closed (no property but the declared ones) and a length on every
    array and, with `strings`, every free string it does not bound yet, at any depth: a grammar-driven
    model (llama.cpp) that loops has to close the value (`max_tokens` stops the rest). llama.cpp
    unrolls maxLength into one rule per character and refuses a grammar past ~1,000."""
    if isinstance(schema, list):
        for node in schema:
            _bounded(node, strings=strings)
        return schema
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        schema.setdefault("additionalProperties", False)
    elif kind == "array":
        schema.setdefault("maxItems", MAX_ITEMS)
    elif kind == "string" and strings and "enum" not in schema:
        schema.setdefault("maxLength", MAX_STRING)
    for value in schema.values():
        _bounded(value, strings=strings)
    return schema


def _truncated(exc: openai.LengthFinishReasonError, *, max_tokens: int) -> LLMError:
    """Cut at our limit (the model probably looped) or by a full context window (the prompt is too long)."""
    usage = _usage(exc.completion)
    if usage.tokens_out and usage.tokens_out < max_tokens * 0.9:
        message = (
            f"La fenêtre de contexte du modèle est pleine ({usage.tokens_in} jetons envoyés, "
            f"{usage.tokens_out} écrits) : la réponse a été coupée, aucun brouillon n'a été créé. "
            "Réduisez le nombre de sources ou choisissez un modèle à plus grand contexte."
        )
    else:
        message = (
            f"La réponse du modèle a été coupée à la limite de {max_tokens} jetons (PRIZM_LLM_MAX_TOKENS) "
            "sans être terminée : aucun brouillon n'a été créé. Le modèle s'est sans doute mis à se "
            "répéter : relancez ou choisissez un modèle plus capable ; augmentez PRIZM_LLM_MAX_TOKENS "
            "seulement si l'article demandé est très long."
        )
    return LLMError(message, code="truncated", usage=usage)


def _invalid(content: str, usage: Usage) -> InvalidOutput:
    if not content.strip():
        message = "Le modèle a renvoyé une réponse vide. Aucun brouillon n'a été créé : relancez."
    else:
        message = (
            "La réponse du modèle n'est pas au format attendu (JSON illisible ou incomplet), aucun "
            f"brouillon n'a été créé. Début de la réponse : « {_excerpt(content)} ». Relancez ; si cela "
            "se répète, choisissez un modèle qui gère les sorties structurées."
        )
    return InvalidOutput(message, raw=content, usage=usage)
