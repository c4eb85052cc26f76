"""The production stack end to end: two app servers (gunicorn, production settings)
on two ports against the same PostgreSQL, Redis and a local S3-compatible server
(moto's server mode), and a task worker, driven by headless Chromium (Playwright).

In the browser: a session started on one server is valid on the other; failed logins
typed alternately on both servers are throttled together; a member uploads a receipt
on server A (it lands in the private bucket, not on the server's disk), a reviewer in
another browser sees and confirms it in the admin on server B and the worker sends the
mails the web servers queued; an active member downloads a members-only PDF stamped
with their code and another file through a signed redirect to the S3 server, while an
anonymous visitor and a registered non-member get the "not found" page and the
object's unsigned URL is refused by S3. Over plain HTTP (it is about the bucket):
private objects only through signed URLs, public ones plainly.

Chromium treats http://127.0.0.1 as a secure context, so the production cookies
(Secure) work over plain HTTP; cookies are not kept apart by port, so one login holds
on both servers, as behind one load balancer. The servers trust X-Real-IP: each
browser context sends its own, so no two share a rate-limit bucket.

Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL); skipped otherwise.
BROWSER_SCREENSHOTS=<dir> keeps a picture of the main screens.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.conf import settings
from django.db import connection
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from core.models import OutgoingMail
from tests.members.factories import PASSWORD, make_member

ROOT = Path(settings.BASE_DIR)
VENV_BIN = Path(sys.executable).parent
BUCKET = "society-fullstack"
THROTTLED = "Слишком много неудачных попыток входа"
NOT_FOUND = "Страница не найдена"
DESKTOP = {"width": 1280, "height": 900}

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.fullstack,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
        or not os.environ.get("REDIS_URL"),
        reason="the full stack needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL)",
    ),
]


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
        for process, _log in processes:  # all at once: each shuts down gracefully
            process.terminate()
        for process, log in reversed(processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()
        if request.session.testsfailed > failed_before:  # the servers' side of it
            for path in sorted(logs.iterdir()):
                print(f"--- {path.name}", path.read_text()[-3000:], sep="\n")
        shutil.rmtree(logs, ignore_errors=True)


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


@pytest.fixture
def visitor(new_context):
    """A new browser (context) coming from its own IP address; its page."""

    def open_page(ip):
        context = new_context(viewport=DESKTOP, extra_http_headers={"X-Real-IP": ip})
        return context.new_page()

    return open_page


def shoot(page, name):
    if shots := os.environ.get("BROWSER_SCREENSHOTS"):
        page.screenshot(path=os.path.join(shots, f"{name}.png"), full_page=True)


def type_login(page, base, email, password):
    """Type into the site's login form on `base` and send it; waits for the answer."""
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("form.form--entrance button[type=submit]")


def log_in(page, base, user):
    type_login(page, base, user.email, PASSWORD)
    expect(page).to_have_url(f"{base}/cabinet/")


def admin_log_in(page, base, user):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    expect(page).to_have_url(f"{base}/admin/")


def path_of(page_model):
    return urlsplit(page_model.full_url).path


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


@pytest.mark.browser
def test_a_session_started_on_one_server_is_valid_on_the_other(stack, member, visitor):
    page = visitor("203.0.113.7")

    log_in(page, stack["a"], member)
    page.goto(stack["b"] + "/cabinet/")

    expect(page).to_have_url(stack["b"] + "/cabinet/")
    expect(page.locator("main")).to_contain_text(f"Здравствуйте, {member.first_name}")
    expect(page.locator("main")).to_contain_text(member.personal_code.display)
    shoot(page, "fullstack-cabinet-on-b")
    # The production session cookie is Secure, and Chromium kept it over plain HTTP
    # on the loopback address (a secure context).
    (session,) = [c for c in page.context.cookies() if c["name"] == "sessionid"]
    assert session["secure"] and session["httpOnly"]


