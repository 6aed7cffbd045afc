"""Fill the English catalog locale/en/LC_MESSAGES/django.po from locale/translations/*.json.

French is the source language of every string. Workflow:
    .venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --ignore=bench
    add the new French → English pairs to locale/translations/<area>.json (one file per area;
    for plurals, give both the singular and the plural French string as keys)
    .venv/bin/python locale/fill_en.py && .venv/bin/python manage.py compilemessages --ignore=.venv

Fuzzy guesses made by makemessages are discarded: only the JSON files decide a translation.
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PO = HERE / "en" / "LC_MESSAGES" / "django.po"
STRING = r'((?:"(?:[^"\\]|\\.)*"\n?)+)'


def unquote(block: str) -> str:
    return "".join(json.loads(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', block))


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def fill(entry: str, pairs: dict, missing: list) -> str:
    fuzzy = "#, fuzzy" in entry
    entry = re.sub(r"^#, fuzzy\n", "", entry, flags=re.M)
    entry = re.sub(r"^(#, .*?), fuzzy", r"\1", entry, flags=re.M)
    entry = re.sub(r'^#\| .*\n', "", entry, flags=re.M)
    plural = re.search(rf"^msgid {STRING}msgid_plural {STRING}msgstr\[0\] {STRING}msgstr\[1\] {STRING}", entry, re.M)
    if plural:
        one, many = unquote(plural.group(1)), unquote(plural.group(2))
        current = unquote(plural.group(3))
        if current and not fuzzy:
            return entry
        if one in pairs and many in pairs:
            body = f"msgid {quote(one)}\nmsgid_plural {quote(many)}\nmsgstr[0] {quote(pairs[one])}\nmsgstr[1] {quote(pairs[many])}"
            return entry[: plural.start()] + body + entry[plural.end():].rstrip("\n")
        missing.append(one)
        return entry[: plural.start()] + f'msgid {quote(one)}\nmsgid_plural {quote(many)}\nmsgstr[0] ""\nmsgstr[1] ""' + entry[plural.end():].rstrip("\n")
    single = re.search(rf"^msgid {STRING}msgstr {STRING}", entry, re.M)
    if not single:
        return entry
    msgid, msgstr = unquote(single.group(1)), unquote(single.group(2))
    if not msgid or (msgstr and not fuzzy):
        return entry
    if msgid in pairs:
        msgstr = pairs[msgid]
    else:
        missing.append(msgid)
        msgstr = ""
    return entry[: single.start()] + f"msgid {quote(msgid)}\nmsgstr {quote(msgstr)}" + entry[single.end():].rstrip("\n")


def main() -> int:
    pairs = {}
    for path in sorted((HERE / "translations").glob("*.json")):
        pairs.update(json.loads(path.read_text(encoding="utf-8")))
    missing: list[str] = []
    entries = PO.read_text(encoding="utf-8").split("\n\n")
    PO.write_text("\n\n".join(fill(e, pairs, missing) for e in entries).rstrip("\n") + "\n", encoding="utf-8")
    for msgid in missing:
        print(f"untranslated: {msgid}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
