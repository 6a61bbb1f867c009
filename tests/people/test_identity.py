"""Identity numbers: any common format in, one normalised form stored; coordination numbers too."""

from __future__ import annotations

import datetime as dt

import pytest

from hemvag.people.identity import InvalidIdentityNumber, parse_identity_number

TODAY = dt.date(2026, 11, 22)


def with_check_digit(nine_digits: str) -> str:
    """YYMMDDNNN + the Luhn check digit, as Skatteverket computes it."""
    from stdnum import luhn

    return nine_digits + luhn.calc_check_digit(nine_digits)


@pytest.mark.parametrize("written", ["19811228-9874", "198112289874", "811228-9874", "8112289874", " 811228 9874 "])
def test_every_common_format_normalises_to_twelve_digits(written):
    number = parse_identity_number(written, TODAY)
    assert number.normalised == "198112289874"
    assert number.birth_date == dt.date(1981, 12, 28)
    assert number.is_coordination is False
    assert number.display == "19811228-9874"


def test_plus_sign_means_a_hundred_years_or_more():
    digits = with_check_digit("201010000")
    assert parse_identity_number(f"{digits[:6]}+{digits[6:]}", TODAY).birth_date == dt.date(1920, 10, 10)
    assert parse_identity_number(f"{digits[:6]}-{digits[6:]}", TODAY).birth_date == dt.date(2020, 10, 10)


def test_coordination_number_gives_the_real_birth_date():
    # Day 88 = 28 + 60. The check digit is computed over the digits as written.
    digits = with_check_digit("811288987")
    number = parse_identity_number(digits, TODAY)
    assert number.is_coordination is True
    assert number.birth_date == dt.date(1981, 12, 28)
    assert number.normalised == "19" + digits


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("19811228-9875", "check digit"),
        (with_check_digit("811328987"), "does not exist"),
        ("abc", "YYYYMMDD-NNNN"),
        ("12345-678", "YYYYMMDD-NNNN"),
        ("20" + with_check_digit("301228000"), "future"),
    ],
)
def test_invalid_numbers_are_refused_with_what_to_do(written, reason):
    with pytest.raises(InvalidIdentityNumber, match=reason):
        parse_identity_number(written, TODAY)
