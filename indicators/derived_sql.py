"""Writes: one derived indicator recomputed set-based, in SQL, on PostgreSQL.

The same rules as ``indicators.derived`` (which calls this on PostgreSQL and keeps the Python
pass for SQLite), in three statements instead of a Python loop over every input:

1. ``CREATE TEMP TABLE ... AS WITH ... SELECT``: every wanted figure of the indicator, computed
   from its inputs in one pass (pairs of the same zone, year and period, the latest earlier
   second input where the formula carries it, or the same slot ``formula_years`` before for
   growth and CAGR; the value rounded half away from zero to 4 places; no figure for a zero or
   negative denominator or base, outside the indicator's plausible range, or beyond
   ``MAX_MAGNITUDE``), with the same provenance text, qualifier, least reliable source and
   input keys as the Python pass;
2. the derived rows no longer wanted are deleted through the ORM (so what depends on them,
   findings and figures derived from them, goes too, as ``Observation.delete`` does);
3. ``INSERT ... SELECT ... ON CONFLICT DO UPDATE ... WHERE status = 'derived'``: new figures
   inserted, changed ones updated, a reported or estimated figure never touched.

At 5.4 million observations this takes seconds where the Python pass took minutes (README,
"Derived figures").
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import connection

from indicators.models import (
    MAX_MAGNITUDE,
    FormulaKind,
    Indicator,
    Observation,
    Qualifier,
    Reliability,
    Source,
    Status,
)

# the columns a recompute writes, as in ``derived.WRITTEN_ATTNAMES``
WRITTEN = (
    "value",
    "as_reported",
    "qualifier",
    "source_id",
    "locator",
    "note",
    "first_input_id",
    "second_input_id",
)
RANK_SQL = (
    "CASE {col} "
    + " ".join(f"WHEN '{value}' THEN {rank}" for rank, value in enumerate(Reliability.values))
    + " ELSE 99 END"
)


def _inputs_sql(alias: str, indicator_param: str, zone_filter: str) -> str:
    obs, src = Observation._meta.db_table, Source._meta.db_table
    return f"""{alias} AS (
        SELECT o.id, o.zone_id, o.year, o.period, o.value, o.qualifier, o.source_id,
               s.key AS source_key, {RANK_SQL.format(col="s.reliability")} AS weakness
        FROM {obs} o JOIN {src} s ON s.id = o.source_id
        WHERE o.indicator_id = %({indicator_param})s AND o.preferred {zone_filter})"""


def _pairs_sql(indicator: Indicator) -> str:
    kind = indicator.formula_kind
    if kind in (FormulaKind.GROWTH, FormulaKind.CAGR):
        return """pairs AS (
            SELECT a.*, b.id AS b_id, b.year AS b_year, b.period AS b_period,
                   b.value AS b_value, b.qualifier AS b_qualifier, b.source_id AS b_source_id,
                   b.source_key AS b_source_key, b.weakness AS b_weakness
            FROM a JOIN a AS b ON b.zone_id = a.zone_id AND b.period = a.period
                 AND b.year = a.year - %(years)s)"""
    if indicator.formula_carry_second:
        # the same slot's second input, else the latest of a year up to the first's, a
        # full-year one first (``derived.SecondInputs``)
        join = """CROSS JOIN LATERAL (
                SELECT * FROM b WHERE b.zone_id = a.zone_id AND b.year <= a.year
                ORDER BY (b.year = a.year AND b.period = a.period) DESC, b.year DESC,
                         (b.period = 'FY') DESC, b.id DESC
                LIMIT 1) b"""
    else:
        join = "JOIN b ON b.zone_id = a.zone_id AND b.year = a.year AND b.period = a.period"
    return f"""pairs AS (
        SELECT a.*, b.id AS b_id, b.year AS b_year, b.period AS b_period,
               b.value AS b_value, b.qualifier AS b_qualifier, b.source_id AS b_source_id,
               b.source_key AS b_source_key, b.weakness AS b_weakness
        FROM a {join})"""


def _value_sql(kind: str) -> str:
    if kind == FormulaKind.DIFFERENCE:
        return "round((value - b_value) * %(factor)s, 4)"
    if kind == FormulaKind.RATIO:
        return "CASE WHEN b_value <= 0 THEN NULL ELSE round(value / b_value * %(factor)s, 4) END"
    return """CASE WHEN b_value <= 0 OR value < 0 THEN NULL
        ELSE round((power(value / b_value, 1.0 / %(exponent)s) - 1) * %(factor)s, 4) END"""


def _text_sql(kind: str) -> tuple[str, str]:
    """The SQL of the locator ("地区生产总值 2023 ÷ 面积 2020") and of the figure as shown
    ("推算 / derived: 1000 ÷ 40"), as ``derived._derived_row`` writes them."""
    sign = "−" if kind == FormulaKind.DIFFERENCE else "÷"
    suffix = "CASE WHEN {p} = 'FY' THEN '' ELSE ' ' || {p} END"
    locator = (
        f"%(first_name)s || ' ' || year || {suffix.format(p='period')} || ' {sign} ' || "
        f"%(second_name)s || ' ' || b_year || {suffix.format(p='b_period')}"
    )
    shown = f"trim_scale(value)::text || ' {sign} ' || trim_scale(b_value)::text"
    if kind == FormulaKind.CAGR:
        locator = f"'(' || {locator} || ')^(1/' || %(years)s || ') − 1'"
        shown = f"'(' || {shown} || ')^(1/' || %(years)s || ') − 1'"
    elif kind == FormulaKind.GROWTH:
        locator = f"{locator} || ' − 1'"
        shown = f"{shown} || ' − 1'"
    return locator, shown


def recompute_set_based(
    indicator: Indicator, *, zone_ids: Collection[int] | None
) -> tuple[int, int, int]:
    """Bring ``indicator``'s derived rows in line with its inputs (for ``zone_ids``, default
    all zones). Returns (created, updated, deleted). Run inside a transaction."""
    first, second = indicator.formula_first, indicator.formula_second or indicator.formula_first
    assert first is not None  # a derived indicator has a first input (Indicator.clean)
    kind = indicator.formula_kind
    factor = indicator.formula_factor
    lower, upper = indicator.plausible_range()
    zone_filter = "AND o.zone_id = ANY(%(zones)s)" if zone_ids is not None else ""
    locator, shown = _text_sql(kind)
    shown_factor = f"{factor.normalize():f}"
    if factor != 1:
        if kind in (FormulaKind.GROWTH, FormulaKind.CAGR):
            shown = f"'(' || {shown} || ') × {shown_factor}'"
        else:
            shown = f"{shown} || ' × {shown_factor}'"
    ctes = [_inputs_sql("a", "first", zone_filter)]
    if kind in (FormulaKind.RATIO, FormulaKind.DIFFERENCE):
        ctes.append(_inputs_sql("b", "second", zone_filter))
    ctes.append(_pairs_sql(indicator))
    ctes.append(f"computed AS (SELECT pairs.*, {_value_sql(kind)} AS new_value FROM pairs)")
    params = {
        "first": first.pk,
        "second": second.pk if second else first.pk,
        "zones": list(zone_ids) if zone_ids is not None else None,
        "years": indicator.formula_years,
        "exponent": indicator.formula_years if kind == FormulaKind.CAGR else 1,
        "factor": factor,
        "first_name": first.name_zh,
        "second_name": second.name_zh if second else first.name_zh,
        "lower": lower,
        "upper": upper,
        "max": MAX_MAGNITUDE,
        "exact": Qualifier.EXACT,
        "approx": Qualifier.APPROXIMATE,
        "indicator": indicator.pk,
        "value_type": indicator.value_type,
        "derived": Status.DERIVED,
    }
    obs = Observation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS derived_wanted")
        cursor.execute(
            f"""CREATE TEMP TABLE derived_wanted ON COMMIT DROP AS
            WITH {", ".join(ctes)}
            SELECT zone_id, year, period, new_value AS value,
                   CASE WHEN qualifier = %(exact)s AND b_qualifier = %(exact)s
                        THEN %(exact)s ELSE %(approx)s END AS qualifier,
                   left('推算 / derived: ' || {shown}, 200) AS as_reported,
                   CASE WHEN b_weakness > weakness THEN b_source_id ELSE source_id END
                        AS source_id,
                   left({locator}, 300) AS locator,
                   '输入来源 / input sources: ' || source_key || ', ' || b_source_key AS note,
                   id AS first_input_id, b_id AS second_input_id
            FROM computed
            WHERE new_value IS NOT NULL AND abs(new_value) <= %(max)s
              -- a slot any reported or estimated figure holds (from any source) gets none
              AND NOT EXISTS (SELECT 1 FROM {obs} h WHERE h.indicator_id = %(indicator)s
                              AND h.zone_id = computed.zone_id AND h.year = computed.year
                              AND h.period = computed.period AND h.status <> %(derived)s)
              AND (%(lower)s::numeric IS NULL OR new_value >= %(lower)s::numeric)
              AND (%(upper)s::numeric IS NULL OR new_value <= %(upper)s::numeric)""",
            params,
        )
        # a temporary table has no statistics: without them the planner joins the current
        # rows to the wanted ones by nested loops (minutes at 90,000 rows each)
        cursor.execute("CREATE INDEX ON derived_wanted (zone_id, year, period)")
        cursor.execute("ANALYZE derived_wanted")
        cursor.execute(
            f"""SELECT o.id FROM {obs} o
            WHERE o.indicator_id = %(indicator)s AND o.status = %(derived)s {zone_filter}
              AND NOT EXISTS (SELECT 1 FROM derived_wanted w WHERE w.zone_id = o.zone_id
                              AND w.year = o.year AND w.period = o.period)""",
            params,
        )
        stale = [row[0] for row in cursor.fetchall()]
        columns = ", ".join(WRITTEN)
        changed = " OR ".join(f"{obs}.{name} IS DISTINCT FROM EXCLUDED.{name}" for name in WRITTEN)
        cursor.execute(
            f"""INSERT INTO {obs} (zone_id, indicator_id, year, period, value_type, status,
                                   preferred, steward_preferred, {columns})
            SELECT zone_id, %(indicator)s, year, period, %(value_type)s, %(derived)s,
                   TRUE, FALSE, {columns}
            FROM derived_wanted
            -- a derived figure is alone in its slot, and preferred (indicators.derived)
            ON CONFLICT (zone_id, indicator_id, period, year) WHERE preferred DO UPDATE
            SET {", ".join(f"{name} = EXCLUDED.{name}" for name in WRITTEN)}
            WHERE {obs}.status = %(derived)s AND ({changed})
            RETURNING (xmax = 0)""",
            params,
        )
        inserted = [row[0] for row in cursor.fetchall()]
        cursor.execute("DROP TABLE derived_wanted")
    deleted = 0
    if stale:
        deleted = (
            Observation.all_sources.filter(pk__in=stale).delete()[1].get(Observation._meta.label, 0)
        )
    created = sum(1 for flag in inserted if flag)
    return created, len(inserted) - created, deleted
