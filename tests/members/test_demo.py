import io

import pytest
from allauth.account.models import EmailAddress

from members import demo
from members.models import ConsentPage, MemberProfile, PersonalCode, User

pytestmark = pytest.mark.django_db


def test_demo_member_twice(client, home):
    out = io.StringIO()
    demo.load(home=home, stdout=out)
    demo.load(home=home, stdout=out)
    user = User.objects.get(email=demo.DEMO_EMAIL)
    assert MemberProfile.objects.filter(user=user).count() == 1
    assert PersonalCode.objects.filter(user=user).count() == 1
    assert ConsentPage.objects.live().count() == 1
    assert EmailAddress.objects.get(user=user).verified
    assert demo.DEMO_EMAIL in out.getvalue() and demo.DEMO_PASSWORD in out.getvalue()
    response = client.post(
        "/accounts/login/", {"login": demo.DEMO_EMAIL, "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    code = PersonalCode.objects.get(user=user).display
    assert code in client.get("/cabinet/code/").content.decode()


def test_demo_keeps_a_changed_password(home):
    demo.load(home=home, stdout=io.StringIO())
    user = User.objects.get(email=demo.DEMO_EMAIL)
    user.set_password("my-own-secret-2025")
    user.save(update_fields=["password"])
    demo.load(home=home, stdout=io.StringIO())
    user.refresh_from_db()
    assert user.check_password("my-own-secret-2025")
    assert not user.check_password(demo.DEMO_PASSWORD)
