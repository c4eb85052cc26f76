import pytest


@pytest.fixture
def board(db):
    from tests.membership.factories import make_board_member

    return make_board_member(email="board@example.org", last_name="Председателев")


@pytest.fixture
def applicant(db):
    from tests.membership.factories import make_applicant

    return make_applicant(email="applicant@example.org", last_name="Заявкин")
