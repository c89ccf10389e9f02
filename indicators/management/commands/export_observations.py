"""manage.py export_observations FILE: write observations as CSV or XLSX (by FILE's suffix).

The file uses the import's columns, so it can be edited and imported back.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.tabular import write_csv, write_xlsx
from indicators.importers.exporters import observation_export_rows
from indicators.models import Observation


class Command(BaseCommand):
    help = (
        "导出观测值为 CSV 或 XLSX / Export observations as CSV or XLSX (chosen by the file's "
        "suffix), optionally only some zones, indicators or years."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="output file, .csv or .xlsx")
        parser.add_argument("--zone", action="append", default=[], help="zone slug (repeatable)")
        parser.add_argument(
            "--indicator", action="append", default=[], help="indicator code (repeatable)"
        )
        parser.add_argument("--year", action="append", type=int, default=[], help="repeatable")

    def handle(self, *args, file, zone, indicator, year, **options):
        path = Path(file)
        suffix = path.suffix.lower()
        if suffix not in {".csv", ".xlsx"}:
            raise CommandError(
                f"文件名须以 .csv 或 .xlsx 结尾 / The file must end in .csv or .xlsx: {file}"
            )
        queryset = Observation.objects.all()
        if zone:
            queryset = queryset.filter(zone__slug__in=zone)
        if indicator:
            queryset = queryset.filter(indicator__code__in=indicator)
        if year:
            queryset = queryset.filter(year__in=year)
        headers, rows = observation_export_rows(queryset=queryset)
        rows = list(rows)
        if suffix == ".csv":
            content = write_csv(headers=headers, rows=rows)
        else:
            content = write_xlsx(headers=headers, rows=rows, title="observations")
        path.write_bytes(content)
        self.stdout.write(f"{len(rows)} 条观测值 / observations -> {path}")
