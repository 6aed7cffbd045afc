"""The `openai` provider: the official SDK, Chat Completions, any OpenAI-compatible server.

- base_url from OPENAI_BASE_URL (OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio…), model from
  PRIZM_LLM_MODEL (or the job's recorded model);
- explicit timeout (PRIZM_LLM_TIMEOUT, below the Celery soft limit) and retries with exponential
  backoff on 429/5xx/timeouts (the SDK's, honouring retry-after / retry-after-ms);
- structured output through `chat.completions.parse(response_format=Model)`; servers that reject
  JSON schemas get JSON mode, then a plain request, and the answer is validated by the same model;
- a refusal, a truncated answer or unparseable output raise `LLMError` with a French message.
"""

import json
import logging
import threading

import openai
import pydantic
from django.conf import settings

from . import prompts
from .base import ArticleInput, BriefInput, InvalidOutput, LLMError, LLMResult, Outline, Usage
from .schemas import DraftOut, RewriteOut, SynthesisOut

log = logging.getLogger(__name__)

_clients: dict[tuple, openai.OpenAI] = {}
_clients_lock = threading.Lock()

STYLE_NAMES = {"conversational": "conversational", "concise": "concise"}

# The SDK errors turned into an `LLMError` (see `OpenAIProvider._error`).
_SDK_ERRORS = (
    openai.LengthFinishReasonError,
    openai.ContentFilterFinishReasonError,
    openai.APIConnectionError,
    openai.APIStatusError,
)


def _client(*, api_key: str, base_url: str | None, timeout: float, max_retries: int) -> openai.OpenAI:
    """One client per configuration and process: it holds a connection pool shared by threads."""
    key = (api_key, base_url, timeout, max_retries)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = openai.OpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries)
            _clients[key] = client
        return client


def _usage(completion) -> Usage:
    usage = getattr(completion, "usage", None)
    if usage is None:
        return Usage()
    return Usage(tokens_in=usage.prompt_tokens or 0, tokens_out=usage.completion_tokens or 0)


