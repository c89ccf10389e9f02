"""A chart's PNG stands alone: its title names the zone(s), indicator, years, period and unit,
the sources and "ZoneBench, <date>" are under it, and its file name says what it is."""

import json
import re
import struct
from datetime import date

from tests.browser.test_dashboards_in_chromium import wait_drawn


def export_meta(page, chart_id):
    """``layout.meta.export`` of the figure JSON the export is drawn from."""
    text = page.locator(f"#{chart_id}-data").text_content()
    return json.loads(text)["layout"]["meta"]["export"]


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_profile_series_png_is_named_and_titled_for_what_it_shows(page):
    page.goto(page.base + "/zones/shenzhen-longgang/")
    wait_drawn(page, "series-gdp")
    years = page.evaluate("document.getElementById('series-gdp').data[0].x")
    first, last = min(years), max(years)
    meta = export_meta(page, "series-gdp")
    assert meta["title"] == f"深圳市龙岗区 · 地区生产总值 · {first}–{last} 全年 · 单位：亿元"
    assert meta["source"][0].startswith("来源：")
    assert meta["filename"] == f"shenzhen-longgang-gdp-{first}-{last}"
    with page.expect_download() as download:
        page.locator("button[data-png-for=series-gdp]").click()
    assert download.value.suggested_filename == f"shenzhen-longgang-gdp-{first}-{last}.png"
    assert png_size(download.value.path())[0] == 1000


def test_the_exported_picture_carries_title_sources_and_stamp(page):
    """What the modebar's camera hands to plotly.js: the layout of the picture."""
    page.goto(page.base + "/zones/shenzhen-longgang/")
    wait_drawn(page, "series-gdp")
    page.evaluate(
        "() => { const draw = Plotly.toImage; Plotly.toImage = (figure, options) => {"
        " window.exported = {title: figure.layout.title.text, height: options.height,"
        " notes: figure.layout.annotations.map(a => a.text)};"
        " return draw(figure, options); }; }"
    )
    meta = export_meta(page, "series-gdp")
    page.locator("#series-gdp").hover()
    with page.expect_download() as download:
        page.locator("#series-gdp .modebar-btn[data-title='导出图片（PNG）']").click()
    assert download.value.suggested_filename == meta["filename"] + ".png"
    exported = page.evaluate("window.exported")
    assert exported["title"].startswith("<b>深圳市龙岗区 · 地区生产总值 · ")
    footer = exported["notes"][-1].split("<br>")
    assert footer[0].startswith("来源：")
    assert footer[-1] == f"ZoneBench, {date.today().isoformat()}"


def test_compare_png_in_english_names_every_zone_and_the_unit(page):
    page.goto(page.base + "/compare/?zone=shenzhen-longgang&zone=shenzhen-baoan&indicator=gdp")
    page.click("#lang-en")
    page.wait_for_selector("html[lang=en]")
    wait_drawn(page, "bars-gdp")
    meta = export_meta(page, "bars-gdp")
    assert re.fullmatch(
        r"Longgang District, Shenzhen, Bao'an District, Shenzhen · Gross domestic product \(GDP\)"
        r" · \d{4} Full year"
        r" · unit: 100 million yuan",
        meta["title"],
    ), meta["title"]
    assert re.fullmatch(r"shenzhen-longgang-shenzhen-baoan-gdp-\d{4}", meta["filename"])
    with page.expect_download() as download:
        page.locator("button[data-png-for=bars-gdp]").click()
    assert download.value.suggested_filename == meta["filename"] + ".png"
