"""Production: every secret comes from the environment, and nothing insecure is assumed.

Start-up fails with a message naming the missing variable rather than running with a
default that would be unsafe.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env, env_bool, env_list, logging_config


def require(name):
    value = env(name)
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be set for production "
            f"(see README.md, section Configuration)."
        )
    return value


DEBUG = False
SECRET_KEY = require("DJANGO_SECRET_KEY")
require("DJANGO_ALLOWED_HOSTS")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list(
    "DJANGO_CSRF_TRUSTED_ORIGINS", [f"https://{host}" for host in ALLOWED_HOSTS]
)

# Mail from no-reply@localhost lands in spam and activation links never arrive.
DEFAULT_FROM_EMAIL = require("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Behind a reverse proxy every request comes from the proxy's address: say how to find
# the client's (rate limits per IP, the IP in consent records). "0" means no proxy.
if env("TRUSTED_PROXY_COUNT") is None and env("TRUSTED_CLIENT_IP_HEADER") is None:
    raise ImproperlyConfigured(
        "Set TRUSTED_CLIENT_IP_HEADER (e.g. X-Real-IP, set by your nginx) or "
        "TRUSTED_PROXY_COUNT (0 when nothing stands in front of the site) for "
        "production (see README.md, section Configuration)."
    )

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"

# One JSON object per log line, with the request id; one access line per request.
LOGGING = logging_config(env("LOG_FORMAT", "json"), env("LOG_LEVEL", "INFO"))
ACCESS_LOG = env_bool("ACCESS_LOG", True)

if not env("REDIS_URL"):
    # allauth's rate limits must be shared between workers; a per-process cache is not.
    import warnings

    warnings.warn(
        "REDIS_URL is not set: rate limits are not shared between workers.",
        stacklevel=1,
    )
