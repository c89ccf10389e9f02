"""What every page keeps to: escaping, no CDN, fixed query counts, a 400 naming the bad
parameter, both languages, each chart's CSV/PNG and sources, the catalogue and source pages."""

import re

import pytest
from django.urls import reverse

from tests.dashboards.conftest import EVIL_NAME
from tests.dashboards.pages import chart_data
from tests.factories import IndicatorFactory, ObservationFactory, ZoneFactory


def test_database_text_is_escaped_in_html_and_in_chart_json(client, dataset):
    response = client.get(reverse("dashboards:home"), {"indicator": "gdp", "year": 2024})
    html = response.content.decode()
    assert EVIL_NAME not in html
    assert "&lt;/script&gt;&lt;script&gt;" in html
    # inside the figure JSON the name is there, but no raw "<" can close the script element
    figure_text = re.search(r'id="overview-ranking-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in figure_text
    assert EVIL_NAME in chart_data(response, "overview-ranking")["data"][0]["x"]


@pytest.mark.parametrize(
    ("url", "query", "status", "param"),
    [
        ("dashboards:rankings", {"indicator": "nope"}, 404, "indicator"),
        ("dashboards:rankings", {"indicator": "gdp", "year": "abc"}, 400, "year"),
        ("dashboards:rankings", {"indicator": "gdp", "year": "99999"}, 400, "year"),
        ("dashboards:rankings", {"indicator": "gdp", "period": "13M"}, 400, "period"),
        ("dashboards:rankings", {"indicator": "gdp", "zone": "atlantis"}, 404, "zone"),
        ("dashboards:rankings-csv", {"indicator": "gdp", "kind": "castle"}, 400, "kind"),
        ("dashboards:compare", {"zone": "atlantis", "indicator": "gdp"}, 404, "zone"),
        ("dashboards:compare-csv", {"zone": "alpha"}, 400, "indicator"),
        ("dashboards:benchmark", {"zone": "alpha", "cohort": "nobody"}, 404, "cohort"),
        ("dashboards:zone-list", {"region": "mars"}, 400, "region"),
        ("dashboards:home", {"page": "99"}, 400, "page"),
        # digits int() refuses although str.isdigit() accepts them, and ones int() would take
        ("dashboards:home", {"page": "²"}, 400, "page"),
        ("dashboards:zone-list", {"page": "①"}, 400, "page"),
        ("dashboards:rankings", {"indicator": "gdp", "year": "²⁰²⁴"}, 400, "year"),
        ("dashboards:rankings", {"indicator": "gdp", "year": "２０２４"}, 400, "year"),
    ],
)
def test_bad_query_strings_give_a_page_naming_the_parameter(
    client, dataset, url, query, status, param
):
    response = client.get(reverse(url), query)
    assert response.status_code == status
    assert f'<code class="param">{param}</code>' in response.content.decode()


def test_indicator_catalogue_shows_coverage_by_year(client, dataset):
    html = client.get(reverse("dashboards:indicator-list")).content.decode()
    row = re.search(r'<tr id="indicator-gdp">(.*?)</tr>', html, re.S).group(1)
    assert "亿元" in row and "<th" not in row
    # year columns 2023, 2024: how many zones have a value (the 9M figure counts as coverage)
    assert '<td class="num">1</td><td class="num">5</td>' in row


def test_sources_page_lists_the_figures_taken_from_each_source(client, dataset):
    html = client.get(reverse("dashboards:source-list")).content.decode()
    section = re.search(r'id="source-bulletin-2024">(.*?)</section>', html, re.S).group(1)
    assert "3000.5亿元" in section and "前三季度9999亿元" in section


def test_language_switch_turns_the_interface_english(client, dataset):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/rankings/"})
    assert response.status_code == 302
    html = client.get(reverse("dashboards:rankings"), {"indicator": "gdp"}).content.decode()
    assert "Rankings" in html and "Alpha District" in html
    assert '<html lang="en">' in html


def test_no_cdn_every_script_is_served_by_the_app(client, dataset):
    html = client.get(reverse("dashboards:home")).content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts and all(src.startswith("/static/") for src in scripts)
    # random tokens (CSRF, CSP nonces) may spell "cdn" by chance: look past them
    markup = re.sub(r'(value|nonce)="[^"]*"', "", html)
    assert "cdn" not in markup.lower()


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("dashboards:home", {}),
        ("dashboards:zone-list", {}),
        ("dashboards:rankings", {"indicator": "gdp"}),
        ("dashboards:indicator-list", {}),
        ("dashboards:source-list", {}),
        ("dashboards:compare", {"zone": ["alpha", "beta"], "indicator": ["gdp", "rd_intensity"]}),
    ],
)
def test_list_pages_run_a_fixed_number_of_queries(
    client, dataset, django_assert_max_num_queries, url, query
):
    for index in range(20):
        zone = ZoneFactory(slug=f"extra-{index}")
        ObservationFactory(zone=zone, indicator=dataset["gdp"], source=dataset["source"])
    with django_assert_max_num_queries(25):
        assert client.get(reverse(url), query).status_code == 200


