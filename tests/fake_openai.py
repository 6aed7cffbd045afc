"""A local HTTP server that speaks the OpenAI Chat Completions wire format, for tests and the
benchmark. The real `openai` client talks to it through OPENAI_BASE_URL; nothing is patched.

The scenario is chosen by the model name: "gpt-4o-mini+<scenario>[+delay<seconds>]", e.g.
"gpt-4o-mini+good", "gpt-4o-mini+refusal", "gpt-4o-mini+good+delay2".

Scenarios: good, refusal (message.refusal), refusal_text (a French refusal as plain text),
refusal_json (valid JSON whose introduction is a refusal), loose_keys (section keys written
loosely), missing_section (a planned section left out), invalid (broken JSON), length
(finish_reason "length"), ratelimit (429 with retry-after-ms twice, then good), error500 (500
every time), slow (waits `slow_seconds`, then good), no_schema (rejects json_schema with a 400
like older local servers, answers plain JSON in a ```json fence otherwise), inject (good, and
records whether the prompt carried the untrusted-data notice), schema500 (answers a JSON schema
with a 500 like llama-cpp-python, good JSON otherwise), newlines (good JSON with raw newlines inside
its strings, as grammar-constrained llama.cpp writes), endless (a model that loops: cut at the
request's max_tokens, finish_reason "length"), context_full (cut by a full context window, well
before max_tokens), no_json_mode (refuses any response_format with a 400: plain text only).
With `"stream": true` every scenario answers in server-sent events; "+stall" in the model name
(e.g. "gpt-4o-mini+good+stall") goes silent after the first chunks for `stall_seconds`.
"""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NAME_RE = re.compile(r"^nom : (.+)$", re.MULTILINE)
PLAN_RE = re.compile(r"^- (\w+)(?: \(section « [^»]*» *\))? — [^(]*\((paragraphs|items)\)", re.M)
TOPIC_RE = re.compile(r"^Sujet : (.+)$", re.MULTILINE)
ARTICLE_RE = re.compile(r"<<<ARTICLE>>>\n(.*)\n<<<FIN ARTICLE>>>", re.DOTALL)
TITLE_RE = re.compile(r"^Titre actuel : (.+)$", re.MULTILINE)


def _schema_name(body: dict) -> str:
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        return (fmt.get("json_schema") or {}).get("name", "")
    system = body["messages"][0]["content"]
    for name in ("SynthesisOut", "DraftOut", "RewriteOut", "Ping"):
        if name in system:
            return name
    return ""


def good_answer(body: dict) -> dict:
    """A valid answer for the schema asked, citing the sources named in the prompt."""
    schema = _schema_name(body)
    user = body["messages"][-1]["content"]
    names = NAME_RE.findall(user) or ["Source inconnue"]
    topic = (TOPIC_RE.search(user) or [None, "le sujet"])[1]
    if schema == "Ping":  # manage.py llm_check
        return {"ok": True, "word": "prêt"}
    if schema == "SynthesisOut":
        return {
            "title": f"{topic} : ce que montrent les sources",
            "convergences": " ".join(f"{n} documente le sujet (Source : {n})." for n in names),
            "divergences": "Les sources ne se contredisent pas.",
            "recommended_angle": "Relier les constats aux leviers d'action.",
            "score": 7.5,
        }
    if schema == "RewriteOut":
        article = ARTICLE_RE.search(user)
        title = TITLE_RE.search(user)
        return {
            "title": title[1] if title else "Variante",
            "body": "Vous vous demandez ce qui change ?\n\n" + (article[1] if article else ""),
        }
    first = names[0]
    paragraphs = {
        "introduction": [
            f"Ce dossier fait le point sur le sujet à partir de {first} (Source : {first}).",
            "Il distingue les constats, les leviers et les perspectives.",
        ],
        "leviers": [f"{n} décrit des pistes d'action concrètes (Source : {n})." for n in names],
        "impact": [f"Les effets décrits par {n} sont tangibles (Source : {n})." for n in names],
        "retenir": [f"L'essentiel repose sur les constats de {first} (Source : {first})."],
    }
    items = [
        {"label": "Faire un diagnostic", "text": f"Partir des constats de {first} (Source : {first})."},
        {"label": "Former les équipes", "text": "Accompagner chaque étape du changement."},
        {"label": "Mesurer les progrès", "text": f"Suivre les indicateurs proposés par {names[-1]} (Source : {names[-1]})."},
    ]
    sections = []
    for key, kind in PLAN_RE.findall(user):  # one entry per section of the plan in the prompt
        sections.append({"key": key, "items": items} if kind == "items" else
                        {"key": key, "paragraphs": paragraphs.get(key, [f"{first} éclaire ce point (Source : {first})."])})
    return {"title": f"{topic} : l'état des lieux", "sections": sections}


