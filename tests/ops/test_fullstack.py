"""The production stack end to end: two app servers (gunicorn, production settings)
on two ports against the same PostgreSQL, Redis and a local S3-compatible server
(moto's server mode), and a task worker.

Over HTTP (not a browser): a session started on one server is valid on the other,
failed logins spread over both servers are throttled together, a mail queued by a
web server is sent by the worker, and the bucket gives private objects only through
signed URLs. Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL); skipped otherwise.
"""

import io
import os
import shutil
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.conf import settings
from django.db import connection
from PIL import Image as PILImage

from core.models import OutgoingMail
from tests.members.factories import PASSWORD, make_member

ROOT = Path(settings.BASE_DIR)
VENV_BIN = Path(sys.executable).parent
BUCKET = "society-fullstack"
THROTTLED = "Слишком много неудачных попыток входа"

pytestmark = [pytest.mark.postgres, pytest.mark.fullstack]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


def database_url():
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def stack(request, transactional_db, tmp_path_factory):
    """moto's S3 server, two gunicorns and a worker; their base URLs. Started for each
    test, after its database is set up: the servers cache content-type ids, which a
    transactional test's flush recreates with new ones (this process forgets its own
    cached ids for the same reason)."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip(
            "the full stack needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL)"
        )
    if not (VENV_BIN / "moto_server").exists() or not (VENV_BIN / "gunicorn").exists():
        pytest.skip("moto_server and gunicorn are not installed")
    logs = tmp_path_factory.mktemp("fullstack")
    s3_port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "fullstack-" + "s" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DEFAULT_FROM_EMAIL": "info@society.example.org",
        "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url(),
        "CACHE_KEY_PREFIX": f"fullstack{os.getpid()}",
        "TASKS_BACKEND": "django_tasks_rq.RQBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        # Nothing may land on an app server's disk: these folders must stay absent.
        "MEDIA_ROOT": str(logs / "media"),
        "PRIVATE_MEDIA_ROOT": str(logs / "private-media"),
        "LOG_LEVEL": "WARNING",
        "ACCESS_LOG": "0",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
    }
    processes = []
    failed_before = request.session.testsfailed

    def start(name, command, **extra):
        log = open(logs / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(  # noqa: S603 (our own fixed commands)
            command, cwd=ROOT, env={**env, **extra}, stdout=log, stderr=log
        )
        processes.append((process, log))
        return process

    try:
        s3 = start("s3", [str(VENV_BIN / "moto_server"), "-p", str(s3_port)])
        wait_for(f"http://127.0.0.1:{s3_port}/", s3)
        requests.put(f"http://127.0.0.1:{s3_port}/{BUCKET}", timeout=5)
        if not (ROOT / "staticfiles" / "staticfiles.json").exists():
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
        servers = []
        for name in ("a", "b"):
            port = free_port()
            server = start(
                name,
                [str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py"]
                + ["config.wsgi"],
                GUNICORN_BIND=f"127.0.0.1:{port}",
            )
            servers.append((f"http://127.0.0.1:{port}", server))
        for url, server in servers:
            wait_for(url + "/healthz", server)
        start("worker", [sys.executable, "manage.py", "worker"])
        yield {
            "a": servers[0][0],
            "b": servers[1][0],
            "s3": env["AWS_S3_ENDPOINT_URL"],
            "disk": [logs / "media", logs / "private-media"],
            "env": env,
        }
    finally:
        for process, log in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()
        if request.session.testsfailed > failed_before:  # the servers' side of it
            for path in sorted(logs.iterdir()):
                print(f"--- {path.name}", path.read_text()[-3000:], sep="\n")
        shutil.rmtree(logs, ignore_errors=True)


class Browser:
    """Cookies by hand: the production cookies are Secure, and this is plain HTTP."""

    def __init__(self, ip="203.0.113.7"):
        self.cookies = {}
        self.ip = ip

    def request(self, method, url, **kwargs):
        headers = {"X-Real-IP": self.ip, **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method, url, headers=headers, allow_redirects=False, timeout=30, **kwargs
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def post_form(self, base, path, data, *, files=None, form_path=None):
        """GET the page with the form (CSRF cookie and token), then POST it."""
        page = self.request("GET", base + (form_path or path)).text
        marker = 'name="csrfmiddlewaretoken" value="'
        token = page.split(marker, 1)[1].split('"', 1)[0]
        return self.request(
            "POST",
            base + path,
            data={"csrfmiddlewaretoken": token, **data},
            files=files,
        )

    def log_in(self, base, user):
        response = self.post_form(
            base, "/accounts/login/", {"login": user.email, "password": PASSWORD}
        )
        assert response.status_code == 302, response.text[:3000]


def person(email):
    """A confirmed account whose password the servers can check: they know the
    production hashers only (the tests hash with MD5)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    user = make_member(email=email)
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=100_000)
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def member(stack, home):
    return person("doctor@example.org")


