"""The overview's map of China: points coloured by the ranking's figure, "no data" drawn apart,
overlapping points spread, a province view, and the CSV of exactly what it draws."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dashboards import geography
from dashboards.map_figures import MapPoint, spread
from tests.dashboards.conftest import EVIL_NAME
from tests.dashboards.test_pages import chart_data, csv_rows

pytestmark = pytest.mark.django_db

NO_DATA_TRACE, VALUE_TRACE, PROVINCES_TRACE = 0, 1, 2


@pytest.fixture
def located(dataset):
    """beta (a GDP figure) beside alpha, evil (a figure) in Zhejiang; empty without a figure."""
    for slug, lat, lon, province in (
        ("beta", "22.70", "114.20", "广东省"),
        ("empty", "22.71", "114.21", "广东省"),
        ("evil", "30.20", "120.20", "浙江省"),
    ):
        zone = next(z for z in dataset["zones"] if z.slug == slug)
        zone.latitude, zone.longitude, zone.province = Decimal(lat), Decimal(lon), province
        zone.save()
    return dataset


def drawn(figure, trace):
    return [slug for _url, slug in figure["data"][trace].get("customdata", [])]


def test_points_carry_the_rankings_figure_and_zones_without_one_are_drawn_apart(client, located):
    figure = chart_data(client.get(reverse("dashboards:home")), "overview-map")
    assert figure["layout"]["title"]["text"] == "地区生产总值 · 2024 全年"
    assert drawn(figure, VALUE_TRACE) == ["alpha", "beta", "evil"]
    assert figure["data"][VALUE_TRACE]["marker"]["color"] == [3000.5, 2000.0, 10.0]
    assert drawn(figure, NO_DATA_TRACE) == ["empty"]
    no_data = figure["data"][NO_DATA_TRACE]
    assert "color" not in no_data["marker"] or no_data["marker"]["color"] != 0
    assert no_data["marker"]["symbol"] == "circle-open"
    assert no_data["name"] == "无数据 (1)"
    assert "无数据" in no_data["text"][0]


def test_a_point_links_to_its_profile_and_its_hover_names_value_year_and_source(client, located):
    figure = chart_data(client.get(reverse("dashboards:home")), "overview-map")
    trace = figure["data"][VALUE_TRACE]
    assert trace["customdata"][0] == ["/zones/alpha/", "alpha"]
    assert figure["layout"]["meta"]["links"] is True
    assert trace["text"][0] == "<b>甲区</b><br>3,000.5 亿元<br>2024 全年<br>来源：2024年统计公报"


def test_database_text_in_the_hover_is_escaped(client, located):
    html = client.get(reverse("dashboards:home")).content.decode()
    assert "<script>alert" not in html
    figure = chart_data(client.get(reverse("dashboards:home")), "overview-map")
    hover = figure["data"][VALUE_TRACE]["text"][2]
    assert hover.startswith("<b>&lt;/script&gt;&lt;script&gt;alert(")
    assert EVIL_NAME not in hover


def test_the_province_view_draws_only_that_provinces_zones_and_frames_it(client, located):
    response = client.get(reverse("dashboards:home"), {"province": "浙江省"})
    figure = chart_data(response, "overview-map")
    assert drawn(figure, VALUE_TRACE) == ["evil"]
    assert drawn(figure, NO_DATA_TRACE) == []
    provinces = figure["data"][PROVINCES_TRACE]
    assert provinces["z"][provinces["locations"].index("浙江省")] == 1
    assert sum(provinces["z"]) == 1
    west, east = figure["layout"]["geo"]["lonaxis"]["range"]
    assert 117 < west < 119 and 122 < east < 124
    assert figure["layout"]["title"]["text"].startswith("浙江省 · ")


def test_an_unknown_province_is_a_400_naming_it(client, located):
    response = client.get(reverse("dashboards:home"), {"province": "火星省"})
    assert response.status_code == 400
    assert "province" in response.content.decode()


def test_the_map_follows_the_rankings_peer_filters(client, located):
    figure = chart_data(
        client.get(reverse("dashboards:home"), {"cohort": "east-52"}), "overview-map"
    )
    assert drawn(figure, VALUE_TRACE) + drawn(figure, NO_DATA_TRACE) == ["alpha", "beta"]


def test_the_csv_holds_exactly_the_points_of_the_map_at_their_own_coordinates(client, located):
    figure = chart_data(client.get(reverse("dashboards:home")), "overview-map")
    rows = csv_rows(client.get(reverse("dashboards:zone-map-csv")))
    drawn_slugs = drawn(figure, VALUE_TRACE) + drawn(figure, NO_DATA_TRACE)
    assert sorted(row["zone"] for row in rows) == sorted(drawn_slugs)
    by_zone = {row["zone"]: row for row in rows}
    assert (
        by_zone["alpha"]["value"] == "3000.5" and by_zone["alpha"]["source_key"] == "bulletin-2024"
    )
    assert by_zone["empty"]["value"] == ""  # no data, never 0
    beta = by_zone["beta"]
    assert (float(beta["latitude"]), float(beta["longitude"])) == (22.7, 114.2)
    province_rows = csv_rows(client.get(reverse("dashboards:zone-map-csv"), {"province": "浙江省"}))
    assert [row["zone"] for row in province_rows] == ["evil"]


def test_overlapping_points_are_spread_apart_and_a_lone_point_keeps_its_place():
    def point(slug, lat, lon):
        return MapPoint(slug=slug, name=slug, url="/", latitude=lat, longitude=lon)

    points = [point("a", 22.70, 114.20), point("b", 22.70, 114.20), point("c", 22.71, 114.21)]
    points.append(point("lone", 40.0, 100.0))
    placed = {p.slug: (p.latitude, p.longitude) for p in spread(points, radius=1.0)}
    assert placed["lone"] == (40.0, 100.0)
    spots = [placed[slug] for slug in "abc"]
    assert len(set(spots)) == 3
    for (lat1, lon1), (lat2, lon2) in zip(spots, spots[1:], strict=False):
        assert abs(lat1 - lat2) + abs(lon1 - lon2) > 0.3
    for lat, lon in spots:  # they stay near their common place
        assert abs(lat - 22.7) < 1 and abs(lon - 114.2) < 1.2


def test_every_province_a_zone_can_name_has_an_outline():
    bounds = {name: geography.view_bounds(name) for name in geography.PROVINCES}
    (west, east), (south, north) = bounds["广东省"]
    assert west < 114.2 < east and south < 22.7 < north
    assert len(bounds) == 34


def test_the_profile_links_to_the_map_of_its_province(client, located):
    html = client.get(reverse("dashboards:zone-detail", args=["evil"])).content.decode()
    link = "/?province=%E6%B5%99%E6%B1%9F%E7%9C%81#map"
    assert f'href="{link}"' in html
    response = client.get("/", {"province": "浙江省"})
    assert response.status_code == 200
