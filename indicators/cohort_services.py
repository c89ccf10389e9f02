"""Writes: a bulletin's figures for a whole group of zones, stored as cohort statistics.

A bulletin row for 全国国家高新区 is not a zone's figure but a statistic of the cohort "all
national high-tech zones": a total (GDP, operating revenue, R&D of all zones together, and the
number of zones), the growth of that total, or its share of the national figure. This module
plans those rows (``cohort_statistic_plan``), writes them (``cohort_statistic_save``) and
derives the cohort's means from its totals (``cohort_means_derive``), which is what the
benchmark compares a zone with. ``indicators.bulletin_services.bulletin_load`` calls the
three inside its transaction.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from common.i18n import bilingual_message_dict
from common.importing.base import RowError
from common.importing.names import Ambiguous, normalise
from indicators.importers.bulletins import KEEP, SourceSpec, group_name, stored_figure_verdict
from indicators.importers.cells import PERIODS
from indicators.importers.lookups import indicator_index
from indicators.models import CohortStatistic, Indicator, Source, Statistic, ValueType
from indicators.units import UnitError, convert
from zones.models import Cohort

# "GDP占全国比重": the share of the national figure of the indicator named before it.
SHARE_OF_NATIONAL_SUFFIX = "占全国比重"
# The indicator a cohort's number of members is filed under (a total of zones).
MEMBER_COUNT_INDICATOR = "zone_count"
DERIVED_PREFIX = "推算 / derived: "
FIELDS = ("value", "qualifier", "as_reported", "source", "locator", "note")
MEAN_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class CohortChange:
    """What the load does (or would do) with one cohort statistic; ``row`` 0 for a mean it
    derived."""

    row: int
    cohort: str
    indicator: str
    statistic: str
    year: int
    period: str
    value: Decimal

    @property
    def label(self) -> str:
        return f"{self.cohort} / {self.indicator} {self.statistic} / {self.year} {self.period}"


@dataclass
class CohortPlan:
    """The statistics a load would create or update, and the outcome of every row."""

    to_create: list[CohortStatistic]
    to_update: list[CohortStatistic]
    created: list[CohortChange]
    updated: list[CohortChange]
    unchanged: list[CohortChange]
    refused: list[RowError]

    @property
    def source_keys(self) -> set[str]:
        return {obj.source_key for obj in [*self.to_create, *self.to_update]}  # type: ignore[attr-defined]


def cohort_names() -> dict[str, str]:
    """Every cohort's slug and Chinese name (``group_name``-normalised) -> its slug."""
    names: dict[str, str] = {}
    for slug, name_zh in Cohort.objects.values_list("slug", "name_zh"):
        names[group_name(slug)] = slug
        names[group_name(name_zh)] = slug
    return names


def cohort_statistic_plan(
    *,
    rows: list[dict[str, str]],
    numbers: list[int],
    sources: Mapping[str, SourceSpec],
) -> CohortPlan:
    """Check bulletin ``rows`` for cohorts (with a ``cohort`` slug) and plan their writes.

    Each row becomes a statistic of its cohort: "X占全国比重" the share of the national
    figure of indicator X, any other indicator a total (for a growth rate: the growth of the
    total). Values are converted into the indicator's unit; every statistic passes
    ``full_clean()``. A stored statistic is replaced only as ``stored_figure_verdict`` allows.
    A row that cannot be stored is in ``refused`` with its row number (``numbers``), column
    and reason. Writes nothing.
    """
    plan = CohortPlan([], [], [], [], [], [])
    if not rows:
        return plan
    indicators = indicator_index()
    cohorts = Cohort.objects.in_bulk({row["cohort"] for row in rows}, field_name="slug")
    parsed: list[tuple[int, CohortStatistic, SourceSpec]] = []
    for number, row in zip(numbers, rows, strict=True):
        try:
            obj = _statistic(row, cohorts[row["cohort"]], indicators)
        except _RowRefused as refusal:
            plan.refused.append(RowError(number, refusal.column, refusal.value, str(refusal)))
            continue
        parsed.append((number, obj, sources[row["source"]]))

    existing = {
        _key(obj): obj
        for obj in CohortStatistic.objects.filter(cohort__in=cohorts.values()).select_related(
            "source"
        )
    }
    for number, obj, spec in parsed:
        stored = existing.get(_key(obj))
        change = CohortChange(
            number,
            obj.cohort.slug,
            obj.indicator.code,
            obj.statistic,
            obj.year,
            obj.period,
            obj.value,
        )
        if stored is None:
            plan.to_create.append(obj)
            plan.created.append(change)
            continue
        verdict = stored_figure_verdict(
            stored_key=stored.source.key,
            stored_reliability=stored.source.reliability,
            stored_value=stored.value,
            stored_as_reported=stored.as_reported,
            key=spec.key,
            reliability=spec.reliability,
            value=obj.value,
        )
        if verdict == KEEP:
            plan.unchanged.append(change)
        elif verdict is not None:
            plan.refused.append(RowError(number, "", change.label, verdict))
        else:
            for name in FIELDS:
                if name != "source":
                    setattr(stored, name, getattr(obj, name))
            stored.source_key = obj.source_key  # type: ignore[attr-defined]
            plan.to_update.append(stored)
            plan.updated.append(change)
    return plan


