"""Find zones, indicators, sources and choice values by any of the names stewards write.

Each index is loaded in a fixed number of queries and then answers from memory, so a file of
10,000 rows costs no more queries than a file of ten. Names are compared after Unicode NFKC
normalisation (full-width brackets and digits become half-width), case-folding and removal of
inner white space, so "杭州滨江区（高新区）" and "杭州滨江区(高新区)" are the same name.
"""

from typing import TYPE_CHECKING

from django.db import models

from common.importing.names import Ambiguous, NameIndex, choice_index, normalise

if TYPE_CHECKING:
    from indicators.models import Indicator, Source
    from zones.models import Zone

__all__ = [
    "Ambiguous",
    "NameIndex",
    "choice_index",
    "indicator_index",
    "normalise",
    "source_index",
    "zone_index",
]


def zone_index() -> "NameIndex[Zone]":
    """Zones by slug, Chinese name, English name and recorded alias (2 queries)."""
    from zones.models import Zone, ZoneAlias

    zones = list(Zone.objects.only("pk", "slug", "name_zh", "name_en"))
    by_pk = {zone.pk: zone for zone in zones}
    index: NameIndex[Zone] = NameIndex()
    index.add((0, zone.slug, zone) for zone in zones)
    index.add((1, zone.name_zh, zone) for zone in zones)
    index.add((2, alias, by_pk[zone_id]) for alias, zone_id in _aliases(ZoneAlias, "zone_id"))
    index.add((3, zone.name_en, zone) for zone in zones)
    return index


def indicator_index() -> "NameIndex[Indicator]":
    """Indicators by code, Chinese name, recorded alias and English name (2 queries)."""
    from indicators.models import Indicator, IndicatorAlias

    indicators = list(Indicator.objects.all())
    by_pk = {indicator.pk: indicator for indicator in indicators}
    index: NameIndex[Indicator] = NameIndex()
    index.add((0, ind.code, ind) for ind in indicators)
    index.add((1, ind.name_zh, ind) for ind in indicators)
    index.add(
        (2, alias, by_pk[ind_id]) for alias, ind_id in _aliases(IndicatorAlias, "indicator_id")
    )
    index.add((3, ind.name_en, ind) for ind in indicators)
    return index


def source_index() -> "NameIndex[Source]":
    """Sources by key (1 query)."""
    from indicators.models import Source

    index: NameIndex[Source] = NameIndex()
    return index.add((0, source.key, source) for source in Source.objects.all())


def _aliases(model: type[models.Model], fk: str) -> list[tuple[str, int]]:
    return list(model._default_manager.values_list("alias", fk))
