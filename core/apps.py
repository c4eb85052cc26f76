from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared building blocks with no domain of their own; imports no other app."""

    name = "core"
    verbose_name = _("Core")
