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
