"""Translation of the gate's messages, cached per language: a gate run formats many findings with the
same few messages. `_("…")` calls stay visible to makemessages."""

from django.utils import translation

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
