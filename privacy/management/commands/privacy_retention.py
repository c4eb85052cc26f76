"""Daily cron: carry out the retention rules that are due (safe to run twice)."""

from django.core.management.base import BaseCommand

from privacy.services import retention_run


class Command(BaseCommand):
    help = "Carry out the personal-data retention rules due today (idempotent)."

    def handle(self, *args, **options):
        report = retention_run()
        self.stdout.write(
            "Closed accounts past the accounting period: {accounts}; files deleted: "
            "{files}; used or expired archives deleted: {archives}; archives stuck "
            "building marked failed: {stuck}".format(**report)
        )