@pytest.mark.browser
def test_failed_logins_over_both_servers_are_throttled_together(stack, member, visitor):
    page = visitor("203.0.113.8")
    for attempt in range(5):  # allauth: 5 failures per account in 5 minutes
        server = stack["a"] if attempt % 2 == 0 else stack["b"]
        type_login(page, server, member.email, "wrong-password")
        expect(page).to_have_url(f"{server}/accounts/login/")
        expect(page.locator("[data-error-summary]")).to_be_visible()
        expect(page.locator("[data-error-summary]")).not_to_contain_text(THROTTLED)

    type_login(page, stack["b"], member.email, PASSWORD)

    expect(page).to_have_url(stack["b"] + "/accounts/login/")
    expect(page.locator("[data-error-summary]")).to_contain_text(THROTTLED)
    shoot(page, "fullstack-throttled")
    page.goto(stack["a"] + "/cabinet/")
    expect(page).to_have_url(re.compile(re.escape(stack["a"] + "/accounts/login/")))


@pytest.mark.browser
def test_a_mail_queued_by_a_web_server_is_sent_by_the_worker(stack, member, visitor):
    page = visitor("203.0.113.9")

    page.goto(stack["a"] + "/accounts/password/reset/")
    page.fill("#id_email", member.email)
    with page.expect_navigation():
        page.click("form.form--entrance button[type=submit]")

    expect(page).to_have_url(stack["a"] + "/accounts/password/reset/done/")
    mail = wait_for_mail(member)
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


