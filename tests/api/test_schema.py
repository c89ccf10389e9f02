import pytest
import yaml
from rest_framework.test import APIClient


@pytest.fixture(scope="module")
def schema():
    """Generated once: building the schema queries no table and takes a few seconds."""
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_documents_every_v1_endpoint(schema):
    paths = set(schema["paths"])
    for path in [
        "/api/v1/zones/",
        "/api/v1/zones/{slug}/",
        "/api/v1/cohorts/",
        "/api/v1/indicators/",
        "/api/v1/sources/",
        "/api/v1/observations/",
        "/api/v1/rankings/",
        "/api/v1/mrv/",
        "/api/v1/compare/",
        "/api/v1/benchmark/",
        "/api/v1/index/",
        "/api/v1/schemes/",
        "/api/v1/schemes/{slug}/",
    ]:
        assert path in paths


def test_every_parameter_has_a_type_and_an_example(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                where = f"{method.upper()} {path} {parameter['name']}"
                assert "type" in parameter["schema"], where
                assert parameter.get("examples") or "example" in parameter, where
                assert parameter.get("description"), where


def test_choice_parameters_list_their_allowed_values(schema):
    parameters = {
        p["name"]: p for p in schema["paths"]["/api/v1/observations/"]["get"]["parameters"]
    }
    assert "9M" in parameters["period"]["schema"]["items"]["enum"]
    assert parameters["period"]["explode"] is False  # comma-separated
    assert parameters["year_from"]["schema"]["minimum"] == 1949
    assert "-value" in parameters["ordering"]["schema"]["items"]["enum"]
    ranking = {p["name"]: p for p in schema["paths"]["/api/v1/rankings/"]["get"]["parameters"]}
    assert ranking["indicator"]["required"] is True
    assert "lower" not in ranking["region"]["schema"]["enum"]
    assert "xlsx" in ranking["format"]["schema"]["enum"]


def test_errors_are_documented_with_their_body(schema):
    responses = schema["paths"]["/api/v1/observations/"]["get"]["responses"]
    assert responses["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    assert "404" in responses and "429" in responses


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_are_served_without_a_cdn(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs"):
        assert cdn not in html


@pytest.mark.django_db
def test_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/v2/zones/")
    assert response.status_code == 404
    assert response.json()["errors"]["path"]


def test_concurrent_schema_builds_all_succeed():
    """A threaded server builds the schema for several clients at once."""
    from concurrent.futures import ThreadPoolExecutor

    def fetch(_):
        return APIClient().get("/api/schema/?format=json").status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(fetch, range(4))) == [200, 200, 200, 200]
