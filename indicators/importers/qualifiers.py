"""Reading how exact a figure is from the words around it: 突破3200亿元 is at least 3200.

Bulletin files state a figure's value as a plain number; the sentence it was read from
(``phrase``) and the collector's note say whether the source worded it as a bound or an
approximation. Only the words next to the figure count: in "园区生产总值约7852.55亿元，同比增长
13.6%" the 约 qualifies the GDP, not the growth rate.
"""

import re
import unicodedata

from indicators.models import Qualifier

# Words before a figure, longest first so that 超过 wins over 超.
AT_LEAST_BEFORE = (
    "突破",
    "超过",
    "站上",
    "超",
    "逾",
    "more than",
    "breaking",
    "surpassed",
    "exceeding",
    "exceeded",
    "exceed",
    "topped",
    "over",
    "above",
)
APPROX_BEFORE = ("预计", "大约", "约", "近", "nearly", "about", "around", "approximately")
# Words right after a figure (and its unit).
AT_LEAST_AFTER = ("以上", "余", "多")
APPROX_AFTER = ("左右",)
# How far from the figure a word still counts: a few characters of Chinese, a few words of
# English.
WINDOW_BEFORE = 14
_QUOTED = re.compile(r'"+([^"]+)"+')
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def qualifier_of(*, value: str, unit: str, phrase: str, note: str) -> str:
    """The ``Qualifier`` the wording gives the figure ``value`` (as written in the file).

    First the word the note quotes (the collector's reading: '"突破" = exceeds'), then the
    words right before the figure in ``phrase`` (in its clause) or right after it (1000余家,
    10%左右); a figure the phrase prints in other digits (千亿 for 1000) is judged on the
    whole phrase. Exact when nothing says otherwise.
    """
    quoted = " ".join(_QUOTED.findall(_plain(note)))
    found = _match(quoted, AT_LEAST_BEFORE + AT_LEAST_AFTER, APPROX_BEFORE + APPROX_AFTER)
    if found:
        return found
    text = _THOUSANDS.sub("", _plain(phrase))
    written = _plain(value)
    trimmed = written.rstrip("0").rstrip(".") if "." in written else written
    number, position = written, _find_number(text, written)
    if position < 0 and trimmed != written:
        number, position = trimmed, _find_number(text, trimmed)
    if position < 0:
        return (
            _match(text, AT_LEAST_BEFORE + AT_LEAST_AFTER, APPROX_BEFORE + APPROX_AFTER)
            or Qualifier.EXACT
        )
    # Only the clause the figure stands in: a word before the last comma belongs elsewhere.
    before = re.split(r"[,;。、]", text[max(0, position - WINDOW_BEFORE) : position])[-1]
    after = text[position + len(number) :].lstrip()
    after_unit = after.removeprefix(_plain(unit).strip()) if unit else after
    if _match(before, AT_LEAST_BEFORE, ()) or after.startswith(AT_LEAST_AFTER):
        return Qualifier.AT_LEAST
    if _match(before, (), APPROX_BEFORE) or after_unit.startswith(APPROX_AFTER):
        return Qualifier.APPROXIMATE
    return Qualifier.EXACT


def _find_number(text: str, number: str) -> int:
    """Where ``number`` stands in ``text`` as a whole number (not inside 13.6 or 2013)."""
    for match in re.finditer(re.escape(number), text):
        start, end = match.start(), match.end()
        before = text[start - 1] if start else ""
        rest = text[end : end + 2]
        inside = before.isdigit() or before == "." or rest[:1].isdigit()
        if not inside and not (rest[:1] == "." and rest[1:2].isdigit()):
            return start
    return -1


def _match(text: str, at_least: tuple[str, ...], approx: tuple[str, ...]) -> str | None:
    if not text:
        return None
    if any(_word_in(word, text) for word in at_least):
        return Qualifier.AT_LEAST
    if any(_word_in(word, text) for word in approx):
        return Qualifier.APPROXIMATE
    return None


def _word_in(word: str, text: str) -> bool:
    if word.isascii():
        return re.search(rf"\b{re.escape(word)}\b", text) is not None
    return word in text
