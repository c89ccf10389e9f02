from decimal import Decimal

import pytest
from django.db import connection

from tests.api.helpers import all_json_rows, read_csv
from tests.factories import IndicatorFactory, ObservationFactory, ZoneFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/observations/"


def keys(response):
    assert response.status_code == 200, response.content
    return [(r["zone"], r["indicator"], r["year"], r["period"]) for r in response.json()["results"]]


def test_every_row_carries_zone_indicator_year_period_value_unit_and_provenance(client, world):
    row = client.get(f"{URL}?zone=nanshan&indicator=gdp&year=2024").json()["results"][0]
    assert row["zone"] == "nanshan"
    assert row["zone_name_zh"] == "南山区"
    assert row["indicator"] == "gdp"
    assert row["year"] == 2024
    assert row["period"] == "FY"
    assert row["value"] == 8500.5
    assert row["unit"] == "亿元"
    assert row["as_reported"] == "8500.5亿元"
    assert row["source"] == "bulletin"
    assert row["reliability"] == "official"
    assert row["qualifier"] == "exact"
    assert row["status"] == "reported"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "zone=longgang",
            {
                ("longgang", "gdp", 2024, "FY"),
                ("longgang", "energy_intensity", 2024, "FY"),
                ("longgang", "tertiary_share", 2022, "FY"),
            },
        ),
        ("zone=chengdu-hitech&period=9M", {("chengdu-hitech", "gdp", 2025, "9M")}),
        (
            "indicator=gdp&year_from=2024&year_to=2024&period=FY",
            {
                ("nanshan", "gdp", 2024, "FY"),
                ("longgang", "gdp", 2024, "FY"),
                ("chengdu-hitech", "gdp", 2024, "FY"),
            },
        ),
        ("indicator=gdp&year_to=2023", {("nanshan", "gdp", 2023, "FY")}),
        ("source=news", {("chengdu-hitech", "gdp", 2024, "FY")}),
        ("status=estimated", {("chengdu-hitech", "gdp", 2024, "FY")}),
        ("reliability=media", {("chengdu-hitech", "gdp", 2024, "FY")}),
        (
            "indicator=energy_intensity,tertiary_share&zone=nanshan",
            {
                ("nanshan", "energy_intensity", 2024, "FY"),
                ("nanshan", "tertiary_share", 2024, "FY"),
            },
        ),
    ],
)
def test_observation_filters(client, world, query, expected):
    assert set(keys(client.get(f"{URL}?{query}"))) == expected


def test_missing_values_are_absent_not_zero(client, world):
    rows = client.get(f"{URL}?zone=longgang&indicator=tertiary_share").json()["results"]
    assert [r["year"] for r in rows] == [2022]  # no 2024 row, and no zero standing in for it


def test_ordering_by_value_descending_and_by_zone(client, world):
    rows = client.get(f"{URL}?indicator=gdp&period=FY&ordering=-value").json()["results"]
    assert [r["value"] for r in rows] == [8500.5, 8000.0, 5901.27, 3000.0]
    rows = client.get(f"{URL}?indicator=gdp&ordering=zone,-year").json()["results"]
    assert [(r["zone"], r["year"]) for r in rows] == [
        ("chengdu-hitech", 2025),
        ("chengdu-hitech", 2024),
        ("longgang", 2024),
        ("nanshan", 2024),
        ("nanshan", 2023),
    ]


def test_unknown_ordering_is_a_400_naming_ordering(client, world):
    response = client.get(f"{URL}?ordering=secret")
    assert response.status_code == 400
    assert "ordering" in response.json()["errors"]


def test_pagination_pages_through_every_row_once(client, world):
    first = client.get(f"{URL}?page_size=4").json()
    assert first["count"] == 9
    assert len(first["results"]) == 4
    rows = all_json_rows(client, f"{URL}?page_size=4")
    assert len(rows) == 9
    assert len({row["id"] for row in rows}) == 9


