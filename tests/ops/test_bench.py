"""`make bench`'s own parts still work: the data set it seeds (tiny here) and the
ceiling view behind the site's middleware."""

import sys

import pytest
from django.conf import settings
from django.test import override_settings

pytestmark = pytest.mark.django_db

sys.path.insert(0, str(settings.BASE_DIR / "scripts"))


def test_the_seeded_data_set_has_what_the_benchmark_requests(client):
    import bench_seed
    from wagtail.models import PageViewRestriction

    from credits.models import CreditRecord
    from members.models import User
    from membership.models import MembershipPeriod

    facts = bench_seed.seed(scale=0.01, log=lambda *args: None)

    from materials.models import MaterialPage, MembersAreaPage

    section = MembersAreaPage.objects.get()
    material = MaterialPage.objects.live().get(slug="material-1")
    member = User.objects.get(pk=facts["member_id"])
    assert PageViewRestriction.objects.filter(page=section).exists()
    assert User.objects.filter(email__startswith="bench").count() == 30 + 1
    assert MembershipPeriod.objects.filter(user=member).count() == 5
    assert CreditRecord.objects.filter(user=member).exists()
    assert client.get(material.url).status_code == 302  # members only
    client.cookies[settings.SESSION_COOKIE_NAME] = bench_seed.session_cookie(member.pk)
    assert client.get(material.url).status_code == 200
    assert client.get("/cabinet/credits/").status_code == 200


@override_settings(ROOT_URLCONF="bench_site.urls")
def test_the_ceiling_is_a_bare_view_behind_the_same_middleware(client, home):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/bench/bare/")  # site-wide lookups filled, as on a running server
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/bench/bare/")

    assert response.content == b"ok"
    assert response["X-Request-ID"]  # went through the site's middleware
    assert len(queries) == 0
    assert client.get("/").status_code == 200  # and the site's URLs are all there
