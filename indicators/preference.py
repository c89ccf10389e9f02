"""Writes: which of the figures several sources give for one slot is the preferred one.

A slot (zone, indicator, year, period) may hold one figure from each of several sources:
Pudong's 2024 share of strategic-emerging-industry output is 53.6 % in the government's work
report and 56 % in a research report. One figure per slot is preferred, and only it is read
by rankings, charts and every analysis (``Observation.objects``); the others are "also
reported" beside it (``Observation.all_sources``). The precedence, first rule first:

1. the figure a steward chose (``steward_preferred``, set in the admin with history);
2. a reported or estimated figure before one derived from others;
3. the more reliable source: official, semi-official, research, media, mirror, aggregator;
4. the latest: the source published last, then the figure recorded last.

The import, the derived recompute and the save and delete signals keep it; each settles only
the slots it touched, in two set-based statements whatever their number.
"""

from collections.abc import Iterable

from django.db import connection, transaction

from indicators.models import Observation, Reliability, Source, Status

OBSERVATION = Observation._meta.db_table
SOURCE = Source._meta.db_table
SLOT = ("zone_id", "indicator_id", "year", "period")
Slot = tuple[int, int, int, str]
# Slots settled per pair of statements (a VALUES list of parameters).
SLOTS_PER_STATEMENT = 500

_RELIABILITY_RANK = (
    "CASE s.reliability "
    + " ".join(f"WHEN '{value}' THEN {rank}" for rank, value in enumerate(Reliability.values))
    + f" ELSE {len(Reliability.values)} END"
)
PRECEDENCE = (
    "CASE WHEN o.steward_preferred THEN 0 ELSE 1 END, "
    f"CASE WHEN o.status = '{Status.DERIVED.value}' THEN 1 ELSE 0 END, "
    f"{_RELIABILITY_RANK}, "
    "CASE WHEN s.published IS NULL THEN 1 ELSE 0 END, s.published DESC, o.id DESC"
)


def preference_refresh(*, slots: Iterable[Slot]) -> None:
    """Mark the preferred figure of each of ``slots`` (zone id, indicator id, year, period) by
    the precedence above, and no other figure of those slots. An empty slot is left empty."""
    wanted = sorted(set(slots))
    for start in range(0, len(wanted), SLOTS_PER_STATEMENT):
        chunk = wanted[start : start + SLOTS_PER_STATEMENT]
        values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
        scope = (
            "SELECT column1 AS zone_id, column2 AS indicator_id, column3 AS year, "
            f"column4 AS period FROM (VALUES {values}) AS v"
        )
        preference_refresh_within(scope=scope, params=[part for slot in chunk for part in slot])


def preference_refresh_within(*, scope: str, params: list | tuple = ()) -> None:
    """``preference_refresh`` for the slots ``scope`` selects: SQL giving the columns zone_id,
    indicator_id, year and period (for the import: its staged rows), with ``params``.

    First unmarks the figures that lose, then marks the winners, so the database's rule of
    one preferred figure per slot holds after each statement.
    """
    join = " AND ".join(f"c.{column} = o.{column}" for column in SLOT)
    partition = ", ".join(f"o.{column}" for column in SLOT)
    ranked = (
        f"SELECT r.id FROM (SELECT o.id, o.preferred, ROW_NUMBER() OVER "
        f"(PARTITION BY {partition} ORDER BY {PRECEDENCE}) AS n "
        f"FROM {OBSERVATION} o JOIN {SOURCE} s ON s.id = o.source_id "
        f"JOIN (SELECT DISTINCT * FROM ({scope}) AS d) c ON {join}) r WHERE "
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {OBSERVATION} SET preferred = FALSE "
            f"WHERE id IN ({ranked} r.n > 1 AND r.preferred)",
            list(params),
        )
        cursor.execute(
            f"UPDATE {OBSERVATION} SET preferred = TRUE "
            f"WHERE id IN ({ranked} r.n = 1 AND NOT r.preferred)",
            list(params),
        )


def preference_choose(*, observation: Observation, user=None) -> None:
    """Make ``observation`` the preferred figure of its slot as a steward's choice, which
    comes before every other rule. The change (and the choice it replaces) is saved through
    the model, so the history records it with ``user``."""
    with transaction.atomic():
        earlier = (
            Observation.all_sources.filter(
                zone_id=observation.zone_id,
                indicator_id=observation.indicator_id,
                year=observation.year,
                period=observation.period,
                steward_preferred=True,
            )
            .exclude(pk=observation.pk)
            .select_for_update()
        )
        for other in earlier:
            _steward_mark(other, chosen=False, user=user)
        _steward_mark(observation, chosen=True, user=user)


def preference_release(*, observation: Observation, user=None) -> None:
    """Withdraw a steward's choice of ``observation``: its slot's preference follows the
    other rules again."""
    if observation.steward_preferred:
        _steward_mark(observation, chosen=False, user=user)


def _steward_mark(observation: Observation, *, chosen: bool, user) -> None:
    observation.steward_preferred = chosen
    if user is not None:
        observation._history_user = user  # type: ignore[attr-defined]
    observation._change_reason = (  # type: ignore[attr-defined]
        "管理员指定首选 / steward's choice" if chosen else "取消首选指定 / choice withdrawn"
    )
    # The save signal settles the slot (preference_follow_save).
    observation.save(update_fields=["steward_preferred"])


def preference_follow_save(*, instance: Observation, **kwargs) -> None:
    """Signal receiver: settle the slot of a figure just saved (the admin, the API, a
    fixture; bulk writes settle their slots themselves)."""
    preference_refresh(slots=[_slot(instance)])


def preference_follow_delete(*, instance: Observation, **kwargs) -> None:
    """Signal receiver: a deleted figure's slot prefers the next one, if any."""
    preference_refresh(slots=[_slot(instance)])


def _slot(observation: Observation) -> Slot:
    return (observation.zone_id, observation.indicator_id, observation.year, observation.period)
