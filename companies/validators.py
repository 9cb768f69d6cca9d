"""Korean business registration numbers (사업자등록번호): 10 digits, the last one a check digit."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def normalize_business_number(value: str) -> str:
    """Digits only: '123-45-67890' and ' 1234567890 ' both become '1234567890'."""
    return re.sub(r"[\s\-]", "", value or "")


def business_number_check_digit(first_nine: str) -> int:
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True))
    # The ninth digit counts once more: the tens of (digit × 5).
    total += digits[8] * 5 // 10
    return (10 - total % 10) % 10


def is_valid_business_number(value: str) -> bool:
    number = normalize_business_number(value)
    if not re.fullmatch(r"\d{10}", number):
        return False
    return business_number_check_digit(number[:9]) == int(number[9])


def validate_business_number(value: str) -> None:
    number = normalize_business_number(value)
    if not re.fullmatch(r"\d{10}", number):
        raise ValidationError(
            _("A business registration number has 10 digits, e.g. 123-45-67890."), code="format"
        )
    if not is_valid_business_number(number):
        raise ValidationError(
            _("This business registration number is not valid: please check the digits."),
            code="check_digit",
        )


def format_business_number(value: str) -> str:
    number = normalize_business_number(value)
    if len(number) != 10:
        return value
    return f"{number[:3]}-{number[3:5]}-{number[5:]}"
