"""Background jobs of core, run by django-tasks (settings.TASKS): given ids only:
sending stored mail and building files prepared for staff."""

from django_tasks import task


@task()
def send_mail_task(mail_id):
    """Send the stored mail `mail_id` (see core.mail.deliver); never raises on a
    failed send: the outcome is recorded on the mail."""
    from .mail import deliver

    return deliver(mail_id)


@task()
def build_export_task(export_id):
    """Build the prepared file `export_id` (see core.exports.export_build); a second
    run changes nothing, a failed build is recorded on the row, never raised."""
    from .exports import export_build

    status = export_build(export_id)
    return str(status) if status else None
