"""Daily cron: e-mail members 30 and 7 days before their membership ends and the
day after it. Each reminder goes once, even when two runs overlap."""

from django.core.management.base import BaseCommand

from membership.services import reminders_send


class Command(BaseCommand):
    help = "Send the membership reminders due today (safe to run more than once)."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"Membership reminders sent: {sent}")
