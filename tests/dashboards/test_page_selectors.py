"""The page selectors answer the same as before while reading less of the table."""

from decimal import Decimal

from django.urls import reverse

from dashboards import selectors as page_selectors
from indicators.models import Period
from tests.dashboards.conftest import EVIL_NAME
from tests.dashboards.test_pages import chart_data
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
    dataset, django_assert_num_queries, django_capture_on_commit_callbacks
):
    first = page_selectors.overview_counts()
    with django_assert_num_queries(0):
        assert page_selectors.overview_counts() == first
    # the save's signal starts a new data generation when the transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        ObservationFactory(
            zone=dataset["zones"][4], indicator=dataset["gdp"], year=2019, value=Decimal("1")
        )
    fresh = page_selectors.overview_counts()
    assert fresh["observations"] == first["observations"] + 1
    assert fresh["year_first"] == 2019


def test_periods_with_data_lists_each_period_once_full_year_first(dataset):
    ObservationFactory(zone=ZoneFactory(), indicator=dataset["gdp"], year=2022, period=Period.M9)
    assert page_selectors.periods_with_data(indicator="gdp") == ["FY", "9M"]
    assert page_selectors.periods_with_data(indicator="rd_intensity") == ["FY"]


def _many_ranked_zones(dataset, n):
    """``n`` more zones with a 2024 GDP figure, ``z00`` the largest."""
    for i in range(n):
        ObservationFactory(
            zone=ZoneFactory(slug=f"z{i:02d}", name_zh=f"区{i:02d}", name_en=f"Zone {i:02d}"),
            indicator=dataset["gdp"],
            year=2024,
            value=Decimal(100_000 - i),
        )


def test_overview_chart_draws_the_best_thirty_and_says_so(client, dataset):
    _many_ranked_zones(dataset, 40)  # 44 ranked zones in all
    response = client.get(reverse("dashboards:home"), {"indicator": "gdp", "year": 2024})
    figure = chart_data(response, "overview-ranking")
    assert figure["data"][0]["y"] == [float(100_000 - i) for i in range(30)]
    assert "图中显示前 30 名，共 44 个园区；完整排名见排名页。" in response.content.decode()
    # the rankings page still draws every zone, with no such note
    response = client.get(reverse("dashboards:rankings"), {"indicator": "gdp", "year": 2024})
    assert len(chart_data(response, "ranking")["data"][0]["y"]) == 44
    assert "图中显示前" not in response.content.decode()


def test_overview_chart_of_a_lower_is_better_indicator_draws_the_lowest_thirty(client, dataset):
    for i in range(40):
        ObservationFactory(
            zone=ZoneFactory(slug=f"u{i:02d}"),
            indicator=dataset["unemployment"],
            year=2024,
            value=Decimal(i) / 10,
        )
    response = client.get(reverse("dashboards:home"), {"indicator": "unemployment", "year": 2024})
    lowest = sorted([i / 10 for i in range(40)] + [2.5, 3.1])[:30]  # beta's 2.5 among them
    assert chart_data(response, "overview-ranking")["data"][0]["y"] == lowest


def test_overview_chart_adds_the_highlighted_zone_below_the_thirty(client, dataset):
    _many_ranked_zones(dataset, 40)
    response = client.get(
        reverse("dashboards:home"), {"indicator": "gdp", "year": 2024, "zone": "evil"}
    )
    trace = chart_data(response, "overview-ranking")["data"][0]
    assert len(trace["y"]) == 31
    assert trace["y"][-1] == 10.0  # the last zone of the 44, highlighted
    assert trace["x"][-1] == EVIL_NAME
    assert trace["marker"]["color"].count(trace["marker"]["color"][-1]) == 1
    assert "第 44 名，共 44 个 2024 年有数值的园区" in response.content.decode()


def test_overview_chart_note_is_english_for_an_english_reader(client, dataset):
    _many_ranked_zones(dataset, 40)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("dashboards:home"), {"indicator": "gdp", "year": 2024}).content
    assert "Showing the top 30 of 44 zones; full ranking on the rankings page." in html.decode()


def test_overview_chart_of_few_zones_draws_them_all_without_a_note(client, dataset):
    response = client.get(reverse("dashboards:home"), {"indicator": "gdp", "year": 2024})
    assert chart_data(response, "overview-ranking")["data"][0]["y"] == [3000.5, 2000, 2000, 10]
    assert "图中显示前" not in response.content.decode()