def cohort_statistic_save(*, plan: CohortPlan, user=None, change_reason: str) -> None:
    """Write ``plan`` (its sources must exist), with history."""
    sources = Source.objects.in_bulk(plan.source_keys, field_name="key")
    for obj in [*plan.to_create, *plan.to_update]:
        obj.source = sources[obj.source_key]  # type: ignore[attr-defined]
    _save(plan.to_create, plan.to_update, user=user, change_reason=change_reason)


def cohort_means_derive(
    *, cohorts: Iterable[str], user=None, change_reason: str
) -> list[CohortChange]:
    """Derive the mean of every amount a cohort has a total for, as total ÷ the number of
    zones (the ``zone_count`` total) of the same year and period, and store it.

    A derived mean says so in ``as_reported`` (``DERIVED_PREFIX``) and ``note``, cites the
    total's source, and is approximate (at least, when the total is a lower bound). A mean a
    source reported is never replaced. Returns the means created or updated; storing the same
    again changes nothing.
    """
    totals = list(
        CohortStatistic.objects.filter(cohort__slug__in=list(cohorts), statistic=Statistic.TOTAL)
        .select_related("cohort", "indicator", "source")
        .order_by("cohort__slug", "indicator__code", "year", "period")
    )
    counts = {
        (stat.cohort_id, stat.year, stat.period): stat
        for stat in totals
        if stat.indicator.code == MEMBER_COUNT_INDICATOR and stat.value > 0
    }
    means = {
        (stat.cohort_id, stat.indicator_id, stat.year, stat.period): stat
        for stat in CohortStatistic.objects.filter(
            cohort__in={stat.cohort_id for stat in totals}, statistic=Statistic.MEAN
        )
    }
    to_create, to_update, changes = [], [], []
    for total in totals:
        count = counts.get((total.cohort_id, total.year, total.period))
        if count is None or total.indicator.value_type != ValueType.AMOUNT:
            continue
        value = (total.value / count.value).quantize(MEAN_PLACES)
        fields = {
            "value": value,
            "qualifier": total.qualifier
            if total.qualifier in ("at_least", "at_most")
            else "approx",
            "as_reported": f"{DERIVED_PREFIX}{total.as_reported} ÷ {count.as_reported}",
            "source": total.source,
            "locator": "由合计除以当年园区数推算 / the total divided by the year's number of zones",
            "note": (
                f"推算值：合计 {total.as_reported}（来源 {total.source.key}）÷ 园区数 "
                f"{count.as_reported}（来源 {count.source.key}）。 / Derived: the total over the "
                "number of zones."
            ),
        }
        mean = means.get((total.cohort_id, total.indicator_id, total.year, total.period))
        if mean is None:
            mean = CohortStatistic(
                cohort=total.cohort,
                indicator=total.indicator,
                year=total.year,
                period=total.period,
                statistic=Statistic.MEAN,
                **fields,
            )
            to_create.append(mean)
        elif not mean.as_reported.startswith(DERIVED_PREFIX):
            continue
        elif any(_differs(getattr(mean, name), new) for name, new in fields.items()):
            for name, new in fields.items():
                setattr(mean, name, new)
            to_update.append(mean)
        else:
            continue
        mean.full_clean(validate_unique=False, validate_constraints=False)
        changes.append(
            CohortChange(
                0,
                total.cohort.slug,
                total.indicator.code,
                Statistic.MEAN,
                total.year,
                total.period,
                value,
            )
        )
    _save(to_create, to_update, user=user, change_reason=change_reason)
    return changes


