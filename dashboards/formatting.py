"""Plain formatting helpers shared by templates, figures and CSV files (no queries)."""

import math
from decimal import Decimal


def format_number(value, decimals: int = 2) -> str:
    """``12345.678`` -> ``12,345.68``; ``100.0`` -> ``100``. Thousands separators always."""
    number = float(value) if isinstance(value, Decimal | int | float) else float(str(value))
    if math.isnan(number):
        return ""
    text = f"{number:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def pick_language(text: str, language: str | None) -> str:
    """Model labels read "中文 / English": keep the half of the reader's language."""
    if " / " not in text:
        return text
    chinese, _sep, english = text.partition(" / ")
    return english if (language or "").startswith("en") else chinese


def localised(obj, field: str, language: str | None) -> str:
    """The ``<field>_en`` of obj in English (falling back to ``_zh``), else ``<field>_zh``."""

    def get(suffix):
        key = f"{field}_{suffix}"
        return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, "")

    if (language or "").startswith("en"):
        return get("en") or get("zh") or ""
    return get("zh") or get("en") or ""


# The units the catalogue uses, in English: for a unit given as text (a cohort statistic's,
# a result row's) where no indicator's ``unit_en`` is at hand.
UNITS_EN = {
    "亿元": "100 million yuan",
    "万元": "10,000 yuan",
    "元": "yuan",
    "亿美元": "100 million US dollars",
    "万人": "10,000 people",
    "人": "people",
    "平方公里": "km²",
    "万平方米": "10,000 m²",
    "亿元/平方公里": "100 million yuan per km²",
    "家": "firms",
    "个": "",
    "位": "rank",
    "项": "items",
    "所": "institutions",
    "件": "items",
}


def unit_text(unit, language: str | None) -> str:
    """The one place a unit is worded for the reader: ``unit`` is an indicator (or dict)
    with ``unit``/``unit_en``, or the Chinese unit as text. Chinese as stored; in English the
    indicator's ``unit_en``, else the catalogue's English for that unit, else as stored."""
    if isinstance(unit, str) or unit is None:
        chinese, english = unit or "", ""
    elif isinstance(unit, dict):
        chinese, english = unit.get("unit", ""), unit.get("unit_en", "")
    else:
        chinese, english = getattr(unit, "unit", ""), getattr(unit, "unit_en", "")
    if not (language or "").startswith("en"):
        return chinese
    return english or UNITS_EN.get(chinese, chinese)


def bracketed(text: str, language: str | None) -> str:
    """``（text）`` in Chinese, `` (text)`` in English; nothing for no text."""
    if not text:
        return ""
    return f" ({text})" if (language or "").startswith("en") else f"（{text}）"
