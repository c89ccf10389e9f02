"""manage.py expire_pending_uploads: delete import uploads whose dry run was never confirmed."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from indicators.pending_uploads import MAX_AGE, pending_uploads_expire


class Command(BaseCommand):
    help = (
        "删除未确认的导入上传 / Delete the import uploads left unconfirmed for longer than "
        "--max-age-hours (default a day). Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age-hours",
            type=float,
            default=MAX_AGE.total_seconds() / 3600,
            help="age in hours after which an unconfirmed upload is deleted (default 24)",
        )

    def handle(self, *args, max_age_hours, **options):
        expired = pending_uploads_expire(max_age=timedelta(hours=max_age_hours))
        self.stdout.write(f"已删除 {expired} 个过期上传 / {expired} expired upload(s) deleted")