def test_a_session_started_on_one_server_is_valid_on_the_other(stack, member):
    browser = Browser()

    browser.log_in(stack["a"], member)
    cabinet = browser.request("GET", stack["b"] + "/cabinet/")

    assert cabinet.status_code == 200
    assert member.last_name in cabinet.text


def test_failed_logins_over_both_servers_are_throttled_together(stack, member):
    browser = Browser()
    for attempt in range(5):  # allauth: 5 failures per account in 5 minutes
        server = stack["a"] if attempt % 2 == 0 else stack["b"]
        wrong = browser.post_form(
            server, "/accounts/login/", {"login": member.email, "password": "wrong"}
        )
        assert THROTTLED not in wrong.text

    right = browser.post_form(
        stack["b"], "/accounts/login/", {"login": member.email, "password": PASSWORD}
    )

    assert right.status_code == 200
    assert THROTTLED in right.text
    assert browser.request("GET", stack["a"] + "/cabinet/").status_code == 302


def test_a_mail_queued_by_a_web_server_is_sent_by_the_worker(stack, member):
    browser = Browser()

    browser.post_form(stack["a"], "/accounts/password/reset/", {"email": member.email})

    deadline = time.monotonic() + 60
    mail = None
    while time.monotonic() < deadline:
        mail = OutgoingMail.objects.filter(to__contains=[member.email]).first()
        if mail and mail.status == OutgoingMail.Status.SENT:
            break
        time.sleep(0.5)
    assert mail is not None, "no mail was stored"
    assert mail.status == OutgoingMail.Status.SENT, mail.last_error


def server_storage(stack, alias):
    """The servers' storage `alias` (on moto's S3), as their settings build it."""
    from django.utils.module_loading import import_string

    from config.settings.files import file_storages

    env = stack["env"]
    config = file_storages(lambda name, default=None: env.get(name, default), "/x")[
        alias
    ]
    return import_string(config["BACKEND"])(**config.get("OPTIONS", {}))


def test_private_objects_only_through_signed_urls_public_ones_plainly(stack):
    from django.core.files.base import ContentFile

    private = server_storage(stack, "private")
    name = private.save("receipts/receipt.pdf", ContentFile(b"%PDF-1.4 receipt"))
    signed = private.url(name)
    unsigned = signed.split("?", 1)[0]
    public = server_storage(stack, "public")
    public_name = public.save("images/logo.png", ContentFile(b"\x89PNG logo"))
    plain = public.url(public_name)

    assert urlsplit(signed).netloc == urlsplit(stack["s3"]).netloc
    assert requests.get(signed, timeout=10).content == b"%PDF-1.4 receipt"
    assert requests.get(unsigned, timeout=10).status_code == 403
    assert "Signature" not in plain and "X-Amz" not in plain
    assert requests.get(plain, timeout=10).content == b"\x89PNG logo"


