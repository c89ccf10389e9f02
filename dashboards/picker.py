"""The zone picker of the compare, rankings, benchmark and peers forms: the chosen zones as
ticked boxes (chips) and a search field, never a list of every zone.

Without JavaScript the search field submits with the form (``?q=``) and the page lists the
zones it finds, grouped by kind and region, to tick; with JavaScript ``static/js/
zone_picker.js`` asks ``/api/v1/zones/search/`` as the reader types. Both find zones with
``indicators.zone_search``.
"""

from __future__ import annotations

from dataclasses import replace

from django.http import QueryDict
from django.urls import reverse

from dashboards import params
from indicators.models import Period
from indicators.zone_search import MAX_QUERY_LENGTH, zone_choices, zone_search

# how many matches a page lists under its search field
PAGE_MATCHES = 30


def zone_picker(
    query: QueryDict,
    *,
    chosen: list[str],
    multiple: bool,
    indicators: list[str] | None = None,
    period: str = Period.FULL_YEAR,
) -> dict:
    """What ``dashboards/_zone_picker.html`` needs: the chosen zones (in order, each with how
    many of ``indicators`` it has values for in ``period``), the reader's search ``?q=`` and,
    when there is one, the zones it finds that are not chosen yet. A search longer than the
    API allows is a ``BadParameter`` naming ``q``."""
    text = params.text(query, "q") or ""
    indicators = indicators or None
    matches = None
    if text:
        found = zone_search(
            query=text, indicators=indicators, period=period, limit=PAGE_MATCHES + len(chosen)
        )
        groups = [
            replace(group, zones=[zone for zone in group.zones if zone.slug not in chosen])
            for group in found.groups
        ]
        shown = [group for group in groups if group.zones]
        left_out = len(found.zones) - sum(len(group.zones) for group in shown)
        matches = replace(found, groups=shown, count=found.count - left_out)
    return {
        "multiple": multiple,
        "chosen": zone_choices(slugs=chosen, indicators=indicators, period=period),
        "q": text,
        "max_length": MAX_QUERY_LENGTH,
        "matches": matches,
        "flagged": indicators is not None,
        "search_url": reverse("api:zone-search"),
    }
