"""Writes: derived indicators computed from their formulas, in bulk.

A derived indicator (``Indicator.formula_kind`` set) is computed from the observations of its
inputs, one indicator at a time: three queries read the inputs and the indicator's current
rows, the arithmetic runs over them in one pass, and the differences are written in bulk.
No query runs per row, whatever the number of zones and years.

The rules a derived figure keeps:
- it is stored with ``status=derived``, its inputs as foreign keys and as provenance text
  ("地区生产总值 2023 ÷ 常住人口 2023"), and the source of its least reliable input (so its
  reliability is that input's);
- it never replaces a reported or estimated figure: such a slot is left alone;
- an input's deletion deletes it (the database cascades), and a recompute brings every derived
  row in line with its inputs' current values, deleting those whose inputs are gone.
"""

from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Generic, NamedTuple, Protocol, TypeVar

from django.db import connection, transaction

from common.cache import bump_data_generation
from indicators.derived_sql import recompute_set_based
from indicators.models import (
    MAX_MAGNITUDE,
    FormulaKind,
    Indicator,
    Observation,
    Period,
    Qualifier,
    Reliability,
    Status,
)

QUANTUM = Decimal("0.0001")
GROWTH_KINDS = (FormulaKind.GROWTH, FormulaKind.CAGR)
BATCH_SIZE = 2000
RELIABILITY_RANK = {value: rank for rank, value in enumerate(Reliability.values)}
WRITTEN_FIELDS = (
    "value",
    "as_reported",
    "qualifier",
    "source",
    "locator",
    "note",
    "first_input",
    "second_input",
)

# The column names behind WRITTEN_FIELDS ("source" is stored as "source_id").
WRITTEN_ATTNAMES = tuple(
    "source_id" if name == "source" else f"{name}_id" if name.endswith("_input") else name
    for name in WRITTEN_FIELDS
)


class Input(NamedTuple):
    id: int
    zone_id: int
    year: int
    period: str
    value: Decimal
    qualifier: str
    source_id: int
    source_key: str
    reliability: str


