"""/healthz, request ids in logs, JSON log lines, errors on stderr."""

import json
import logging
import logging.config

import pytest
from django.db import DatabaseError
from django.test import override_settings

from ops.logging import JsonFormatter, logging_config

from .test_redis_down import DEAD_REDIS

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_without_host_check_or_https_redirect(client):
    with override_settings(
        ALLOWED_HOSTS=["society.example.org"], SECURE_SSL_REDIRECT=True
    ):
        response = client.get("/healthz", HTTP_HOST="10.0.0.7")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


@override_settings(CACHES=DEAD_REDIS)
def test_healthz_is_503_without_details_when_the_cache_is_down(client):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"unavailable\n"


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    from ops import health

    class BrokenCursor:
        def __enter__(self):
            raise DatabaseError("connection refused")

        def __exit__(self, *exc):
            return False

    class BrokenConnection:
        def cursor(self):
            return BrokenCursor()

    monkeypatch.setattr(health, "connections", {"default": BrokenConnection()})

    response = client.get("/healthz")

    assert response.status_code == 503
    assert b"connection refused" not in response.content


def test_each_response_carries_a_request_id_and_keeps_a_proxy_given_one(client, home):
    first = client.get("/")
    given = client.get("/", HTTP_X_REQUEST_ID="nginx-0123456789abcdef")
    forged = client.get("/", HTTP_X_REQUEST_ID="<script>")

    assert len(first["X-Request-ID"]) == 32
    assert given["X-Request-ID"] == "nginx-0123456789abcdef"
    assert forged["X-Request-ID"] != "<script>"


def test_log_lines_written_during_a_request_carry_its_id(client, home, caplog):
    with override_settings(ACCESS_LOG=True), caplog.at_level(logging.INFO):
        response = client.get("/", HTTP_X_REQUEST_ID="req-0123456789")

    access = [r for r in caplog.records if r.name == "ops.request"]
    assert response["X-Request-ID"] == "req-0123456789"
    assert len(access) == 1
    assert access[0].status == 200
    line = json.loads(JsonFormatter().format(_with_request_id(access[0])))
    assert line["request_id"] == "req-0123456789"
    assert line["path"] == "/"
    assert line["level"] == "INFO"


def _with_request_id(record):
    from ops.logging import RequestIdFilter

    # caplog's handler has no filters; the id was bound while the request ran, so
    # re-run the filter inside the same context the middleware used.
    if not hasattr(record, "request_id"):
        RequestIdFilter().filter(record)
    return record


def test_errors_go_to_stderr_as_json_and_info_to_stdout(capsys):
    config = logging_config("json")
    logging.config.dictConfig(
        {**config, "root": {**config["root"], "level": "INFO"}, "loggers": {}}
    )
    try:
        log = logging.getLogger("society.test")
        log.info("all fine")
        try:
            raise ValueError("broken")
        except ValueError:
            log.exception("it broke")
        out, err = capsys.readouterr()
    finally:
        from django.conf import settings

        logging.config.dictConfig(settings.LOGGING)

    assert json.loads(out.strip())["message"] == "all fine"
    error = json.loads(err.strip())
    assert error["level"] == "ERROR"
    assert "ValueError: broken" in error["exc"]
    assert "it broke" not in out
