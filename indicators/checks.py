"""Writes: consistency checks over the stored figures, each finding kept for a steward.

Each check reads the figures it compares in one query per indicator group (never a query per
row), and proposes findings; ``checks_run`` then brings the stored findings in line: new ones
created, open ones updated or deleted once they no longer hold, resolved ones kept with the
steward's resolution. Only reported and estimated figures are checked: a derived figure agrees
with its inputs by construction.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median
from typing import Any, NamedTuple

from django.db import transaction

from common.cache import bump_data_generation
from indicators.models import (
    PERIOD_MONTHS,
    CheckKind,
    Finding,
    FormulaKind,
    Indicator,
    Observation,
    Period,
    Resolution,
    Severity,
    Status,
    ValueType,
)

# Groups the checks know: shares that make 100, parts that make a total, a reported growth and
# the level it is the growth of.
SHARE_GROUPS = (("primary_share", "secondary_share", "tertiary_share"),)
PART_GROUPS = (("gdp", ("primary_va", "secondary_va", "tertiary_va")),)
GROWTH_OF = {
    "gdp_growth": "gdp",
    "retail_sales_growth": "retail_sales",
    "budget_revenue_growth": "budget_revenue",
    "industrial_va_growth": "industrial_va",
    "operating_revenue_growth": "operating_revenue",
    "hightech_revenue_growth": "hightech_revenue",
}
RATIO_TOLERANCE_PERCENT = Decimal(2)  # reported vs derived: relative gap allowed
GROWTH_TOLERANCE_POINTS = Decimal(5)  # a real growth may trail the nominal by a deflator
PART_YEAR_TOLERANCE_POINTS = Decimal(8)
SERIES_BREAK_PERCENT = Decimal(15)


class Figure(NamedTuple):
    id: int
    zone_id: int
    code: str
    year: int
    period: str
    value: Decimal
    source_key: str

    def described(self) -> dict[str, Any]:
        return {
            "indicator": self.code,
            "year": self.year,
            "period": self.period,
            "value": f"{self.value.normalize():f}",
            "source": self.source_key,
        }


@dataclass(frozen=True)
class Found:
    kind: str
    observation_id: int
    severity: str
    message: str
    inputs: list[dict[str, Any]]


@dataclass
class ChecksReport:
    """What one run did, and the open findings by kind after it."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    open_by_kind: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(self.open_by_kind.items()))
        return (
            f"一致性检查：新增 {self.created}、更新 {self.updated}、删除 {self.deleted} / "
            f"consistency checks: {self.created} new, {self.updated} updated, "
            f"{self.deleted} no longer hold; open: {kinds or 'none'}"
        )


def checks_run() -> ChecksReport:
    """Run every check over all reported figures and store the findings (see module doc).

    Returns the counts. Bumps the cache generation when a finding changed.
    """
    found = {
        (f.kind, f.observation_id): f
        for check in (
            reported_vs_derived,
            shares_sum,
            parts_sum,
            growth_vs_levels,
            part_year_ratio,
            series_break,
        )
        for f in check()
    }
    report = ChecksReport()
    with transaction.atomic():
        stale: list[int] = []
        changed: list[Finding] = []
        for finding in Finding.objects.all():
            new = found.pop((finding.kind, finding.observation_id), None)
            if new is None:
                if finding.resolution == Resolution.OPEN:
                    stale.append(finding.pk)
            elif (finding.severity, finding.message, finding.inputs) != (
                new.severity,
                new.message,
                new.inputs,
            ):
                finding.severity, finding.message, finding.inputs = (
                    new.severity,
                    new.message,
                    new.inputs,
                )
                changed.append(finding)
        report.deleted = Finding.objects.filter(pk__in=stale).delete()[0]
        Finding.objects.bulk_update(changed, ["severity", "message", "inputs"])
        Finding.objects.bulk_create(
            Finding(
                kind=f.kind,
                observation_id=f.observation_id,
                severity=f.severity,
                message=f.message,
                inputs=f.inputs,
            )
            for f in found.values()
        )
    report.created, report.updated = len(found), len(changed)
    for kind in Finding.objects.filter(resolution=Resolution.OPEN).values_list("kind", flat=True):
        report.open_by_kind[kind] = report.open_by_kind.get(kind, 0) + 1
    if report.created or report.updated or report.deleted:
        bump_data_generation()
    return report


