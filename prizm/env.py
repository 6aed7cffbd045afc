"""django-environ's `Env`, with the checks Prizm's settings need and messages that say what to fix.

django-environ does the reading (`str`, with its `$VAR` proxies) and the parsing (`parse_value`, `list`);
this subclass adds what it leaves out:

- for a bool, a number or a URL (`str(..., schemes=...)`), an empty variable means its default, as an
  unset one does (CI sets variables to "" to leave them out): django-environ would parse "" and fail,
  or read it as False. A plain `str` or a `list` stays django-environ's: "" is "" or [];
- a bool is only one of 1/0, true/false, yes/no, on/off: django-environ reads any other word ("ture",
  "maybe") as False without a word;
- a number that is not one, or is below its minimum, is an ImproperlyConfigured naming the variable
  and the value, not a bare ValueError;
- `decimal()` (amounts) and `str(..., schemes=...)` (URLs), which django-environ does not have.
"""

from decimal import Decimal, InvalidOperation

import environ
from django.core.exceptions import ImproperlyConfigured

NOTSET = environ.Env.NOTSET
BOOL_WORDS = frozenset({"1", "0", "true", "false", "yes", "no", "on", "off"})


class Env(environ.Env):
    def _default(self, var, default):
        if default is NOTSET:
            raise ImproperlyConfigured(f"Set the {self.prefix}{var} environment variable")
        return default

    def _read(self, var, default, cast, wrong):
        """django-environ's `parse_value(text, cast)` of the variable, or `default` when it is unset or
        empty. Text that `cast` refuses: ImproperlyConfigured(`wrong` with {var} and {raw} filled in)."""
        raw = super().str(var, default="")
        if raw == "":
            return self._default(var, default)
        try:
            return self.parse_value(raw, cast)
        except (ValueError, InvalidOperation):
            raise ImproperlyConfigured(wrong.format(var=var, raw=raw)) from None

    def bool(self, var, default=NOTSET):
        wrong = "{var} must be true or false (1/0, yes/no, on/off), not {raw!r}."
        return self._read(var, default, _bool_word, wrong)

    def int(self, var, default=NOTSET, *, minimum=None):
        value = self._read(var, default, int, "{var} must be a whole number, not {raw!r}.")
        if minimum is not None and value < minimum:
            raise ImproperlyConfigured(f"{var} must be at least {minimum}, not {value}.")
        return value

    def decimal(self, var, default=NOTSET):
        """An amount: a Decimal (not NaN), never negative."""
        wrong = "{var} must be a number such as 25 or 12.50, not {raw!r}."
        value = self._read(var, default, _decimal_number, wrong)
        if value is not None and value < 0:
            raise ImproperlyConfigured(f"{var} cannot be negative ({value}).")
        return value

    def list(self, var, cast=None, default=NOTSET):
        """django-environ's comma list, each item stripped and the empty ones dropped ("a, b," is [a, b])."""
        items = super().list(var, cast=str.strip, default=default)
        return [cast(item) if cast else item for item in items if item]

    def str(self, var, default=NOTSET, multiline=False, choices=NOTSET, *, schemes=None):
        """With `schemes`, a URL: empty means the default, and it must start with one of `scheme://`."""
        if schemes is None:
            return super().str(var, default=default, multiline=multiline, choices=choices)
        url = super().str(var, default="") or self._default(var, default)
        scheme = url.split("://", 1)[0].lower() if "://" in url else ""
        if scheme not in schemes:
            allowed = ", ".join(sorted(s + "://" for s in schemes))
            raise ImproperlyConfigured(f"{var} must start with one of {allowed}; got {url!r}.")
        return url


def _bool_word(raw):
    """django-environ's bool, of 1/0, true/false, yes/no, on/off only: it reads any other word as False."""
    if raw.strip().lower() not in BOOL_WORDS:
        raise ValueError(raw)
    return environ.Env.parse_value(raw, bool)


def _decimal_number(raw):
    value = Decimal(raw)
    if value.is_nan():  # Decimal reads "NaN", which no comparison accepts
        raise InvalidOperation(raw)
    return value
