"""Formatting for the dashboards: numbers for the reader, bilingual labels, honest gaps."""

import re
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dashboards.formatting import bracketed, format_number, localised, pick_language, unit_text
from indicators.models import Period, Reliability, Statistic

register = template.Library()
# Chinese characters: a text in English that still holds them is marked as Chinese
CJK = re.compile(r"[\u3400-\u9fff]")


@register.simple_tag
def no_data():
    """The mark of a missing figure, "无数据" (never a zero)."""
    return format_html('<span class="no-data">{}</span>', _("无数据"))


@register.filter
def number(value):
    """A number with thousands separators and at most two decimals; "no data" for None."""
    if value is None or value == "":
        return no_data()
    return format_number(value)


@register.simple_tag
def value_with_unit(value, unit="", qualifier=""):
    """``1,234.5 亿元`` (``1,234.5 100 million yuan`` in English, 亿元 on hover) or the marked
    "no data" (never a zero) when the value is missing. ``unit``: an indicator or the unit."""
    if value is None or value == "":
        return no_data()
    prefix = {"approx": "≈", "at_least": "≥", "at_most": "≤"}.get(qualifier or "", "")
    return format_html("{}{} {}", prefix, format_number(value), unit_html(unit))


@register.simple_tag(name="unit")
def unit_html(unit):
    """A unit in the reader's language (``formatting.unit_text``); in English the Chinese
    unit as stored is its tooltip."""
    shown = unit_text(unit, get_language())
    stored = unit_text(unit, "zh-hans")
    if shown == stored or not stored:
        return shown
    return format_html('<span class="unit" title="{}">{}</span>', stored, shown)


@register.filter
def with_unit(indicator):
    """An indicator's name with its unit in brackets, as plain text (for ``<option>``)."""
    language = get_language()
    return localised(indicator, "name", language) + bracketed(
        unit_text(indicator, language), language
    )


@register.filter
def paren(text):
    """``（text）`` in Chinese, `` (text)`` in English."""
    return bracketed(str(text), get_language())


@register.simple_tag
def sep():
    """The separator of a list in a sentence: ``、`` in Chinese, ``, `` in English."""
    return ", " if (get_language() or "").startswith("en") else "、"


@register.filter
def label(text):
    """The half of a "中文 / English" label that the reader's language asks for."""
    return pick_language(str(text), get_language())


@register.filter
def name(obj, field="name"):
    """``obj.name_zh`` or ``obj.name_en`` (dicts or objects), by the reader's language."""
    return localised(obj, field, get_language())


@register.filter
def labelled(choices):
    """``(value, "中文 / English")`` choices with each label in the reader's language."""
    return [(value, label(text)) for value, text in choices]


@register.filter
def slug_and_name(objects):
    """``(slug, name)`` choices of objects (cohorts), the name in the reader's language."""
    return [(obj.slug, name(obj)) for obj in objects]


@register.simple_tag
def choice_select(field, choices, chosen, blank=None):
    """The ``<select name="field">`` of ``(value, text)`` choices with ``chosen`` selected,
    and first, when ``blank`` is given, an option without a value showing ``blank`` (all)."""
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == chosen else "", text) for value, text in choices),
    )
    if blank is not None:
        options = format_html('<option value="">{}</option>{}', blank, options)
    return format_html('<select name="{}">{}</select>', field, options)


@register.simple_tag
def source_link(key, *text):
    """The link to source ``key`` on the sources page, showing ``text`` (the key itself when
    none is given)."""
    return format_html(
        '<a href="{}#source-{}">{}</a>',
        reverse("dashboards:source-list"),
        key,
        text[0] if text else key,
    )


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` or None: for the per-cohort ratios of a ranked zone."""
    return mapping.get(key) if mapping else None


@register.simple_tag
def reliability_mark(reliability):
    """A visible mark beside a figure whose source is less than official; nothing otherwise.

    ``reliability`` is a ``Reliability`` value. The mark names the kind of source in the
    reader's language and says, on hover, that the figure is not from an official source.
    """
    if not reliability or reliability == Reliability.OFFICIAL:
        return ""
    try:
        kind = pick_language(str(Reliability(reliability).label), get_language())
    except ValueError:
        kind = str(reliability)
    return format_html(
        '<span class="reliability-mark" data-reliability="{}" title="{}">{}</span>',
        reliability,
        _("非官方来源：%(kind)s") % {"kind": kind},
        kind,
    )


@register.simple_tag
def open_check_mark(zone, indicator):
    """The mark beside a figure about which a consistency finding is open, linking to that
    zone's and indicator's open findings on /quality/ (the page decides which figures)."""
    query = urlencode({"zone": zone, "indicator": indicator, "resolution": "open"})
    return format_html(
        '<a class="open-check" href="{}?{}" title="{}">{}</a>',
        reverse("dashboards:quality"),
        query,
        _("一致性检查发现问题，尚未处理：点击查看"),
        _("待核"),
    )


@register.filter
def statistic_label(value):
    """A ``Statistic`` value in the reader's language."""
    return pick_language(str(Statistic(value).label), get_language())


@register.filter
def period_label(value):
    """A ``Period`` value in the reader's language."""
    return pick_language(str(Period(value).label), get_language())


@register.simple_tag
def reader_note(text):
    """A steward's note in the reader's language: the matching half of a "中文 / English"
    note; a note only in Chinese read in English is marked as such (``lang="zh-Hans"``)."""
    language = get_language()
    shown = pick_language(str(text), language)
    if (language or "").startswith("en") and CJK.search(shown):
        return format_html(
            '<p class="note"><span class="note-language">{}</span> '
            '<span lang="zh-Hans">{}</span></p>',
            _("（中文说明）"),
            shown,
        )
    return format_html('<p class="note">{}</p>', shown)


@register.simple_tag
def punct(mark):
    """Punctuation between template pieces in the reader's language: ``punct "("`` gives
    ``（`` in Chinese and `` (`` in English; also ``")"``, ``","`` and ``":"``."""
    english = (get_language() or "").startswith("en")
    chinese = {"(": "（", ")": "）", ",": "，", ":": "："}
    spaced = {"(": " (", ")": ")", ",": ", ", ":": ": "}
    return (spaced if english else chinese)[mark]
