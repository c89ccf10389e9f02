"""Writes: what follows any change to the figures (an import, a load, a steward's edit).

Derived figures are recomputed from their inputs first, then the consistency checks run over
the result; both are set-based, so this costs a few queries per indicator, not per row.
"""

from collections.abc import Collection

from indicators.checks import checks_run
from indicators.derived import DerivedReport, derived_affected_by, derived_recompute


def figures_refresh(*, scope: dict[str, Collection[int]] | None = None) -> list[str]:
    """Recompute the derived indicators, then run the checks; returns both summaries.

    With ``scope`` (an import's ``ImportReport.scope``: the ids of the zones and indicators
    it wrote) only the derived indicators those indicators feed are recomputed, for those
    zones; without it, every one for every zone.
    """
    if scope is None:
        derived = derived_recompute()
    elif codes := derived_affected_by(indicator_ids=scope.get("indicator", ())):
        derived = derived_recompute(codes=codes, zone_ids=scope.get("zone", ()))
    else:
        derived = DerivedReport()
    return [derived.summary(), checks_run().summary()]
