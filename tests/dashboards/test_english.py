"""English that reads as English: every msgid of the project has an English translation in
the compiled catalogue, and English pages carry no Chinese full-width punctuation outside data
values (zone names, sources' titles and notes are data; the test data holds none)."""

import gettext
import json
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"
CHINESE_PUNCTUATION = re.compile(r"[，。：；（）、！？]")
ENGLISH_PAGES = [
    "/",
    "/zones/",
    "/zones/alpha/",
    "/rankings/?indicator=gdp&year=2024&zone=empty",
    "/rankings/?indicator=gdp&year=2024&cohort=east-52&zone=alpha",
    "/compare/?zone=alpha&zone=beta&indicator=gdp&indicator=unemployment&indicator=rd_intensity",
    "/compare/?zone=alpha&zone=beta&indicator=gdp&scale=index",
    "/benchmark/?zone=alpha&cohort=east-52",
    "/indicators/",
    "/sources/",
    "/peers/?zone=alpha",
    "/overlap/",
    "/index/",
    "/quality/",
    "/rankings/?indicator=gdp&year=abc",
]


def po_entries():
    """(msgid, flags) of every live entry of the English .po."""
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if block.startswith("#~") or "\nmsgid " not in f"\n{block}":
            continue
        match = re.search(r'^msgid ((?:".*"\n)+)', block + "\n", re.M)
        msgid = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1)))
        if msgid:
            flags = re.findall(r"^#, (.*)$", block, re.M)
            yield msgid.encode().decode("unicode_escape").encode("latin-1").decode(), flags


def test_every_msgid_has_an_english_translation_in_the_compiled_catalogue():
    with open(LOCALE / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    translated = {
        key[0] if isinstance(key, tuple) else key: value for key, value in catalogue.items()
    }
    missing = [msgid for msgid, _ in po_entries() if not translated.get(msgid)]
    fuzzy = [msgid for msgid, flags in po_entries() if any("fuzzy" in f for f in flags)]
    assert missing == []
    assert fuzzy == []


def visible_text(html: str) -> str:
    """The page's text outside script elements and elements marked as Chinese data."""
    html = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    html = re.sub(r'<(\w+)[^>]*\blang="zh-Hans"[^>]*>.*?</\1>', "", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return html


def chart_titles(html: str) -> list[str]:
    titles = []
    for body in re.findall(
        r'<script type="application/json" id="[\w-]+">(.*?)</script>', html, re.S
    ):
        layout = json.loads(body).get("layout", {})
        titles.append((layout.get("title") or {}).get("text", ""))
        titles.append(layout.get("meta", {}).get("export", {}).get("title", ""))
    return titles


@pytest.mark.parametrize("path", ENGLISH_PAGES)
def test_english_pages_have_no_chinese_punctuation(client, dataset, path):
    client.cookies["django_language"] = "en"
    response = client.get(path)
    html = response.content.decode()
    assert '<html lang="en">' in html
    found = [
        line.strip() for line in visible_text(html).splitlines() if CHINESE_PUNCTUATION.search(line)
    ]
    found += [title for title in chart_titles(html) if CHINESE_PUNCTUATION.search(title)]
    assert found == []


def test_one_ranked_zone_is_one_zone_not_1_zones(client, dataset):
    client.cookies["django_language"] = "en"
    html = client.get("/rankings/", {"indicator": "gdp", "year": "2023"}).content.decode()
    assert "Ranked: the one zone of" in html
    assert "1 zones" not in html
    html = client.get("/rankings/", {"indicator": "gdp", "year": "2024"}).content.decode()
    assert "Ranked: the 4 zones of" in html


def test_units_read_in_english_with_the_chinese_unit_on_hover(client, dataset):
    client.cookies["django_language"] = "en"
    html = client.get("/rankings/", {"indicator": "gdp", "year": "2024"}).content.decode()
    assert '3,000.5 <span class="unit" title="亿元">100 million yuan</span>' in html
    assert "GDP (100 million yuan)" in html  # the indicator picker
    figure = re.search(r'id="ranking-data">(.*?)</script>', html, re.S).group(1)
    assert "亿元" not in json.loads(figure)["data"][0]["hovertemplate"]
    client.cookies["django_language"] = "zh-hans"
    html = client.get("/rankings/", {"indicator": "gdp", "year": "2024"}).content.decode()
    assert "3,000.5 亿元" in html
