from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language


def site(request):
    phone = settings.SUPPORT_PHONE
    return {
        "SUPPORT_PHONE": phone,
        # For sentences that name the number: a link a phone can call, never broken across lines.
        "SUPPORT_PHONE_LINK": format_html('<a href="tel:{}">{}</a>', phone, phone),
        # The address as the page's language writes it.
        "SUPPORT_ADDRESS": settings.SUPPORT_ADDRESS if get_language() == "ko" else settings.SUPPORT_ADDRESS_EN,
    }
