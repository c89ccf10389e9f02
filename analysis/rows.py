"""Reading many observations at once: the ORM's own SQL read straight from the cursor, and
a subquery the database evaluates once, before it scans.

Both serve the analyses that read a figure of every zone (peers, overlap): at 3,000
zones, Django's per-row converters cost more than the rows, and PostgreSQL filters a whole
index range against ``IN (subquery)`` where a list known before the scan lets it read only
the rows wanted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections
from django.db.models import BooleanField, Expression, F, QuerySet, Subquery


def fetch_rows(queryset: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """The rows of ``queryset`` (a ``values_list``, or a union of them) as the database
    driver returns them: every column already has its Python type (a ``Cast`` to
    ``FloatField`` a float), so Django's per-row converters are skipped."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


class InSubquery(Expression):
    """``field IN (subquery)`` as a filter: ``queryset.filter(InSubquery("zone_id", ids))``.

    On PostgreSQL it is ``field = ANY(ARRAY(subquery))``: the subquery is run once, before
    the scan, and its list is an index condition. An empty list reads no row, and a short
    one reads only its own rows, where ``IN (subquery)`` lets the planner scan a whole index
    range and test each row against the subquery's hashed result. ``subquery`` is a queryset
    of one column."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, field: str, subquery: QuerySet[Any, Any]) -> None:
        super().__init__()
        self.column: Any = F(field)
        self.values: Any = Subquery(subquery)

    def get_source_expressions(self) -> list[Any]:
        return [self.column, self.values]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.column, self.values = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        field, subquery, params = self._parts(compiler)
        return f"{field} IN {subquery}", params

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        field, subquery, params = self._parts(compiler)
        return f"{field} = ANY(ARRAY{subquery})", params

    def _parts(self, compiler: Any) -> tuple[str, str, tuple[Any, ...]]:
        field, field_params = compiler.compile(self.column)
        subquery, subquery_params = compiler.compile(self.values)  # "(SELECT ...)"
        return field, subquery, (*field_params, *subquery_params)
