"""Every list endpoint runs a fixed number of SQL queries, whatever the page size."""

from decimal import Decimal

import pytest

from indicators.models import IndicatorAlias
from tests.factories import (
    CohortFactory,
    CohortStatisticFactory,
    IndicatorFactory,
    ObservationFactory,
    SourceFactory,
    ZoneFactory,
)
from zones.models import Industry, ZoneAlias, ZoneIndustry

pytestmark = pytest.mark.django_db

ROWS = 25


@pytest.fixture
def many(db):
    source = SourceFactory(key="bulletin")
    industry = Industry.objects.create(slug="ict", name_zh="信息技术", name_en="ICT")
    gdp = IndicatorFactory(code="gdp")
    cohorts = [CohortFactory(slug=f"cohort-{i}", source=source) for i in range(ROWS)]
    zones = []
    for index in range(ROWS):
        zone = ZoneFactory(slug=f"z-{index:02d}")
        zones.append(zone)
        ZoneAlias.objects.create(zone=zone, alias=f"别名{index}")
        ZoneIndustry.objects.create(zone=zone, industry=industry, source=source)
        indicator = IndicatorFactory(code=f"ind-{index:02d}")
        IndicatorAlias.objects.create(indicator=indicator, alias=f"指标别名{index}")
        SourceFactory(key=f"source-x{index:02d}")
        ObservationFactory(zone=zone, indicator=gdp, value=Decimal(index + 1), source=source)
        cohorts[index].members.add(zone, zones[0])
        CohortStatisticFactory(cohort=cohorts[index], indicator=gdp, source=source)
    return zones


@pytest.mark.parametrize(
    ("url", "max_queries"),
    [
        ("/api/v1/zones/?{page}", 5),  # count, page, industries, cohorts, same territory
        ("/api/v1/zones/?kind=district&q=z&{page}", 5),
        ("/api/v1/cohorts/?{page}", 4),  # count, page+source, members, statistics
        ("/api/v1/indicators/?{page}", 3),  # count, page, aliases
        ("/api/v1/sources/?{page}", 2),
        ("/api/v1/observations/?{page}", 2),
        ("/api/v1/observations/?indicator=gdp&ordering=-value&{page}", 3),
    ],
)
def test_list_endpoints_run_a_fixed_number_of_queries(
    client, many, django_assert_max_num_queries, url, max_queries
):
    sizes = []
    for page in ("page_size=1", f"page_size={ROWS}", "format=csv"):
        with django_assert_max_num_queries(max_queries):
            response = client.get(url.format(page=page))
            body = response.getvalue()  # a CSV is streamed: its queries run as it is read
        assert response.status_code == 200, body
        sizes.append(len(body))
    assert sizes[0] < sizes[1]  # the bigger page really holds more rows


@pytest.mark.parametrize(
    ("url", "max_queries"),
    [
        # +2: the cohorts' member figures and the cohorts (analysis.distribution)
        ("/api/v1/rankings/?indicator=gdp&year=2024", 6),
        # +1 in CSV: the file names its sources by their titles (common.tabular.cited)
        ("/api/v1/rankings/?indicator=gdp&year=2024&cohort=cohort-1&format=csv", 8),
        ("/api/v1/mrv/?indicator=gdp", 2),
        # the figures, and which of them have an open consistency finding
        ("/api/v1/compare/?zone=z-00,z-01,z-02,z-03&indicator=gdp,ind-01&shape=wide", 4),
        ("/api/v1/benchmark/?zone=z-00&cohort=cohort-3", 6),
    ],
)
def test_analysis_endpoints_run_a_fixed_number_of_queries(
    client, many, django_assert_max_num_queries, url, max_queries
):
    with django_assert_max_num_queries(max_queries):
        response = client.get(url)
    assert response.status_code == 200, response.content
