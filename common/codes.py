"""The one parser for what a query string carries: code lists and whole numbers.

Every layer that reads a list of codes (the FilterSets' ``CodeListField``, the analysis
endpoints' ``CodeListParam``, the pages' parser, the selectors' choice checks) splits, limits
and checks it here, so the limit and the messages are written once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from common.errors import UnknownCode, as_list

MAX_CODES = 100

# The years a figure may have (the founding of the PRC to the end of the century).
MIN_YEAR = 1949
MAX_YEAR = 2100

# ASCII digits only: str.isdigit() also accepts "²" or "①", which int() then refuses.
_DIGITS = re.compile(r"[0-9]+")


def split_codes(text: str | Iterable[str]) -> list[str]:
    """The comma-separated codes in ``text`` (or in each of several texts), stripped, blanks
    and repeats dropped, in order of first appearance."""
    texts = [text] if isinstance(text, str) else list(text)
    codes = (code.strip() for item in texts for code in item.split(","))
    return list(dict.fromkeys(code for code in codes if code))


def unknown_values(codes: Iterable[str], allowed: Sequence[str]) -> list[str]:
    """The ``codes`` that are not among ``allowed``, in order."""
    return [code for code in codes if code not in allowed]


def clean_choices(
    param: str, values: str | Iterable[str] | None, allowed: Sequence[str]
) -> list[str] | None:
    """``values`` as a list if each is one of ``allowed``; ``None`` stays ``None``.

    Raises ``UnknownCode`` naming ``param`` and listing the unknown and the allowed values.
    """
    if values is None:
        return None
    listed = as_list(values)
    unknown = unknown_values(listed, allowed)
    if unknown:
        raise UnknownCode(
            param,
            unknown,
            f"未知的取值 / unknown value: {', '.join(unknown)}; "
            f"可用 / allowed: {', '.join(allowed)}",
        )
    return listed


def is_whole_number(text: str) -> bool:
    """Whether ``text`` is a whole number written in ASCII digits (``int()`` will take it)."""
    return _DIGITS.fullmatch(text) is not None
