"""Fill locale/en/LC_MESSAGES/django.po from locale/en_terms.tsv, then run compilemessages.

    .venv/bin/python manage.py makemessages -l en -i '.venv/*' -i 'zones/*' \
        -i 'indicators/*' -i 'config/*' -i 'tests/*' -i 'static/*' -i 'staticfiles/*' \
        -i 'docs/*' -i 'templates/admin/*'
    .venv/bin/python locale/translate_en.py
    .venv/bin/python manage.py compilemessages -l en

Message ids are the Chinese text (Chinese is the default language); the English of a new one
goes into en_terms.tsv (the msgid, a tab, the English). A msgid missing there is reported and
left untranslated.
"""

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PO = HERE / "en" / "LC_MESSAGES" / "django.po"
TERMS = HERE / "en_terms.tsv"


def read_terms(path: Path = TERMS) -> dict[str, str | tuple[str, str]]:
    """msgid -> English (a plural message: its singular and plural English) from ``path``."""
    terms: dict[str, str | tuple[str, str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        msgid, *english = line.split("\t")
        if len(english) not in (1, 2) or msgid in terms:
            raise SystemExit(f"{path.name}:{number}: a msgid (once), then one or two English forms")
        terms[msgid] = english[0] if len(english) == 1 else (english[0], english[1])
    return terms


def unquote(block: str) -> str:
    return (
        "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).replace('\\"', '"').replace("\\n", "\n")
    )


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    terms = read_terms()
    text = PO.read_text(encoding="utf-8")
    entries = text.split("\n\n")
    missing = []
    out = []
    for entry in entries:
        match = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        if (
            not match
            or entry.startswith("# SOME DESCRIPTIVE")
            or 'msgid ""\nmsgstr ""\n"' in entry[:40]
        ):
            out.append(entry.replace("#, fuzzy\n", "", 1) if entry.startswith("# SOME") else entry)
            continue
        msgid = unquote(match.group(1))
        if not msgid:
            out.append(entry)
            continue
        translation = terms.get(msgid)
        if translation is None:
            missing.append(msgid)
            out.append(entry)
            continue
        head = entry[: entry.index("msgstr")]
        head = head.replace("#, fuzzy\n", "").replace(", fuzzy", "")
        if isinstance(translation, tuple):
            body = f"msgstr[0] {quote(translation[0])}\nmsgstr[1] {quote(translation[1])}"
        else:
            body = f"msgstr {quote(translation)}"
        out.append(head + body)
    PO.write_text("\n\n".join(out).rstrip("\n") + "\n", encoding="utf-8")
    for msgid in missing:
        print("untranslated:", msgid, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
