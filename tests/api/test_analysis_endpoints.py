import json
from dataclasses import asdict

import pytest

from analysis.benchmark import zone_benchmark
from analysis.compare import compare
from analysis.ranking import zone_ranking
from indicators.models import Source
from tests.api.helpers import read_csv, read_xlsx

pytestmark = pytest.mark.django_db


# --- rankings --------------------------------------------------------------------------


def test_ranking_gives_rank_of_n_peer_set_percentile_and_cohort_ratio(client, world):
    body = client.get("/api/v1/rankings/?indicator=gdp&year=2024").json()
    assert body["n"] == 3
    assert body["period"] == "FY"
    assert body["peer_set"]["label_en"] == "all zones"
    rows = {row["zone"]: row for row in body["rows"]}
    assert rows["nanshan"]["rank"] == 1 and rows["nanshan"]["rank_of_n"] == "1/3"
    assert rows["chengdu-hitech"]["rank_of_n"] == "3/3"
    assert rows["longgang"]["percentile"] == 50.0
    assert rows["longgang"]["cohort_ratios"] == {"east-52": round(5901.27 / 2481.8, 4)}
    assert rows["longgang"]["as_reported"] == "5901.27亿元"
    assert rows["chengdu-hitech"]["source"] == "news"
    assert rows["chengdu-hitech"]["reliability"] == "media"
    assert [a["cohort"] for a in body["cohort_averages"]] == ["east-52"]


def test_ranking_numbers_are_the_analysis_functions_numbers(client, world):
    body = client.get("/api/v1/rankings/?indicator=gdp&year=2024&region=east").json()
    direct = asdict(zone_ranking(indicator="gdp", year=2024, region="east"))
    assert [(r["zone"], r["rank"], r["value"], r["percentile"]) for r in body["rows"]] == [
        (r["zone"], r["rank"], r["value"], r["percentile"]) for r in direct["rows"]
    ]
    assert body["peer_set"] == direct["peer_set"]


@pytest.mark.parametrize(
    ("query", "kwargs"),
    [
        ("indicator=gdp&year=2024", {"indicator": "gdp", "year": 2024}),
        (
            "indicator=gdp&year=2024&region=east&reliability=official",
            {"indicator": "gdp", "year": 2024, "region": "east", "reliabilities": ["official"]},
        ),
    ],
)
def test_ranking_body_is_exactly_what_the_ranking_serializer_gives(client, world, query, kwargs):
    from analysis.api.serializers import RankingSerializer

    response = client.get(f"/api/v1/rankings/?{query}")
    assert response.status_code == 200
    expected = RankingSerializer(asdict(zone_ranking(**kwargs))).data
    assert expected["rows"]  # a ranking with rows and cohort ratios is compared
    # same keys in the same order, same values
    assert json.dumps(response.json()) == json.dumps(expected)


def test_ranking_of_lower_is_better_is_ascending(client, world):
    body = client.get("/api/v1/rankings/?indicator=energy_intensity&year=2024").json()
    assert [(row["zone"], row["rank"]) for row in body["rows"]] == [
        ("nanshan", 1),
        ("longgang", 2),
    ]


def test_ranking_peer_set_narrowed_by_kind_region_cohort(client, world):
    def zones(query):
        response = client.get(f"/api/v1/rankings/?indicator=gdp&year=2024&{query}")
        assert response.status_code == 200, response.content
        return [row["zone"] for row in response.json()["rows"]]

    assert zones("kind=hightech_zone") == ["chengdu-hitech"]
    assert zones("region=east") == ["nanshan", "longgang"]
    assert zones("cohort=east-52") == ["nanshan", "longgang"]
    assert zones("reliability=official") == ["nanshan", "longgang"]


def test_ranking_of_nine_months_never_includes_full_year_figures(client, world):
    body = client.get("/api/v1/rankings/?indicator=gdp&year=2025&period=9M").json()
    assert [(row["zone"], row["value"]) for row in body["rows"]] == [("chengdu-hitech", 2400.0)]
    assert client.get("/api/v1/rankings/?indicator=gdp&year=2025").json()["n"] == 0