class FakeOpenAI:
    def __init__(self, *, slow_seconds: float = 5.0, stall_seconds: float = 3.0):
        self.slow_seconds = slow_seconds
        self.stall_seconds = stall_seconds
        self.requests: list[dict] = []
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                status, headers, payload = fake.answer(self.path, body)
                if body.get("stream") and status == 200:
                    return fake.stream(self, body, payload)
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.request_queue_size = 512
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def start(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._counts.clear()

    def count(self, scenario: str) -> int:
        with self._lock:
            return self._counts.get(scenario, 0)

    # --- streaming (server-sent events, as OpenAI and llama.cpp send them) ---------------------
    def stream(self, handler, body: dict, payload: dict) -> None:
        """The answer in chunks of a few characters; with "stall" in the model name, silence after
        the first chunks (longer than the client's stall limit); usage last when asked for."""
        choice = payload["choices"][0]
        content = choice["message"]["content"] or ""
        base = {"id": payload["id"], "object": "chat.completion.chunk", "created": payload["created"], "model": payload["model"]}
        chunks = [{**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]}]
        if choice["message"].get("refusal"):
            chunks.append({**base, "choices": [{"index": 0, "delta": {"refusal": choice["message"]["refusal"]}, "finish_reason": None}]})
        pieces = [content[i : i + 12] for i in range(0, len(content), 12)]
        chunks += [{**base, "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]} for p in pieces]
        chunks.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": choice["finish_reason"]}]})
        if (body.get("stream_options") or {}).get("include_usage"):
            chunks.append({**base, "choices": [], "usage": payload["usage"]})
        stall = "+stall" in body.get("model", "")
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/event-stream")
            handler.send_header("Connection", "close")
            handler.end_headers()
            for index, chunk in enumerate(chunks):
                if stall and index == 3:
                    time.sleep(self.stall_seconds)
                handler.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                handler.wfile.flush()
            handler.wfile.write(b"data: [DONE]\n\n")
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (stall test)
            pass
        handler.close_connection = True

    # --- the wire format ---------------------------------------------------------------------
    def answer(self, path: str, body: dict) -> tuple[int, dict, dict]:
        if not path.rstrip("/").endswith("/chat/completions"):
            return 404, {}, {"error": {"message": f"unknown path {path}", "type": "invalid_request_error"}}
        model = body.get("model", "")
        base, *flags = model.split("+")
        scenario = next((f for f in flags if not f.startswith("delay") and f != "stall"), "good")
        delay = next((float(f[5:]) for f in flags if f.startswith("delay")), 0.0)
        with self._lock:
            self._counts[scenario] = self._counts.get(scenario, 0) + 1
            n = self._counts[scenario]
            self.requests.append({"model": model, "scenario": scenario, "body": body})
        if delay:
            time.sleep(delay)
        prompt_tokens = sum(len(m.get("content") or "") for m in body.get("messages", [])) // 4

        if scenario == "error500":
            return 500, {}, {"error": {"message": "The server had an error", "type": "server_error"}}
        if scenario == "ratelimit" and n <= 2:
            return 429, {"retry-after-ms": "50"}, {"error": {"message": "Rate limit reached", "type": "rate_limit_error"}}
        if scenario == "no_schema" and (body.get("response_format") or {}).get("type") == "json_schema":
            return 400, {}, {"error": {"message": "response_format type json_schema is not supported", "type": "invalid_request_error"}}
        fmt = (body.get("response_format") or {}).get("type")
        if scenario == "schema500" and fmt == "json_schema":
            return 500, {}, {"error": {"message": "[{'type': 'literal_error', 'loc': ('body', 'response_format', "
                             "'type'), 'msg': \"Input should be 'text' or 'json_object'\"}]", "type": "internal_server_error"}}
        if scenario == "no_json_mode" and fmt:
            return 400, {}, {"error": {"message": f"Unsupported response_format {fmt}", "type": "invalid_request_error"}}
        if scenario == "slow":
            time.sleep(self.slow_seconds)

        finish, refusal, completion_tokens_override = "stop", None, None
        if scenario == "refusal":
            content, refusal = None, "I'm sorry, but I can't help with that request."
        elif scenario == "refusal_text":
            content = (
                "Je ne peux pas rédiger cet article de manière éthique car les sources citées sont datées "
                "dans le futur. Je vous propose de reformuler la demande."
            )
        elif scenario == "refusal_json":
            answer = good_answer(body)
            for section in answer.get("sections", []):
                if section["key"] == "introduction":
                    section["paragraphs"] = [
                        "Je ne peux pas écrire cette introduction de manière éthique car les sources citées "
                        "sont datées de 2025, donc dans le futur."
                    ]
            content = json.dumps(answer, ensure_ascii=False)
        elif scenario == "loose_keys":  # keys written as the headings, in quotes: matched loosely
            answer = good_answer(body)
            for section in answer.get("sections", []):
                section["key"] = f"« {section['key'].upper()} »"
            content = json.dumps(answer, ensure_ascii=False)
        elif scenario == "missing_section":  # valid JSON that leaves a planned section out
            answer = good_answer(body)
            if "sections" in answer:
                answer["sections"] = [s for s in answer["sections"] if s["key"] != "impact"]
            content = json.dumps(answer, ensure_ascii=False)
        elif scenario == "invalid":
            content = '{"title": "Réponse interrompue", "sections": [{"key": "introduction", "paragraphs": ["Premier'
        elif scenario == "length":
            content, finish = json.dumps(good_answer(body), ensure_ascii=False)[:120], "length"
        elif scenario == "newlines":
            content = json.dumps(good_answer(body), ensure_ascii=False).replace(" (Source", "\n(Source")
        elif scenario == "endless":
            limit = body.get("max_tokens") or 100_000
            content, finish = '{"title": "' + "encore et encore " * 40, "length"
            completion_tokens_override = limit
        elif scenario == "context_full":
            content, finish = '{"title": "' + "encore " * 40, "length"
            completion_tokens_override = 57
        elif scenario == "no_schema":
            content = "Voici la réponse :\n```json\n" + json.dumps(good_answer(body), ensure_ascii=False) + "\n```"
        else:
            content = json.dumps(good_answer(body), ensure_ascii=False)
        completion_tokens = completion_tokens_override or len(content or refusal or "") // 4
        return 200, {}, {
            "id": f"chatcmpl-fake-{n}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": base,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": refusal},
                    "finish_reason": finish,
                    "logprobs": None,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