def _figures(codes: Iterable[str]) -> dict[tuple[int, str, int, str], Figure]:
    """The reported and estimated figures of ``codes``, by (zone, code, year, period)."""
    rows = (
        Observation.objects.filter(indicator__code__in=list(codes))
        .exclude(status=Status.DERIVED)
        .values_list("id", "zone_id", "indicator__code", "year", "period", "value", "source__key")
    )
    return {(r[1], r[2], r[3], r[4]): Figure(*r) for r in rows.iterator(chunk_size=5000)}


def _half_unit(value: Decimal) -> Decimal:
    """Half of the last printed digit of ``value``: how far rounding may have moved it."""
    exponent = value.normalize().as_tuple().exponent
    # Stored decimals have lost the printed trailing zeros: 1000 reads as 1E+3, so a whole
    # number is taken as printed to the unit.
    places = min(int(exponent), 0) if isinstance(exponent, int) else 0
    return Decimal(5) * Decimal(10) ** (places - 1)


def reported_vs_derived() -> Iterator[Found]:
    """A reported ratio that its own inputs do not give (within RATIO_TOLERANCE_PERCENT).

    When the inputs of the year before or after give it, the message says so: the figure
    may be filed under the wrong year.
    """
    for ind in Indicator.objects.filter(formula_kind=FormulaKind.RATIO).select_related(
        "formula_first", "formula_second"
    ):
        first, second = ind.formula_first, ind.formula_second
        assert first is not None and second is not None
        figures = _figures([ind.code, first.code, second.code])
        for (zone, code, year, period), reported in figures.items():
            if code != ind.code:
                continue
            a = figures.get((zone, first.code, year, period))
            b = figures.get((zone, second.code, year, period))
            computed = _ratio(a, b, ind.formula_factor)
            if computed is None or _close(reported.value, computed):
                continue
            assert a is not None and b is not None
            message = (
                f"所报 {reported.value.normalize():f} ≠ {first.code} ÷ {second.code} = "
                f"{computed:.2f} / reported {reported.value.normalize():f}, the inputs give "
                f"{computed:.2f}"
            )
            inputs = [reported.described(), a.described(), b.described()]
            for other_year in (year - 1, year + 1):
                for other_a in (a, figures.get((zone, first.code, other_year, period))):
                    other_b = figures.get((zone, second.code, other_year, period))
                    other = _ratio(other_a, other_b, ind.formula_factor)
                    if other is not None and _close(reported.value, other):
                        assert other_a is not None and other_b is not None
                        message += (
                            f"; 与 {other_year} 年的输入相符，可能属于 {other_year} 年 / matches "
                            f"{other_year}'s inputs: the figure may belong to {other_year}"
                        )
                        inputs += [other_a.described(), other_b.described()]
                        break
                else:
                    continue
                break
            yield Found(CheckKind.REPORTED_VS_DERIVED, reported.id, Severity.ERROR, message, inputs)


def _ratio(a: Figure | None, b: Figure | None, factor: Decimal) -> Decimal | None:
    if a is None or b is None or b.value <= 0:
        return None
    return a.value / b.value * factor


def _close(reported: Decimal, computed: Decimal) -> bool:
    gap = abs(reported - computed)
    return gap <= _half_unit(reported) or gap <= abs(computed) * RATIO_TOLERANCE_PERCENT / 100


def shares_sum() -> Iterator[Found]:
    """Shares of one whole (the three sectors) that do not sum to 100, beyond rounding."""
    for group in SHARE_GROUPS:
        figures = _figures(group)
        for zone, year, period in {(z, y, p) for z, _c, y, p in figures}:
            members = [figures.get((zone, code, year, period)) for code in group]
            present = [m for m in members if m is not None]
            if len(present) < len(group):
                continue
            total = sum((m.value for m in present), Decimal(0))
            if abs(total - 100) <= sum((_half_unit(m.value) for m in present), Decimal(0)):
                continue
            yield Found(
                CheckKind.SHARES_SUM,
                present[0].id,
                Severity.WARNING,
                f"占比之和 {total.normalize():f}%，不是 100% / the shares sum to "
                f"{total.normalize():f}%, not 100%",
                [m.described() for m in present],
            )


