from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    """Applications to join, the Presidium's decisions, dues and membership periods."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "membership"
    verbose_name = _("Membership")

    def ready(self):
        from . import handlers

        handlers.connect()
