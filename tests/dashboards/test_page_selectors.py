"""The page selectors answer the same as before while reading less of the table."""

from decimal import Decimal

from django.core.cache import cache
from django.urls import reverse

from dashboards import selectors as page_selectors
from indicators.models import Period
from tests.factories import IndicatorFactory, ObservationFactory, ZoneFactory


def test_picker_marks_exactly_the_indicators_with_a_figure_in_the_period(dataset):
    full_year = {i.code: i.has_values for i in page_selectors.indicators_for_picker(period="FY")}
    nine_months = {i.code: i.has_values for i in page_selectors.indicators_for_picker(period="9M")}
    assert full_year == {"gdp": True, "unemployment": True, "rd_intensity": True}
    assert nine_months == {"gdp": True, "unemployment": False, "rd_intensity": False}


def test_picker_says_no_data_for_an_indicator_without_figures_in_the_period(client, dataset):
    html = client.get(reverse("dashboards:rankings"), {"period": "9M"}).content.decode()
    assert "失业率（%） — 无数据" in html
    assert "地区生产总值（亿元）</option>" in html


def test_overview_counts_count_only_indicators_with_figures(dataset):
    IndicatorFactory(code="no_figures")
    counts = page_selectors.overview_counts()
    assert counts["indicators"] == 3
    assert counts["zones"] == 6
    assert counts["observations"] == 10
    assert (counts["year_first"], counts["year_last"]) == (2023, 2024)


def test_overview_counts_are_read_from_the_cache_until_the_data_generation_changes(
    dataset, django_assert_num_queries
):
    first = page_selectors.overview_counts()
    with django_assert_num_queries(0):
        assert page_selectors.overview_counts() == first
    ObservationFactory(
        zone=dataset["zones"][4], indicator=dataset["gdp"], year=2019, value=Decimal("1")
    )
    cache.set(page_selectors.DATA_GENERATION_KEY, page_selectors.data_generation() + 1)
    fresh = page_selectors.overview_counts()
    assert fresh["observations"] == first["observations"] + 1
    assert fresh["year_first"] == 2019


def test_zones_with_data_are_the_zones_with_a_figure_of_the_indicators_in_the_period(dataset):
    assert page_selectors.zones_with_data(indicators=["gdp"], period="FY") == {
        "alpha",
        "beta",
        "gamma",
        "evil",
    }
    assert page_selectors.zones_with_data(indicators=["gdp"], period="9M") == {"ninemonth"}
    assert page_selectors.zones_with_data(
        indicators=["unemployment", "rd_intensity"], period="FY"
    ) == {
        "alpha",
        "beta",
    }


def test_periods_with_data_lists_each_period_once_full_year_first(dataset):
    ObservationFactory(zone=ZoneFactory(), indicator=dataset["gdp"], year=2022, period=Period.M9)
    assert page_selectors.periods_with_data(indicator="gdp") == ["FY", "9M"]
    assert page_selectors.periods_with_data(indicator="rd_intensity") == ["FY"]

