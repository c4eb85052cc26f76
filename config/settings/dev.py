"""Local development: `make run`. Never used in production."""

from .base import *  # noqa: F401,F403
from .base import env, env_bool, env_list

# The demo shows the site's own 404/500 pages; DJANGO_DEBUG=1 brings back tracebacks.
DEBUG = env_bool("DJANGO_DEBUG", False)
SERVE_MEDIA = True
SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Template and code changes show at once; PAGE_CACHE_SECONDS=600 tries the cache.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "0"))
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# `manage.py load_demo` (accounts with published passwords) is allowed here only.
DEMO_CONTENT_ALLOWED = True
