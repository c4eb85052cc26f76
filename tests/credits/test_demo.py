"""The demo: an event with codes and НМО codes, a member with years of credits."""

import io
import re

import pytest
from django.core.management import call_command

from credits.models import CreditCode, CreditProfile, CreditRecord, NmoCode
from members.models import User

pytestmark = pytest.mark.django_db


def test_load_demo_prints_codes_that_work_and_runs_twice(client, home):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=io.StringIO())
    shown = re.search(r"Credit codes to try .*: (.+)", out.getvalue()).group(1)
    codes = [code.strip() for code in shown.split(",")]
    assert len(codes) == 3
    assert CreditCode.objects.count() == 30  # not doubled by the second run

    member = User.objects.get(email="demo.member@example.org")
    records = CreditRecord.objects.filter(user=member)
    assert len({record.earned_on.year for record in records}) >= 3
    assert CreditProfile.objects.get(user=member).cycle_start
    assert NmoCode.objects.filter(assigned_to=member).count() == 1

    client.force_login(member)
    response = client.post("/cabinet/credits/", {"code": codes[0]}, follow=True)
    assert "Начислено" in response.content.decode()
