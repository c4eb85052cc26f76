"""The production settings plus what the benchmark needs, nothing else changed.

- `/bench/bare/`: a bare Django view behind the same middleware and server, the
  ceiling every page is compared with (never from the page cache);
- demo content may be loaded (the benchmark's own throwaway database).
"""

from config.settings.production import *  # noqa: F401,F403
from config.settings.production import PAGE_CACHE_EXCLUDED_PATHS

ROOT_URLCONF = "bench_site.urls"
PAGE_CACHE_EXCLUDED_PATHS = [*PAGE_CACHE_EXCLUDED_PATHS, "/bench/"]
DEMO_CONTENT_ALLOWED = True
