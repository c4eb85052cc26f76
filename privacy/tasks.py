"""Background jobs of privacy, run by django-tasks: given ids only."""

from django_tasks import task


@task()
def build_archive_task(archive_id):
    """Build the archive `archive_id` (see services.archive_build)."""
    from .services import archive_build

    return archive_build(archive_id=archive_id)