@pytest.mark.browser
def test_receipt_uploaded_on_one_server_is_confirmed_on_the_other(
    stack, member, visitor
):
    """The member uploads a receipt on A (it goes to the private bucket, not to the
    server's disk), a reviewer in another browser sees and confirms it in the admin
    on B, the worker sends the mail, and the member's page on B says it is paid."""
    from django.contrib.auth.models import Group, Permission

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

    # --- the member, on server A --------------------------------------------------
    doctor = visitor("203.0.113.10")
    log_in(doctor, stack["a"], member)
    doctor.goto(f"{stack['a']}/payments/{payment.reference}/")
    doctor.set_input_files(
        "#id_file",
        files=[{"name": "чек.png", "mimeType": "image/png", "buffer": png_bytes()}],
    )
    doctor.fill("#id_paid_amount", "1500,00")
    with doctor.expect_navigation():
        doctor.get_by_role("button", name="Отправить квитанцию").click()

    expect(doctor).to_have_url(f"{stack['a']}/payments/{payment.reference}/")
    expect(doctor.get_by_text("Спасибо, квитанция отправлена.")).to_be_visible()
    expect(doctor.locator("[data-status-text]")).to_contain_text(
        "Квитанция на проверке, ответим до"
    )
    shoot(doctor, "fullstack-receipt-sent")
    payment.refresh_from_db()
    receipt = payment.receipts.get()
    assert payment.status == PaymentStatus.AWAITING_REVIEW
    assert str(receipt.paid_amount) == "1500.00"
    assert not any(path.exists() for path in stack["disk"])
    bucket_keys = requests.get(f"{stack['s3']}/{BUCKET}?list-type=2", timeout=10).text
    assert f"private/{receipt.file.name}" in bucket_keys

    # --- the reviewer, in another browser, on server B ----------------------------
    accountant = visitor("203.0.113.20")
    admin_log_in(accountant, stack["b"], reviewer)
    accountant.goto(stack["b"] + "/admin/payments/receipts/")
    with accountant.expect_navigation():
        accountant.locator("table.payments-queue a", has_text=member.last_name).click()
    image = accountant.locator(".payments-review__image")
    expect(image).to_be_visible()
    # The picture came back from the bucket through B, re-encoded (same size).
    expect(image).to_have_js_property("naturalWidth", 40)
    stated = accountant.locator("dt", has_text="Сумма по словам члена общества")
    expect(stated.locator("xpath=following-sibling::dd[1]")).to_have_text(
        "1\u202f500,00\u00a0₽"
    )
    shoot(accountant, "fullstack-receipt-review")
    sent_before = list(OutgoingMail.objects.values_list("pk", flat=True))
    with accountant.expect_navigation():
        accountant.get_by_role("button", name="Подтвердить оплату").click()

    expect(accountant).to_have_url(stack["b"] + "/admin/payments/receipts/")
    expect(accountant.locator(".messages")).to_contain_text(
        f"Платёж подтверждён: {member.get_full_name()}."
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED
    mail = wait_for_mail(member, exclude=sent_before)
    assert mail.status == OutgoingMail.Status.SENT, mail.last_error

    # --- the member's page, now on server B ---------------------------------------
    doctor.goto(f"{stack['b']}/payments/{payment.reference}/")
    expect(doctor.locator("[data-status-text]")).to_contain_text("Оплачено")


@pytest.mark.browser
def test_members_only_documents_in_the_bucket_reach_members_only(
    stack, member, home, visitor
):
    """A members-only PDF lives as a private object on S3: an active member gets it
    stamped with their code from server B, another file through a signed redirect
    to the S3 server; an anonymous visitor and a registered non-member get the "not
    found" page for both, and the object's unsigned URL is refused by S3."""
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
    material = make_material(area, title="Протокол собрания", document=pdf)
    make_material(area, title="Конспект лекции", document=notes)
    notes_page = area.get_children().live().get(title="Конспект лекции")
    board = make_board_member(email="board@example.org")
    application_approve(application=make_application(member), actor=board)
    paid(member, year(local_today().year))
    outsider = person("outsider@example.org")
    pdf_url = reverse("materials:document", args=[pdf.pk])
    notes_url = reverse("materials:document", args=[notes.pk])

    # --- the active member: logged in on A, reading on B ----------------------------
    reader = visitor("203.0.113.30")
    log_in(reader, stack["a"], member)
    reader.goto(stack["b"] + path_of(material))
    expect(reader.locator("h1")).to_have_text("Протокол собрания")
    expect(reader.get_by_text("Закрытый текст")).to_be_visible()  # members only
    shoot(reader, "fullstack-material-member")
    with reader.expect_download() as stamped_download:
        reader.get_by_role("link", name="Протокол", exact=True).click()
    stamped = stamped_download.value
    assert stamped.suggested_filename == "Протокол.pdf"
    assert stamped.url == stack["b"] + pdf_url
    text = "".join(page.extract_text() for page in PdfReader(stamped.path()).pages)
    assert member.personal_code.display in text and "Original society text" in text

    reader.goto(stack["b"] + path_of(notes_page))
    with (
        reader.expect_request(
            lambda request: request.url.startswith(stack["s3"])
        ) as to_s3,
        reader.expect_download() as notes_download,
    ):
        reader.get_by_role("link", name="Конспект", exact=True).click()
    signed = notes_download.value
    assert to_s3.value.redirected_from.url == stack["b"] + notes_url
    assert signed.url == to_s3.value.url and "X-Amz-Signature=" in signed.url
    assert signed.suggested_filename == "Конспект.txt"
    assert Path(signed.path()).read_bytes() == "Закрытый конспект".encode()
    # The object's own URL, unsigned: S3 refuses it. (moto's 403 has an empty body,
    # which Chromium turns into its own error page and a failed navigation.)
    unsigned = signed.url.split("?", 1)[0]
    with (
        reader.expect_response(unsigned) as refusal,
        pytest.raises(PlaywrightError, match="ERR_HTTP_RESPONSE_CODE_FAILURE"),
    ):
        reader.goto(unsigned)
    assert refusal.value.status == 403

    # --- a registered non-member and an anonymous visitor, on A ------------------
    stranger = visitor("203.0.113.31")
    log_in(stranger, stack["a"], outsider)
    stranger.goto(stack["a"] + path_of(material))
    expect(stranger.locator("h1")).to_have_text("Протокол собрания")
    expect(stranger.get_by_text("Закрытый текст")).to_have_count(0)
    expect(stranger.get_by_role("link", name="Протокол", exact=True)).to_have_count(0)
    anonymous = visitor("203.0.113.32")
    for page in (stranger, anonymous):
        for url in (pdf_url, notes_url):
            response = page.goto(stack["a"] + url)
            assert response.status == 404, (url, response.status)
            expect(page.locator("h1")).to_have_text(NOT_FOUND)
    shoot(anonymous, "fullstack-document-refused")
