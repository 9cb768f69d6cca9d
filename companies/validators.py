"""Korean business registration numbers (사업자등록번호): 10 digits, the last one a check digit."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
# The example the forms show: its check digit is right, so a filer who copies its shape is not misled.
EXAMPLE_BUSINESS_NUMBER = "123-45-67891"


def normalize_business_number(value: str) -> str:
    """Digits only: '123-45-67890' and ' 1234567890 ' both become '1234567890'. Full-width digits and
    dashes, which Korean input methods type ('１２３－４５－６７８９０'), become their ASCII forms."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", value or ""))


def business_number_check_digit(first_nine: str) -> int:
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True))
    # The ninth digit counts once more: the tens of (digit × 5).
    total += digits[8] * 5 // 10
    return (10 - total % 10) % 10


def is_valid_business_number(value: str) -> bool:
    number = normalize_business_number(value)
    if not re.fullmatch(r"[0-9]{10}", number):
        return False
    return business_number_check_digit(number[:9]) == int(number[9])


def validate_business_number(value: str) -> None:
    number = normalize_business_number(value)
    if not re.fullmatch(r"[0-9]{10}", number):
        raise ValidationError(
            _("A business registration number has 10 digits, e.g. %(example)s."), code="format",
            params={"example": EXAMPLE_BUSINESS_NUMBER},
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


# Korean telephone numbers: mobile 010 (and the old 011, 016–019), Seoul 02, the other area codes,
# 070 (internet phones) and the eight-digit nationwide numbers of companies (1588-1234).
_AREA_CODES = ("031", "032", "033", "041", "042", "043", "044", "051", "052", "053", "054", "055",
               "061", "062", "063", "064", "070")
_PHONE_PATTERNS = [
    re.compile(r"(01[016789])(\d{3,4})(\d{4})"),
    re.compile(r"(02)(\d{3,4})(\d{4})"),
    re.compile(rf"({'|'.join(_AREA_CODES)})(\d{{3,4}})(\d{{4}})"),
    re.compile(r"(1[5689]\d{2})(\d{4})"),
]


def normalize_phone(value: str) -> str:
    """'01012345678', '010 1234 5678', '+82 10-1234-5678' → '010-1234-5678'; '0212345678' → '02-1234-5678'.

    Raises ValidationError when the digits do not form a Korean telephone number."""
    digits = re.sub(r"[\s\-.()]", "", value or "")
    if digits.startswith("+82"):
        digits = "0" + digits[3:].lstrip("0")
    for pattern in _PHONE_PATTERNS:
        match = pattern.fullmatch(digits)
        if match:
            return "-".join(match.groups())
    raise ValidationError(
        _("Enter a Korean telephone number, e.g. 010-1234-5678 or 02-123-4567."), code="phone"
    )
