from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the site on several app servers: health, logs, caches, limits."""

    name = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from . import lookups, pagecache

        pagecache.connect_invalidation()
        lookups.connect_invalidation()
        lookups.install()
