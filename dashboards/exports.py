"""What a chart's PNG carries so that it stands alone away from the page.

Every chart block (``views.base.chart``) puts ``layout.meta.export`` into its figure JSON:

- ``title``: the zone(s) or peer set, the indicator, the year(s) and period, and the unit;
- ``source``: the sources' titles, one per line (the first few, then how many more);
- ``filename``: an ASCII name saying what the picture is, from the zone slugs, the indicator
  code and the years (``shenzhen-longgang-gdp-2019-2024``).

``static/js/charts.js`` draws the export from that JSON (the modebar's camera and the PNG
button alike) and adds "ZoneBench, <date of the export>" under the source line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from dashboards.formatting import pick_language
from zones.models import Region, ZoneKind

# the source line names this many sources, then says how many more there are
SOURCES_IN_EXPORT = 3
# a file name names this many zones, then says how many there are
ZONES_IN_FILENAME = 3
FILENAME_LENGTH = 100


@dataclass(frozen=True)
class Export:
    """What a chart shows, for its export: ``subject`` (zones or peer set), ``what`` (the
    indicator or indicators), ``when`` (year or years and period), ``unit``, all in the
    reader's language; ``zones`` (slugs) and ``slug`` (the file name's other parts, ASCII:
    indicator code, years)."""

    subject: str
    what: str
    when: str
    unit: str = ""
    zones: Sequence[str] = ()
    slug: Sequence[str] = ()


def years_text(years) -> str:
    """``2019–2024``, ``2024`` or "" for the years of a chart."""
    years = sorted({int(year) for year in years if year is not None})
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def listed(items, *, language: str) -> str:
    """Items of a list in a sentence: ``a、b`` in Chinese, ``a, b`` in English."""
    return (", " if language.startswith("en") else "、").join(items)


def names_text(names: Sequence[str], *, language: str) -> str:
    """Zone names for a title: all of them up to three, else the first three and a count."""
    names = list(names)
    if len(names) <= ZONES_IN_FILENAME:
        return listed(names, language=language)
    shown = listed(names[:ZONES_IN_FILENAME], language=language)
    return _("%(names)s 等 %(n)s 个园区") % {"names": shown, "n": len(names)}


def peer_subject(selection, *, language: str) -> str:
    """A peer set in words: the kind, region, city or cohort chosen, else all zones."""
    if selection.get("kind"):
        return pick_language(str(ZoneKind(selection["kind"]).label), language)
    if selection.get("region"):
        return pick_language(str(Region(selection["region"]).label), language)
    return selection.get("city") or selection.get("cohort") or _("全部园区")


def export_meta(export: Export, *, sources: Sequence, language: str, fallback: str) -> dict:
    """``layout.meta.export`` of a chart: its title, source line and file name."""
    parts = [export.subject, export.what, export.when]
    title = " · ".join(part for part in parts if part)
    if export.unit:
        title += " · " + _("单位：%(unit)s") % {"unit": export.unit}
    return {
        "title": title,
        "source": source_lines(sources, language=language),
        "filename": filename(export, fallback=fallback),
    }


def source_lines(sources: Sequence, *, language: str) -> list[str]:
    """One line per source (publisher, title, date), the first few, then how many more."""
    lines = [_source_text(source, language) for source in sources[:SOURCES_IN_EXPORT]]
    if len(sources) > SOURCES_IN_EXPORT:
        lines.append(_("另有 %(n)s 个来源") % {"n": len(sources) - SOURCES_IN_EXPORT})
    if not lines:
        return []
    lines[0] = _("来源：%(source)s") % {"source": lines[0]}
    return lines


def _source_text(source, language: str) -> str:
    if isinstance(source, dict):
        return source.get("title", "") or source.get("key", "")
    published = source.published.isoformat() if source.published else ""
    title = (source.title_en if language.startswith("en") else "") or source.title
    parts = [source.publisher, title, published]
    return ", ".join(part for part in parts if part)


def filename(export: Export, *, fallback: str) -> str:
    """ASCII, lower case, hyphens: the zones (or their count), then the other parts."""
    zones = list(dict.fromkeys(export.zones))
    if len(zones) > ZONES_IN_FILENAME:
        zones = [f"{len(zones)}-zones"]
    parts = [*zones, *export.slug]
    text = _ascii("-".join(str(part) for part in parts if part)) or _ascii(fallback)
    return text or "zonebench"


def _ascii(text: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text[:FILENAME_LENGTH].rstrip("-")
