"""Page-number pagination that rejects a bad ``page``/``page_size`` by name."""

from django.core.paginator import InvalidPage
from rest_framework.pagination import PageNumberPagination

from indicators.api.errors import ParameterError

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


class ApiPagination(PageNumberPagination):
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
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
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
        elif raw.isdigit() and int(raw) >= 1:
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
