"""Partial dates: a source may be dated by year, by month or by day. It is stored as its first day
plus a precision, parsed from what editors and files write, and displayed honestly (never a made-up
day): "2024", "mars 2025", "12/03/2025"."""

import datetime
import re

from django.utils import formats
from django.utils.translation import gettext as _

from prizm.text import fold

YEAR, MONTH, DAY = "year", "month", "day"

FRENCH_MONTHS = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5,
    "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
MIN_YEAR, MAX_YEAR = 1800, 2100


class PartialDateError(ValueError):
    """The text is not a date we can read; the message (French) says what to write instead."""


def _plain(text: str) -> str:
    return fold(text.strip())


def _build(year: int, month: int = 1, day: int = 1, *, original: str) -> datetime.date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PartialDateError(_("Année %(year)s hors limites dans « %(text)s » (attendu entre 1800 et 2100).")
                               % {"year": year, "text": original})
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise PartialDateError(_("« %(text)s » n'est pas une date du calendrier.") % {"text": original}) from None


def parse_partial_date(text: str) -> tuple[datetime.date | None, str]:
    """Read "2024", "03/2025", "2025-03", "mars 2025", "12/03/2025", "2025-03-12", "12 mars 2025".

    Returns (first day, precision); an empty text gives (None, "day"). Raises PartialDateError.
    """
    original = (text or "").strip()
    if not original:
        return None, DAY
    plain = _plain(original).rstrip(".")
    if m := re.fullmatch(r"(\d{4})", plain):
        return _build(int(m[1]), original=original), YEAR
    if m := re.fullmatch(r"(\d{1,2})[/.\-](\d{4})", plain):
        return _build(int(m[2]), int(m[1]), original=original), MONTH
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", plain):
        return _build(int(m[1]), int(m[2]), original=original), MONTH
    if m := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", plain):
        return _build(int(m[3]), int(m[2]), int(m[1]), original=original), DAY
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", plain):
        return _build(int(m[1]), int(m[2]), int(m[3]), original=original), DAY
    if m := re.fullmatch(r"(?:(1er|\d{1,2})\s+)?([a-z]+)\.?\s+(\d{4})", plain):
        month = FRENCH_MONTHS.get(m[2])
        if month:
            if m[1]:
                day = 1 if m[1] == "1er" else int(m[1])
                return _build(int(m[3]), month, day, original=original), DAY
            return _build(int(m[3]), month, original=original), MONTH
    raise PartialDateError(
        _("Date illisible : « %(text)s ». Écrivez une année (2024), un mois (03/2025 ou mars 2025) "
          "ou une date complète (12/03/2025).") % {"text": original}
    )


def partial_date_display(value: datetime.date | None, precision: str) -> str:
    """"2024", "mars 2025", "12/03/2025" in French (localized in the active language)."""
    if value is None:
        return ""
    if precision == YEAR:
        return str(value.year)
    if precision == MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "SHORT_DATE_FORMAT")


INPUT_SPELLINGS = {YEAR: "{0.year}", MONTH: "{0.month:02d}/{0.year}", DAY: "{0:%d/%m/%Y}"}
ISO_SPELLINGS = {YEAR: "{0.year:04d}", MONTH: "{0.year:04d}-{0.month:02d}", DAY: "{0.year:04d}-{0.month:02d}-{0.day:02d}"}


def _spell(value: datetime.date | None, precision: str, spellings: dict[str, str]) -> str:
    if value is None:
        return ""
    return spellings.get(precision, spellings[DAY]).format(value)


def partial_date_input(value: datetime.date | None, precision: str) -> str:
    """The form-field spelling of a stored partial date, which parse_partial_date reads back."""
    return _spell(value, precision, INPUT_SPELLINGS)


def partial_date_iso(value: datetime.date | None, precision: str) -> str:
    """"2024", "2025-03", "2025-03-12": for exports, APIs and machine-readable attributes."""
    return _spell(value, precision, ISO_SPELLINGS)
