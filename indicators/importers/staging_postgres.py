"""What the staging of an import does on PostgreSQL alone: the thread that stages chunks on
the import's own connection while the next rows are read, the locks that let new rows skip
the per-row foreign-key checks, and the guard against statistics that would make the
planner read the observation table row by row (``importers.staging``).
"""

import queue
import threading

from indicators.models import Indicator, Observation, Source
from zones.models import Zone

from .staging_format import CHUNK, CREATED, HISTORY, OBSERVATION

# The catalogue tables a new row refers to, and through which column.
REFERENCES = (
    (Zone._meta.db_table, "zone_id"),
    (Indicator._meta.db_table, "indicator_id"),
    (Source._meta.db_table, "source_id"),
)


class Worker:
    """The staging thread: runs ``stage(records, write)`` for each chunk put, in order, on
    the caller's connection (which the caller leaves alone until ``close``)."""

    def __init__(self, connection, stage) -> None:
        self.connection = connection
        self.stage = stage
        # Two chunks waiting at most: memory stays that of a few chunks.
        self.chunks: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.connection.inc_thread_sharing()
        self.thread = threading.Thread(target=self._run, name="import-staging", daemon=True)
        self.thread.start()

    def put(self, chunk: tuple[list[tuple], bool]) -> None:
        self._raise()
        self.chunks.put(chunk)

    def close(self, *, raising: bool = True) -> None:
        """Wait for the chunks put so far; raises the first error met (when ``raising``)."""
        if self.thread.is_alive():
            self.chunks.put(None)
            self.thread.join()
            self.connection.dec_thread_sharing()
        if raising:
            self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def _run(self) -> None:
        while (chunk := self.chunks.get()) is not None:
            if self.error is None:  # after an error, the transaction is lost: drain
                try:
                    self.stage(*chunk)
                except BaseException as exc:  # handed to the caller's thread
                    self.error = exc


def may_skip_reference_checks(cursor, connection) -> bool:
    """Whether this import may write its new rows without the per-row foreign-key checks:
    on PostgreSQL, when the role may set ``session_replication_role`` and the observation
    and history tables have no trigger of their own (which that setting would skip too)."""
    if connection.vendor != "postgresql":
        return False
    allowed = "current_setting('is_superuser') = 'on'"
    if connection.pg_version >= 150000:
        allowed += " OR has_parameter_privilege('session_replication_role', 'SET')"
    cursor.execute(
        f"SELECT ({allowed}) AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE NOT tgisinternal "
        f"AND tgrelid IN ('{OBSERVATION}'::regclass, '{HISTORY}'::regclass))"
    )
    return bool(cursor.fetchone()[0])


def keep_statistics(cursor, written: int) -> None:
    """Analyse the observation table when the planner would think it holds far fewer rows
    than it does: than the database's count of its live rows, or than this import has
    written to it. Statistics taken when the table was empty but not yet vacuumed (pages, no
    rows) make every size look empty, and the chunk's comparison then reads the whole table
    once for each row of the chunk instead of looking the rows up in the unique index
    (minutes for a 200,000-row file). The planner's estimate is the rows per page of the
    last analysis times the table's pages now; ANALYZE counts this transaction's own new
    rows too, so one is enough."""
    cursor.execute(
        "SELECT CASE WHEN relpages > 0 AND reltuples >= 0 THEN reltuples / relpages * "
        "(pg_relation_size(oid) / current_setting('block_size')::integer) END, "
        f"pg_stat_get_live_tuples(oid) FROM pg_class WHERE oid = '{OBSERVATION}'::regclass"
    )
    estimate, live = cursor.fetchone()
    if estimate is not None and estimate < max(written, live) / 2:
        cursor.execute(f"ANALYZE {OBSERVATION}")


def references_held(cursor, user_id: int | None) -> bool:
    """Lock the zones, indicators and sources the chunk's new rows refer to, and the
    import's user, as the foreign-key checks would (``FOR KEY SHARE``: none can be deleted
    or renumbered before the import commits); whether every one of them exists."""
    created = f"FROM {CHUNK} WHERE outcome = '{CREATED}'"
    held = " AND ".join(
        f"(SELECT COUNT(*) FROM (SELECT id FROM {table} WHERE id IN (SELECT {column} {created}) "
        f"FOR KEY SHARE) l) = (SELECT COUNT(DISTINCT {column}) {created})"
        for table, column in REFERENCES
    )
    params: list[int] = []
    if user_id is not None:
        user_table = Observation.history.model._meta.get_field("history_user").related_model
        held += (
            f" AND EXISTS (SELECT 1 FROM (SELECT id FROM {user_table._meta.db_table} "
            "WHERE id = %s FOR KEY SHARE) u)"
        )
        params.append(user_id)
    cursor.execute(f"SELECT {held}", params)
    return bool(cursor.fetchone()[0])


# What makes a stored observation (o) differ from a staged row (s), field by field: a field
# the file does not give (NULL) never differs; without a figure as reported, a new value
