"""What every API view shares: error bodies, renderers, pagination, throttling; the model
endpoint base and its schema; the schema view and the JSON 404."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import ProtectedError
from django.http import Http404, JsonResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import permissions, serializers, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.mixins import ListModelMixin
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, BaseThrottle
from rest_framework.views import APIView

from common.api.errors import ParameterError, api_exception_handler
from common.api.pagination import ApiPagination
from common.api.renderers import TABULAR_FORMATS, CSVRenderer, XLSXRenderer, streamed_csv
from common.api.schema import (
    ApiSchema,
    filterset_parameters,
    format_parameter,
    pagination_parameters,
    path_parameter,
)
from common.cache import answer_key, store_answer, stored_answer

DEFAULT_ANON_RATE = "600/hour"
# rows fetched from the database (and serialized) at a time for a streamed CSV
STREAM_CHUNK = 2000

# The mixins below go on DRF views: the type checker sees those bases.
if TYPE_CHECKING:
    _APIView = APIView

    class _GenericAPIView(ListModelMixin, GenericAPIView):
        pass

else:
    _APIView = _GenericAPIView = object


class AnonThrottle(AnonRateThrottle):
    """Anonymous clients, by IP: ``DEFAULT_THROTTLE_RATES["anon"]`` or 600 requests an hour."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "anon") or DEFAULT_ANON_RATE


class ApiViewMixin(_APIView):
    """Error bodies naming the parameter, JSON errors whatever format was asked for; a GET's
    answer kept whole per data generation.

    A GET passes authentication, permissions and the throttle as always, then is answered
    with the bytes kept for its address, media type and language in the current data
    generation (``common.cache.answer_key``), if any: nothing is computed, serialized or
    rendered again until a write starts a new generation. The answers hold nothing of the
    user (the read endpoints show everyone the same rows). Streamed CSVs are not kept.
    """

    answer_key: str | None = None

    # No browsable API: Swagger UI (/api/docs/) is the interactive view, and every response
    # is one of the documented media types.
    renderer_classes: Sequence[type[BaseRenderer]] = [JSONRenderer, CSVRenderer]
    throttle_classes: Sequence[type[BaseThrottle]] = [AnonThrottle]
    schema = ApiSchema()
    tabular_filename = "zonebench"

    def get_exception_handler(self):
        return api_exception_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttle
        if request.method != "GET":
            return
        # The key is taken before anything is read: an answer computed while a write commits
        # is kept under the generation that write ends, and never served after it.
        self.answer_key = answer_key(request, request.accepted_media_type)
        answer = stored_answer(self.answer_key)
        if answer is not None:
            self.get = lambda *args, **kwargs: answer  # instead of the handler, this once

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.answer_key is not None and isinstance(response, Response):
            response.render()
            store_answer(self.answer_key, response)
        return response

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force=force)
        except Http404:
            formats = ", ".join(renderer.format for renderer in self.get_renderers())
            raise ParameterError(
                "format",
                f"不支持的格式 / unsupported format {self.format_kwarg or ''!s}"
                f"{request.query_params.get('format', '')}; 可用 / available: {formats}",
                status_code=404,
            ) from None

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        # An error is always JSON, even when the request asked for a CSV or XLSX file.
        renderer = getattr(self.request, "accepted_renderer", None)
        if renderer is None or renderer.format != "json":
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response

    @property
    def tabular(self) -> bool:
        """Whether the response is a file: then it holds every row, not one page."""
        renderer = getattr(self.request, "accepted_renderer", None)
        return renderer is not None and renderer.format in TABULAR_FORMATS


