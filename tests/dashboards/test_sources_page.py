"""The sources page: searched and filtered server-side with the API's FilterSet (a bad value is
a 400 naming it), official sources first, public titles first, stewards' notes as details in
the reader's language or marked as Chinese."""

import re
from datetime import date

import pytest
from django.urls import reverse

from indicators.models import Reliability, SourceKind
from tests.factories import SourceFactory

URL = "/sources/"


def bulletin(key, title, published, **extra):
    return SourceFactory(
        key=key,
        title=title,
        publisher=extra.pop("publisher", "龙岗区统计局"),
        published=published,
        kind=extra.pop("kind", SourceKind.STATISTICAL_BULLETIN),
        reliability=extra.pop("reliability", Reliability.OFFICIAL),
        **extra,
    )


@pytest.fixture
def sources(db):
    return [
        bulletin(
            "lg-2024",
            "龙岗区2024年统计公报",
            date(2025, 4, 1),
            title_en="Longgang 2024 statistical bulletin",
            note="核对过原文。 / Checked against the original.",
        ),
        bulletin("lg-2023", "龙岗区2023年统计公报", date(2024, 4, 1)),
        bulletin(
            "ccid",
            "城市新中心研究",
            date(2025, 9, 17),
            publisher="赛迪顾问",
            kind=SourceKind.RESEARCH_REPORT,
            reliability=Reliability.RESEARCH,
            note="只有中文说明：年份为推断。",
        ),
    ]


def keys(html: str) -> list[str]:
    return re.findall(r'<section class="source" id="source-([\w-]+)">', html)


def test_official_sources_come_first_then_the_newest(client, sources):
    html = client.get(URL).content.decode()
    assert keys(html) == ["lg-2024", "lg-2023", "ccid"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "2023"}, ["lg-2023"]),
        ({"q": "赛迪"}, ["ccid"]),
        ({"kind": "research_report"}, ["ccid"]),
        ({"reliability": "official"}, ["lg-2024", "lg-2023"]),
        ({"publisher": "龙岗区统计局", "q": "2024"}, ["lg-2024"]),
        ({"publisher": "无此发布者"}, []),
    ],
)
def test_search_and_filters_narrow_the_list(client, sources, query, expected):
    response = client.get(URL, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert keys(html) == expected
    if not expected:
        assert 'id="no-sources"' in html


@pytest.mark.parametrize("param", ["kind", "reliability"])
def test_a_bad_filter_value_is_a_400_naming_it(client, sources, param):
    response = client.get(URL, {param: "bogus"})
    assert response.status_code == 400
    assert f'<code class="param">{param}</code>' in response.content.decode()


def test_public_title_publisher_and_date_come_before_the_stewards_note(client, sources):
    html = client.get(URL).content.decode()
    section = re.search(r'id="source-lg-2024">(.*?)</section>', html, re.S).group(1)
    assert section.index("龙岗区统计局") < section.index("2025-04-01") < section.index("<details")
    note = r'<summary>数据维护者的说明</summary>\s*<p class="note">核对过原文。</p>'
    assert re.search(note, section)


def test_notes_in_english_are_english_or_marked_as_chinese(client, sources):
    client.cookies["django_language"] = "en"
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    bulletin = re.search(r'id="source-lg-2024">(.*?)</section>', html, re.S).group(1)
    assert "<h2>Longgang 2024 statistical bulletin</h2>" in bulletin
    assert '<p class="note">Checked against the original.</p>' in bulletin
    study = re.search(r'id="source-ccid">(.*?)</section>', html, re.S).group(1)
    assert '<span class="note-language">(Note in Chinese)</span>' in study
    assert '<span lang="zh-Hans">只有中文说明：年份为推断。</span>' in study


def test_sources_page_query_count_does_not_grow_with_sources(
    client, sources, django_assert_max_num_queries
):
    for index in range(20):
        SourceFactory(key=f"extra-{index}")
    with django_assert_max_num_queries(5):
        assert client.get(reverse("dashboards:source-list"), {"q": "extra"}).status_code == 200
