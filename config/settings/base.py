"""Settings shared by every environment.

Everything that differs between a laptop and production comes from the environment;
see README.md, section "Configuration", for the full list of variables.
"""

import os
from pathlib import Path

import dj_database_url

from ops.logging import logging_config

from .files import file_storages

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    """Read an environment variable; empty strings count as unset."""
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


# --- Core -----------------------------------------------------------------------------

SECRET_KEY = env(
    "DJANGO_SECRET_KEY"
)  # dev/test provide a throwaway; production demands it
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "home",
    "members",
    "membership",
    "events",
    "credits",
    "payments",
    "materials",
    "privacy",
    "ops",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_rq",
]

MIDDLEWARE = [
    "ops.middleware.HealthCheckMiddleware",
    "ops.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ops.pagecache.PageCacheMiddleware",
    "home.middleware.ContentSecurityPolicyMiddleware",
    "ops.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "ops.lookups.LookupsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "home.middleware.PrivateResponsesMiddleware",
    "home.middleware.PasswordFormThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "privacy.middleware.ConsentRequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "ops.middleware.StorageErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.accessibility",
                "core.context_processors.content_language",
            ],
        },
    },
]

# --- Database and cache -------------------------------------------------------------------

# Persistent connections (checked before reuse): a new PostgreSQL session per request
# costs more than many of the queries a page makes.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # Shared by every app server: page cache, site-wide lookups, sessions' cache and
    # allauth's rate limits. While Redis is down pages are still served (every cache
    # read is a miss) and logins are refused with a message (see ops/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "ops.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "society"),
            "OPTIONS": {
                "socket_connect_timeout": float(env("REDIS_TIMEOUT", "0.5")),
                "socket_timeout": float(env("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
    # Sessions are read from Redis and survive its loss (the database has them).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "society",
        }
    }

# The page cache for anonymous visitors (ops/pagecache.py): seconds an entry lives
# (any content change retires every entry at once), and the max-age browsers get.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_BROWSER_SECONDS = int(env("PAGE_CACHE_BROWSER_SECONDS", "60"))
PAGE_CACHE_EXCLUDED_PATHS = [
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/cabinet/",
    "/payments/",
    "/credits/",
    "/C/",
    "/documents/",
    "/language/",
    "/accessibility/",
    "/static/",
    "/media/",
]
# Only these query parameters may be cached (any other one, e.g. utm_*, bypasses).
PAGE_CACHE_QUERY_PARAMS = {"page", "q", "type", "city", "specialty", "month", "when"}
PAGE_CACHE_KEY_COOKIES = ["a11y"]  # besides the language cookie
PAGE_CACHE_BYPASS_COOKIES = []  # besides the session and messages cookies

# --- Accounts -----------------------------------------------------------------------------

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL  # restricted pages send visitors to allauth
LOGIN_REDIRECT_URL = "members:index"

# django-allauth: e-mail is the login, verification is mandatory, enumeration is prevented.
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "members.forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# One address per person; a new one replaces the old after it is confirmed.
ACCOUNT_CHANGE_EMAIL = True
# allauth's defaults (login_failed: 10/m/ip and 5 per 5 min per account, …) stay on;
# they live in the cache, which is Redis (shared by all workers) when REDIS_URL is set.
ACCOUNT_RATE_LIMITS = {
    # Wrong passwords of private pages and document collections (Wagtail's form),
    # counted like failed logins: per IP and per restriction.
    "private_password_failed": "10/m/ip,5/5m/key",
}
# Client IP for rate limits: only from a header a trusted proxy sets (see README).
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER")

# --- Language and time --------------------------------------------------------------------

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

# --- Static files and uploads -------------------------------------------------------------

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

# Uploaded files: local folders without a bucket, S3 with one (config/settings/files.py).
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
AWS_PRIVATE_STORAGE_BUCKET_NAME = env(
    "AWS_PRIVATE_STORAGE_BUCKET_NAME", AWS_STORAGE_BUCKET_NAME
)
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = file_storages(env, PRIVATE_MEDIA_ROOT)
# django-storages' defaults for any S3Storage built in code (private unless told).
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL")
AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID")
AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY")
AWS_S3_SIGNATURE_VERSION = "s3v4"
AWS_DEFAULT_ACL = "private"
AWS_QUERYSTRING_EXPIRE = int(env("AWS_PRIVATE_URL_EXPIRE", "60"))
AWS_S3_FILE_OVERWRITE = False
# Renditions sit in cached pages: their URLs must be plain and never expire.
WAGTAILIMAGES_RENDITION_STORAGE = "public"
# Private files (receipts, application attachments): never under MEDIA_ROOT/MEDIA_URL.
# With S3, a bucket of their own (private ACL, short signed URLs); see core/storage.py.
AWS_PRIVATE_STORAGE_BUCKET_NAME = env(
    "AWS_PRIVATE_STORAGE_BUCKET_NAME", AWS_STORAGE_BUCKET_NAME
)

MAX_UPLOAD_MB = int(env("MAX_UPLOAD_MB", "10"))
# A whole request: the largest file plus the form around it (413 above this).
MAX_REQUEST_BYTES = (MAX_UPLOAD_MB + 1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- E-mail -------------------------------------------------------------------------------

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "no-reply@localhost")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# A stored mail that failed is tried again (manage.py send_queued_mail) this often.
MAIL_MAX_ATTEMPTS = int(env("MAIL_MAX_ATTEMPTS", "5"))

# --- Personal data (152-ФЗ) -------------------------------------------------------------
# How long payment and membership records of a closed account are kept (anonymised)
# before their receipt files are deleted by `manage.py privacy_retention`.
PRIVACY_ACCOUNTING_RETENTION_YEARS = int(env("PRIVACY_ACCOUNTING_RETENTION_YEARS", "5"))
# How long a "download my data" link works (once).
PRIVACY_ARCHIVE_LINK_HOURS = int(env("PRIVACY_ARCHIVE_LINK_HOURS", "24"))
# How many "download my data" archives one person may have prepared in 24 hours.
PRIVACY_ARCHIVES_PER_DAY = int(env("PRIVACY_ARCHIVES_PER_DAY", "3"))
# An archive still being built after this many minutes is taken as failed (lost task).
PRIVACY_ARCHIVE_BUILD_MINUTES = int(env("PRIVACY_ARCHIVE_BUILD_MINUTES", "30"))

# --- Files prepared for staff in the background (core.exports) ------------------------
# How many days a prepared file (code cards, reports) can be downloaded before
# `manage.py purge_staff_exports` deletes it.
STAFF_EXPORT_KEEP_DAYS = int(env("STAFF_EXPORT_KEEP_DAYS", "7"))
# A file still queued or being prepared after this many minutes is taken as failed.
STAFF_EXPORT_BUILD_MINUTES = int(env("STAFF_EXPORT_BUILD_MINUTES", "30"))

# --- Background tasks (django-tasks) --------------------------------------------------
# Mail and other slow work run as tasks given ids. The immediate backend runs a task
# right after the transaction commits, in the same process: `make run` and the tests
# need nothing more. Production: TASKS_BACKEND=django_tasks_rq.RQBackend queues them
# in Redis for `manage.py worker` (RQ; README, "Going to production").
TASKS_BACKEND = env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
if TASKS_BACKEND == "django_tasks_rq.RQBackend":
    TASKS["default"]["QUEUES"] = ["default"]
RQ_QUEUES = {
    "default": {
        "URL": env("RQ_REDIS_URL", REDIS_URL or "redis://127.0.0.1:6379/0"),
        "DEFAULT_TIMEOUT": 600,
    }
}
RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
# A mail that failed for a passing reason (connection, timeout, 4xx) is tried again
# after these delays (seconds) when the backend can defer tasks (RQ).
MAIL_RETRY_DELAYS = [60, 300, 1800, 7200]

# --- Payments (Stripe) --------------------------------------------------------------------

STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env("STRIPE_API_BASE")  # tests point this at a local fake server
# Where Checkout pages live: the payment page's CSP form-action allows this origin.
STRIPE_CHECKOUT_ORIGIN = env("STRIPE_CHECKOUT_ORIGIN", "https://checkout.stripe.com")
STRIPE_WEBHOOK_TOLERANCE = int(env("STRIPE_WEBHOOK_TOLERANCE", "300"))  # seconds
STRIPE_MAX_NETWORK_RETRIES = int(env("STRIPE_MAX_NETWORK_RETRIES", "2"))

# --- Payments (YooKassa: Russian cards and СБП; see the README) ---------------------------

YOOKASSA_SHOP_ID = env("YOOKASSA_SHOP_ID")
YOOKASSA_SECRET_KEY = env("YOOKASSA_SECRET_KEY")
# The SDK's Configuration.api_url; tests point this at a local fake server.
YOOKASSA_API_BASE = env("YOOKASSA_API_BASE", "https://api.yookassa.ru/v3")
# Notifications are accepted only from these addresses (comma-separated IPs or
# networks); empty: the list YooKassa publishes, as its SDK carries it.
YOOKASSA_NOTIFICATION_IPS = env_list("YOOKASSA_NOTIFICATION_IPS")
# Where YooKassa's confirmation pages live (checked, and allowed by the CSP).
YOOKASSA_CONFIRMATION_ORIGINS = env_list(
    "YOOKASSA_CONFIRMATION_ORIGINS", ["https://yoomoney.ru"]
)
YOOKASSA_TIMEOUT = int(env("YOOKASSA_TIMEOUT", "15"))  # seconds per API request
# 54-ФЗ: send the receipt object (the member's e-mail, one item) with each payment.
YOOKASSA_RECEIPTS = env_bool("YOOKASSA_RECEIPTS")
YOOKASSA_VAT_CODE = int(env("YOOKASSA_VAT_CODE", "1"))  # 1: без НДС
YOOKASSA_PAYMENT_SUBJECT = env("YOOKASSA_PAYMENT_SUBJECT", "service")
YOOKASSA_PAYMENT_MODE = env("YOOKASSA_PAYMENT_MODE", "full_payment")
YOOKASSA_TAX_SYSTEM_CODE = env("YOOKASSA_TAX_SYSTEM_CODE")  # 1–6, if the shop needs it

# Online payment providers: name → adapter (payments/gateways/), in the order the
# buttons show. A provider shows when its keys are set and staff have not switched
# it off in the payment settings.
PAYMENT_GATEWAYS = {
    "yookassa": "payments.gateways.yookassa.YooKassaGateway",
    "stripe": "payments.gateways.stripe.StripeGateway",
}

# --- Wagtail ------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", "Российское общество урологов")
WAGTAILADMIN_BASE_URL = env("SITE_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Latin slugs: Cyrillic URLs turn into unreadable %D0%BA… when shared.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "home.search_backend",
        # Word forms: PostgreSQL stems with its "russian" configuration; on SQLite
        # home.search_backend stems queries with a Snowball stemmer.
        "SEARCH_CONFIG": "russian",
    }
}
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "zip",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = MAX_UPLOAD_MB * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = MAX_UPLOAD_MB * 1024 * 1024
# Documents are always served through Django so that privacy checks apply.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The admin login counts failed attempts with allauth's rate limits (shared cache).
WAGTAILADMIN_USER_LOGIN_FORM = "members.admin_login.ThrottledAdminLoginForm"
# Draftail with the field's label as its accessible name (core/rich_text.py).
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "core.rich_text.LabelledDraftailRichTextArea"},
}
# Staff reset passwords through the site's own (rate-limited) allauth pages; Wagtail's
# admin reset form has no limits and would mail any address on request.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# No third-party requests from the admin: no Gravatar (it leaks e-mail hashes and is
# blocked by the CSP anyway) and no phoning home for release checks.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# --- Security headers (tightened further in production) ----------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The language choice is read by the server only (no script needs it); Lax keeps
# it off cross-site subrequests and posts.
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
# Extra origins allowed to be framed by embeds in page bodies (comma separated).
CSP_FRAME_SRC = env_list(
    "CSP_FRAME_SRC",
    ["https://www.youtube.com", "https://rutube.ru", "https://vk.com"],
)
CSP_EXTRA_IMG_SRC = env_list("CSP_EXTRA_IMG_SRC")


# stdout for logs, stderr for errors; LOG_FORMAT=json in production (ops/logging.py).
LOGGING = logging_config(env("LOG_FORMAT", "plain"), env("LOG_LEVEL", "INFO"))
# One line per request (method, path, status, duration, request id); production on.
ACCESS_LOG = env_bool("ACCESS_LOG", False)
