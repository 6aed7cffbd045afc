"""Messages in the reader's language.

**Formatting.** The gate formats its messages with `gettext`, cached per language (a gate run formats
many findings with the same few messages): `check_document` answers in the active language, which is
what `check_articles` prints.

**Stored texts.** Findings (per revision, and in a job's result), job steps and errors and the reasons
code writes on revisions are stored as text. They are written in the source language, French, whoever
triggered the write (`source_language()`: the gate's store, the job runner), and translated when shown
(`StoredTexts.localize`): each family declares the templates it writes with `.gettext_noop("…")`
(visible to makemessages like Django's gettext_noop); a stored text that reads as one of those
templates — in French, or in another language of settings.LANGUAGES for rows written before this rule
— is formatted again from the template's translation with the same values. Anything else (text a person
typed, a truncated copy) is shown as it was stored. Shown through `findings_localize` (findings panel,
job page), `articles.drafting.jobs.job_localize` and `articles.drafting.jobs.revision_reason`.

Why read the text back rather than store a code and its values: the rows keep one plain, readable text
(admin, exports, audit copies) with no schema change, and rows stored before — in French or in English
— display correctly too.
"""

import re
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation

# The language UI strings are written in (msgids are French): what stored texts are written in.
SOURCE_LANGUAGE = "fr"

_CACHE: dict[tuple[str | None, str], str] = {}


def gettext(message: str) -> str:
    key = (translation.get_language(), message)
    try:
        return _CACHE[key]
    except KeyError:
        value = _CACHE[key] = translation.gettext(message)
        return value


def gettext_noop(message: str) -> str:
    return message


@contextmanager
def source_language():
    """Write stored texts in French whatever the language of the request or command."""
    with translation.override(SOURCE_LANGUAGE):
        yield


_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])|%%")


def _pattern(template: str) -> tuple[re.Pattern, frozenset[str]] | None:
    """A regex reading back the values of `template` ("… %(name)s …") from a formatted text, and
    the names formatted with %d."""
    parts, seen, numbers, pos = [], set(), set(), 0
    for m in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[pos:m.start()]))
        pos = m.end()
        if m.group(0) == "%%":
            parts.append("%")
        elif m.group(1) in seen:
            parts.append(f"(?P={m.group(1)})")
        else:
            seen.add(m.group(1))
            if m.group(2) == "d":
                numbers.add(m.group(1))
                parts.append(rf"(?P<{m.group(1)}>-?\d+)")
            else:
                parts.append(f"(?P<{m.group(1)}>.*?)")
    parts.append(re.escape(template[pos:]))
    try:
        return re.compile("".join(parts) + r"\Z", re.S), frozenset(numbers)
    except re.error:  # a translation whose placeholder is not a valid group name
        return None


def _written_forms(msgid: str) -> set[str]:
    """`msgid` as each language of settings.LANGUAGES writes it (French: the msgid itself)."""
    forms = {msgid}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            forms.add(translation.gettext(msgid))
    return forms


class StoredTexts:
    """The templates one family of stored texts is written with (see the module docstring).

    `translate` names the values that are themselves texts of this family (a sentence, or a label such
    as a style or "un opérateur" declared like any template): they are translated too, " ; "-separated
    parts one by one.
    `labels=True`: a text that matches no template is still looked up as a msgid (job steps without
    values, written elsewhere: "Synthèse des sources"); never for families where people type text."""

    def __init__(self, *, labels: bool = False):
        self.labels = labels
        self._templates: dict[str, tuple[str, ...]] = {}
        self._compiled: list[tuple[re.Pattern, frozenset[str], str, tuple[str, ...]]] | None = None
        self._display: dict[tuple[str, str], str] = {}

    def gettext_noop(self, msgid: str, *, translate: tuple[str, ...] = ()) -> str:
        self._templates[msgid] = tuple(translate)
        self._compiled = None
        self._display.clear()
        return msgid

    @property
    def templates(self) -> list[str]:
        return list(self._templates)

    def _patterns(self):
        """Patterns of the templates as every language writes them, the most specific first (more
        fixed text), so that a short template never shadows a longer one."""
        if self._compiled is None:
            found = []
            for msgid, translate in self._templates.items():
                for form in _written_forms(msgid):
                    compiled = _pattern(form)
                    if compiled is not None:
                        found.append((len(_PLACEHOLDER.sub("", form)), *compiled, msgid, translate))
            found.sort(key=lambda item: -item[0])
            self._compiled = [item[1:] for item in found]
        return self._compiled

    def localize(self, text: str) -> str:
        """`text`, as stored, in the active language."""
        if not text or not isinstance(text, str):
            return text
        key = (translation.get_language() or SOURCE_LANGUAGE, text)
        value = self._display.get(key)
        if value is None:
            value = self._localize(text, depth=0)
            if len(self._display) < 5000:
                self._display[key] = value
        return value

    def _localize(self, text: str, *, depth: int) -> str:
        for pattern, numbers, msgid, translate in self._patterns():
            m = pattern.match(text)
            if m is None:
                continue
            values: dict = m.groupdict()
            for name in numbers:
                values[name] = int(values[name])
            for name in translate:
                if values.get(name) and depth < 3:
                    parts = values[name].split(" ; ")
                    values[name] = " ; ".join(self._localize(part, depth=depth + 1) for part in parts)
            try:
                return translation.gettext(msgid) % values
            except (KeyError, ValueError, TypeError):
                return text
        if self.labels:
            return translation.gettext(text)
        return text


# The gate's messages (articles/quality/checks/): findings are stored with them, in French.
FINDING_MESSAGES = StoredTexts()


def finding_message(message: str) -> str:
    """A stored finding message in the active language."""
    _load_checks()
    return FINDING_MESSAGES.localize(message)


def findings_localize(findings) -> list:
    """Findings to show (Finding rows, or the dicts a job's result keeps) with their message in the
    active language. Rows are changed in memory only (never saved); dicts are copied."""
    out = []
    for f in findings:
        if isinstance(f, dict):
            out.append({**f, "message": finding_message(f.get("message", ""))})
        else:
            f.message = finding_message(f.message)
            out.append(f)
    return out


def _load_checks() -> None:
    # Called on first use, not imported at the top: the check modules import this one.
    from articles.quality import registry  # noqa: F401  (imports every check module: they declare their messages)
