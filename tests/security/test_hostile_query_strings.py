"""Hostile query strings against every page and every API GET operation: none is a 500.

Each address is asked with a NUL byte in each of its parameters (a 400 naming it: PostgreSQL
refuses NUL), with very long values (digits past Python's int limit, letters, CJK) and with
each parameter repeated. Values up to the guard's limit reach the views; past it the
guard answers 400. Unicode digits (``page=²``) are left to the parser that owns them.

The API's operations and their parameters come from the generated OpenAPI schema, so an
operation added to the API is fuzzed without touching this file; the pages come from the
``dashboards`` URL namespace, and a page missing from ``PAGE_PATHS`` fails the test.
"""

import pytest
import yaml
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from indicators.models import Observation

ZONE = "shenzhen-longgang"
COHORT = "east-urban-new-centres-52"
SOURCE = "doc-002-ccid-urban-new-centres"

# A selection each page accepts, so that the fuzzed parameter reaches the page's own parsing.
SELECTION = {"zone": ZONE, "indicator": "gdp", "cohort": COHORT, "year": "2024"}
PAGE_PATHS = {
    "home": ("/", {}),
    "zone-list": ("/zones/", {}),
    "zone-map-csv": ("/zones/map/csv/", {}),
    "zone-detail": (f"/zones/{ZONE}/", {}),
    "rankings": ("/rankings/", {"indicator": "gdp", "year": "2024"}),
    "rankings-csv": ("/rankings/csv/", {"indicator": "gdp", "year": "2024"}),
    "compare": ("/compare/", {"zone": ZONE, "indicator": "gdp"}),
    "compare-csv": ("/compare/csv/", {"zone": ZONE, "indicator": "gdp"}),
    "benchmark": ("/benchmark/", {"zone": ZONE, "cohort": COHORT}),
    "benchmark-csv": ("/benchmark/csv/", {"zone": ZONE, "cohort": COHORT}),
    "indicator-list": ("/indicators/", {}),
    "source-list": ("/sources/", {}),
    "peers": ("/peers/", {"zone": ZONE}),
    "overlap": ("/overlap/", {"cohort": COHORT}),
    "index": ("/index/", {"scheme": "zonebench-balanced", "year": "2024"}),
    "quality": ("/quality/", {}),
    "integration": ("/integration/", {"zone": ZONE}),
    "models": ("/models/", {}),
}
# Every parameter any page reads; a page ignores the ones it does not.
PAGE_PARAMETERS = [
    "zone", "indicator", "cohort", "year", "year_from", "year_to", "period", "periods",
    "kind", "region", "model", "q", "page", "official", "only", "radar", "scale", "peers",
    "k", "min_overlap", "window", "scheme", "weights", "compare", "sensitivity", "draws",
    "resolution", "severity", "alpha", "beta",
    "per", "bars", "reliability", "publisher", "province",
]  # fmt: skip
API_REQUIRED = {
    "/api/v1/rankings/": {"indicator": "gdp", "year": "2024"},
    "/api/v1/mrv/": {"indicator": "gdp"},
    "/api/v1/compare/": {"zone": ZONE, "indicator": "gdp"},
    "/api/v1/benchmark/": {"zone": ZONE, "cohort": COHORT},
}
LOOKUPS = {"slug": None, "code": "gdp", "key": SOURCE, "id": None}

NUL = "a\x00b"
# Just under the guard's limit (4000 characters), so the views parse them.
LONG_VALUES = ["9" * 4000, "x" * 4000, "深圳" * 2000]
TOO_LONG = "9" * 4001


def hostile_cases(parameters, base):
    """(label, query, the parameter a 400 must name or None) for each parameter in turn."""
    for name in parameters:
        yield f"{name}=NUL", {**base, name: NUL}, name
        yield f"{name}=too long", {**base, name: TOO_LONG}, name
        for value in LONG_VALUES:
            yield f"{name}=long {value[:2]}…", {**base, name: value}, None
        first = base.get(name, "x")
        yield f"{name} repeated", {**base, name: [first, "y" * 300, first]}, None


def dashboards_route_names() -> set[str]:
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "dashboards" and pattern.name:
                names.add(pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


@pytest.fixture
def fuzz_client(seeded_db, settings):
    # The quotas are tested on their own (test_throttles.py); here they would only answer 429.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "pages": "100000/min"},
    }
    cache.clear()
    return Client()


