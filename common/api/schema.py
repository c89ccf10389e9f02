"""OpenAPI documentation: every parameter typed, with its allowed values and an example, and
the error responses every operation can give."""

from django_filters import rest_framework as filters
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from rest_framework import serializers

from common.api.errors import ErrorSerializer
from common.api.pagination import MAX_PAGE_SIZE
from common.api.params import CodeListParam
from common.codes import MAX_YEAR, MIN_YEAR
from common.filters import CodeListFilter, StableOrderingFilter, YearFilter

# One realistic example per parameter name, taken from the project's fixtures.
EXAMPLES = {
    "zone": "shenzhen-longgang",
    "indicator": "gdp",
    "cohort": "east-urban-new-centres-52",
    "source": "doc-002-ccid-urban-new-centres",
    "industry": "artificial-intelligence",
    "year": 2024,
    "year_from": 2020,
    "year_to": 2024,
    "period": "FY",
    "status": "reported",
    "reliability": "official",
    "kind": "district",
    "region": "east",
    "province": "广东省",
    "city": "深圳市",
    "development_model": "innovation_driven",
    "category": "economic_scale",
    "direction": "higher",
    "value_type": "amount",
    "q": "龙岗",
    "ordering": "-value",
    "shape": "wide",
    "page": 1,
    "page_size": 100,
    "format": "json",
    "slug": "shenzhen-longgang",
    "code": "gdp",
    "key": "doc-002-ccid-urban-new-centres",
    "id": 1,
    "k": 5,
    "min_overlap": 2,
    "window": 3,
    "peers": "shenzhen-guangming",
    "per": "km2",
    "scheme": "zonebench-balanced",
    "sources": "all",
    "compare": "most-hightech-2021",
    "weights": "growth:0.3,prosperity:0.2,innovation:0.2,structure:0.2,scale:0.1",
    "sensitivity": True,
    "draws": 1000,
    "resolution": "open",
    "severity": "warning",
    "alpha": 0.5,
    "beta": 0.5,
    "figures": True,
    "limit": 20,
    "publisher": "赛迪顾问（CCID Consulting）",
}

# Every method may answer 400: the query string of any request is refused, naming the
# parameter, when it holds a character the databases refuse (common.middleware).
ERROR_CODES = {
    "GET": ("400", "404", "406", "429"),
    "POST": ("400", "401", "403", "404", "406", "429"),
    "PUT": ("400", "401", "403", "404", "406", "429"),
    "PATCH": ("400", "401", "403", "404", "406", "429"),
    "DELETE": ("400", "401", "403", "404", "406", "409", "429"),
}


class ApiSchema(AutoSchema):
    """Adds the JSON error responses (body: ``ErrorSerializer``) to every operation, and the
    documented ``format`` parameter where an operation does not state its own."""

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if not any(getattr(p, "name", None) == "format" for p in parameters):
            formats = [renderer.format for renderer in self.view.get_renderers()]
            parameters.append(format_parameter(formats))
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in ERROR_CODES.get(self.method, ()):
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    ErrorSerializer, code, ["application/json"], direction
                )
        return responses


def _parameter(name, schema, description, *, many=False):
    example = EXAMPLES.get(name)
    style, explode = None, None
    if many:
        schema = {"type": "array", "items": schema}
        style, explode = "form", False
        example = [example] if example is not None else None
        description = f"{description} 可用逗号分隔多个 / comma-separated list."
    return OpenApiParameter(
        name=name,
        type=schema,
        location=OpenApiParameter.QUERY,
        required=False,
        description=description,
        examples=[OpenApiExample(name, value=example)] if example is not None else [],
        style=style,
        explode=explode,
    )


def _year_schema():
    return {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}


def filterset_parameters(filterset_class) -> list[OpenApiParameter]:
    """Typed query parameters of a FilterSet: enums for choices, bounds for years."""
    parameters = []
    for name, field in filterset_class.base_filters.items():
        description = str(field.extra.get("help_text") or name)
        if isinstance(field, CodeListFilter):
            allowed = field.extra.get("allowed")
            item = {"type": "string", "enum": list(allowed)} if allowed else {"type": "string"}
            if not allowed:
                description += " 未知代码返回 400 / an unknown code is a 400."
            parameters.append(_parameter(name, item, description, many=True))
        elif isinstance(field, YearFilter):
            parameters.append(_parameter(name, _year_schema(), description))
        elif isinstance(field, StableOrderingFilter):
            values = [value for key, _ in field.param_map.items() for value in (key, f"-{key}")]
            item = {"type": "string", "enum": values}
            parameters.append(_parameter(name, item, description, many=True))
        elif isinstance(field, filters.ChoiceFilter):
            item = {"type": "string", "enum": [value for value, _ in field.extra["choices"]]}
            parameters.append(_parameter(name, item, description))
        elif isinstance(field, filters.CharFilter):
            schema = {"type": "string", "maxLength": 100}
            parameters.append(_parameter(name, schema, description))
    return parameters


def pagination_parameters(formats=("json", "csv")) -> list[OpenApiParameter]:
    return [
        _parameter("page", {"type": "integer", "minimum": 1}, "页码 / page number"),
        _parameter(
            "page_size",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            "每页行数 / rows per page (CSV ignores it and holds every row)",
        ),
        format_parameter(formats),
    ]


def format_parameter(formats) -> OpenApiParameter:
    return _parameter(
        "format",
        {"type": "string", "enum": list(formats)},
        "输出格式 / output format: JSON (default), CSV (UTF-8 with BOM, every row)"
        + (", XLSX" if "xlsx" in formats else ""),
    )


def serializer_parameters(serializer_class) -> list[OpenApiParameter]:
    """Typed query parameters of an input serializer."""
    parameters = []
    for name, field in serializer_class().fields.items():
        description = str(field.help_text or name)
        many = False
        schema: dict[str, object]
        if isinstance(field, CodeListParam):
            schema = {"type": "string"}
            if field.allowed:
                schema["enum"] = field.allowed
            many = True
        elif isinstance(field, serializers.ChoiceField):
            schema = {"type": "string", "enum": [str(key) for key in field.choices]}
        elif isinstance(field, serializers.IntegerField | serializers.FloatField):
            whole = isinstance(field, serializers.IntegerField)
            schema = {"type": "integer" if whole else "number"}
            if field.min_value is not None:
                schema["minimum"] = field.min_value
            if field.max_value is not None:
                schema["maximum"] = field.max_value
        elif isinstance(field, serializers.BooleanField):
            schema = {"type": "boolean"}
        elif isinstance(field, serializers.SlugField):
            schema = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "maxLength": 80}
        else:
            schema = {"type": "string", "maxLength": 400}
        if field.default is not serializers.empty:
            schema["default"] = field.default
        parameter = _parameter(name, schema, description, many=many)
        parameter.required = field.required
        parameters.append(parameter)
    return parameters


def path_parameter(name: str, description: str) -> OpenApiParameter:
    schema = {"type": "integer", "minimum": 1} if name == "id" else {"type": "string"}
    return OpenApiParameter(
        name=name,
        type=schema,
        location=OpenApiParameter.PATH,
        description=description,
        examples=[OpenApiExample(name, value=EXAMPLES[name])],
    )
