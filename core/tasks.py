"""Background jobs of core, run by django-tasks (settings.TASKS): given ids only."""

from django_tasks import task


@task()
def send_mail_task(mail_id):
    """Send the stored mail `mail_id` (see core.mail.deliver); never raises on a
    failed send: the outcome is recorded on the mail."""
    from .mail import deliver

    return deliver(mail_id)
