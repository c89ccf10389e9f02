"""The domain's bad-input errors, shared by every layer.

Selectors, analysis and the pages' parsers raise them; the API turns them into a 400 body
naming the parameter (``common.api.errors``), the pages into an error page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def as_list(value: str | Iterable[Any] | None) -> list[str]:
    """``None`` -> [], one string -> [it], anything iterable -> its items as strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]


class BadParameter(ValueError):
    """A request parameter that cannot be used: ``param`` names it, ``message`` says why."""

    def __init__(self, param: str, value: Any, message: str) -> None:
        self.param = param
        self.value = value
        self.message = message
        super().__init__(f"{param}={value!r}: {message}")


class UnknownCode(BadParameter):
    """A zone slug, indicator code, cohort slug, source key or period that does not exist."""

    def __init__(self, param: str, value: Any, message: str | None = None) -> None:
        super().__init__(
            param, value, message or f"未知的代码 / unknown code: {', '.join(as_list(value))}"
        )
