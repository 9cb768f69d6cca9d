"""Who the documents come from, in the reader's language: the city, the centre and its department
(settings CITY_NAME, CENTRE_NAME, CENTRE_DEPARTMENT and their _EN forms)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language


@dataclass(frozen=True)
class Names:
    city: str
    centre: str
    department: str
    address: str


def sender(language: str | None = None) -> Names:
    """The sender's names in `language` (the active one unless given): English for a reader who uses it."""
    english = (language or get_language() or "ko").startswith("en")
    if english:
        return Names(settings.CITY_NAME_EN, settings.CENTRE_NAME_EN, settings.CENTRE_DEPARTMENT_EN,
                     settings.SUPPORT_ADDRESS_EN)
    return Names(settings.CITY_NAME, settings.CENTRE_NAME, settings.CENTRE_DEPARTMENT, settings.SUPPORT_ADDRESS)
