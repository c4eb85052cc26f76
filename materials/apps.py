from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    """Members-only materials: a members' area readable by active members."""

    name = "materials"
    verbose_name = _("Members' materials")
    default_auto_field = "django.db.models.BigAutoField"
