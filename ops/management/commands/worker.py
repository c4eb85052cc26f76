"""`manage.py worker`: run queued background tasks (mail, PDFs, exports).

The web process only enqueues; this process runs the tasks, as many of them in
parallel as there are worker processes (start several for more). It is RQ's worker
(`manage.py rqworker default --with-scheduler`, the scheduler running the deferred
tasks such as mail retries) with django-tasks' job class. Stop it with SIGTERM: the
running task finishes first.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run queued background tasks (TASKS_BACKEND=django_tasks_rq.RQBackend)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--burst",
            action="store_true",
            help="Run what is queued now, then stop (cron, tests).",
        )
        parser.add_argument(
            "--simple",
            action="store_true",
            help="Run tasks in this process instead of a fork per task.",
        )

    def handle(self, *args, burst=False, simple=False, **options):
        backend = settings.TASKS["default"]["BACKEND"]
        if backend != "django_tasks_rq.RQBackend":
            raise CommandError(
                f"TASKS_BACKEND is {backend}: tasks run inside the web process and "
                "there is nothing to work on. Set "
                "TASKS_BACKEND=django_tasks_rq.RQBackend to queue them in Redis."
            )
        queues = settings.TASKS["default"].get("QUEUES", ["default"])
        extra = {"worker_class": "rq.SimpleWorker"} if simple else {}
        call_command(
            "rqworker",
            *queues,
            job_class="django_tasks_rq.Job",
            with_scheduler=True,
            burst=burst,
            verbosity=options["verbosity"],
            **extra,
        )
