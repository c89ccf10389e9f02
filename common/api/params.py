"""Input-serializer fields shared by the API's parameter serializers: code lists (through the
one parser in ``common.codes``), years in ASCII digits, and a year range that is not reversed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_framework import serializers

from common.codes import MAX_CODES, MAX_YEAR, MIN_YEAR, is_whole_number, split_codes


class CodeListParam(serializers.CharField):
    """Comma-separated codes (``nanshan,futian``), optionally limited to ``choices``."""

    def __init__(self, *, choices: Iterable[str] | None = None, **kwargs: Any) -> None:
        self.allowed = list(choices) if choices is not None else None
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[str]:  # type: ignore[override]  # a list
        text = super().to_internal_value(data)
        codes = split_codes(text)
        if not codes:
            raise serializers.ValidationError("至少需要一个代码 / at least one code is required")
        if len(codes) > MAX_CODES:
            raise serializers.ValidationError(f"最多 {MAX_CODES} 个 / at most {MAX_CODES} codes")
        if self.allowed is not None:
            unknown = [code for code in codes if code not in self.allowed]
            if unknown:
                raise serializers.ValidationError(
                    f"未知的取值 / unknown value: {', '.join(unknown)}; "
                    f"可用 / allowed: {', '.join(self.allowed)}"
                )
        return codes


class WholeNumberParam(serializers.IntegerField):
    """An integer written in ASCII digits (DRF's ``int()`` also takes "２０２４")."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, str) and not is_whole_number(data.strip()):
            self.fail("invalid")
        value: int = super().to_internal_value(data)
        return value


def year_field(**kwargs: Any) -> WholeNumberParam:
    """A year parameter between ``MIN_YEAR`` and ``MAX_YEAR``."""
    return WholeNumberParam(min_value=MIN_YEAR, max_value=MAX_YEAR, **kwargs)


class YearRangeMixin:
    """For a parameter serializer: ``year_from`` may not come after ``year_to``."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)  # type: ignore[misc]
        year_from, year_to = attrs.get("year_from"), attrs.get("year_to")
        if year_from is not None and year_to is not None and year_from > year_to:
            raise serializers.ValidationError(
                {
                    "year_from": [
                        f"起始年份晚于截止年份 / the range is reversed: year_from={year_from} > "
                        f"year_to={year_to}"
                    ]
                }
            )
        return attrs