def test_csv_holds_exactly_the_json_rows_of_every_page_with_a_bom(client, world):
    query = "indicator=gdp,energy_intensity&page_size=2"
    json_rows = all_json_rows(client, f"{URL}?{query}")
    response = client.get(f"{URL}?{query}&format=csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    frame = read_csv(response)
    assert len(frame) == len(json_rows) == 7
    # the JSON's source key is spelled out: publisher, title, date, address, then the key
    spelled = [f"source_{field}" for field in ("publisher", "title", "date", "url", "key")]
    json_columns = [c for c in json_rows[0] if c != "source_title"]
    at = json_columns.index("source")
    assert list(frame.columns) == [*json_columns[:at], *spelled, *json_columns[at + 1 :]]
    csv_rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for csv_row, json_row in zip(csv_rows, json_rows, strict=True):
        json_row["source_key"] = json_row.pop("source")
        for key, value in json_row.items():
            if key == "value":
                assert float(csv_row[key]) == value
            elif value in ("", None):
                assert csv_row[key] is None
            else:
                assert str(csv_row[key]) == str(value), key


def test_csv_keeps_chinese_text_readable(client, world):
    text = client.get(f"{URL}?zone=nanshan&format=csv").getvalue().decode("utf-8")
    assert "南山区" in text and "8500.5亿元" in text


def test_csv_of_an_empty_result_still_has_the_header(client, world):
    frame = read_csv(client.get(f"{URL}?year=1999&format=csv"))
    assert frame.empty
    assert "as_reported" in frame.columns


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("zone=atlantis", "zone"),
        ("indicator=gnp", "indicator"),
        ("period=13M", "period"),
        ("period=FY,fy", "period"),
        ("year_from=2025&year_to=2020", "year_from"),
        ("year=twenty", "year"),
        ("year_from=99999999999999999999", "year_from"),
        ("year=1800", "year"),
        ("status=rumour", "status"),
        ("source=nowhere", "source"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page_size=0", "page_size"),
        ("page_size=5000", "page_size"),
        # str.isdigit() accepts these, int() does not: a 400, never a 500
        ("page=%C2%B2", "page"),
        ("page_size=%E2%91%A0", "page_size"),
        # int() would take full-width digits: years are ASCII digits only
        ("year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%94", "year"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(client, world, query, param):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400, response.content
    body = response.json()
    assert param in body["errors"]
    assert body["detail"]


def test_page_past_the_end_is_404_naming_page(client, world):
    response = client.get(f"{URL}?page=3&page_size=5")
    assert response.status_code == 404
    assert "page" in response.json()["errors"]


def test_error_is_json_even_when_csv_was_asked_for(client, world):
    response = client.get(f"{URL}?zone=atlantis&format=csv")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "atlantis" in response.json()["errors"]["zone"][0]


def test_unsupported_format_is_404_naming_format(client, world):
    response = client.get(f"{URL}?format=xml")
    assert response.status_code == 404
    assert "format" in response.json()["errors"]


def test_a_nine_month_figure_is_labelled_by_its_period(client, world):
    rows = client.get(f"{URL}?zone=chengdu-hitech&indicator=gdp").json()["results"]
    assert {(r["year"], r["period"]) for r in rows} == {(2024, "FY"), (2025, "9M")}


def test_observation_list_query_count_does_not_grow_with_page_size(
    client, db, django_assert_max_num_queries
):
    indicator = IndicatorFactory(code="gdp")
    for index in range(30):
        ObservationFactory(zone=ZoneFactory(), indicator=indicator, value=Decimal(index + 1))
    for size in (1, 30):
        with django_assert_max_num_queries(3):
            response = client.get(f"{URL}?indicator=gdp&page_size={size}")
        assert response.status_code == 200
        assert len(response.json()["results"]) == size
    with django_assert_max_num_queries(2):  # the rows, and the sources' titles for the file
        assert len(read_csv(client.get(f"{URL}?format=csv"))) == 30


def test_pagination_count_of_a_small_table_is_exact_and_says_so(client, world):
    unfiltered = client.get(URL).json()
    assert (unfiltered["count"], unfiltered["count_is_estimate"]) == (9, False)
    filtered = client.get(f"{URL}?zone=nanshan").json()
    assert filtered["count_is_estimate"] is False
    assert filtered["count"] == len(all_json_rows(client, f"{URL}?zone=nanshan"))


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's"
)
def test_unfiltered_count_of_a_big_postgresql_table_is_the_planners_estimate(
    client, world, monkeypatch
):
    from common.api import pagination
    from indicators.models import Observation

    monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", 5)  # the 9 rows count as a big table
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(Observation._meta.db_table)}")
    unfiltered = client.get(URL).json()
    assert unfiltered["count_is_estimate"] is True
    assert unfiltered["count"] == 9  # just analysed: the estimate is exact here
    # any filter: an exact count, said to be exact
    filtered = client.get(f"{URL}?zone=nanshan").json()
    assert filtered["count_is_estimate"] is False
    assert filtered["count"] == Observation.objects.filter(zone__slug="nanshan").count()
