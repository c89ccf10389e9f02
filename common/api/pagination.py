"""Page-number pagination that rejects a bad ``page``/``page_size`` by name."""

from typing import cast

from django.core.paginator import InvalidPage, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from common.api.errors import ParameterError
from common.codes import is_whole_number

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


ESTIMATE_ABOVE = 100_000


def unfiltered_count(queryset: QuerySet) -> tuple[int, bool] | None:
    """``(count, is_estimate)`` of an unfiltered PostgreSQL queryset, else None (count it).

    Only for a queryset with no WHERE, grouping, DISTINCT, slicing or set operation, on
    PostgreSQL: there the count is the planner's estimate (``pg_class.reltuples``, kept by
    ANALYZE and autovacuum) when that is above ``ESTIMATE_ABOVE`` rows, where an exact COUNT(*)
    would read the whole table, and the exact COUNT(*) otherwise. One query either way (the
    database evaluates only the branch it needs).
    """
    query = queryset.query
    connection = connections[queryset.db]
    # A model whose default rows are a filtered subset (observations: the preferred figures)
    # names the partial index holding just those rows; its size is their estimate.
    subset_index: str | None = getattr(queryset.model, "COUNT_ESTIMATE_INDEX", None)
    own = subset_index is not None and str(query.where) == str(
        queryset.model.objects.all().query.where
    )
    if (
        connection.vendor != "postgresql"
        or (query.where and not own)
        or query.group_by is not None
        or query.distinct
        or query.combinator
        or query.is_sliced
    ):
        return None
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    relation, where, params = table, "", []
    if own and subset_index is not None:
        relation = connection.ops.quote_name(subset_index)
        sql, params = query.get_compiler(queryset.db).compile(query.where)
        where = f" WHERE {sql}"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN c.reltuples > %s THEN c.reltuples::bigint "
            f"ELSE (SELECT COUNT(*) FROM {table}{where}) END, c.reltuples > %s "
            "FROM pg_class c WHERE c.oid = to_regclass(%s)",
            [ESTIMATE_ABOVE, *params, ESTIMATE_ABOVE, relation],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return int(row[0]), bool(row[1])


class EstimatingPaginator(Paginator):
    """Counts exactly, except an unfiltered big PostgreSQL table: the planner's estimate."""

    @cached_property
    def _unfiltered(self) -> tuple[int, bool] | None:
        if not hasattr(self.object_list, "query"):
            return None
        return unfiltered_count(cast(QuerySet, self.object_list))

    @cached_property
    def count(self) -> int:
        if self._unfiltered is not None:
            return self._unfiltered[0]
        return super().count

    @property
    def count_is_estimate(self) -> bool:
        return self._unfiltered is not None and self._unfiltered[1]


class ApiPagination(PageNumberPagination):
    """``count`` is exact whenever a filter is given; without one, on a PostgreSQL table of
    more than ``selectors.ESTIMATE_ABOVE`` rows it is the planner's estimate (an exact COUNT(*)
    would read the whole table), and ``count_is_estimate`` says so."""

    django_paginator_class = EstimatingPaginator
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = "页码，从 1 开始 / Page number, from 1 (or `last`)."
    page_size_query_description = (
        f"每页行数 / Rows per page, 1-{MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE})."
    )

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        if not is_whole_number(raw) or not 1 <= int(raw) <= self.max_page_size:
            raise ParameterError(
                "page_size",
                f"page_size 须为 1-{self.max_page_size} 的整数 / page_size must be an integer "
                f"from 1 to {self.max_page_size}, not {raw!r}",
            )
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        raw = request.query_params.get(self.page_query_param) or "1"
        if raw in self.last_page_strings:
            page_number = paginator.num_pages
        elif is_whole_number(raw) and int(raw) >= 1:
            page_number = int(raw)
        else:
            raise ParameterError(
                "page", f"page 须为正整数 / page must be a positive integer, not {raw!r}"
            )
        try:
            self.page = paginator.page(page_number)
        except InvalidPage:
            raise ParameterError(
                "page",
                f"第 {page_number} 页不存在，共 {paginator.num_pages} 页 / page {page_number} "
                f"is past the end: there are {paginator.num_pages} pages",
                status_code=404,
            ) from None
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)

    def get_paginated_response(self, data):
        assert self.page is not None  # paginate_queryset ran first
        paginator = cast(EstimatingPaginator, self.page.paginator)
        return Response(
            {
                "count": paginator.count,
                "count_is_estimate": paginator.count_is_estimate,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        properties = response["properties"]
        response["properties"] = {
            "count": properties["count"],
            "count_is_estimate": {
                "type": "boolean",
                "description": "计数为估计值 / true when `count` is the database's estimate "
                "(an unfiltered list of a very large table), false when it is exact.",
            },
            **{key: value for key, value in properties.items() if key != "count"},
        }
        response["required"] = [*response["required"], "count_is_estimate"]
        return response
