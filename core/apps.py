from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared building blocks with no domain of their own; imports no other app."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.urls import register_converter

        from .converters import RowIdConverter

        register_converter(RowIdConverter, "id")

        from . import exports  # noqa: F401  (its personal-data category)
