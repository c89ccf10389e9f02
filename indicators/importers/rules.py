"""The model's rules for a parsed observation row, checked without a query.

``Observation.full_clean()`` costs about as much as everything else an import does to a row,
so a row is first held against the same rules in plain comparisons (the value's digits and
magnitude, the indicator's plausible range, the lengths of the text fields). Only a row that
may break one of them goes through ``full_clean()``, which then gives the reason in the
model's own words: the messages are exactly those of an admin edit, and a rule added to the
model is never skipped, only checked the slow way.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from common.i18n import bilingual_message_dict
from common.importing.base import RowError
from indicators.models import MAX_MAGNITUDE, Indicator, Observation

from .observations import ObservationRow

# full_clean() skips these: the importer resolved them from the database itself (checking
# them again would cost three queries a row), and uniqueness is checked on the whole file.
CLEAN_EXCLUDE = ["zone", "indicator", "source"]

_VALUE = Observation._meta.get_field("value")
_WHOLE_DIGITS = _VALUE.max_digits - _VALUE.decimal_places


def _max_length(name: str) -> int:
    field = Observation._meta.get_field(name)
    if not isinstance(field, models.CharField) or field.max_length is None:
        raise TypeError(f"Observation.{name} is not a text field of bounded length.")
    return field.max_length


_MAX_LENGTH = {name: _max_length(name) for name in ("as_reported", "locator")}


class RuleCheck:
    """Checks rows against the model's rules; remembers each indicator's range."""

    def __init__(self, *, headers: dict[str, str]):
        self.headers = headers
        self._ranges: dict[int, tuple[Decimal | None, Decimal | None]] = {}

    def errors(self, row: ObservationRow) -> list[RowError]:
        """The rule violations of ``row`` as row errors (column as the file spells it)."""
        if self._plainly_valid(row):
            return []
        obs = Observation(
            zone=row.zone,
            indicator=row.indicator,
            year=row.year,
            period=row.period,
            as_reported=row.as_reported,
            **{name: value for name, value in row.fields.items() if name != "as_reported"},
        )
        try:
            obs.full_clean(exclude=CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors: list[RowError] = []
            for name, messages in bilingual_message_dict(exc).items():
                column = self.headers.get(name, "" if name == "__all__" else name)
                shown = getattr(obs, name, "") if name != "__all__" else ""
                errors.extend(RowError(row.row, column, str(shown or ""), m) for m in messages)
            return errors
        return []

    def _plainly_valid(self, row: ObservationRow) -> bool:
        return self.plainly_valid(
            value=row.fields["value"],
            indicator=row.indicator,
            as_reported=row.as_reported,
            locator=row.fields.get("locator", ""),
        )

    def plainly_valid(
        self, *, value: Decimal, indicator: Indicator, as_reported: str, locator: str
    ) -> bool:
        """Whether a row with these values keeps every rule of the model (False: maybe not,
        ``errors`` asks the model)."""
        sign, digits, exponent = value.as_tuple()
        if not isinstance(exponent, int) or abs(value) > MAX_MAGNITUDE:
            return False
        decimals = max(0, -exponent)
        if decimals > _VALUE.decimal_places or len(digits) - decimals > _WHOLE_DIGITS:
            return False
        lower, upper = self._range(indicator)
        if (lower is not None and value < lower) or (upper is not None and value > upper):
            return False
        return (
            0 < len(as_reported) <= _MAX_LENGTH["as_reported"]
            and len(locator) <= _MAX_LENGTH["locator"]
        )

    def _range(self, indicator: Indicator) -> tuple[Decimal | None, Decimal | None]:
        found = self._ranges.get(indicator.pk)
        if found is None:
            found = self._ranges[indicator.pk] = indicator.plausible_range()
        return found
