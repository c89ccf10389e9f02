"""Error bodies that name the parameter: ``{"detail": "...", "errors": {"param": ["..."]}}``.

Every 400/404 the API returns has this shape. Bad input raised by the computation core
(``BadParameter``/``UnknownCode``) becomes a 400 here, so a view never lets it turn into a 500.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from common.errors import BadParameter

INVALID_PARAMETERS = _("参数无效 / Invalid parameters.")


class ParameterError(exceptions.APIException):
    """A request parameter the API cannot use: ``param`` names it."""

    status_code: int = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_parameter"

    def __init__(self, param: str, message, status_code: int | None = None):
        self.param = param
        if status_code is not None:
            self.status_code = status_code
        super().__init__(detail=message)


class ErrorSerializer(serializers.Serializer):
    """The body of every error response (for the schema)."""

    detail = serializers.CharField(help_text="What went wrong, 中文 / English.")
    # A field named like Serializer.errors, which the stubs type as the validation result.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="The parameters (or fields) at fault, each with its messages.",
    )


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _flatten(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _flatten(value)]
    return [str(detail)]


def api_exception_handler(exc, context):
    """DRF's handler, with bodies that always say which parameter was wrong."""
    if isinstance(exc, BadParameter):
        exc = ParameterError(exc.param, exc.message)
    if isinstance(exc, ParameterError):
        message = str(exc.detail)
        return Response(
            {"detail": message, "errors": {exc.param: [message]}}, status=exc.status_code
        )
    if isinstance(exc, Http404) and not isinstance(exc, exceptions.NotFound):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if not isinstance(detail, dict):
            detail = {"non_field_errors": detail}
        errors = {str(key): _flatten(value) for key, value in detail.items()}
        first = next(iter(errors.items()), None)
        summary = f"{first[0]}: {first[1][0]}" if first and first[1] else str(INVALID_PARAMETERS)
        response.data = {"detail": summary, "errors": errors}
    elif isinstance(exc, exceptions.NotFound):
        view = context.get("view")
        kwargs = context.get("kwargs") or {}
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
        data: dict[str, object] = {"detail": str(exc.detail)}
        if lookup and lookup in kwargs:
            data = {
                "detail": f"{lookup}={kwargs[lookup]!s}: 未找到 / not found",
                "errors": {lookup: [f"未找到 / not found: {kwargs[lookup]}"]},
            }
        response.data = data
    return response
