"""Finding things by any of the names stewards write: the normalised-name index every importer
shares. Names are compared after Unicode NFKC normalisation (full-width brackets and digits
become half-width), case-folding and removal of inner white space, so "杭州滨江区（高新区）" and
"杭州滨江区(高新区)" are the same name.
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

    def __init__(self) -> None:
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


def choice_index(
    choices: type[models.TextChoices], extra: dict[str, str] | None = None
) -> dict[str, str]:
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