def parts_sum() -> Iterator[Found]:
    """Parts (the sectors' value added) whose sum is not the total (GDP), beyond rounding."""
    for total_code, part_codes in PART_GROUPS:
        figures = _figures([total_code, *part_codes])
        for (zone, code, year, period), total in figures.items():
            if code != total_code:
                continue
            parts = [figures.get((zone, c, year, period)) for c in part_codes]
            present = [p for p in parts if p is not None]
            if len(present) < len(part_codes):
                continue
            summed = sum((p.value for p in present), Decimal(0))
            slack = _half_unit(total.value) + sum(
                (_half_unit(p.value) for p in present), Decimal(0)
            )
            gap = summed - total.value
            if abs(gap) <= slack:
                continue
            relative = abs(gap) / total.value * 100 if total.value else Decimal(100)
            yield Found(
                CheckKind.PARTS_SUM,
                total.id,
                Severity.ERROR if relative >= 1 else Severity.WARNING,
                f"分项之和 {summed.normalize():f} ≠ 总量 {total.value.normalize():f}（差 "
                f"{gap.normalize():f}）/ the parts sum to {summed.normalize():f}, the total is "
                f"{total.value.normalize():f} (a gap of {gap.normalize():f})",
                [total.described(), *(p.described() for p in present)],
            )


def growth_vs_levels() -> Iterator[Found]:
    """A reported growth far (GROWTH_TOLERANCE_POINTS) from the growth of the reported levels."""
    figures = _figures([*GROWTH_OF, *GROWTH_OF.values()])
    for (zone, code, year, period), growth in figures.items():
        level_code = GROWTH_OF.get(code)
        if level_code is None:
            continue
        now = figures.get((zone, level_code, year, period))
        before = figures.get((zone, level_code, year - 1, period))
        if now is None or before is None or before.value <= 0:
            continue
        from_levels = (now.value / before.value - 1) * 100
        if abs(growth.value - from_levels) <= GROWTH_TOLERANCE_POINTS:
            continue
        yield Found(
            CheckKind.GROWTH_VS_LEVELS,
            growth.id,
            Severity.WARNING,
            f"所报增速 {growth.value.normalize():f}%，总量增长 {from_levels:.1f}%："
            f"口径调整、普查修订或价格因素？/ reported growth {growth.value.normalize():f}%, "
            f"the levels grew {from_levels:.1f}%: a revision, a change of scope, or prices?",
            [growth.described(), now.described(), before.described()],
        )


def _flow_codes() -> list[str]:
    return list(
        Indicator.objects.filter(value_type=ValueType.AMOUNT, formula_kind="").values_list(
            "code", flat=True
        )
    )


def part_year_ratio() -> Iterator[Found]:
    """A full-year figure whose part-year figure is an unusual share of it.

    The share is compared with the same zone's share in its other years, or, with none,
    with the months elapsed (nine months ≈ 75 %); the finding is on the full-year figure.
    """
    figures = _figures(_flow_codes())
    shares: dict[tuple[int, str, str], dict[int, Decimal]] = defaultdict(dict)
    pairs: list[tuple[Figure, Figure]] = []
    for (zone, code, year, period), part in figures.items():
        whole = figures.get((zone, code, year, Period.FULL_YEAR))
        if period == Period.FULL_YEAR or whole is None or whole.value <= 0:
            continue
        shares[(zone, code, period)][year] = part.value / whole.value * 100
        pairs.append((part, whole))
    for part, whole in pairs:
        series = shares[(part.zone_id, part.code, part.period)]
        others = [share for year, share in series.items() if year != part.year]
        expected = (
            Decimal(median(others))
            if others
            else Decimal(PERIOD_MONTHS[Period(part.period)]) / 12 * 100
        )
        share = series[part.year]
        if abs(share - expected) <= PART_YEAR_TOLERANCE_POINTS:
            continue
        yield Found(
            CheckKind.PART_YEAR_RATIO,
            whole.id,
            Severity.WARNING,
            f"{part.period} 为全年的 {share:.1f}%，通常约 {expected:.0f}% / the {part.period} "
            f"figure is {share:.1f}% of the year's, against about {expected:.0f}% expected",
            [whole.described(), part.described()],
        )


def series_break() -> Iterator[Found]:
    """A full-year level that moves SERIES_BREAK_PERCENT or more from the year before.

    A warning when the source changes between the two years (a change of scope is likely),
    otherwise for information.
    """
    figures = _figures(_flow_codes())
    for (zone, code, year, period), now in figures.items():
        before = figures.get((zone, code, year - 1, period))
        if period != Period.FULL_YEAR or before is None or before.value <= 0:
            continue
        change = (now.value / before.value - 1) * 100
        if abs(change) < SERIES_BREAK_PERCENT:
            continue
        other_source = now.source_key != before.source_key
        yield Found(
            CheckKind.SERIES_BREAK,
            now.id,
            Severity.WARNING if other_source else Severity.INFO,
            f"较上年变动 {change:+.1f}%{'，来源不同' if other_source else ''} / "
            f"{change:+.1f}% on the year before"
            f"{' and from another source' if other_source else ''}: a revision or a change "
            "of scope?",
            [now.described(), before.described()],
        )
