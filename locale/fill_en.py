"""Fill empty English msgstr entries of locale/en/LC_MESSAGES/django.po from locale/en.json.

Workflow (French is the source language of every string):
    .venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=var
    add the new French → English pairs to locale/translations/<area>.json (one file per area)
    .venv/bin/python locale/fill_en.py && .venv/bin/python manage.py compilemessages --ignore=.venv
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PO = HERE / "en" / "LC_MESSAGES" / "django.po"


def unquote(block: str) -> str:
    return "".join(json.loads(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', block))


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def main() -> int:
    pairs = {}
    for path in sorted((HERE / "translations").glob("*.json")):
        pairs.update(json.loads(path.read_text(encoding="utf-8")))
    entries = PO.read_text(encoding="utf-8").split("\n\n")
    missing = []
    out = []
    for entry in entries:
        m = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', entry, re.M)
        if m and "msgid_plural" not in entry:
            msgid = unquote(m.group(1))
            msgstr = unquote(m.group(2))
            if msgid and not msgstr:
                if msgid in pairs:
                    entry = entry[: m.start(2)] + quote(pairs[msgid]) + entry[m.end(2) :].lstrip("\n")
                    entry = entry.rstrip("\n")
                else:
                    missing.append(msgid)
            if msgid and "#, fuzzy" in entry:
                entry = entry.replace("#, fuzzy\n", "")
        out.append(entry)
    PO.write_text("\n\n".join(out), encoding="utf-8")
    for msgid in missing:
        print(f"untranslated: {msgid}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
