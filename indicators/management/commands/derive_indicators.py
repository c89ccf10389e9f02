"""manage.py derive_indicators: recompute every derived indicator from its inputs."""

from django.core.management.base import BaseCommand, CommandError

from indicators.derived import derived_recompute
from indicators.models import Indicator


class Command(BaseCommand):
    help = (
        "按公式重新计算推算指标（不覆盖报告值）/ Recompute the derived indicators from their "
        "formulas: derived rows created, updated or deleted to match their inputs; reported "
        "figures are never replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "codes", nargs="*", metavar="CODE", help="derived indicators to recompute (default all)"
        )

    def handle(self, *args, codes, **options):
        unknown = sorted(set(codes) - set(Indicator.objects.values_list("code", flat=True)))
        if unknown:
            raise CommandError(f"未知的指标 / Unknown indicator: {', '.join(unknown)}")
        try:
            report = derived_recompute(codes=codes or None)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.summary())
