"""The zone picker on compare, rankings, benchmark and peers without JavaScript: the chosen
zones come back as ticked boxes, the search field submits with the form and the page lists
the matches to tick; no page renders a list of every zone."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.dashboards.conftest import EVIL_NAME
from tests.factories import ObservationFactory, ZoneFactory
from zones.models import ZoneAlias


class FormReader(HTMLParser):
    """What a browser without JavaScript sends for the page's first ``form.filters``: every
    named field's value, ticked boxes and chosen options only; and every box it could tick."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.boxes: list[tuple[str, str, bool]] = []  # (name, value, ticked)
        self.depth = 0
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "filters" in (a.get("class") or "") and self.depth == 0:
            self.depth = 1
            return
        if not self.depth or not a.get("name"):
            if tag == "option" and self.select and "selected" in a:
                self.fields.append((self.select, a.get("value") or ""))
            return
        if tag == "select":
            self.select = a["name"]
        elif tag == "input" and a.get("type") in ("checkbox", "radio"):
            self.boxes.append((a["name"], a.get("value") or "", "checked" in a))
            if "checked" in a:
                self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "input":
            self.fields.append((a["name"], a.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "form" and self.depth:
            self.depth = -1  # the first form only; the language switch has its own


def read_form(response) -> FormReader:
    assert response.status_code == 200, response.content[:400]
    reader = FormReader()
    reader.feed(response.content.decode())
    return reader


def submit(client, url, fields, **changes):
    """Send ``fields`` with each name in ``changes`` replaced by the given value list."""
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    data.update(changes)
    return client.get(url, data)


def test_compare_renders_the_chosen_zones_and_a_search_never_every_zone(client, dataset):
    for n in range(40):
        ZoneFactory(slug=f"far-away-{n}", name_zh=f"远方区{n}")
    html = client.get(reverse("dashboards:compare")).content.decode()
    assert '<select name="zone"' not in html
    assert "far-away-" not in html
    assert 'id="zone-picker-q"' in html and 'name="q"' in html
    response = client.get(
        reverse("dashboards:compare"), {"zone": ["beta", "alpha"], "indicator": "gdp"}
    )
    assert [b for b in read_form(response).boxes if b[0] == "zone"] == [
        ("zone", "beta", True),
        ("zone", "alpha", True),
    ]
    assert "far-away-" not in response.content.decode()


def test_compare_without_javascript_search_tick_submit_round_trip(client, dataset):
    url = reverse("dashboards:compare")
    first = read_form(client.get(url, {"zone": "alpha", "indicator": "gdp"}))
    # the reader types a name into the search field and presses the form's button
    found = read_form(submit(client, url, first.fields, q=["乙"]))
    assert ("zone", "beta", False) in found.boxes  # offered, not ticked
    assert ("zone", "alpha", True) in found.boxes  # still chosen
    # ticks it and submits: both zones are compared, in the order chosen
    response = submit(client, url, [*found.fields, ("zone", "beta")])
    html = response.content.decode()
    assert 'id="bars-gdp"' in html
    assert [b for b in read_form(response).boxes if b[0] == "zone"] == [
        ("zone", "alpha", True),
        ("zone", "beta", True),
    ]
    assert "相符的园区都已选择" in html  # the search still stands, its only match chosen


def test_the_page_finds_aliases_cities_and_pinyin_and_flags_zones_without_data(client, dataset):
    ZoneAlias.objects.create(zone=dataset["zones"][4], alias="白板区")
    url = reverse("dashboards:compare")
    by_alias = client.get(url, {"indicator": "gdp", "q": "白板"}).content.decode()
    assert 'value="empty"' in by_alias and "（别名：白板区）" in by_alias
    assert "所选指标无数据" in by_alias  # 空白区 has no GDP
    by_pinyin = read_form(client.get(url, {"q": "jq"}))
    assert ("zone", "alpha", False) in by_pinyin.boxes  # 甲区: jia qu
    by_city = read_form(client.get(url, {"q": "深圳"}))  # every factory zone is in 深圳市
    assert {value for name, value, _ in by_city.boxes if name == "zone"} >= {"alpha", "beta"}
    nothing = client.get(url, {"q": "不存在的地方"}).content.decode()
    assert "没有相符的园区" in nothing


def test_a_chosen_zone_without_data_for_the_indicators_says_so(client, dataset):
    html = client.get(
        reverse("dashboards:compare"), {"zone": ["alpha", "empty"], "indicator": "gdp"}
    ).content.decode()
    chips = html.split('class="picker-chips"')[1].split("</ul>")[0]
    alpha, empty = chips.split('data-slug="empty"')
    assert "所选指标无数据" not in alpha and "所选指标无数据" in empty


def test_names_found_by_the_search_are_escaped(client, dataset):
    html = client.get(reverse("dashboards:compare"), {"q": "恶意"}).content.decode()
    assert 'value="evil"' in html
    assert EVIL_NAME not in html
    assert "&lt;/script&gt;&lt;script&gt;alert" in html


def test_rankings_highlight_is_chosen_by_search_and_flags_zones_without_a_value(client, dataset):
    url = reverse("dashboards:rankings")
    html = client.get(url, {"indicator": "gdp", "year": 2024}).content.decode()
    assert '<select name="zone"' not in html
    found = read_form(client.get(url, {"indicator": "gdp", "year": 2024, "q": "区"}))
    offered = {value for name, value, _ in found.boxes if name == "zone"}
    assert {"alpha", "beta", "empty"} <= offered
    response = submit(client, url, found.fields, zone=["beta"], q=[""])
    html = response.content.decode()
    assert '<tr data-zone="beta" class="highlight">' in html
    assert ("zone", "beta", True) in read_form(response).boxes
    # a single choice: one radio button per zone, and one for none
    assert ("zone", "", False) in read_form(response).boxes
    flagged = client.get(url, {"indicator": "gdp", "year": 2024, "q": "空白"}).content.decode()
    assert "所选指标无数据" in flagged.split('id="zone-picker-matches"')[1]


@pytest.mark.parametrize("page", ["dashboards:benchmark", "dashboards:peers"])
def test_single_zone_pages_pick_the_zone_by_search(client, dataset, page):
    url = reverse(page)
    html = client.get(url).content.decode()
    assert '<select name="zone"' not in html
    found = read_form(client.get(url, {"q": "甲区"}))
    assert ("zone", "alpha", False) in found.boxes
    assert ("zone", "", True) in found.boxes  # nothing chosen yet
    chosen = read_form(client.get(url, {"zone": "alpha"}))
    assert ("zone", "alpha", True) in chosen.boxes


@pytest.mark.parametrize(
    "page", ["dashboards:compare", "dashboards:rankings", "dashboards:benchmark"]
)
def test_a_search_longer_than_allowed_is_a_400_naming_q(client, dataset, page):
    response = client.get(reverse(page), {"indicator": "gdp", "q": "区" * 51})
    assert response.status_code == 400
    assert "q" in response.context["param"]


def test_a_search_costs_the_same_queries_whatever_the_number_of_zones(
    client, dataset, django_assert_max_num_queries
):
    query = {"zone": ["alpha", "beta"], "indicator": "gdp", "q": "区"}
    url = reverse("dashboards:compare")
    with django_assert_max_num_queries(30) as few:
        client.get(url, query)
    for n in range(30):
        zone = ZoneFactory(slug=f"more-{n}", name_zh=f"更多区{n}")
        ObservationFactory(zone=zone, indicator=dataset["gdp"], source=dataset["source"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url, query).content.decode()
    assert html.count('name="zone"') <= 2 + 30  # the chosen, and the page's 30 matches