def _excerpt(text: str, limit: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _json_from_text(text: str) -> str:
    """The JSON object in a plain answer, tolerating a ```json fence or words around it."""
    start, end = text.find("{"), text.rfind("}")
    if start == -1 or end <= start:
        return text
    return text[start : end + 1]


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
    ):
        self.model = model or settings.PRIZM_LLM_MODEL
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
        result = self._complete(system=system, user=user, schema=SynthesisOut)
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
        return self._complete(system=system, user=user, schema=DraftOut)

    def rewrite(self, *, article: ArticleInput, style: str) -> LLMResult[RewriteOut]:
        system, user = prompts.prompt_load("rewrite").render(
            style=STYLE_NAMES.get(style, style),
            title=article.title,
            names=prompts.source_names(article.sources),
            body=article.body.replace("<<<", "‹‹‹").replace(">>>", "›››"),
        )
        return self._complete(system=system, user=user, schema=RewriteOut)

    # --- one call ---------------------------------------------------------------------------
    def _complete(self, *, system: str, user: str, schema: type[pydantic.BaseModel]) -> LLMResult:
        if not self.api_key:
            raise LLMError(
                "Le fournisseur OpenAI est choisi mais OPENAI_API_KEY est vide : renseignez une clé "
                "(n'importe quelle valeur pour un serveur local) ou passez PRIZM_LLM_PROVIDER=offline.",
                code="configuration",
            )
        client = _client(
            api_key=self.api_key, base_url=self.base_url, timeout=self.timeout, max_retries=self.max_retries
        )
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        try:
            return self._ask(client, messages, schema)
        except _SDK_ERRORS as exc:
            raise self._error(exc) from None

    def _ask(self, client, messages, schema) -> LLMResult:
        try:
            return self._structured(client, messages, schema)
        except openai.BadRequestError as exc:
            if not _format_unsupported(exc):
                raise
            log.info("server rejected json_schema (%s); falling back to plain JSON", exc)
            return self._plain_json(client, messages, schema)

    def _error(self, exc: openai.OpenAIError) -> LLMError:
        """What the editor is told about an error of the SDK (raised after its own retries)."""
        if isinstance(exc, openai.LengthFinishReasonError):
            return LLMError(
                "La réponse du modèle a été coupée avant la fin (limite de longueur atteinte) : le "
                "texte serait incomplet, aucun brouillon n'a été créé. Réduisez le nombre de sources "
                "ou choisissez un modèle acceptant des réponses plus longues, puis relancez.",
                code="truncated",
                usage=_usage(exc.completion),
            )
        if isinstance(exc, openai.ContentFilterFinishReasonError):
            return LLMError(
                "Le service a bloqué la réponse par son filtre de contenu. Aucun brouillon n'a été "
                "créé : vérifiez le sujet et les sources, puis relancez.",
                code="refusal",
                usage=_usage(exc.completion) if exc.completion else None,
            )
        if isinstance(exc, openai.APITimeoutError):
            return LLMError(
                f"Le service de langage n'a pas répondu dans le délai de {self.timeout:g} s, malgré "
                f"{self.max_retries} nouvelle(s) tentative(s). Relancez plus tard ; si cela se répète, "
                "augmentez PRIZM_LLM_TIMEOUT ou choisissez un modèle plus rapide.",
                code="timeout",
            )
        if isinstance(exc, openai.APIConnectionError):
            return LLMError(
                f"Impossible de joindre le service de langage ({self.base_url or 'api.openai.com'}). "
                "Vérifiez OPENAI_BASE_URL et que le serveur est démarré, puis relancez.",
                code="connection",
            )
        return self._status_error(exc)

    def _status_error(self, exc: openai.APIStatusError) -> LLMError:
        if isinstance(exc, openai.RateLimitError):
            return LLMError(
                "Le service de langage limite le nombre de requêtes (erreur 429) et a encore refusé "
                f"après {self.max_retries} nouvelle(s) tentative(s). Relancez dans quelques minutes "
                "ou vérifiez le quota du compte.",
                code="rate_limited",
            )
        if isinstance(exc, openai.AuthenticationError):
            return LLMError(
                "Le service de langage refuse la clé OPENAI_API_KEY (erreur 401). Vérifiez la clé.",
                code="configuration",
            )
        if isinstance(exc, openai.NotFoundError):
            return LLMError(
                f"Le modèle « {self.model} » est inconnu du service de langage (erreur 404). "
                "Vérifiez PRIZM_LLM_MODEL et OPENAI_BASE_URL.",
                code="configuration",
            )
        if exc.status_code >= 500:
            return LLMError(
                f"Le service de langage est en panne (erreur {exc.status_code}) et l'est resté "
                f"après {self.max_retries} nouvelle(s) tentative(s). Relancez plus tard.",
                code="server_error",
            )
        return LLMError(
            f"Le service de langage a rejeté la demande (erreur {exc.status_code}) : "
            f"{_excerpt(str(exc.message))}",
            code="server_error",
        )

    def _structured(self, client, messages, schema) -> LLMResult:
        raw = client.chat.completions.with_raw_response.parse(
            model=self.model, messages=messages, response_format=schema
        )
        try:
            completion = raw.parse()
        except pydantic.ValidationError:
            body = json.loads(raw.text)
            content = ((body.get("choices") or [{}])[0].get("message") or {}).get("content") or ""
            usage = body.get("usage") or {}
            raise _invalid(
                content,
                Usage(tokens_in=usage.get("prompt_tokens") or 0, tokens_out=usage.get("completion_tokens") or 0),
            ) from None
        return self._result(completion, schema, parsed_attr=True)

    def _plain_json(self, client, messages, schema) -> LLMResult:
        instructions = (
            "\n\nRépondez uniquement par un objet JSON valide conforme à ce schéma JSON :\n"
            + json.dumps(schema.model_json_schema(), ensure_ascii=False)
        )
        messages = [{**messages[0], "content": messages[0]["content"] + instructions}, messages[1]]
        try:
            completion = client.chat.completions.create(
                model=self.model, messages=messages, response_format={"type": "json_object"}
            )
        except openai.BadRequestError as exc:
            if not _format_unsupported(exc):
                raise
            completion = client.chat.completions.create(model=self.model, messages=messages)
        return self._result(completion, schema, parsed_attr=False)

    def _result(self, completion, schema, *, parsed_attr: bool) -> LLMResult:
        usage = _usage(completion)
        if not completion.choices:
            raise _invalid("", usage)
        choice = completion.choices[0]
        if choice.finish_reason == "length":
            raise openai.LengthFinishReasonError(completion=completion)
        message = choice.message
        refusal = getattr(message, "refusal", None)
        if refusal:
            raise LLMError(
                f"Le modèle a refusé d'écrire : « {_excerpt(refusal)} ». Aucun brouillon n'a été créé. "
                "Reformulez le sujet ou l'angle, ou changez de sources, puis relancez.",
                code="refusal",
                usage=usage,
            )
        parsed = getattr(message, "parsed", None) if parsed_attr else None
        if parsed is None:
            content = message.content or ""
            try:
                parsed = schema.model_validate_json(_json_from_text(content))
            except pydantic.ValidationError:
                raise _invalid(content, usage) from None
        return LLMResult(data=parsed, usage=usage, model=getattr(completion, "model", "") or self.model)


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


def _format_unsupported(exc: openai.BadRequestError) -> bool:
    text = f"{exc.message} {exc.body}".lower()
    return any(word in text for word in ("response_format", "json_schema", "json_object", "structured"))
