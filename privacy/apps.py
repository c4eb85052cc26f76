from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data under 152-ФЗ: what the society holds about a person, the
    archive, consent withdrawal and account closure, staff requests, retention."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from . import signals  # noqa: F401