def test_ranking_csv_and_xlsx_have_one_row_per_ranked_zone(client, world):
    url = "/api/v1/rankings/?indicator=gdp&year=2024"
    frame = read_csv(client.get(f"{url}&format=csv"))
    assert list(frame["zone"]) == ["nanshan", "longgang", "chengdu-hitech"]
    assert list(frame["rank"]) == [1, 2, 3]
    assert frame.loc[0, "ratio_to_east-52"] == pytest.approx(8500.5 / 2481.8, abs=1e-4)
    assert set(frame["period"]) == {"FY"}
    response = client.get(f"{url}&format=xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    assert 'filename="ranking.xlsx"' in response["Content-Disposition"]
    sheet = read_xlsx(response)
    assert list(sheet["zone"]) == ["nanshan", "longgang", "chengdu-hitech"]
    assert list(sheet["as_reported"])[1] == "5901.27亿元"
    # the source spelled out (publisher, title, date, address), its key last
    assert sheet.loc[0, "source_key"] == "bulletin"
    assert sheet.loc[0, "source_title"] == Source.objects.get(key="bulletin").title


@pytest.mark.parametrize(
    ("query", "param", "status"),
    [
        ("year=2024", "indicator", 400),
        ("indicator=gdp", "year", 400),
        ("indicator=gnp&year=2024", "indicator", 400),
        ("indicator=gdp&year=20x4", "year", 400),
        ("indicator=gdp&year=%C2%B2", "year", 400),
        ("indicator=gdp&year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%94", "year", 400),
        ("indicator=gdp&year=2024&period=Q5", "period", 400),
        ("indicator=gdp&year=2024&kind=castle", "kind", 400),
        ("indicator=gdp&year=2024&region=mars", "region", 400),
        ("indicator=gdp&year=2024&cohort=nobody", "cohort", 400),
        ("indicator=gdp&year=2024&reliability=gossip", "reliability", 400),
    ],
)
def test_ranking_errors_name_the_parameter(client, world, query, param, status):
    response = client.get(f"/api/v1/rankings/?{query}")
    assert response.status_code == status, response.content
    assert param in response.json()["errors"]


# --- most recent value ---------------------------------------------------------------


def test_mrv_gives_each_zones_latest_value_with_its_year(client, world):
    rows = client.get("/api/v1/mrv/?indicator=tertiary_share").json()
    assert [(r["zone"], r["year"], r["value"]) for r in rows] == [
        ("longgang", 2022, 48.0),
        ("nanshan", 2024, 65.1),
    ]
    assert rows[0]["source"] == "bulletin" and rows[0]["as_reported"]


def test_mrv_by_zone_period_and_year_to(client, world):
    rows = client.get("/api/v1/mrv/?indicator=gdp&zone=nanshan&year_to=2023").json()
    assert [(r["zone"], r["year"]) for r in rows] == [("nanshan", 2023)]
    rows = client.get("/api/v1/mrv/?indicator=gdp&period=9M").json()
    assert [(r["zone"], r["year"], r["period"]) for r in rows] == [("chengdu-hitech", 2025, "9M")]


def test_mrv_csv_and_errors(client, world):
    frame = read_csv(client.get("/api/v1/mrv/?indicator=gdp&format=csv"))
    assert list(frame["zone"]) == ["chengdu-hitech", "longgang", "nanshan"]
    response = client.get("/api/v1/mrv/?indicator=gdp&zone=atlantis")
    assert response.status_code == 400
    assert "atlantis" in response.json()["errors"]["zone"][0]
    assert "indicator" in client.get("/api/v1/mrv/").json()["errors"]


# --- compare ---------------------------------------------------------------------------


def test_compare_long_gives_one_row_per_existing_value_with_provenance(client, world):
    body = client.get("/api/v1/compare/?zone=nanshan,longgang&indicator=gdp,tertiary_share").json()
    assert body["shape"] == "long"
    keys = {(r["zone"], r["indicator"], r["year"]) for r in body["rows"]}
    assert keys == {
        ("nanshan", "gdp", 2023),
        ("nanshan", "gdp", 2024),
        ("longgang", "gdp", 2024),
        ("nanshan", "tertiary_share", 2024),
        ("longgang", "tertiary_share", 2022),
    }
    row = body["rows"][0]
    for field in ("value", "unit", "as_reported", "source", "reliability", "qualifier"):
        assert field in row
    assert all(r["period"] == "FY" for r in body["rows"])


def test_compare_wide_has_a_column_per_indicator_and_null_for_missing(client, world):
    body = client.get(
        "/api/v1/compare/?zone=nanshan,longgang&indicator=gdp,tertiary_share"
        "&year_from=2024&shape=wide"
    ).json()
    assert body["shape"] == "wide"
    rows = {(r["zone"], r["year"]): r for r in body["rows"]}
    assert rows[("nanshan", 2024)]["gdp"] == 8500.5
    assert rows[("nanshan", 2024)]["tertiary_share"] == 65.1
    assert rows[("longgang", 2024)]["tertiary_share"] is None
    assert rows[("longgang", 2024)]["gdp__source"] == "bulletin"
    assert "gdp__as_reported" in body["columns"]


def test_compare_matches_the_analysis_frame(client, world):
    body = client.get("/api/v1/compare/?zone=nanshan,longgang&indicator=gdp").json()
    frame = compare(zones=["nanshan", "longgang"], indicators=["gdp"])
    assert [r["value"] for r in body["rows"]] == list(frame["value"])


def test_compare_xlsx_and_csv_read_back_with_pandas(client, world):
    url = "/api/v1/compare/?zone=nanshan,longgang&indicator=gdp,tertiary_share&shape=wide"
    sheet = read_xlsx(client.get(f"{url}&format=xlsx"))
    assert list(sheet.columns[:5]) == ["zone", "zone_name_zh", "zone_name_en", "year", "period"]
    indexed = sheet.set_index(["zone", "year"])
    assert indexed.loc[("nanshan", 2024), "gdp"] == 8500.5
    assert indexed.loc[("longgang", 2022), "tertiary_share"] == 48.0
    assert sheet.set_index(["zone", "year"]).loc[("longgang", 2022), "gdp"] != 0
    long_csv = read_csv(client.get(url.replace("&shape=wide", "") + "&format=csv"))
    assert len(long_csv) == 5
    assert "南山区" in set(long_csv["zone_name_zh"])


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("indicator=gdp", "zone"),
        ("zone=nanshan", "indicator"),
        ("zone=nanshan,atlantis&indicator=gdp", "zone"),
        ("zone=nanshan&indicator=gnp", "indicator"),
        ("zone=nanshan&indicator=gdp&year_from=2024&year_to=2020", "year_from"),
        ("zone=nanshan&indicator=gdp&year_to=abc", "year_to"),
        ("zone=nanshan&indicator=gdp&shape=square", "shape"),
        ("zone=nanshan&indicator=gdp&period=annual", "period"),
        ("zone=,&indicator=gdp", "zone"),
    ],
)
def test_compare_errors_name_the_parameter(client, world, query, param):
    response = client.get(f"/api/v1/compare/?{query}")
    assert response.status_code == 400, response.content
    assert param in response.json()["errors"]