class CatalogueViewMixin(ApiViewMixin, _GenericAPIView):
    """Model endpoints: paginated JSON, or every row as CSV."""

    pagination_class = ApiPagination
    filter_backends = [DjangoFilterBackend]
    # Every lookup value reaches the view, which answers an unknown one with a JSON 404.
    lookup_value_regex = "[^/]+"

    def paginate_queryset(self, queryset):
        if self.tabular:
            return None
        return super().paginate_queryset(queryset)

    def list(self, request, *args, **kwargs):
        """A CSV of every row is streamed from a server-side cursor; JSON and XLSX render."""
        renderer = getattr(request, "accepted_renderer", None)
        if renderer is None or renderer.format != "csv":
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        return streamed_csv(
            self._serialized(queryset),
            header=list(self.get_tabular_header()),
            filename=getattr(self, "tabular_filename", None) or "zonebench",
        )

    def _serialized(self, queryset):
        """Serialized rows of ``queryset``, ``STREAM_CHUNK`` objects at a time."""
        chunk = []
        for instance in queryset.iterator(chunk_size=STREAM_CHUNK):
            chunk.append(instance)
            if len(chunk) == STREAM_CHUNK:
                yield from self.get_serializer(chunk, many=True).data
                chunk = []
        if chunk:
            yield from self.get_serializer(chunk, many=True).data

    def get_tabular_header(self) -> Sequence[str]:
        serializer = self.get_serializer()
        assert isinstance(serializer, serializers.Serializer)  # model endpoints: one object each
        return list(serializer.fields)

    def get_object(self):
        # A lookup value the database cannot even compare (PostgreSQL refuses NUL) is a 404.
        value = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        if "\x00" in value or len(value) > 200:
            raise ParameterError(
                self.lookup_field, f"未找到 / not found: {value[:40]!r}", status_code=404
            )
        return super().get_object()


class AnalysisViewMixin(ApiViewMixin):
    """Computed, read-only endpoints: JSON, CSV and XLSX."""

    renderer_classes = [JSONRenderer, CSVRenderer, XLSXRenderer]
    permission_classes = [permissions.AllowAny]  # GET only: there is nothing to write

    def parsed_params(self, params_class: type[serializers.Serializer]) -> dict[str, Any]:
        """The query string validated by ``params_class``; a 400 naming each bad parameter."""
        params = params_class(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        validated: dict[str, Any] = params.validated_data
        return validated


class ModelEndpoint(CatalogueViewMixin, viewsets.ModelViewSet):
    """List, retrieve, and (with the model permission) create, update, delete."""

    def perform_destroy(self, instance):
        try:
            instance.delete()
        except ProtectedError:
            raise ParameterError(
                self.lookup_field,
                f"{getattr(instance, self.lookup_field)}: 仍有数据引用，不能删除 / still "
                "referenced by other records, cannot be deleted",
                status_code=409,
            ) from None


def model_endpoint_schema(filterset_class, lookup: str, noun: str):
    """Schema of a model ViewSet: typed filters on the list, the documented lookup."""
    lookup_parameter = [path_parameter(lookup, f"{noun} {lookup}")]
    detail = extend_schema(parameters=lookup_parameter)
    overrides = {
        "list": extend_schema(
            parameters=filterset_parameters(filterset_class) + pagination_parameters()
        ),
        "retrieve": extend_schema(
            parameters=[*lookup_parameter, format_parameter(("json", "csv"))]
        ),
        "update": detail,
        "partial_update": detail,
        "destroy": detail,
    }

    def decorate(view_class):
        present = {name: o for name, o in overrides.items() if hasattr(view_class, name)}
        return extend_schema_view(**present)(view_class)

    return decorate


_SCHEMA_LOCK = threading.Lock()


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, built by one thread at a time: drf-spectacular's inspectors sit on
    the view classes and hold the view they inspect, so two concurrent builds collide."""

    def _get_schema_response(self, request):
        with _SCHEMA_LOCK:
            return super()._get_schema_response(request)


def not_found(request, *args, **kwargs):
    """Addresses under /api/ that match no endpoint: a JSON 404 naming the path."""
    message = f"没有这个接口 / no such endpoint: {request.path}"
    return JsonResponse(
        {"detail": message, "errors": {"path": [message]}},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
