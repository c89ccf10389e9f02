"""manage.py check_consistency: run the consistency checks and store their findings."""

from django.core.management.base import BaseCommand

from indicators.checks import checks_run


class Command(BaseCommand):
    help = (
        "运行一致性检查并保存结果（已处理的结果保留）/ Run the consistency checks over every "
        "reported figure: findings created, updated, or deleted once they no longer hold; "
        "findings a steward resolved are kept."
    )

    def handle(self, *args, **options):
        self.stdout.write(checks_run().summary())
