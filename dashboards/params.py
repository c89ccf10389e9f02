"""Parsing the query string of a page: every selection lives in the URL.

Malformed values raise ``BadParameter`` naming the parameter (the page answers 400); codes
that do not exist are reported by the analysis core as ``UnknownCode`` (the page answers 404).
"""

from __future__ import annotations

from typing import overload

from django.http import QueryDict

from common.codes import MAX_YEAR, MIN_YEAR, is_whole_number, split_codes
from common.errors import BadParameter
from indicators.models import Period

MAX_SELECTION = 12


@overload
def text(query: QueryDict, name: str, default: str) -> str: ...
@overload
def text(query: QueryDict, name: str, default: None = None) -> str | None: ...
def text(query: QueryDict, name: str, default: str | None = None) -> str | None:
    """One value of ``name``, stripped; ``default`` when absent or blank."""
    value = query.get(name, "").strip()
    return value or default


def choice(query: QueryDict, name: str, allowed, default: str | None = None) -> str | None:
    """One of ``allowed`` (or ``default`` when absent); anything else is a ``BadParameter``."""
    value = text(query, name)
    if value is None:
        return default
    if value not in allowed:
        raise BadParameter(
            name, value, f"未知的取值 / unknown value “{value}”: {', '.join(allowed)}"
        )
    return value


def period(query: QueryDict, default: str = Period.FULL_YEAR) -> str:
    return choice(query, "period", Period.values, default) or default


def year(query: QueryDict, name: str = "year", default: int | None = None) -> int | None:
    """A year as an integer in the catalogue's range, or ``default`` when absent."""
    value = text(query, name)
    if value is None:
        return default
    if not is_whole_number(value):
        raise BadParameter(name, value, "年份必须是整数 / the year must be a whole number")
    number = int(value)
    if not MIN_YEAR <= number <= MAX_YEAR:
        raise BadParameter(
            name, value, f"年份须在 {MIN_YEAR}-{MAX_YEAR} 之间 / the year must be in that range"
        )
    return number


class TooManyChosen(BadParameter):
    """More than ``MAX_SELECTION`` values of one parameter: ``value`` holds them all, so the
    error page can offer them back to be narrowed instead of starting again."""


def many(query: QueryDict, name: str) -> list[str]:
    """Every value of a repeated parameter (``?zone=a&zone=b`` or ``?zone=a,b``), in order."""
    values = split_codes(query.getlist(name))
    if len(values) > MAX_SELECTION:
        raise TooManyChosen(
            name, values, f"最多选择 {MAX_SELECTION} 项 / at most {MAX_SELECTION} may be chosen"
        )
    return values
