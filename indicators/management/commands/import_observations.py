"""manage.py import_observations FILE: import a CSV/XLSX file of observations, all or nothing."""

import time

from django.core.management.base import BaseCommand, CommandError

from indicators.management.options import add_user_argument, history_user
from indicators.models import Source
from indicators.refresh import figures_refresh
from indicators.services import observation_import


class ProgressBar:
    """A progress bar on a command's stderr: redrawn in place on a terminal, one line per
    step otherwise (so a log file stays readable)."""

    def __init__(self, stream, *, width: int = 30):
        self.stream = stream
        self.width = width
        self.started = time.perf_counter()
        self.interactive = stream.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        filled = self.width * done // total if total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        seconds = time.perf_counter() - self.started
        line = f"{stage:>5} [{bar}] {done}/{total} {seconds:5.1f}s"
        if self.interactive:
            self.stream.write("\r" + line, ending="\n" if done >= total else "")
        else:
            self.stream.write(line)
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "导入观测值（CSV UTF-8 或 XLSX）：任一行有误则全部不写入 / Import observations from a "
        "CSV (UTF-8) or XLSX file. One bad row and nothing is written; exits with status 1 "
        "when any row is rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8) or XLSX file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument(
            "--source", metavar="KEY", help="key of the source of rows without a source column"
        )
        add_user_argument(parser)
        parser.add_argument(
            "--max-errors", type=int, default=50, help="how many errors to list (default 50)"
        )

    def handle(self, *args, file, dry_run, source, user, max_errors, **options):
        default_source = None
        if source:
            default_source = Source.objects.filter(key=source).first()
            if default_source is None:
                raise CommandError(f"未知的来源 / Unknown source key “{source}”.")
        report = observation_import(
            file=file,
            dry_run=dry_run,
            user=history_user(user),
            default_source=default_source,
            change_reason=f"import_observations {file}",
            progress=ProgressBar(self.stderr),
            # The command prints the counts, not the rows: keep no list of them.
            detail_limit=0,
        )
        for error in report.rejected[:max_errors]:
            self.stderr.write(str(error))
        if len(report.rejected) > max_errors:
            self.stderr.write(f"... {len(report.rejected) - max_errors} more errors")
        if report.ignored_columns:
            self.stderr.write("忽略的列 / ignored columns: " + ", ".join(report.ignored_columns))
        self.stdout.write(report.summary())
        if report.written:
            self.stdout.write("\n".join(figures_refresh(scope=report.scope)))
        if not report.ok:
            raise CommandError(
                f"{report.rejected_rows} 行被拒绝，未写入任何数据 / {report.rejected_rows} "
                "rows rejected: nothing was written."
            )
