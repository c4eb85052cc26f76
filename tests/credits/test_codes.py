"""Credit codes as people type them: alphabet, strength, normalisation."""

import pytest

from credits import codes


def test_codes_use_only_the_unambiguous_alphabet_and_carry_40_bits():
    sample = codes.generate_many(2000)
    assert all(len(code) == 10 for code in sample)
    assert set("".join(sample)) <= set(codes.ALPHABET)
    assert not set("01ILOUV") & set(codes.ALPHABET)
    assert codes.BITS >= 40


def test_no_collision_in_100000_codes():
    sample = codes.generate_many(100_000)
    assert len(set(sample)) == 100_000
    # every character of the alphabet turns up in every position (no stuck digit)
    for position in range(codes.LENGTH):
        assert {code[position] for code in sample[:5000]} == set(codes.ALPHABET)


def test_codes_are_shown_in_two_groups_of_five():
    assert codes.display("K7MD9QX4TR") == "K7MD9-QX4TR"


@pytest.mark.parametrize(
    "typed",
    [
        "K7MD9-QX4TR",
        "k7md9qx4tr",
        "  K7MD9 QX4TR ",
        "K7M-D9Q-X4T-R",
        "K7MD9–QX4TR",  # en dash from a PDF
        "K7MD9\u2212QX4TR",  # minus sign
        "К7МD9-QХ4ТR",  # Cyrillic К, М, Х, Т
        "к7мd9qх4тr",  # lower-case Cyrillic
        "Ｋ７ＭＤ９ＱＸ４ＴＲ",  # full-width
    ],
)
def test_forgiving_input(typed):
    assert codes.normalize(typed) == "K7MD9QX4TR"


def test_cyrillic_ze_reads_as_three():
    assert codes.normalize("З3ABC-DEFGH") == "33ABCDEFGH"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        None,
        "K7MD9QX4T",  # too short
        "K7MD9QX4TRR",  # too long
        "K7MD9QX4T0",  # zero is not in the alphabet
        "K7MD9QX4TO",
        "K7MD9QX4TI",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "K" * 10_000,
        "K7MD9\x00QX4TR",
    ],
)
def test_anything_else_is_not_a_code(typed):
    assert codes.normalize(typed) == ""