def test_zone_profile_runs_a_fixed_number_of_queries(
    client, dataset, django_assert_max_num_queries
):
    for index in range(10):
        indicator = IndicatorFactory(code=f"extra_{index}")
        ObservationFactory(
            zone=dataset["zones"][0], indicator=indicator, source=dataset["source"], year=2022
        )
        ObservationFactory(
            zone=dataset["zones"][0], indicator=indicator, source=dataset["source"], year=2024
        )
    # 20 for the figures, series and sectors; up to 6 for "zones like this one", 2 for the
    # development stage
    with django_assert_max_num_queries(28):
        assert client.get(reverse("dashboards:zone-detail", args=["alpha"])).status_code == 200


@pytest.mark.parametrize(
    ("url", "args", "query"),
    [
        ("dashboards:home", [], {}),
        ("dashboards:zone-detail", ["alpha"], {}),
        ("dashboards:rankings", [], {"indicator": "gdp"}),
        (
            "dashboards:compare",
            [],
            {"zone": ["alpha", "beta"], "indicator": ["gdp", "unemployment", "rd_intensity"]},
        ),
        ("dashboards:benchmark", [], {"zone": "alpha", "cohort": "east-52"}),
    ],
)
def test_every_chart_offers_its_csv_png_and_names_its_sources(client, dataset, url, args, query):
    html = client.get(reverse(url, args=args), query).content.decode()
    blocks = re.findall(r'<figure class="chart-block".*?</figure>', html, re.S)
    assert blocks
    for block in blocks:
        assert 'class="csv-link"' in block
        assert "data-png-for=" in block
        # the sources under it: documents, or (for the map) where the coordinates come from
        assert 'class="sources">来源：<a' in block or 'class="sources note">来源：' in block


def test_axis_titles_carry_the_unit(client, dataset):
    response = client.get(reverse("dashboards:rankings"), {"indicator": "gdp", "year": 2024})
    assert chart_data(response, "ranking")["layout"]["yaxis"]["title"]["text"] == "亿元"


def test_sources_page_shows_a_slice_of_a_large_source_and_says_how_many(
    client, dataset, django_assert_max_num_queries
):
    from dashboards import selectors as page_selectors

    sources = {s.key: s for s in page_selectors.sources_with_figures(per_source=3)}
    big = sources["bulletin-2024"]
    assert big.n_observations == 10
    assert [(o.zone.slug, o.indicator.code, o.year) for o in big.figures] == [
        ("alpha", "gdp", 2023),
        ("alpha", "gdp", 2024),
        ("alpha", "unemployment", 2024),
    ]
    with django_assert_max_num_queries(10):
        html = client.get(reverse("dashboards:source-list")).content.decode()
    assert "共 10 个" not in html  # the page shows up to 50: all ten here


def test_sources_page_says_how_many_figures_a_large_source_has(client, dataset):
    for index in range(41):
        ObservationFactory(
            zone=ZoneFactory(slug=f"many-{index:02d}"),
            indicator=dataset["gdp"],
            source=dataset["source"],
        )
    html = client.get(reverse("dashboards:source-list")).content.decode()
    section = re.search(r'id="source-bulletin-2024">(.*?)</section>', html, re.S).group(1)
    assert "显示前 50 个园区数值，共 51 个" in section
    assert section.count("<tr><td><a") == 50
