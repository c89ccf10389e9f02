"""Sources, the indicator catalogue, observations and cohort statistics.

An Observation is one value of one indicator for one zone in one period. It always names its
Source, keeps the figure as the source printed it, and says where in the source it stands.
Missing figures are simply absent: there is no row, never a zero.

The models, one module per kind of record; every name is importable from here."""

from common.codes import MAX_YEAR, MIN_YEAR
from indicators.models.catalogue import (
    Indicator,
    IndicatorAlias,
    IndicatorAliasManager,
    IndicatorManager,
)
from indicators.models.cohorts import (
    STATISTIC_UNITS,
    CohortStatistic,
    CohortStatisticManager,
)
from indicators.models.observations import (
    Finding,
    Observation,
    ObservationManager,
    ObservationQuerySet,
    PreferredObservationManager,
    value_magnitude_constraint,
    value_type_constraints,
)
from indicators.models.schemes import (
    Aggregation,
    Normalisation,
    Scheme,
    SchemeDimension,
    SchemeIndicator,
)
from indicators.models.sources import (
    KeyManager,
    Source,
)
from indicators.models.vocabularies import (
    MAX_MAGNITUDE,
    PERIOD_MONTHS,
    VALUE_VALIDATORS,
    Category,
    CheckKind,
    Direction,
    FormulaKind,
    Period,
    Qualifier,
    Reliability,
    Resolution,
    Severity,
    SourceKind,
    Statistic,
    Status,
    ValueType,
    period_has_ended,
    validate_period_ended,
)

__all__ = [
    "Aggregation",
    "Category",
    "CheckKind",
    "CohortStatistic",
    "CohortStatisticManager",
    "Direction",
    "Finding",
    "FormulaKind",
    "Indicator",
    "IndicatorAlias",
    "IndicatorAliasManager",
    "IndicatorManager",
    "KeyManager",
    "MAX_MAGNITUDE",
    "MAX_YEAR",
    "MIN_YEAR",
    "Normalisation",
    "Observation",
    "ObservationManager",
    "ObservationQuerySet",
    "PERIOD_MONTHS",
    "Period",
    "PreferredObservationManager",
    "Qualifier",
    "Reliability",
    "Resolution",
    "STATISTIC_UNITS",
    "Scheme",
    "SchemeDimension",
    "SchemeIndicator",
    "Severity",
    "Source",
    "SourceKind",
    "Statistic",
    "Status",
    "VALUE_VALIDATORS",
    "ValueType",
    "period_has_ended",
    "validate_period_ended",
    "value_magnitude_constraint",
    "value_type_constraints",
]