def check(client, path, query, named, problems):
    response = client.get(path, query)
    where = f"{path} {sorted(query)}"
    if response.status_code >= 500 or response.status_code in (401, 403, 429):
        problems.append(f"{where}: {response.status_code}")
        return
    if response.status_code >= 400 and path.startswith("/api/"):
        if not response["Content-Type"].startswith("application/json"):
            problems.append(f"{where}: {response.status_code} is not JSON")
        elif "detail" not in response.json():
            problems.append(f"{where}: {response.status_code} has no detail")
    if named is not None:
        if response.status_code != 400:
            problems.append(f"{where}: answered {response.status_code}, not 400")
        elif path.startswith("/api/"):
            if named not in response.json().get("errors", {}):
                problems.append(f"{where}: the 400 does not name {named}")
        elif f'<code class="param">{named}</code>' not in response.content.decode():
            problems.append(f"{where}: the error page does not name {named}")


def test_every_page_is_in_the_fuzz_list():
    assert dashboards_route_names() == set(PAGE_PATHS)


def test_no_page_answers_a_hostile_query_string_with_a_500(fuzz_client):
    problems: list[str] = []
    for path, base in PAGE_PATHS.values():
        for _label, query, named in hostile_cases(PAGE_PARAMETERS, base):
            check(fuzz_client, path, query, named, problems)
    assert problems == []


def test_no_api_operation_answers_a_hostile_query_string_with_a_500(fuzz_client):
    schema = yaml.safe_load(fuzz_client.get("/api/schema/").content)
    observation_id = str(Observation.objects.values_list("id", flat=True).first())
    lookups = {**LOOKUPS, "slug": ZONE, "id": observation_id}
    operations = 0
    problems: list[str] = []
    for template, methods in schema["paths"].items():
        if "get" not in methods:
            continue
        operations += 1
        path = template
        for name, value in lookups.items():
            path = path.replace("{" + name + "}", value)
        if path.startswith("/api/v1/cohorts/") and path != "/api/v1/cohorts/":
            path = f"/api/v1/cohorts/{COHORT}/"
        assert "{" not in path, f"no example value for {template}"
        parameters = [p["name"] for p in methods["get"].get("parameters", []) if p["in"] == "query"]
        parameters = [*parameters, "page", "page_size", "format"]
        base = API_REQUIRED.get(path, {})
        for _label, query, named in hostile_cases(dict.fromkeys(parameters), base):
            check(fuzz_client, path, query, named, problems)
        # A NUL in the address itself (a detail's lookup value) is a 404, never a 500.
        if path.count("/") > 4:
            check(fuzz_client, path.rstrip("/") + "%00x/", {}, None, problems)
    assert operations >= 14  # every list, detail and analysis operation of /api/v1/
    assert problems == []


@pytest.mark.parametrize(
    "address, param",
    [
        ("/?zone=a%00b", "zone"),
        ("/zones/?q=%00", "q"),
        ("/rankings/?indicator=%00", "indicator"),
        ("/api/v1/compare/?zone=a%00&indicator=gdp", "zone"),
        ("/api/v1/mrv/?indicator=gdp&zone=%00", "zone"),
        ("/api/v1/zones/?q%00=x", "q\\x00"),
    ],
)
def test_the_reported_nul_addresses_are_400s_naming_the_parameter(seeded_db, address, param):
    response = Client().get(address)
    assert response.status_code == 400
    if address.startswith("/api/"):
        assert response.json()["errors"] == {param: [response.json()["errors"][param][0]]}
        assert "NUL" in response.json()["detail"]
    else:
        assert f'<code class="param">{param}</code>' in response.content.decode()


def test_a_forged_session_cookie_with_a_nul_is_ignored_not_a_500(seeded_db):
    for cookie in ['sessionid="abcdefgh\\000ijkl"', 'csrftoken="a\\000b"; django_language=e\\000n']:
        client = Client(HTTP_COOKIE=cookie)
        assert client.get("/zones/").status_code == 200
        assert client.get("/api/v1/zones/").status_code == 200
        assert client.get("/admin/").status_code == 302  # to the login page
