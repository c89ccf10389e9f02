"""``/api/v1/index/`` and ``/api/v1/schemes/``: the same numbers as ``analysis.index``, bad
input as a 400 naming the parameter, a fixed number of queries."""

import pytest

from analysis.index import composite_index
from tests.api.helpers import read_csv
from tests.factories import IndicatorFactory, ObservationFactory, ZoneFactory
from tests.index_world import make_scheme

pytestmark = pytest.mark.django_db

URL = "/api/v1/index/?scheme=two-dims&year=2024"


@pytest.fixture
def scheme(three_zones):
    return make_scheme()


def test_index_endpoint_gives_the_analysis_functions_numbers(client, scheme):
    body = client.get(URL).json()
    expected = composite_index(scheme="two-dims", year=2024)
    assert [(r["zone"], r["index"], r["rank"]) for r in body["rows"]] == [
        (r.zone, r.index, r.rank) for r in expected.rows
    ]
    assert [(r["zone"], r["index"]) for r in body["rows"]] == [("c", 80), ("b", 60), ("a", 0)]
    assert body["scheme"]["dimensions"][0]["weight"] == 0.6
    assert body["rows"][0]["figures"][0]["as_reported"].endswith("亿元")


def test_custom_weights_in_the_query_change_the_ranking(client, scheme):
    body = client.get(URL + "&weights=size:0.2,cost:0.8").json()
    assert [r["zone"] for r in body["rows"]] == ["b", "c", "a"]
    assert body["custom_weights"] is True


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("&weights=size:0.5,cost:0.4", "weights"),  # sums to 0.9
        ("&weights=size:half,cost:0.5", "weights"),
        ("&weights=size:1", "weights"),  # a dimension left out
        ("&weights=size:0.5,cost:0.3,other:0.2", "weights"),
        ("&draws=0&sensitivity=1", "draws"),
        ("&period=XX", "period"),
        ("&compare=nope", "compare"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, scheme, query, param):
    response = client.get(URL + query)
    assert response.status_code == 400
    assert param in response.json()["errors"]


def test_unknown_scheme_is_a_400_naming_scheme(client, db):
    response = client.get("/api/v1/index/?scheme=nope&year=2024")
    assert response.status_code == 400
    assert "scheme" in response.json()["errors"]


def test_sensitivity_and_shifts_are_added_on_request(client, scheme):
    make_scheme(normalisation="percentile", slug="two-dims-pct")
    body = client.get(URL + "&sensitivity=1&draws=50&compare=two-dims-pct").json()
    assert body["sensitivity"]["draws"] == 50
    assert [r["zone"] for r in body["sensitivity"]["rows"]] == ["c", "b", "a"]
    assert body["shifts"][0] == {
        "zone": "c",
        "name_zh": body["rows"][0]["name_zh"],
        "name_en": body["rows"][0]["name_en"],
        "rank_a": 1,
        "rank_b": 1,
        "shift": 0,
    }


def test_index_csv_has_one_row_per_zone_with_its_dimension_scores(client, scheme):
    ObservationFactory(zone=ZoneFactory(slug="d"), indicator=IndicatorFactory(code="x"), value=20)
    table = read_csv(client.get(URL + "&format=csv"))
    assert list(table["zone"]) == ["c", "b", "a", "d"]
    assert table.loc[3, "reason_en"].startswith("not enough data")
    assert table["score_size"].tolist()[:3] == pytest.approx([100, 33.33, 0], abs=0.01)


def test_schemes_list_and_detail(client, scheme):
    body = client.get("/api/v1/schemes/").json()
    assert [s["slug"] for s in body] == ["two-dims"]
    detail = client.get("/api/v1/schemes/two-dims/").json()
    assert [d["code"] for d in detail["dimensions"]] == ["size", "cost"]
    assert detail["dimensions"][1]["members"][0]["direction"] == "lower"
    assert client.get("/api/v1/schemes/nope/").status_code == 404


def test_index_and_schemes_run_a_fixed_number_of_queries(client, scheme, django_assert_num_queries):
    for n in range(20):
        zone = ZoneFactory(slug=f"more-{n}")
        ObservationFactory(zone=zone, indicator=IndicatorFactory(code="x"), value=n + 1)
    with django_assert_num_queries(5):  # scheme, dimensions, members, zones, figures
        assert client.get(URL).status_code == 200
    with django_assert_num_queries(3):
        assert client.get("/api/v1/schemes/").status_code == 200