def _save(to_create: list, to_update: list, *, user, change_reason: str) -> None:
    """Create and update cohort statistics in bulk, each recorded in the history."""
    bulk_create_with_history(
        to_create, CohortStatistic, default_user=user, default_change_reason=change_reason
    )
    if to_update:
        bulk_update_with_history(
            to_update,
            CohortStatistic,
            fields=list(FIELDS),
            default_user=user,
            default_change_reason=change_reason,
        )


class _RowRefused(ValueError):
    def __init__(self, column: str, value: str, message: str):
        super().__init__(message)
        self.column, self.value = column, value


def _key(obj: CohortStatistic) -> tuple:
    return (obj.cohort_id, obj.indicator_id, obj.year, obj.period, obj.statistic)


def _differs(old, new) -> bool:
    if isinstance(old, Decimal) and isinstance(new, Decimal):
        return old.compare(new) != 0
    if isinstance(new, Source):
        return getattr(old, "pk", None) != new.pk
    return old != new


def _statistic(row: dict[str, str], cohort: Cohort, indicators) -> CohortStatistic:
    """The unsaved statistic ``row`` states (its source in ``source_key``), checked."""
    name, statistic = row["indicator"], Statistic.TOTAL
    if normalise(name).endswith(normalise(SHARE_OF_NATIONAL_SUFFIX)):
        name, statistic = name[: -len(SHARE_OF_NATIONAL_SUFFIX)], Statistic.SHARE_OF_NATIONAL
    indicator = indicators.get(name)
    if indicator is None or isinstance(indicator, Ambiguous):
        raise _RowRefused(
            "indicator",
            row["indicator"],
            f"未知或有歧义的指标“{row['indicator']}” / Unknown or ambiguous indicator "
            f"“{row['indicator']}” (use its code, Chinese name or an alias).",
        )
    year = row["year"].removesuffix("年")
    if not (year.isdigit() and len(year) == 4):
        raise _RowRefused("year", row["year"], "年份必须是四位数字 / The year must be four digits.")
    period = PERIODS.get(normalise(row["period"] or "FY"))
    if period is None:
        raise _RowRefused("period", row["period"], "未知的期间 / Unknown period.")
    value = _value(row, indicator, statistic)
    obj = CohortStatistic(
        cohort=cohort,
        indicator=indicator,
        year=int(year),
        period=period,
        statistic=statistic,
        value=value,
        qualifier=row["qualifier"],
        as_reported=row["as_reported"],
        locator=row.get("locator", ""),
        note=row["note"],
    )
    # the unsaved statistic carries its source key until the load has made its sources
    obj.source_key = row["source"]  # type: ignore[attr-defined]
    try:
        obj.full_clean(
            exclude=["cohort", "indicator", "source"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        column, messages = next(iter(bilingual_message_dict(exc).items()))
        raise _RowRefused(
            column if column != "__all__" else "", row.get(column, ""), messages[0]
        ) from None
    return obj


def _value(row: dict[str, str], indicator: Indicator, statistic: str) -> Decimal:
    try:
        value = Decimal(row["value"].replace(",", ""))
    except InvalidOperation:
        raise _RowRefused("value", row["value"], "不是数字 / Not a number.") from None
    target = "%" if statistic == Statistic.SHARE_OF_NATIONAL else indicator.unit
    try:
        return convert(value, from_unit=row["unit"] or target, to_unit=target)
    except UnitError as exc:
        raise _RowRefused("unit", row["unit"], str(exc)) from None
