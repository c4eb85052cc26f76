"""Remind members to enter their НМО codes before the deadline (run daily by cron)."""

from django.core.management.base import BaseCommand

from credits.services import nmo_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail members whose НМО portal code is not marked entered and whose "
        "deadline is within the reminder period. Each code is reminded once."
    )

    def handle(self, *args, **options):
        sent = nmo_reminders_send()
        self.stdout.write(f"НМО reminders sent: {sent}")
