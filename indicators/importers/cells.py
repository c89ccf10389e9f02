"""The cells of an observation file: spellings of periods, qualifiers and statuses, and the
parsers of one cell (a year, a number, a period, a name looked up in an index), each giving a
value or a bilingual reason. Split from ``importers.observations``, which puts a row together
from them."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from common.importing.names import Ambiguous, NameIndex, choice_index, normalise
from indicators.models import (
    MAX_YEAR,
    MIN_YEAR,
    PERIOD_MONTHS,
    Indicator,
    Period,
    Qualifier,
    Status,
)

PERIOD_SPELLINGS: dict[str, str] = {
    "全年": Period.FULL_YEAR,
    "年度": Period.FULL_YEAR,
    "1-12月": Period.FULL_YEAR,
    "第一季度": Period.Q1,
    "1-3月": Period.Q1,
    "1-6月": Period.H1,
    "1-9月": Period.M9,
    "三季度累计": Period.M9,
    **{f"1-{months}月": period for period, months in PERIOD_MONTHS.items() if months < 12},
}
QUALIFIER_SPELLINGS: dict[str, str] = {
    "约": Qualifier.APPROXIMATE,
    "至少": Qualifier.AT_LEAST,
    "以上": Qualifier.AT_LEAST,
}
STATUS_SPELLINGS: dict[str, str] = {
    "报告": Status.REPORTED,
    "推算": Status.DERIVED,
    "估计": Status.ESTIMATED,
}

PERIODS = choice_index(Period, PERIOD_SPELLINGS)
QUALIFIERS = choice_index(Qualifier, QUALIFIER_SPELLINGS)
STATUSES = choice_index(Status, STATUS_SPELLINGS)

_NUMBER_NOISE = re.compile(r"[,\s，]")


class RowValueError(ValueError):
    """A cell's value cannot be used; the message is bilingual and names the reason."""


def lookup(text: str, index: NameIndex, what: str, key):
    """The object ``text`` names, or a bilingual message saying why there is none."""
    if not text:
        return f"{what}为空 / {what.split(' / ')[1]} is empty."
    found = index.get(text)
    if found is None:
        return (
            f"未知的{what.split(' / ')[0]}“{text}”（可用标识、中文名或别名）/ Unknown "
            f"{what.split(' / ')[1]} “{text}” (use its slug/code, Chinese name or an alias)."
        )
    if isinstance(found, Ambiguous):
        keys = ", ".join(sorted(key(obj) for obj in found.candidates))
        return f"“{text}”有多个匹配：{keys}，请用标识 / “{text}” matches several: {keys}; use one."
    return found


def parse_period(text: str) -> str | None:
    return PERIODS.get(normalise(text))


def year_or_message(text: str) -> int | str:
    try:
        return _parse_year(text)
    except RowValueError as exc:
        return str(exc)


def _parse_year(text: str) -> int:
    text = text.removesuffix("年").strip()
    if not re.fullmatch(r"\d{4}", text):
        raise RowValueError(f"年份必须是四位数字 / The year must be four digits, not “{text}”.")
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise RowValueError(
            f"年份超出 {MIN_YEAR}-{MAX_YEAR} / The year is outside {MIN_YEAR}-{MAX_YEAR}."
        )
    return year


def parse_number(text: str, indicator: Indicator | None) -> Decimal:
    if not text:
        raise RowValueError(
            "数值为空 / The value is empty; leave a missing figure out of the file."
        )
    cleaned = _NUMBER_NOISE.sub("", text)
    if indicator is not None and indicator.unit == "%":
        cleaned = cleaned.removesuffix("%")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise RowValueError(
            f"“{text}”不是数字（数值列只能填数字，原文写在“原文数字”列）/ “{text}” is not a "
            "number (put the figure as printed in the as_reported column)."
        )
    return number


def check_period_ended(year: int, period: str, today: dt.date) -> None:
    """Refuse a figure for a period that ends after ``today`` (e.g. full-year 2026 in 2026)."""
    months = PERIOD_MONTHS[Period(period)]
    ends_after_today = (year, months) >= (today.year, today.month)
    if ends_after_today:
        raise RowValueError(
            f"{year} 年的期间 {period} 尚未结束 / The period {period} of {year} has not ended yet."
        )
