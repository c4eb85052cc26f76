"""Races on PostgreSQL: two requests at the same moment never give one code, one
credit or one НМО code twice. Each guard has a control test that turns it off and
shows the race really happens without it.

Two threads (each with its own database connection) are held side by side right
before the write by a barrier in the service's pause hook. With the guard on, the
second thread waits on the row lock instead, the barrier times out and the first
one goes on alone.
"""

import contextlib
import threading

import pytest
from django.db import connection, connections

from credits import services
from credits.errors import CreditsError
from credits.models import CreditCode, CreditCodeStatus, CreditRecord, NmoCode
from credits.services import codes as code_services
from credits.services import nmo as nmo_services
from tests.credits.factories import (
    audit_count,
    credited_event,
    make_codes,
    make_nmo_codes,
)
from tests.factories import make_home
from tests.members.factories import make_member

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _postgres_only(is_postgres):
    if not is_postgres:
        pytest.skip("races are tested on PostgreSQL")


def side_by_side(monkeypatch, module, hook):
    """Make `module.hook` hold two threads together (or time out when one is
    blocked by a lock)."""
    barrier = threading.Barrier(2, timeout=2)

    def pause():
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()

    monkeypatch.setattr(module, hook, pause)


def run_together(*calls):
    """Run each call in its own thread with its own connection; outcomes in order."""
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            outcomes[index] = call()
        except CreditsError as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def event():
    return credited_event(make_home(), credits=6)


def redeem(user, code):
    return lambda: services.credit_code_redeem(user=user, raw_code=code)


def test_one_code_two_members_at_once_gives_one_credit(monkeypatch, event):
    code = make_codes(event, 1)[0].code
    first, second = make_member(), make_member()
    side_by_side(monkeypatch, code_services, "_pause_before_consume")
    outcomes = run_together(redeem(first, code), redeem(second, code))
    assert sum(isinstance(o, CreditRecord) for o in outcomes) == 1
    assert CreditRecord.objects.filter(event=event).count() == 1
    used = CreditCode.objects.get(code=code)
    assert used.status == CreditCodeStatus.USED
    assert audit_count("credits.code.redeemed") == 1


def test_control_without_the_lock_one_code_credits_two_members(monkeypatch, event):
    code = make_codes(event, 1)[0].code
    first, second = make_member(), make_member()
    monkeypatch.setattr(code_services, "LOCK_CODES", False)
    side_by_side(monkeypatch, code_services, "_pause_before_consume")
    outcomes = run_together(redeem(first, code), redeem(second, code))
    assert all(isinstance(o, CreditRecord) for o in outcomes)
    assert CreditRecord.objects.filter(event=event).count() == 2  # the race


def test_two_codes_of_one_event_at_once_give_one_credit(monkeypatch, event):
    first, second = (c.code for c in make_codes(event, 2))
    member = make_member()
    side_by_side(monkeypatch, code_services, "_pause_before_consume")
    outcomes = run_together(redeem(member, first), redeem(member, second))
    assert sum(isinstance(o, CreditRecord) for o in outcomes) == 1
    assert CreditRecord.objects.filter(user=member).count() == 1
    # the losing code was not consumed: its transaction was rolled back
    assert CreditCode.objects.filter(status=CreditCodeStatus.USED).count() == 1


def test_control_without_the_constraint_two_codes_credit_twice(monkeypatch, event):
    first, second = (c.code for c in make_codes(event, 2))
    member = make_member()
    constraint = next(
        c
        for c in CreditRecord._meta.constraints
        if c.name == "credits_record_one_per_member_event"
    )
    with connection.schema_editor() as editor:
        editor.remove_constraint(CreditRecord, constraint)
    try:
        side_by_side(monkeypatch, code_services, "_pause_before_consume")
        run_together(redeem(member, first), redeem(member, second))
        assert CreditRecord.objects.filter(user=member).count() == 2  # the race
    finally:
        CreditRecord.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(CreditRecord, constraint)


def assign(user, event):
    return lambda: nmo_services.nmo_code_assign(user=user, event=event)


def test_nmo_codes_handed_out_at_once_are_all_different(monkeypatch, event):
    make_nmo_codes(event, ["AAAA-0001", "AAAA-0002", "AAAA-0003"])
    first, second = make_member(), make_member()
    side_by_side(monkeypatch, nmo_services, "_pause_before_claim")
    outcomes = run_together(assign(first, event), assign(second, event))
    assert all(isinstance(o, NmoCode) for o in outcomes)
    assert outcomes[0].pk != outcomes[1].pk
    assert NmoCode.objects.filter(assigned_to__isnull=False).count() == 2


def test_control_without_the_lock_one_nmo_code_goes_to_two_members(monkeypatch, event):
    make_nmo_codes(event, ["AAAA-0001", "AAAA-0002", "AAAA-0003"])
    first, second = make_member(), make_member()
    monkeypatch.setattr(nmo_services, "LOCK_NMO", False)
    side_by_side(monkeypatch, nmo_services, "_pause_before_claim")
    outcomes = run_together(assign(first, event), assign(second, event))
    assert outcomes[0].pk == outcomes[1].pk  # one code handed to both: the race


def test_one_member_at_two_doors_gets_one_nmo_code(monkeypatch, event):
    make_nmo_codes(event, ["AAAA-0001", "AAAA-0002", "AAAA-0003"])
    member = make_member()
    side_by_side(monkeypatch, nmo_services, "_pause_before_claim")
    run_together(assign(member, event), assign(member, event))
    assert NmoCode.objects.filter(assigned_to=member).count() == 1
    assert NmoCode.objects.filter(assigned_at__isnull=False).count() == 1
