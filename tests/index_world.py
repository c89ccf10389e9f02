"""The small world of the composite-index tests: a two-dimension scheme and three zones."""

from decimal import Decimal

from indicators.models import Direction, Scheme, SchemeDimension, SchemeIndicator
from tests.factories import IndicatorFactory, ObservationFactory, ZoneFactory


def make_scheme(
    *, normalisation="minmax", aggregation="arithmetic", min_weight_share="1", slug="two-dims"
):
    """Two dimensions: ``size`` (0.6) over output x, higher is better, and ``cost`` (0.4)
    over y, lower is better (target 20 and 2 for the distance-to-target method)."""
    scheme = Scheme.objects.create(
        slug=slug,
        name_zh="两维",
        name_en="Two dimensions",
        normalisation=normalisation,
        aggregation=aggregation,
        min_weight_share=Decimal(min_weight_share),
        source_title="test",
        verification="test",
    )
    for code, weight, indicator, direction, target in (
        ("size", "0.6", "x", Direction.HIGHER_IS_BETTER, "20"),
        ("cost", "0.4", "y", Direction.LOWER_IS_BETTER, "2"),
    ):
        dimension = SchemeDimension.objects.create(
            scheme=scheme,
            code=code,
            name_zh=code,
            name_en=code,
            weight=Decimal(weight),
            weight_note="test",
            sort_order=0 if code == "size" else 1,
        )
        SchemeIndicator.objects.create(
            dimension=dimension,
            indicator=IndicatorFactory(code=indicator, name_zh=indicator, direction=direction),
            direction=direction,
            target=Decimal(target),
        )
    return scheme


def three_zones_figures():
    """Zones a, b, c with x = 10, 20, 40 and y = 5, 1, 3 in 2024 (full year)."""
    for slug, x, y in (("a", 10, 5), ("b", 20, 1), ("c", 40, 3)):
        zone = ZoneFactory(slug=slug)
        ObservationFactory(zone=zone, indicator=IndicatorFactory(code="x"), value=Decimal(x))
        ObservationFactory(zone=zone, indicator=IndicatorFactory(code="y"), value=Decimal(y))
