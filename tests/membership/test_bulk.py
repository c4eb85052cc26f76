"""Bulk approval over a mixed set: each application its own result."""

import pytest
from django.urls import reverse

from membership.models import ApplicationStatus, Vote
from membership.services import (
    application_reject,
    application_withdraw,
    applications_bulk_approve,
)
from tests.membership.factories import make_applicant, make_application, reload

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(home, board):
    waiting = [make_application(make_applicant()) for _ in range(3)]
    rejected = make_application(make_applicant())
    application_reject(application=rejected, actor=board, reason="Причина")
    withdrawn = make_application(make_applicant())
    application_withdraw(application=withdrawn, user=withdrawn.user)
    own = make_application(board)
    return {
        "waiting": waiting,
        "rejected": rejected,
        "withdrawn": withdrawn,
        "own": own,
    }


def test_bulk_approve_over_a_mixed_set(board, mixed):
    everything = [
        *mixed["waiting"],
        mixed["rejected"],
        mixed["withdrawn"],
        mixed["own"],
    ]
    results = applications_bulk_approve(applications=everything, actor=board)
    outcome = {result.application.pk: result.ok for result in results}
    assert [outcome[a.pk] for a in mixed["waiting"]] == [True, True, True]
    assert not outcome[mixed["rejected"].pk]
    assert not outcome[mixed["withdrawn"].pk]
    assert not outcome[mixed["own"].pk]
    for application in mixed["waiting"]:
        assert reload(application).status == ApplicationStatus.APPROVED
    assert reload(mixed["rejected"]).status == ApplicationStatus.REJECTED
    assert reload(mixed["withdrawn"]).status == ApplicationStatus.WITHDRAWN
    assert reload(mixed["own"]).status == ApplicationStatus.SUBMITTED
    # Nothing half-done: no stray votes on the refused ones.
    assert not Vote.objects.filter(application=mixed["own"]).exists()
    assert not Vote.objects.filter(application=mixed["withdrawn"]).exists()


def _bulk_url(ids):
    query = "&".join(f"id={pk}" for pk in ids)
    return (
        reverse("wagtail_bulk_action", args=["membership", "application", "approve"])
        + "?"
        + query
    )


def test_bulk_confirmation_page_lists_the_applications(client, board, mixed):
    client.force_login(board)
    ids = [a.pk for a in mixed["waiting"]] + [mixed["rejected"].pk]
    response = client.get(_bulk_url(ids))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("data-bulk-item=") == 4
    # Only the confirmation step so far: nothing decided.
    for application in mixed["waiting"]:
        assert reload(application).status == ApplicationStatus.SUBMITTED


def test_bulk_approve_in_the_admin_reports_each_item(client, board, mixed):
    client.force_login(board)
    ids = [a.pk for a in mixed["waiting"]] + [mixed["rejected"].pk]
    response = client.post(_bulk_url(ids), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 4
    rejected_name = mixed["rejected"].user.get_full_name()
    assert any(m.startswith(rejected_name) for m in messages)
    for application in mixed["waiting"]:
        assert reload(application).status == ApplicationStatus.APPROVED


def test_bulk_approve_needs_the_permission(client, home, mixed):
    staff = make_applicant(email="staff@example.org")
    staff.is_staff = True
    staff.is_superuser = False
    staff.save()
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    ids = [a.pk for a in mixed["waiting"]]
    # Wagtail answers a refused admin view with a redirect to the dashboard.
    assert client.get(_bulk_url(ids))["Location"] == "/admin/"
    assert client.post(_bulk_url(ids))["Location"] == "/admin/"
    for application in mixed["waiting"]:
        assert reload(application).status == ApplicationStatus.SUBMITTED
