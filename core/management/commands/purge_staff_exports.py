"""Delete expired files prepared for staff; mark lost jobs failed (run daily)."""

from django.core.management.base import BaseCommand

from core.exports import purge


class Command(BaseCommand):
    help = (
        "Delete files prepared for staff that have expired (STAFF_EXPORT_KEEP_DAYS) "
        "and mark jobs that never finished as failed. Safe to run twice."
    )

    def handle(self, *args, **options):
        done = purge()
        self.stdout.write(
            f"Deleted {done['deleted']} prepared file(s); "
            f"{done['stuck']} unfinished job(s) marked failed."
        )
