"""Reading the JSON a model meant from what it really sent.

Strict parsing first; then the same text with raw control characters allowed inside strings
(grammar-constrained JSON from llama.cpp holds raw newlines), the content of a ```json fence, or
the outermost {…} of a chatty answer; last, json-repair for a missing brace or quote. The result is
only a candidate: the caller validates it against its pydantic schema, which decides.
"""

import json
import re

import json_repair

FENCE_RE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)


def json_in_answer(text: str) -> dict | None:
    """The JSON object in `text`, or None when there is none to read (a refusal in prose, nothing)."""
    text = (text or "").strip()
    if not text:
        return None
    for candidate in _candidates(text):
        try:
            value = json.loads(candidate, strict=False)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    if "{" not in text:
        return None
    repaired = json_repair.loads(text[text.find("{") :])
    return repaired if isinstance(repaired, dict) and repaired else None


def _candidates(text: str):
    yield text
    fence = FENCE_RE.search(text)
    if fence:
        yield fence.group(1).strip()
    start, end = text.find("{"), text.rfind("}")
    if start != -1 and end > start:
        yield text[start : end + 1]
