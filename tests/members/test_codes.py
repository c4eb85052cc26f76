"""Personal codes and phone numbers: pure functions and the issuing service."""

import re
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import ModelLogEntry

from members import codes
from members.models import PersonalCode
from members.services import personal_code_issue
from tests.members.factories import make_member

AMBIGUOUS = set("0O1IL")


def test_codes_use_only_the_unambiguous_alphabet():
    draws = [codes.generate_code() for _ in range(10_000)]
    allowed = set(codes.CODE_ALPHABET)
    assert all(len(code) == 8 and set(code) <= allowed for code in draws)
    assert not AMBIGUOUS & allowed


def test_generate_unique_code_skips_taken_codes_and_gives_up():
    calls = []

    def is_taken(code):
        calls.append(code)
        return len(calls) < 3  # the first two draws are "taken"

    found = codes.generate_unique_code(is_taken=is_taken)
    assert found == calls[-1] and len(calls) == 3
    with pytest.raises(RuntimeError):
        codes.generate_unique_code(is_taken=lambda code: True, attempts=3)


def test_raw_draws_are_spread_over_the_alphabet_not_sequential():
    draws = [codes.generate_code() for _ in range(100_000)]
    # 29^8 ≈ 5·10^11 codes: 100,000 draws collide with probability < 1 %.
    assert len(draws) - len(set(draws)) <= 1
    counts = Counter("".join(draws))
    expected = 800_000 / len(codes.CODE_ALPHABET)
    assert set(counts) == set(codes.CODE_ALPHABET)
    assert all(abs(n - expected) < expected * 0.05 for n in counts.values())
    assert sorted(draws[:50]) != draws[:50]


def test_qr_token_is_long_and_random():
    tokens = {codes.generate_qr_token() for _ in range(1000)}
    assert len(tokens) == 1000
    assert all(len(t) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", t) for t in tokens)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+7 900 123-45-67", "+79001234567"),
        ("+79001234567", "+79001234567"),
        ("8 (900) 123-45-67", "+79001234567"),
        ("89001234567", "+79001234567"),
        ("8-495-123-45-67", "+74951234567"),
        ("7 900 123 45 67", "+79001234567"),
        ("900 123 45 67", "+79001234567"),
        ("  +7 (812) 555 12 34 ", "+78125551234"),
    ],
)
def test_phone_normalisation(typed, stored):
    assert codes.normalize_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "12345",
        "+1 202 555 0101",
        "+7 900 123",
        "8 900 123 45 678",
        "телефон",
        "+7 900 12a-45-67",
        "8 100 123 45 67",
    ],
)
def test_bad_phones_are_rejected(typed):
    with pytest.raises(ValidationError) as error, translation.override("ru"):
        codes.normalize_phone(typed)
    # One clear wording for every mistake.
    with translation.override("ru"):
        assert error.value.messages == [
            "Введите российский номер: +7 или 8 и ещё 10 цифр, "
            "например +7 900 123-45-67."
        ]


def test_code_display_and_lookup_normalisation():
    assert codes.normalize_code(" k7md-9qx4 ") == "K7MD9QX4"
    assert PersonalCode(code="K7MD9QX4").display == "K7MD-9QX4"


@pytest.mark.django_db
def test_issue_is_idempotent_and_audited(home, django_capture_on_commit_callbacks):
    user = make_member(code=False)
    with django_capture_on_commit_callbacks(execute=True):
        first = personal_code_issue(user=user)
        second = personal_code_issue(user=user)
    assert first.pk == second.pk and first.code == second.code
    assert PersonalCode.objects.filter(user=user).count() == 1
    assert (
        ModelLogEntry.objects.filter(action="members.personal_code.issued").count() == 1
    )


@pytest.mark.django_db
def test_the_qr_token_is_long_random_and_not_the_code(home):
    tokens = [
        personal_code_issue(user=make_member(email=f"q{n}@example.org", code=False))
        for n in range(3)
    ]
    for personal_code in tokens:
        assert len(personal_code.qr_token) == 32  # 24 bytes from the CSPRNG
        assert re.fullmatch(r"[A-Za-z0-9_-]+", personal_code.qr_token)
        assert personal_code.qr_token != personal_code.code
    assert len({personal_code.qr_token for personal_code in tokens}) == 3


@pytest.mark.django_db
def test_many_members_get_distinct_codes(home):
    users = [make_member(email=f"m{i}@example.org") for i in range(40)]
    found = {PersonalCode.objects.get(user=u).code for u in users}
    assert len(found) == 40
