"""What production runs with: persistent connections, Redis for everything shared,
hashed static files, gunicorn sized from the environment."""

import importlib
import runpy

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "p" * 60,
    "DJANGO_ALLOWED_HOSTS": "society.example.org",
    "DEFAULT_FROM_EMAIL": "info@society.example.org",
    "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
    "DATABASE_URL": "postgres://u:p@db.internal:5432/society",
    "REDIS_URL": "redis://redis.internal:6379/0",
}


def production(monkeypatch, **extra):
    for name in ("DATABASE_CONN_MAX_AGE", "LOG_FORMAT", "ACCESS_LOG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {**PRODUCTION_ENV, **extra}.items():
        monkeypatch.setenv(name, value)
    importlib.reload(importlib.import_module("config.settings.base"))
    module = importlib.reload(importlib.import_module("config.settings.production"))
    return module


def teardown_module():
    # Leave the modules as the test run imported them.
    importlib.reload(importlib.import_module("config.settings.base"))


def test_database_connections_are_persistent_and_checked(monkeypatch):
    database = production(monkeypatch).DATABASES["default"]

    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True


def test_cache_sessions_and_rate_limits_live_in_redis(monkeypatch):
    module = production(monkeypatch)

    assert module.CACHES["default"]["BACKEND"] == "ops.cache.ResilientRedisCache"
    assert module.CACHES["default"]["LOCATION"] == "redis://redis.internal:6379/0"
    assert module.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    # allauth keeps its rate limits in the default cache: the shared one.


def test_static_files_are_compressed_with_hashed_names(monkeypatch):
    module = production(monkeypatch)

    assert module.STORAGES["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_production_logs_json_with_one_access_line_per_request(monkeypatch):
    module = production(monkeypatch)

    assert module.LOGGING["handlers"]["stdout"]["formatter"] == "json"
    assert module.LOGGING["handlers"]["stderr"]["level"] == "ERROR"
    assert module.ACCESS_LOG is True


def test_gunicorn_takes_workers_and_threads_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")

    config = runpy.run_path(str(settings.BASE_DIR / "deploy" / "gunicorn.conf.py"))

    assert config["workers"] == 5
    assert config["threads"] == 4
    assert config["worker_class"] == "gthread"
    assert config["bind"] == "0.0.0.0:9000"
    assert config["accesslog"] is None  # the app logs requests itself
