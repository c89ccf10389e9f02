"""manage.py load_bulletins [FILE]: load a bulletin file (by default the project's own)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from indicators.bulletin_services import bulletin_load
from indicators.management.options import add_user_argument, history_user
from indicators.refresh import figures_refresh

DEFAULT_FILE = Path(settings.BASE_DIR) / "fixtures" / "bulletins" / "public_bulletins.csv"


class Command(BaseCommand):
    help = (
        "载入统计公报数据（CSV：zone, indicator, year, period, value, unit, source_url, "
        "source_kind, source_note）：换算单位、建立来源，逐行报告新增/更新/未变/拒绝 / Load a "
        "bulletin file through the observation import: units converted, one source per "
        "address, each row created, updated, unchanged or refused with its reason. Exits with "
        "status 1 only when the file as a whole cannot be loaded (or, with --strict, when any "
        "row is refused)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            default=str(DEFAULT_FILE),
            help="bulletin CSV (UTF-8) or XLSX; default fixtures/bulletins/public_bulletins.csv",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument(
            "--strict", action="store_true", help="write nothing if any row is refused"
        )
        add_user_argument(parser)

    def handle(self, *args, file, dry_run, strict, user, **options):
        report = bulletin_load(
            file=file,
            filename=Path(file).name,
            dry_run=dry_run,
            strict=strict,
            user=history_user(user),
        )
        for error in report.rejected:
            self.stderr.write(f"拒绝 refused: {error}")
        self.stdout.write(report.summary())
        if report.written:
            self.stdout.write("\n".join(figures_refresh()))
        if report.file_errors:
            raise CommandError("文件未能载入 / The file could not be loaded: nothing was written.")
        if strict and report.rejected:
            raise CommandError(
                f"{report.refused_rows} 行被拒绝，未写入任何数据 / {report.refused_rows} rows "
                "refused (--strict): nothing was written."
            )
