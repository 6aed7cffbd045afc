"""Limits on imported files (synthesis files for `import_sources`, article files for
`import_articles`), checked before anything is parsed or written, with the limit and its setting named.
"""

from pathlib import Path

from django.conf import settings


def _size(number: int) -> str:
    return f"{number / 1_000_000:.1f} Mo".replace(".", ",") if number >= 100_000 else f"{number} octets"


def file_size_problem(path: Path) -> str | None:
    """Why the file is too large to import, read from its size alone; None when it is not."""
    try:
        size = path.stat().st_size
    except OSError:
        return None  # the read that follows says what is wrong
    limit = settings.PRIZM_IMPORT_MAX_BYTES
    if size <= limit:
        return None
    return f"le fichier fait {_size(size)}, au plus {_size(limit)} (PRIZM_IMPORT_MAX_BYTES) : découpez-le"


def long_line_problem(text: str) -> tuple[int, str] | None:
    """(line, why) for the first line over PRIZM_IMPORT_MAX_LINE_CHARS."""
    limit = settings.PRIZM_IMPORT_MAX_LINE_CHARS
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > limit:
            return number, f"ligne de {len(line)} caractères, au plus {limit} (PRIZM_IMPORT_MAX_LINE_CHARS)"
    return None


def count_problem(count: int, *, what: str, setting: str) -> str | None:
    limit = getattr(settings, setting)
    return None if count <= limit else f"{count} {what}, au plus {limit} ({setting}) : découpez le fichier"
