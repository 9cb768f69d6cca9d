"""Business registration numbers (사업자등록번호): 10 digits, the last a check digit."""

import pytest
from django.core.exceptions import ValidationError

from companies.validators import (
    business_number_check_digit,
    format_business_number,
    is_valid_business_number,
    normalize_business_number,
    validate_business_number,
)
from tests.base import ROBOTICS_NUMBER, business_number

# Numbers published by the companies themselves (Samsung Electronics, Naver), checked by hand:
# 124-81-00998: 1·1 + 2·3 + 4·7 + 8·1 + 1·3 + 0·7 + 0·1 + 9·3 + 9·5 = 118, plus ⌊9·5 / 10⌋ = 4: 122,
# and 10 − (122 mod 10) = 8, the last digit.
PUBLISHED = ["124-81-00998", "220-81-62517"]


@pytest.mark.parametrize("number", [*PUBLISHED, "1248100998", " 124 81 00998 ", ROBOTICS_NUMBER])
def test_it_accepts_valid_numbers_with_or_without_dashes(number):
    assert is_valid_business_number(number)
    validate_business_number(number)


def test_its_check_digit_is_the_published_one():
    assert business_number_check_digit("124810099") == 8
    assert business_number_check_digit("220816251") == 7


@pytest.mark.parametrize("number", ["124-81-00997", "124-81-00999", "220-81-62510", "1248100990"])
def test_it_refuses_a_wrong_check_digit(number):
    assert not is_valid_business_number(number)
    with pytest.raises(ValidationError) as caught:
        validate_business_number(number)
    assert caught.value.code == "check_digit"


@pytest.mark.parametrize("number", ["", "124-81-0099", "124810099", "124-81-009988", "12481009981"])
def test_it_refuses_a_wrong_length(number):
    assert not is_valid_business_number(number)
    with pytest.raises(ValidationError) as caught:
        validate_business_number(number)
    assert caught.value.code == "format"


@pytest.mark.parametrize("number", ["124-81-0099O", "abc-de-fghij", "124.81.00998", "١٢٤٨١٠٠٩٩٨"])
def test_it_refuses_letters_and_other_characters(number):
    assert not is_valid_business_number(number)
    with pytest.raises(ValidationError):
        validate_business_number(number)


def test_every_check_digit_but_one_is_wrong():
    first_nine = "314159265"
    valid = [d for d in "0123456789" if is_valid_business_number(first_nine + d)]
    assert valid == [str(business_number_check_digit(first_nine))]


def test_the_casts_numbers_are_valid():
    assert all(is_valid_business_number(business_number()) for _ in range(50))


@pytest.mark.parametrize(
    ("value", "formatted"),
    [
        ("1248100998", "124-81-00998"),
        ("124-81-00998", "124-81-00998"),
        (" 124 81 00998 ", "124-81-00998"),
        ("12345", "12345"),  # not ten digits: left as typed, for the form to show back
    ],
)
def test_it_formats_numbers_the_way_they_are_printed(value, formatted):
    assert format_business_number(value) == formatted


def test_it_normalizes_to_digits_only():
    assert normalize_business_number(" 124-81-00998\n") == "1248100998"
    assert normalize_business_number(None) == ""


def test_it_reads_the_full_width_digits_a_korean_input_method_types():
    assert normalize_business_number("１２４－８１－００９９８") == "1248100998"
    validate_business_number("１２４－８１－００９９８")
