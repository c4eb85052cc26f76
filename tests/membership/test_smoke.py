import pytest

from membership.models import ApplicationStatus
from tests.membership.factories import make_application

pytestmark = pytest.mark.django_db


def test_submit_and_approve(home, board, applicant):
    from membership.services import application_approve

    application = make_application(applicant)
    application = application_approve(application=application, actor=board)
    assert application.status == ApplicationStatus.APPROVED
