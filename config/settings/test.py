"""The test suite: fast hashing, in-memory mail, local media in a temp folder."""

import tempfile

from .base import *  # noqa: F401,F403
from .base import env

SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="society-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="society-test-private-")
AWS_PRIVATE_STORAGE_BUCKET_NAME = None
STRIPE_MAX_NETWORK_RETRIES = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "public": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = env("SITE_BASE_URL", "http://testserver")
if not env("REDIS_URL"):
    CACHES = {  # noqa: F405
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "society-test",
        }
    }
# Tests see freshly rendered pages; tests/ops switch the page cache on themselves.
PAGE_CACHE_SECONDS = 0
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# `manage.py load_demo` (accounts with published passwords) is allowed here only.
DEMO_CONTENT_ALLOWED = True