@dataclass
class DerivedReport:
    """What one recompute did: counts of rows created, updated, deleted, and per indicator."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    indicators: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"推算指标 {len(self.indicators)} 个：新增 {self.created}、更新 {self.updated}、"
            f"删除 {self.deleted} / derived indicators {len(self.indicators)}: "
            f"{self.created} created, {self.updated} updated, {self.deleted} deleted"
        )


def derived_indicators_in_order(*, codes: Collection[str] | None = None) -> list[Indicator]:
    """The derived indicators (those named by ``codes``, by default all), inputs first.

    An indicator derived from another derived one comes after it, so one recompute pass is
    enough. Raises ValueError on a cycle (which ``Indicator.clean`` cannot see whole).
    """
    derived = {
        ind.pk: ind
        for ind in Indicator.objects.exclude(formula_kind="").select_related(
            "formula_first", "formula_second"
        )
    }
    ordered: list[Indicator] = []
    state: dict[int, str] = {}

    def visit(ind: Indicator) -> None:
        if state.get(ind.pk) == "done":
            return
        if state.get(ind.pk) == "visiting":
            raise ValueError(f"formula cycle through {ind.code}")
        state[ind.pk] = "visiting"
        for input_id in (ind.formula_first_id, ind.formula_second_id):
            if input_id in derived:
                visit(derived[input_id])
        state[ind.pk] = "done"
        ordered.append(ind)

    for ind in derived.values():
        visit(ind)
    if codes is not None:
        wanted = set(codes)
        ordered = [ind for ind in ordered if ind.code in wanted]
    return ordered


def derived_affected_by(*, indicator_ids: Collection[int]) -> list[str]:
    """Codes of the derived indicators a change to ``indicator_ids``' figures can alter.

    Those among ``indicator_ids`` themselves (a deleted reported figure frees its slot for a
    derived one) and those computed from them, directly or through another derived one.
    """
    rows = list(
        Indicator.objects.exclude(formula_kind="").values_list(
            "pk", "code", "formula_first_id", "formula_second_id"
        )
    )
    found = {pk for pk, _code, _a, _b in rows if pk in indicator_ids}
    frontier = set(indicator_ids)
    while frontier:
        step = {pk for pk, _code, a, b in rows if a in frontier or b in frontier} - found
        found |= step
        frontier = step
    return [code for pk, code, _a, _b in rows if pk in found]


def derived_recompute(
    *, codes: Collection[str] | None = None, zone_ids: Collection[int] | None = None
) -> DerivedReport:
    """Recompute derived indicators (``codes``, by default all) for ``zone_ids`` (default all).

    Each indicator's rows are brought in line with its inputs in one transaction. Returns the
    counts; raises ValueError on a formula cycle. Bumps the cache generation when it wrote.
    """
    report = DerivedReport()
    for indicator in derived_indicators_in_order(codes=codes):
        with transaction.atomic():
            _recompute_one(indicator, zone_ids=zone_ids, report=report)
        report.indicators.append(indicator.code)
    if report.created or report.updated or report.deleted:
        bump_data_generation()
    return report


def _inputs(indicator_id: int, zone_ids: Collection[int] | None) -> list[Input]:
    rows = Observation.objects.filter(indicator_id=indicator_id)
    if zone_ids is not None:
        rows = rows.filter(zone_id__in=zone_ids)
    return [
        Input(*row)
        for row in rows.values_list(
            "id",
            "zone_id",
            "year",
            "period",
            "value",
            "qualifier",
            "source_id",
            "source__key",
            "source__reliability",
        ).iterator(chunk_size=BATCH_SIZE)
    ]


def _recompute_one(
    indicator: Indicator, *, zone_ids: Collection[int] | None, report: DerivedReport
) -> None:
    if connection.vendor == "postgresql":  # the same rules, set-based (indicators.derived_sql)
        created, updated, deleted = recompute_set_based(indicator, zone_ids=zone_ids)
        report.created += created
        report.updated += updated
        report.deleted += deleted
        return
    first = indicator.formula_first
    assert first is not None  # a derived indicator has a first input (Indicator.clean)
    firsts = _inputs(first.pk, zone_ids)
    kind = indicator.formula_kind
    if kind in (FormulaKind.RATIO, FormulaKind.DIFFERENCE):
        second = indicator.formula_second
        assert second is not None
        seconds = _inputs(second.pk, zone_ids)
        pairs = _same_year_pairs(firsts, seconds, carry=indicator.formula_carry_second)
    else:
        second = first
        pairs = _year_apart_pairs(firsts, years=indicator.formula_years)
    lower, upper = indicator.plausible_range()
    wanted: dict[tuple[int, int, str], Observation] = {}
    for a, b in pairs:
        value = _compute(indicator, a.value, b.value)
        if value is None or (lower is not None and value < lower):
            continue
        if upper is not None and value > upper:
            continue  # out of range: no figure (the consistency checks report the inputs)
        wanted[(a.zone_id, a.year, a.period)] = _derived_row(indicator, first, second, a, b, value)
    _write(indicator, wanted, zone_ids=zone_ids, report=report)


class Slot(Protocol):
    """What the pairing rule reads of a figure: its zone (any key), year and period."""

    @property
    def zone_id(self) -> Hashable: ...

    @property
    def year(self) -> int: ...

    @property
    def period(self) -> str: ...


SlotT = TypeVar("SlotT", bound=Slot)


class SecondInputs(Generic[SlotT]):
    """The second inputs of a same-year ratio, found by the formula's rule.

    ``find`` gives the second input of the same zone, year and period. With ``carry``, a
    figure without a same-slot second takes the second input's latest value of a year up to
    its own, a full-year one first (an area reported once holds for the years after it).
    This is the one place of that rule: the derived ``gdp_per_km2`` and the pages' and API's
    ``per=km2`` both use it.
    """

    def __init__(self, seconds: Iterable[SlotT], *, carry: bool) -> None:
        seconds = list(seconds)
        self.carry = carry
        self.by_slot = {(b.zone_id, b.year, b.period): b for b in seconds}
        self.by_zone: dict[Hashable, list[SlotT]] = {}
        if carry:
            for b in sorted(seconds, key=lambda b: (b.year, b.period == Period.FULL_YEAR)):
                self.by_zone.setdefault(b.zone_id, []).append(b)

    def find(self, zone_id: Hashable, year: int, period: str) -> SlotT | None:
        match = self.by_slot.get((zone_id, year, period))
        if match is None and self.carry:
            earlier = [b for b in self.by_zone.get(zone_id, ()) if b.year <= year]
            match = earlier[-1] if earlier else None
        return match


def _same_year_pairs(
    firsts: list[Input], seconds: list[Input], *, carry: bool
) -> Iterable[tuple[Input, Input]]:
    """Each first input with its second input by ``SecondInputs``' rule."""
    index = SecondInputs(seconds, carry=carry)
    for a in firsts:
        match = index.find(a.zone_id, a.year, a.period)
        if match is not None:
            yield a, match


def _year_apart_pairs(firsts: list[Input], *, years: int) -> Iterable[tuple[Input, Input]]:
    """Each input with the same zone's and period's input ``years`` years before."""
    by_slot = {(a.zone_id, a.year, a.period): a for a in firsts}
    for a in firsts:
        base = by_slot.get((a.zone_id, a.year - years, a.period))
        if base is not None:
            yield a, base


