"""The deployment kit (deploy/) agrees with the code and the README: the header nginx
sets is the one Django trusts, the body limit lets the site answer 413 itself, every
command a timer or cron line runs exists, every environment variable is documented."""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"
NGINX = (DEPLOY / "nginx.conf").read_text()
README = (ROOT / "README.md").read_text()
UNITS = sorted((DEPLOY / "systemd").iterdir())


def _active_lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()[:1] != "#"]


def _proxy_headers():
    headers = {}
    for line in _active_lines(NGINX):
        match = re.match(r"proxy_set_header\s+(\S+)\s+(.+);$", line)
        if match:
            headers[match[1].lower()] = match[2]
    return headers


def _documented_client_ip_header():
    match = re.search(r"TRUSTED_CLIENT_IP_HEADER=([A-Za-z-]+)", README)
    assert match, "README documents no TRUSTED_CLIENT_IP_HEADER value"
    return match[1]


def test_nginx_sets_the_client_ip_header_the_readme_tells_django_to_trust():
    header = _documented_client_ip_header()

    assert _proxy_headers()[header.lower()] == "$remote_addr"
    assert f"TRUSTED_CLIENT_IP_HEADER={header}" in NGINX


def test_nginx_passes_the_scheme_and_request_id_django_reads(monkeypatch):
    from tests.ops.test_settings import production

    proxy_ssl_header = production(monkeypatch).SECURE_PROXY_SSL_HEADER
    headers = _proxy_headers()

    assert proxy_ssl_header == ("HTTP_X_FORWARDED_PROTO", "https")
    assert headers["x-forwarded-proto"] == "$scheme"
    # ops.middleware.RequestIdMiddleware reads it
    assert headers["x-request-id"] == "$request_id"
    assert headers["host"] == "$host"


def test_nginx_lets_the_largest_upload_through_to_django():
    match = re.search(r"^\s*client_max_body_size\s+(\d+)m;", NGINX, re.MULTILINE)
    limit = int(match[1]) * 1024 * 1024

    # Django answers 413 with the site's page just above MAX_REQUEST_BYTES; nginx
    # must not cut in earlier, or people get nginx's bare page for a legal upload.
    assert limit >= settings.MAX_REQUEST_BYTES
    assert settings.MAX_REQUEST_BYTES > settings.MAX_UPLOAD_MB * 1024 * 1024


def test_nginx_proxies_to_the_address_gunicorn_binds_by_default():
    import runpy

    bind = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["bind"]

    assert re.search(rf"^\s*server {re.escape(bind)};", NGINX, re.MULTILINE)


def _managed_commands(text):
    return set(re.findall(r"manage\.py (\w+)", text))


def test_every_command_in_the_timers_and_cron_lines_exists():
    texts = [unit.read_text() for unit in UNITS] + [(DEPLOY / "crontab").read_text()]
    named = set().union(*(_managed_commands(text) for text in texts))

    assert {"send_membership_reminders", "credits_nmo_reminders"} <= named
    assert {"send_queued_mail", "publish_scheduled", "worker"} <= named
    assert named - set(get_commands()) == set()


def test_every_command_the_readme_names_exists():
    named = _managed_commands(README) | set(re.findall(r"`manage\.py (\w+)", README))

    assert named - set(get_commands()) == set()


def test_every_project_command_runs_from_a_timer_or_is_documented():
    ours = {
        name
        for name, app in get_commands().items()
        if app.split(".")[0] in {"core", "credits", "membership", "ops", "home"}
    }

    assert ours - _managed_commands(README) == set()


def test_every_timer_has_its_service_and_every_service_runs_production_settings():
    names = {unit.name for unit in UNITS}
    for unit in UNITS:
        if unit.suffix == ".timer":
            assert unit.with_suffix(".service").name in names
        if unit.suffix == ".service":
            text = unit.read_text()
            assert (
                "Environment=DJANGO_SETTINGS_MODULE=config.settings.production" in text
            )
            assert "EnvironmentFile=/etc/society/env" in text
            for path in re.findall(r"-c (deploy/\S+)", text):
                assert (ROOT / path).is_file()


_ENV_READ = re.compile(
    r"""(?:\benv(?:_bool|_list)?|_int|require|os\.environ\.get)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def test_every_environment_variable_production_reads_is_in_the_readme():
    sources = [
        *(ROOT / "config" / "settings").glob("*.py"),
        DEPLOY / "gunicorn.conf.py",
    ]
    names = set()
    for source in sources:
        names |= set(_ENV_READ.findall(source.read_text()))
    names -= {"CI", "CHROMIUM_PATH"}  # the test run's own switches

    assert len(names) > 60  # the pattern still finds the reads
    assert {name for name in names if f"`{name}`" not in README} == set()
