"""The peers page (zones like a zone) and the zone profile's peers and stage sections."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode

from analysis.peers import (
    DEFAULT_K,
    DEFAULT_MIN_OVERLAP,
    DEFAULT_WINDOW,
    MAX_K,
    MAX_WINDOW,
    Peers,
    zone_peers,
)
from analysis.stage import SOURCE as STAGE_SOURCE
from analysis.stage import zone_stages
from common.codes import is_whole_number
from common.errors import BadParameter
from dashboards import params
from dashboards.exports import Export
from dashboards.formatting import localised, pick_language
from dashboards.peer_figures import peers_figure
from dashboards.picker import zone_picker
from dashboards.views import base as views_base
from dashboards.views.base import chart, language, page, period_choices, period_label

# the profile shows the nearest few; the page as many as asked
PROFILE_PEERS = 5


def _whole(query, name: str, default: int, *, low: int, high: int) -> int:
    value = params.text(query, name)
    if value is None:
        return default
    if not is_whole_number(value) or not low <= int(value) <= high:
        raise BadParameter(name, value, f"须为 {low}-{high} 的整数 / a whole number {low}-{high}")
    return int(value)


def peers_context(result: Peers, *, chart_id: str = "peers") -> dict:
    """What ``dashboards/_zone_peers.html`` needs: the result, its chart, the names of its
    indicators, and the ad-hoc peer set's links to rankings and compare."""
    reader_language = language()
    context: dict = {"peers": result, "peers_chart": None}
    if not result.peers:
        return context
    names = {
        item.code: localised(item.__dict__, "name", reader_language) for item in result.indicators
    }
    units = {item.code: item.unit for item in result.indicators}
    context["peer_rows"] = [
        {
            "peer": peer,
            "reasons": [
                {
                    "item": c,
                    "name": names.get(c.indicator, c.indicator),
                    "unit": units.get(c.indicator, ""),
                }
                for c in peer.contributions
            ],
        }
        for peer in result.peers
    ]
    slugs = ",".join([result.zone, *(peer.zone for peer in result.peers)])
    context["peer_set"] = slugs
    context["compare_url"] = f"{reverse('dashboards:compare')}?{urlencode({'zone': slugs})}"
    context["rankings_url"] = (
        f"{reverse('dashboards:rankings')}?{urlencode({'peers': slugs, 'zone': result.zone})}"
    )
    title = pick_language(
        f"与{result.zone_name_zh}最相近的园区 / Zones nearest to {result.zone_name_en}",
        reader_language,
    )
    sources = [
        key
        for peer in result.peers
        for item in peer.contributions
        for key in (item.zone_source, item.peer_source)
    ]
    csv_query = {
        "zone": result.zone,
        "year": str(result.year),
        "period": result.period,
        "k": str(result.k),
        "min_overlap": str(result.min_overlap),
        "window": str(result.window),
        "format": "csv",
    }
    context["peers_chart"] = chart(
        chart_id,
        peers_figure(result, language=reader_language, title=title),
        csv_url=f"{reverse('api:peers')}?{urlencode(csv_query)}",
        sources=sources,
        export=Export(
            subject=localised(result.__dict__, "zone_name", reader_language),
            what=title,
            when=f"{result.year} {period_label(result.period)}",
            zones=[result.zone],
            slug=["peers", str(result.year)],
        ),
    )
    return context


def profile_stage(*, zone: str) -> dict:
    """The profile's development stage: each year's structure, its stage and the rule's
    source."""
    return {"stages": zone_stages(zone=zone), "stage_source": STAGE_SOURCE}


def profile_peers(*, zone: str) -> dict:
    """The profile's "zones like this one": the nearest ``PROFILE_PEERS`` by default."""
    return peers_context(zone_peers(zone=zone, k=PROFILE_PEERS), chart_id="profile-peers")


@page
def peers(request):
    """Zones like a chosen zone, with each indicator's share of the distance."""
    return views_base.cached_render(
        request, "dashboards/peers.html", lambda: _peers_context(request)
    )


def _peers_context(request):
    query = request.GET
    selection = {
        "zone": params.text(query, "zone"),
        "year": params.year(query),
        "period": params.period(query),
        "k": _whole(query, "k", DEFAULT_K, low=1, high=MAX_K),
        "min_overlap": _whole(query, "min_overlap", DEFAULT_MIN_OVERLAP, low=1, high=100),
        "window": _whole(query, "window", DEFAULT_WINDOW, low=1, high=MAX_WINDOW),
    }
    context = {
        "selection": selection,
        "picker": zone_picker(
            query, chosen=[selection["zone"]] if selection["zone"] else [], multiple=False
        ),
        "periods": period_choices(),
    }
    if selection["zone"]:
        result = zone_peers(
            zone=selection["zone"],
            year=selection["year"],
            period=selection["period"],
            k=selection["k"],
            min_overlap=selection["min_overlap"],
            window=selection["window"],
        )
        context.update(peers_context(result))
    return context
