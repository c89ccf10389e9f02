"""Analysis results as the plain dicts and lists the API renders.

``dataclasses.asdict`` deep-copies every value through ``copy.deepcopy``; for results of
thousands of zones each with its figures that costs more than computing them. The dataclasses
of the analyses hold only JSON-ready values (strings, numbers, None, lists and dicts of them),
so a copy of each instance's fields gives the same dicts, keys in field order."""

from __future__ import annotations

from typing import Any

# values returned as they are (the leaves of a result)
LEAVES = (str, int, float, bool, type(None))


def plain(value: Any) -> Any:
    """``value`` with every dataclass instance inside it as a dict (``asdict``'s answer for
    JSON-ready dataclasses, without the deep copies)."""
    kind = type(value)
    if kind in LEAVES:
        return value
    if kind is list or kind is tuple:
        return kind(plain(item) for item in value)
    fields = getattr(kind, "__dataclass_fields__", None)
    if fields is not None:
        found = value.__dict__
        return {
            name: found[name] if type(found[name]) in LEAVES else plain(found[name])
            for name in fields
        }
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value