def test_compare_xlsx_error_is_json(client, world):
    response = client.get("/api/v1/compare/?zone=atlantis&indicator=gdp&format=xlsx")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


# --- benchmark -------------------------------------------------------------------------


def test_benchmark_gives_zone_cohort_ratio_and_gap_for_shared_indicators(client, world):
    body = client.get("/api/v1/benchmark/?zone=nanshan&cohort=east-52").json()
    rows = {row["indicator"]: row for row in body["rows"]}
    assert set(rows) == {"gdp", "energy_intensity"}
    gdp = rows["gdp"]
    assert gdp["zone_value"] == 8500.5 and gdp["cohort_value"] == 2481.8
    assert gdp["ratio"] == round(8500.5 / 2481.8, 4)
    assert gdp["gap"] == pytest.approx(8500.5 - 2481.8)
    assert gdp["zone_source"] == "bulletin" and gdp["cohort_source"] == "bulletin"
    assert gdp["zone_as_reported"] == "8500.5亿元"
    assert rows["energy_intensity"]["ahead"] is True  # 0.2 < 0.25, lower is better
    direct = asdict(zone_benchmark(zone="nanshan", cohort="east-52"))
    assert body["rows"] == direct["rows"]


def test_benchmark_csv_and_errors(client, world):
    frame = read_csv(client.get("/api/v1/benchmark/?zone=longgang&cohort=east-52&format=csv"))
    assert list(frame["indicator"]) == ["gdp", "energy_intensity"]
    assert set(frame["zone"]) == {"longgang"}
    for query, param in [
        ("zone=atlantis&cohort=east-52", "zone"),
        ("zone=nanshan&cohort=nobody", "cohort"),
        ("zone=nanshan", "cohort"),
        ("zone=nanshan&cohort=east-52&year=1000", "year"),
    ]:
        response = client.get(f"/api/v1/benchmark/?{query}")
        assert response.status_code == 400, (query, response.content)
        assert param in response.json()["errors"]


def test_analysis_endpoints_refuse_writes(client, world):
    assert client.post("/api/v1/rankings/", {}).status_code == 405