def wait_for_mail(user, exclude=(), seconds=60):
    """The first mail to `user` not in `exclude`, once it is no longer queued."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        mail = (
            OutgoingMail.objects.filter(to__contains=[user.email])
            .exclude(pk__in=exclude)
            .exclude(status=OutgoingMail.Status.QUEUED)
            .first()
        )
        if mail:
            return mail
        time.sleep(0.5)
    raise AssertionError(f"no mail to {user.email} left the queue in {seconds} s")


def test_receipt_uploaded_on_one_server_is_confirmed_on_the_other(stack, member):
    """The member uploads a receipt on A (it goes to the private bucket, not to the
    server's disk), a reviewer sees and confirms it on B, the worker sends the mail."""
    from django.contrib.auth.models import Group, Permission
    from django.urls import reverse

    from payments.models import PaymentStatus
    from tests.payments.factories import bank_settings, make_payment, png_bytes

    bank_settings()
    payment = make_payment(member)
    reviewer = person("buh@example.org")
    group, _ = Group.objects.get_or_create(name="Бухгалтерия")
    group.permissions.add(
        Permission.objects.get(codename="review_receipt"),
        Permission.objects.get(codename="access_admin"),
    )
    reviewer.groups.add(group)
    image = png_bytes()

    doctor = Browser("203.0.113.10")
    doctor.log_in(stack["a"], member)
    upload = doctor.post_form(
        stack["a"],
        reverse("payments:upload_receipt", args=[payment.reference]),
        {"paid_amount": "1500,00"},
        files={"file": ("чек.png", image, "image/png")},
        form_path=reverse("payments:detail", args=[payment.reference]),
    )
    payment.refresh_from_db()
    receipt = payment.receipts.get()

    assert upload.status_code == 302, upload.text[:3000]
    assert payment.status == PaymentStatus.AWAITING_REVIEW
    assert not any(path.exists() for path in stack["disk"])
    bucket_keys = requests.get(f"{stack['s3']}/{BUCKET}?list-type=2", timeout=10).text
    assert f"private/{receipt.file.name}" in bucket_keys

    accountant = Browser("203.0.113.20")
    accountant.log_in(stack["b"], reviewer)
    review_path = reverse("payments_admin:review", args=[payment.reference])
    review = accountant.request("GET", stack["b"] + review_path)
    file_url = reverse("payments:receipt_file", args=[receipt.key])
    shown = accountant.request("GET", stack["b"] + file_url)
    sent_before = list(OutgoingMail.objects.values_list("pk", flat=True))
    confirm = accountant.post_form(
        stack["b"],
        reverse("payments_admin:confirm", args=[payment.reference]),
        {},
        form_path=review_path,
    )
    payment.refresh_from_db()

    assert review.status_code == 200
    assert file_url in review.text
    # The site re-encodes uploads (metadata stripped): the same picture comes back.
    assert shown.status_code == 200
    assert PILImage.open(io.BytesIO(shown.content)).size == (40, 30)
    assert confirm.status_code == 302
    assert payment.status == PaymentStatus.CONFIRMED
    mail = wait_for_mail(member, exclude=sent_before)
    assert mail.status == OutgoingMail.Status.SENT, mail.last_error


def test_members_only_documents_in_the_bucket_reach_members_only(stack, member, home):
    """A members-only PDF lives as a private object on S3: an active member gets it
    stamped with their code from server B, another file through a signed redirect;
    an anonymous visitor and a registered non-member get neither, and the object's
    unsigned URL is refused."""
    from django.core.files.base import ContentFile
    from django.urls import reverse
    from pypdf import PdfReader
    from wagtail.documents import get_document_model

    from core.time import local_today
    from membership.services import application_approve
    from tests.materials.factories import make_area, make_material, make_pdf
    from tests.membership.factories import (
        make_application,
        make_board_member,
        paid,
        year,
    )

    default = server_storage(stack, "default")

    def document(title, filename, data):
        doc = get_document_model()(title=title, file_size=len(data))
        doc.file.name = default.save(f"documents/{filename}", ContentFile(data))
        doc.save()
        return doc

    pdf = document("Протокол", "protocol.pdf", make_pdf("Original society text"))
    notes = document("Конспект", "notes.txt", "Закрытый конспект".encode())
    area = make_area(home)
    make_material(area, title="Протокол собрания", document=pdf)
    make_material(area, title="Конспект лекции", document=notes)
    board = make_board_member(email="board@example.org")
    application_approve(application=make_application(member), actor=board)
    paid(member, year(local_today().year))
    outsider = person("outsider@example.org")
    pdf_url = reverse("materials:document", args=[pdf.pk])
    notes_url = reverse("materials:document", args=[notes.pk])

    reader = Browser("203.0.113.30")
    reader.log_in(stack["a"], member)
    stamped = reader.request("GET", stack["b"] + pdf_url)
    redirect = reader.request("GET", stack["b"] + notes_url)
    stranger = Browser("203.0.113.31")
    stranger.log_in(stack["a"], outsider)
    anonymous = Browser("203.0.113.32")

    assert stamped.status_code == 200
    assert stamped.headers["Cache-Control"] == "private, no-store"
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(stamped.content)).pages
    )
    assert member.personal_code.display in text and "Original society text" in text
    assert redirect.status_code == 302
    assert requests.get(redirect.headers["Location"], timeout=10).content == (
        "Закрытый конспект".encode()
    )
    assert (
        requests.get(
            redirect.headers["Location"].split("?", 1)[0], timeout=10
        ).status_code
        == 403
    )
    for browser in (stranger, anonymous):
        for url in (pdf_url, notes_url):
            response = browser.request("GET", stack["a"] + url)
            assert response.status_code == 404, (url, response.status_code)
