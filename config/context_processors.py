from django.conf import settings
from django.utils.html import format_html


def site(request):
    phone = settings.SUPPORT_PHONE
    return {
        "SUPPORT_PHONE": phone,
        # For sentences that name the number: a link a phone can call, never broken across lines.
        "SUPPORT_PHONE_LINK": format_html('<a href="tel:{}">{}</a>', phone, phone),
    }
