"""Enqueue stored mails that are still queued or failed with attempts left."""

from django.core.management.base import BaseCommand

from core.mail import requeue_unsent


class Command(BaseCommand):
    help = "Send again stored e-mails that are queued or failed (run it periodically)."

    def handle(self, *args, **options):
        count = requeue_unsent()
        self.stdout.write(f"Enqueued {count} e-mail(s).")
