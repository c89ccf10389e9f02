"""Writes: what follows any change to the figures (an import, a load, a steward's edit).

Derived figures are recomputed from their inputs first, then the consistency checks run over
the result; both are set-based, so this costs a few queries per indicator, not per row.
"""

from indicators.checks import checks_run
from indicators.derived import derived_recompute


def figures_refresh() -> list[str]:
    """Recompute every derived indicator, then run the checks; returns both summaries."""
    return [derived_recompute().summary(), checks_run().summary()]
