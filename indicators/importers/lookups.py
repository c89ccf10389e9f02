"""Find zones, indicators, sources and choice values by any of the names stewards write.

Each index is loaded in a fixed number of queries and then answers from memory, so a file of
10,000 rows costs no more queries than a file of ten. Names are compared after Unicode NFKC
normalisation (full-width brackets and digits become half-width), case-folding and removal of
inner white space, so "杭州滨江区（高新区）" and "杭州滨江区(高新区)" are the same name.
"""

import re
import unicodedata
from collections.abc import Iterable
from typing import Generic, TypeVar

from django.db import models

T = TypeVar("T")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).casefold()


class Ambiguous(Generic[T]):
    """A name that more than one object answers to."""

    def __init__(self, candidates: list[T]):
        self.candidates = candidates


class NameIndex(Generic[T]):
    """Objects by every name they are known under.

    Entries are added most authoritative first (code or slug, then Chinese name, then alias):
    a name already taken by a more authoritative kind of key is not overridden, and two
    objects sharing a name of the same kind make that name ambiguous.
    """

    def __init__(self):
        self._by_name: dict[str, tuple[int, T | Ambiguous[T]]] = {}

    def add(self, names: Iterable[tuple[int, str, T]]) -> "NameIndex[T]":
        for rank, name, obj in names:
            key = normalise(name)
            if not key:
                continue
            current = self._by_name.get(key)
            if current is None or current[0] > rank:
                self._by_name[key] = (rank, obj)
            elif current[0] == rank and current[1] is not obj:
                if isinstance(current[1], Ambiguous):
                    current[1].candidates.append(obj)
                elif getattr(current[1], "pk", None) != getattr(obj, "pk", None):
                    self._by_name[key] = (rank, Ambiguous([current[1], obj]))
        return self

    def get(self, name: str) -> T | Ambiguous[T] | None:
        found = self._by_name.get(normalise(name))
        return None if found is None else found[1]


def zone_index() -> NameIndex:
    """Zones by slug, Chinese name, English name and recorded alias (2 queries)."""
    from zones.models import Zone, ZoneAlias

    zones = list(Zone.objects.only("pk", "slug", "name_zh", "name_en"))
    by_pk = {zone.pk: zone for zone in zones}
    index = NameIndex()
    index.add((0, zone.slug, zone) for zone in zones)
    index.add((1, zone.name_zh, zone) for zone in zones)
    index.add((2, alias, by_pk[zone_id]) for alias, zone_id in _aliases(ZoneAlias, "zone_id"))
    index.add((3, zone.name_en, zone) for zone in zones)
    return index


def indicator_index() -> NameIndex:
    """Indicators by code, Chinese name, recorded alias and English name (2 queries)."""
    from indicators.models import Indicator, IndicatorAlias

    indicators = list(Indicator.objects.all())
    by_pk = {indicator.pk: indicator for indicator in indicators}
    index = NameIndex()
    index.add((0, ind.code, ind) for ind in indicators)
    index.add((1, ind.name_zh, ind) for ind in indicators)
    index.add(
        (2, alias, by_pk[ind_id]) for alias, ind_id in _aliases(IndicatorAlias, "indicator_id")
    )
    index.add((3, ind.name_en, ind) for ind in indicators)
    return index


def source_index() -> NameIndex:
    """Sources by key (1 query)."""
    from indicators.models import Source

    return NameIndex().add((0, source.key, source) for source in Source.objects.all())


def _aliases(model: type[models.Model], fk: str) -> list[tuple[str, int]]:
    return list(model.objects.values_list("alias", fk))


def choice_index(choices: type[models.TextChoices], extra: dict[str, str] | None = None):
    """A dictionary from every spelling of a choice (value, each half of its bilingual
    label, and ``extra`` spellings) to its value."""
    index: dict[str, str] = {}
    for value, label in choices.choices:
        index[normalise(value)] = value
        for part in str(label).split(" / "):
            index.setdefault(normalise(part), value)
    for spelling, value in (extra or {}).items():
        index[normalise(spelling)] = value
    return index
