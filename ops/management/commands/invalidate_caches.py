"""`manage.py invalidate_caches`: retire every cached page and site-wide lookup.

Editors' changes do this by themselves; run it after changing content behind
Wagtail's back (SQL, bulk imports, restoring a backup into a running site).
"""

from django.core.management.base import BaseCommand

from ops import lookups, pagecache


class Command(BaseCommand):
    help = "Start new generations of the page cache and the site-wide lookups."

    def handle(self, *args, **options):
        lookups.invalidate()
        pagecache.invalidate()
        self.stdout.write("Cached pages and site-wide lookups retired.")