def _compute(indicator: Indicator, a: Decimal, b: Decimal) -> Decimal | None:
    """The formula's value for inputs ``a`` and ``b``, or None where it has none."""
    kind, factor = indicator.formula_kind, indicator.formula_factor
    try:
        if kind == FormulaKind.DIFFERENCE:
            value = (a - b) * factor
        elif b <= 0:
            return None  # no ratio to a zero or negative denominator or base level
        elif kind == FormulaKind.RATIO:
            value = a / b * factor
        elif a < 0:
            return None
        else:
            years = indicator.formula_years if kind == FormulaKind.CAGR else 1
            value = (Decimal((a / b) ** (Decimal(1) / years)) - 1) * factor
        value = value.quantize(QUANTUM, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ArithmeticError):
        return None
    return value if abs(value) <= MAX_MAGNITUDE else None


def _label(ind: Indicator, row: Input) -> str:
    period = "" if row.period == Period.FULL_YEAR else f" {row.period}"
    return f"{ind.name_zh} {row.year}{period}"


def _derived_row(
    indicator: Indicator,
    first: Indicator,
    second: Indicator,
    a: Input,
    b: Input,
    value: Decimal,
) -> Observation:
    kind = indicator.formula_kind
    sign = "−" if kind == FormulaKind.DIFFERENCE else "÷"
    locator = f"{_label(first, a)} {sign} {_label(second, b)}"
    if kind == FormulaKind.CAGR:
        locator = f"({locator})^(1/{indicator.formula_years}) − 1"
    elif kind == FormulaKind.GROWTH:
        locator = f"{locator} − 1"
    factor = indicator.formula_factor.normalize()
    shown = f"{a.value.normalize():f} {sign} {b.value.normalize():f}"
    if kind == FormulaKind.CAGR:
        shown = f"({shown})^(1/{indicator.formula_years}) − 1"
    elif kind == FormulaKind.GROWTH:
        shown = f"{shown} − 1"
    if factor != 1:
        shown = f"({shown}) × {factor:f}" if kind in GROWTH_KINDS else f"{shown} × {factor:f}"
    weakest = max((a, b), key=lambda row: RELIABILITY_RANK.get(row.reliability, 99))
    exact = a.qualifier == b.qualifier == Qualifier.EXACT
    return Observation(
        zone_id=a.zone_id,
        indicator=indicator,
        year=a.year,
        period=a.period,
        value=value,
        value_type=indicator.value_type,
        qualifier=Qualifier.EXACT if exact else Qualifier.APPROXIMATE,
        as_reported=f"推算 / derived: {shown}"[:200],
        status=Status.DERIVED,
        source_id=weakest.source_id,
        locator=locator[:300],
        note=f"输入来源 / input sources: {a.source_key}, {b.source_key}",
        first_input_id=a.id,
        second_input_id=b.id,
        preferred=True,
    )


def _write(
    indicator: Indicator,
    wanted: dict[tuple[int, int, str], Observation],
    *,
    zone_ids: Collection[int] | None,
    report: DerivedReport,
) -> None:
    # Every source's figures: a slot any reported or estimated figure holds gets no derived
    # one (and loses the one it had), so a derived figure is always alone, and preferred.
    current = Observation.all_sources.filter(indicator=indicator)
    if zone_ids is not None:
        current = current.filter(zone_id__in=zone_ids)
    rows = list(current.only("id", "zone_id", "year", "period", "status", *WRITTEN_FIELDS))
    held = {(obs.zone_id, obs.year, obs.period) for obs in rows if obs.status != Status.DERIVED}
    to_update: list[Observation] = []
    stale: list[int] = []
    for obs in rows:
        slot = (obs.zone_id, obs.year, obs.period)
        new = wanted.pop(slot, None)
        if obs.status != Status.DERIVED:
            continue  # a reported or estimated figure is never replaced
        if new is None or slot in held:
            stale.append(obs.pk)
        elif _differs(obs, new):
            new.pk = obs.pk
            to_update.append(new)
    if stale:
        report.deleted += (
            Observation.all_sources.filter(pk__in=stale).delete()[1].get(Observation._meta.label, 0)
        )
    # Derived rows keep no history of their own: their inputs' history says why they changed.
    Observation.all_sources.bulk_update(to_update, WRITTEN_FIELDS, batch_size=BATCH_SIZE)
    Observation.all_sources.bulk_create(wanted.values(), batch_size=BATCH_SIZE)
    report.updated += len(to_update)
    report.created += len(wanted)


def _differs(old: Observation, new: Observation) -> bool:
    return any(getattr(old, name) != getattr(new, name) for name in WRITTEN_ATTNAMES)
