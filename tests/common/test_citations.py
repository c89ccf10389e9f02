"""Every CSV names its sources by publisher, title, date and address (``common.tabular.cited``),
the same five columns in the same order in the API's files and the pages'."""

from datetime import date

import pytest

from common.tabular import cited
from tests.api.helpers import read_csv
from tests.factories import ObservationFactory, SourceFactory

SPELLED = ["source_publisher", "source_title", "source_date", "source_url", "source_key"]


@pytest.fixture
def figure(db):
    source = SourceFactory(
        key="lg-bulletin-2024",
        title="深圳市龙岗区2024年国民经济和社会发展统计公报",
        publisher="深圳市龙岗区统计局",
        published=date(2025, 4, 30),
        url="https://www.lg.gov.cn/bulletin-2024.html",
    )
    return ObservationFactory(source=source)


def test_a_source_column_becomes_publisher_title_date_address_and_key(figure):
    columns, rows = cited(["zone", "source", "reliability"], [["a", "lg-bulletin-2024", "x"]])
    assert columns == ["zone", *SPELLED, "reliability"]
    assert list(rows) == [
        [
            "a",
            "深圳市龙岗区统计局",
            "深圳市龙岗区2024年国民经济和社会发展统计公报",
            "2025-04-30",
            "https://www.lg.gov.cn/bulletin-2024.html",
            "lg-bulletin-2024",
            "x",
        ]
    ]


def test_prefixed_columns_keep_their_prefix_and_unknown_keys_stay_blank(figure):
    columns, rows = cited(["cohort_source"], [["nope"], [None]])
    assert columns == [f"cohort_{name}" for name in SPELLED]
    assert list(rows) == [["", "", "", "", "nope"], ["", "", "", "", None]]


def test_a_file_without_source_columns_runs_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        columns, rows = cited(["zone"], [["a"]])
        assert list(rows) == [["a"]]


def test_api_and_page_csv_show_the_same_source_columns(client, figure):
    api = read_csv(client.get("/api/v1/observations/?format=csv"))
    zone, indicator = figure.zone.slug, figure.indicator.code
    page = read_csv(
        client.get(f"/compare/csv/?zone={zone}&indicator={indicator}&year_from={figure.year}")
    )
    for frame in (api, page):
        at = list(frame.columns).index("source_publisher")
        assert list(frame.columns)[at : at + 6] == [*SPELLED, "reliability"]
        assert frame.loc[0, "source_title"] == figure.source.title
        assert frame.loc[0, "source_url"] == "https://www.lg.gov.cn/bulletin-2024.html"
        assert "source" not in frame.columns
