"""Pinyin search keys of Chinese names: "龙岗区" is found by "longgang", "lgq" or "lg".

A key is a string of space-separated tokens with a space on each side (" longgangqu lgq "):
a query matches a token's start when the key contains " " + query, and a whole token when
it contains " " + query + " ". The zone search (``indicators.zone_search``) queries these
keys in SQL; they are computed here, once, when a zone is saved or imported.
"""

from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin

_NOT_ASCII_ALNUM = re.compile(r"[^0-9a-z]")


def _syllables(text: str, style: Style) -> list[str]:
    """The lower-case ASCII pieces of ``text``: one pinyin syllable (or its first letter) per
    Chinese character; other runs of letters and digits as they are, punctuation dropped."""
    pieces = (_NOT_ASCII_ALNUM.sub("", piece.lower()) for piece in lazy_pinyin(text, style=style))
    return [piece for piece in pieces if piece]


def _tokens(text: str) -> list[str]:
    """The full pinyin and the initials of ``text`` ("longgangqu", "lgq")."""
    return ["".join(_syllables(text, Style.NORMAL)), "".join(_syllables(text, Style.FIRST_LETTER))]


def pinyin_key(text: str, *, places: tuple[str, ...] = ()) -> str:
    """The search key of ``text``: its full pinyin and its initials, and the same again for
    what follows a leading place name of ``places`` ("深圳市龙岗区" with the city "深圳市":
    " shenzhenshilonggangqu szslgq longgangqu lgq "), so "lg" finds it; "" when ``text``
    holds no Chinese character (an English name needs no key)."""
    if not any("\u4e00" <= char <= "\u9fff" for char in text):
        return ""
    tokens = _tokens(text)
    for place in places:
        for prefix in dict.fromkeys((place, place.removesuffix("市").removesuffix("省"))):
            if len(prefix) > 1 and text.startswith(prefix) and len(text) > len(prefix):
                tokens += _tokens(text[len(prefix) :])
                break
    return " " + " ".join(t for t in dict.fromkeys(tokens) if t) + " "


def pinyin_query(query: str) -> str:
    """A typed query as it is compared with the keys ("Long Gang" -> "longgang"), or "" when
    it is not pinyin (it holds a Chinese character, or no letter at all)."""
    if any(ord(char) > 127 for char in query):
        return ""
    letters = _NOT_ASCII_ALNUM.sub("", query.lower())
    return letters if any(char.isalpha() for char in letters) else ""
