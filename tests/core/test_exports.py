"""Files prepared for staff in the background (core.exports): asked for with the
right, audited, built once by the task, downloaded by the requester only while they
hold the right and the file is ready, purged when expired."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import ModelLogEntry

from core import exports
from core.models import StaffExport
from core.storage import private_file_response, private_storage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = "tests.sample"
#: The list page's queries, whatever the number of files (the test with 1 and 30).
QUERIES_OF_THE_LIST = 10
PERMISSION = "core.view_outgoingmail"


class Builder:
    """A builder that counts its runs and can be told to fail."""

    def __init__(self):
        self.runs = 0
        self.fail = None

    def __call__(self, params):
        self.runs += 1
        if self.fail:
            raise self.fail
        rows = params.get("rows", 2)
        text = "".join(f"строка {n}\n" for n in range(rows))
        return exports.BuiltFile(
            content=text.encode(),
            filename="sample.csv",
            content_type="text/csv; charset=utf-8",
            rows=rows,
        )


@pytest.fixture
def builder():
    exports.autodiscover()
    built = Builder()
    exports.register_export(
        KIND, built, PERMISSION, label="Sample", back_url=lambda p: "/admin/"
    )
    yield built
    exports._registry.pop(KIND, None)


def staff(*codenames, name="staff"):
    user = UserFactory(is_staff=True)
    group = Group.objects.create(name=f"{name}-{user.pk}")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="core", codename__in=codenames
        ),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def requester(db):
    return staff("view_outgoingmail")


def lose_the_right(user):
    """The staff member keeps admin access but no longer holds the kind's right."""
    user.groups.clear()
    group = Group.objects.create(name=f"admin only {user.pk}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)


def entries(action):
    return list(ModelLogEntry.objects.filter(action=action))


def prepare(actor, capture, params=None):
    with capture(execute=True):
        job = exports.export_request(actor=actor, kind=KIND, params=params or {})
    job.refresh_from_db()
    return job


def status_url(job):
    return f"/admin/prepared-files/{job.pk}/"


def download_url(job):
    return f"/admin/prepared-files/{job.pk}/download/"


def refused(response):
    """Wagtail's answer to a missing right: back to the dashboard with a message."""
    return response.status_code == 302 and response["Location"] == "/admin/"


# --- request ---------------------------------------------------------------------------


def test_staff_without_the_kinds_right_cannot_ask_for_the_file(builder):
    with pytest.raises(exports.ExportError):
        exports.export_request(actor=staff(), kind=KIND, params={})


def test_a_refused_request_leaves_no_job(builder):
    with pytest.raises(exports.ExportError):
        exports.export_request(actor=staff(), kind=KIND, params={})
    assert not StaffExport.objects.exists()


def test_an_unknown_kind_cannot_be_asked_for(requester):
    with pytest.raises(exports.ExportError):
        exports.export_request(actor=requester, kind="nobody.nothing", params={})


def test_asking_for_a_file_is_audited_with_its_kind_and_parameters(
    builder, requester, django_capture_on_commit_callbacks
):
    prepare(requester, django_capture_on_commit_callbacks, {"rows": 3})
    (entry,) = entries("core.export.requested")
    assert (entry.user_id, entry.data) == (
        requester.pk,
        {"export": KIND, "filter": {"rows": 3}},
    )


def test_the_task_runs_only_after_commit(
    builder, requester, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        job = exports.export_request(actor=requester, kind=KIND, params={})
    job.refresh_from_db()
    assert (job.status, builder.runs) == (StaffExport.Status.QUEUED, 0)


def test_with_the_immediate_backend_the_file_is_ready_at_once(
    builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks, {"rows": 3})
    assert (job.status, job.rows, job.filename) == ("ready", 3, "sample.csv")


def test_the_file_is_in_the_private_storage(
    builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    with private_storage().open(job.file.name) as handle:
        assert handle.read().decode() == "строка 0\nстрока 1\n"


def test_the_file_expires_after_the_configured_days(
    builder, requester, django_capture_on_commit_callbacks, settings
):
    settings.STAFF_EXPORT_KEEP_DAYS = 2
    job = prepare(requester, django_capture_on_commit_callbacks)
    assert job.expires_at - job.finished_at == datetime.timedelta(days=2)


# --- build -----------------------------------------------------------------------------


def test_a_second_run_of_a_ready_job_builds_nothing(
    builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    exports.export_build(job.pk)
    assert builder.runs == 1


def test_a_second_run_keeps_the_first_file(
    builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    exports.export_build(job.pk)
    again = StaffExport.objects.get(pk=job.pk)
    assert (again.file.name, again.status) == (job.file.name, "ready")


def test_a_failed_build_is_recorded_with_its_error(
    builder, requester, django_capture_on_commit_callbacks
):
    builder.fail = exports.ExportError("Партии больше нет.")
    job = prepare(requester, django_capture_on_commit_callbacks)
    assert (job.status, job.error) == ("failed", "Партии больше нет.")


def test_an_unexpected_error_never_leaves_the_worker(builder, requester):
    builder.fail = RuntimeError("disk full")
    job = StaffExport.objects.create(kind=KIND, params={}, requested_by=requester)
    assert exports.export_build(job.pk) == "failed"


def test_an_unexpected_error_is_shown_as_a_plain_sentence_not_the_exception(
    client, builder, requester, django_capture_on_commit_callbacks
):
    builder.fail = RuntimeError("disk full at /srv/secret/path")
    job = prepare(requester, django_capture_on_commit_callbacks)
    client.force_login(requester)
    page = client.get(f"/admin/prepared-files/{job.pk}/").content.decode()
    assert "disk full" not in page and "/srv/secret" not in page
    assert "Не удалось подготовить файл из-за ошибки на сервере" in page


def test_the_task_builds_by_id(builder, requester):
    from core.tasks import build_export_task

    job = StaffExport.objects.create(kind=KIND, params={}, requested_by=requester)
    build_export_task.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == "ready"


def test_a_failed_job_is_not_built_again(builder, requester):
    job = StaffExport.objects.create(
        kind=KIND, params={}, requested_by=requester, status="failed"
    )
    exports.export_build(job.pk)
    assert builder.runs == 0


# --- status page -----------------------------------------------------------------------


def test_the_status_page_says_it_is_being_prepared_and_reloads_itself(
    client, builder, requester
):
    job = StaffExport.objects.create(kind=KIND, params={}, requested_by=requester)
    client.force_login(requester)
    page = client.get(status_url(job)).content.decode()
    assert "Готовится…" in page and '<meta http-equiv="refresh" content="3">' in page


def test_the_status_page_offers_the_download_when_ready(
    client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    client.force_login(requester)
    page = client.get(status_url(job)).content.decode()
    assert download_url(job) in page and "http-equiv" not in page


def test_the_status_page_shows_the_error_of_a_failed_build(
    client, builder, requester, django_capture_on_commit_callbacks
):
    builder.fail = exports.ExportError("Партии больше нет.")
    job = prepare(requester, django_capture_on_commit_callbacks)
    client.force_login(requester)
    page = client.get(status_url(job)).content.decode()
    assert "Файл не удалось подготовить." in page and "Партии больше нет." in page


def test_another_staff_member_does_not_see_the_status_page(
    client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    client.force_login(staff("view_outgoingmail", name="other"))
    assert client.get(status_url(job)).status_code == 404


def test_the_requester_who_lost_the_right_does_not_see_the_status_page(
    client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    lose_the_right(requester)
    client.force_login(requester)
    assert refused(client.get(status_url(job)))


def test_the_status_page_keeps_its_query_count_with_more_files(
    client, builder, requester, django_assert_max_num_queries
):
    job = StaffExport.objects.create(kind=KIND, params={}, requested_by=requester)
    client.force_login(requester)
    client.get(status_url(job))  # warm the permission and site caches
    StaffExport.objects.bulk_create(
        StaffExport(kind=KIND, params={}, requested_by=requester) for _ in range(50)
    )
    with django_assert_max_num_queries(12):
        assert client.get(status_url(job)).status_code == 200


# --- list of one's files ---------------------------------------------------------------


def test_the_list_shows_the_staff_members_own_files(
    client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    client.force_login(requester)
    page = client.get("/admin/prepared-files/").content.decode()
    assert download_url(job) in page


def test_the_list_hides_other_staff_members_files(
    client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    client.force_login(staff("view_outgoingmail", name="other"))
    page = client.get("/admin/prepared-files/").content.decode()
    assert str(job.pk) not in page


def test_the_list_hides_files_of_a_right_the_person_lost(
    client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    lose_the_right(requester)
    client.force_login(requester)
    page = client.get("/admin/prepared-files/").content.decode()
    assert str(job.pk) not in page


def test_the_list_says_in_russian_that_a_file_could_not_be_prepared(
    client, builder, requester, django_capture_on_commit_callbacks
):
    builder.fail = RuntimeError("disk full")
    prepare(requester, django_capture_on_commit_callbacks)
    client.force_login(requester)
    page = client.get("/admin/prepared-files/").content.decode()
    assert "<td>Не удалось подготовить</td>" in page


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_keeps_its_query_count_with_more_files(
    client, builder, requester, django_assert_max_num_queries, count
):
    StaffExport.objects.bulk_create(
        StaffExport(kind=KIND, params={}, requested_by=requester, status="ready")
        for _ in range(count)
    )
    client.force_login(requester)
    # Warm the permission and site caches (the lookups take their generation on the
    # first request and fill on the second).
    client.get("/admin/prepared-files/")
    client.get("/admin/prepared-files/")
    with django_assert_max_num_queries(QUERIES_OF_THE_LIST):
        client.get("/admin/prepared-files/")


def test_the_menu_offers_the_list_to_staff_who_may_prepare_files(
    client, builder, requester
):
    client.force_login(requester)
    assert "/admin/prepared-files/" in client.get("/admin/").content.decode()


def test_the_menu_hides_the_list_from_staff_who_may_prepare_nothing(client, builder):
    client.force_login(staff())
    assert "/admin/prepared-files/" not in client.get("/admin/").content.decode()


# --- download --------------------------------------------------------------------------


def test_the_requester_downloads_the_file(
    client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    client.force_login(requester)
    response = client.get(download_url(job))
    assert b"".join(response.streaming_content).decode() == "строка 0\nстрока 1\n"


def test_the_download_is_an_attachment_never_cached(
    client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    client.force_login(requester)
    response = client.get(download_url(job))
    assert response["Content-Disposition"] == 'attachment; filename="sample.csv"'
    assert "private, no-store" in response["Cache-Control"]


def test_the_download_is_an_audited_export(
    client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks, {"rows": 4})
    client.force_login(requester)
    client.get(download_url(job))
    (entry,) = entries("core.export.downloaded")
    assert (entry.user_id, entry.data["export"], entry.data["rows"]) == (
        requester.pk,
        KIND,
        4,
    )


def test_the_download_audits_the_parameters_as_its_filter(
    client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks, {"rows": 4})
    client.force_login(requester)
    client.get(download_url(job))
    (entry,) = entries("core.export.downloaded")
    assert entry.data["filter"] == {"rows": 4}


def test_another_staff_member_with_the_right_cannot_download(
    client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    client.force_login(staff("view_outgoingmail", name="other"))
    assert client.get(download_url(job)).status_code == 404


def test_the_requester_who_lost_the_right_cannot_download(
    client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    lose_the_right(requester)
    client.force_login(requester)
    assert refused(client.get(download_url(job)))


def test_a_deactivated_requester_cannot_take_the_file(
    client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    requester.is_active = False
    requester.save()
    with pytest.raises(exports.ExportNotAllowed):
        exports.export_take(user=requester, export_id=job.pk)


def test_a_file_not_ready_is_not_downloaded(client, builder, requester):
    job = StaffExport.objects.create(kind=KIND, params={}, requested_by=requester)
    client.force_login(requester)
    response = client.get(download_url(job))
    assert response["Location"] == status_url(job)


def test_a_file_not_ready_leaves_no_download_entry(client, builder, requester):
    job = StaffExport.objects.create(kind=KIND, params={}, requested_by=requester)
    client.force_login(requester)
    client.get(download_url(job))
    assert entries("core.export.downloaded") == []


def test_a_ready_row_whose_status_says_failed_is_not_downloaded(
    client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    StaffExport.objects.filter(pk=job.pk).update(status="failed")
    client.force_login(requester)
    assert client.get(download_url(job))["Location"] == status_url(job)


def test_an_expired_file_is_not_downloaded(
    client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    StaffExport.objects.filter(pk=job.pk).update(expires_at=timezone.now())
    client.force_login(requester)
    assert client.get(download_url(job))["Location"] == status_url(job)


def test_a_head_request_is_not_audited(
    client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    client.force_login(requester)
    client.head(download_url(job))
    assert entries("core.export.downloaded") == []


class SignedStorage:
    """Stands in for the S3 private storage: signed URLs, no local file."""

    querystring_auth = True

    def url(self, name, parameters=None, expire=None):
        self.asked = (name, parameters, expire)
        return f"https://bucket.example/{name}?signed=1"


class StoredFile:
    def __init__(self, storage, name):
        self.storage, self.name = storage, name


def test_on_s3_the_download_is_a_signed_redirect():
    storage = SignedStorage()
    response = private_file_response(
        StoredFile(storage, "staff-exports/x.pdf"),
        filename="cards.pdf",
        content_type="application/pdf",
    )
    assert response["Location"] == "https://bucket.example/staff-exports/x.pdf?signed=1"


def test_on_s3_the_signed_url_names_the_file_and_expires_quickly():
    storage = SignedStorage()
    private_file_response(
        StoredFile(storage, "staff-exports/x.pdf"),
        filename="cards.pdf",
        content_type="application/pdf",
    )
    name, parameters, expire = storage.asked
    assert (parameters["ResponseContentDisposition"], expire) == (
        'attachment; filename="cards.pdf"',
        60,
    )


# --- expiry ----------------------------------------------------------------------------


def test_purge_deletes_expired_files_and_their_rows(
    builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    StaffExport.objects.filter(pk=job.pk).update(expires_at=timezone.now())
    exports.purge()
    assert (StaffExport.objects.count(), private_storage().exists(job.file.name)) == (
        0,
        False,
    )


def test_purge_keeps_files_still_valid(
    builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    exports.purge()
    assert private_storage().exists(job.file.name)


def test_purge_marks_jobs_that_never_finished_failed(builder, requester, settings):
    job = StaffExport.objects.create(kind=KIND, params={}, requested_by=requester)
    StaffExport.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=31)
    )
    exports.purge()
    job.refresh_from_db()
    assert job.status == "failed"


def test_the_purge_command_reports_what_it_did(
    builder, requester, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    job = prepare(requester, django_capture_on_commit_callbacks)
    StaffExport.objects.filter(pk=job.pk).update(expires_at=timezone.now())
    out = io.StringIO()
    call_command("purge_staff_exports", stdout=out)
    assert out.getvalue().startswith("Deleted 1 prepared file(s)")


def test_closing_the_account_deletes_the_files_prepared_for_the_person(
    builder, requester, django_capture_on_commit_callbacks
):
    from core.personal_data import categories

    job = prepare(requester, django_capture_on_commit_callbacks)
    (category,) = [c for c in categories() if c.name == "core.staff_exports"]
    category.anonymise(requester)
    assert not private_storage().exists(job.file.name)


def test_a_file_missing_from_storage_is_not_served(
    client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    private_storage().delete(job.file.name)
    client.force_login(requester)
    assert client.get(download_url(job))["Location"] == status_url(job)


def test_the_builder_runs_in_the_language_of_the_request(requester):
    from django.utils import translation

    seen = []

    def build(params):
        seen.append(translation.get_language())
        return exports.BuiltFile(content=b"", filename="x.csv", content_type="text/csv")

    exports.register_export("tests.lang", build, PERMISSION)
    try:
        job = StaffExport.objects.create(
            kind="tests.lang", params={}, requested_by=requester, language="en"
        )
        exports.export_build(job.pk)
    finally:
        exports._registry.pop("tests.lang", None)
    assert seen == ["en"]


def test_storage_names_are_safe(builder, requester):
    job = StaffExport.objects.create(kind=KIND, params={}, requested_by=requester)
    name = exports._storage_name(job, "../../etc/пароль.csv")
    assert name.startswith(f"staff-exports/{job.pk.hex}-") and "/.." not in name


def test_a_ready_job_cannot_be_moved_back(builder, requester):
    job = StaffExport.objects.create(
        kind=KIND, params={}, requested_by=requester, status="ready"
    )
    with pytest.raises(ValueError):
        exports._move(StaffExport.objects.filter(pk=job.pk), "ready", "queued")


# --- on S3 (moto) ----------------------------------------------------------------------

BUCKET = "society-private"


@pytest.fixture
def s3(settings, monkeypatch):
    import boto3
    from moto import mock_aws

    from core import storage as core_storage

    with mock_aws():
        settings.AWS_ACCESS_KEY_ID = "testing"
        settings.AWS_SECRET_ACCESS_KEY = "testing"
        settings.AWS_S3_REGION_NAME = "us-east-1"
        settings.AWS_PRIVATE_STORAGE_BUCKET_NAME = BUCKET
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        storage = core_storage._s3_storage()
        monkeypatch.setattr(StaffExport._meta.get_field("file"), "storage", storage)
        yield client


def test_on_s3_the_file_goes_to_the_private_bucket(
    s3, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    listing = s3.list_objects_v2(Bucket=BUCKET)
    assert [item["Key"] for item in listing["Contents"]] == [f"private/{job.file.name}"]


def test_on_s3_the_requester_is_sent_to_a_signed_url(
    s3, client, builder, requester, django_capture_on_commit_callbacks
):
    job = prepare(requester, django_capture_on_commit_callbacks)
    client.force_login(requester)
    location = client.get(download_url(job))["Location"]
    assert location.startswith(
        f"https://{BUCKET}.s3.amazonaws.com/private/{job.file.name}?"
    ) and ("X-Amz-Expires=60&" in location)
