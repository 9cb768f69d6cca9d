"""The filter of the notices' HTML part (templates/emails/*-body.html)."""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

# A web address written out whole, as the notices write them (https://…/track/…/); what ends a sentence
# after it is not part of it.
ADDRESS = re.compile(r"https?://[^\s<>\"']+")
AFTER_ADDRESS = ".,;:!?)"


@register.filter(is_safe=True)
def text_as_html(text: str) -> str:
    """A notice's text part as HTML: escaped, its web addresses as links, its line breaks kept. Django's
    `urlize|linebreaksbr` does as much for any text and took a tenth of a notice's send (bench/notices.py);
    a notice's text has no address but those written out whole."""
    parts, end = [], 0
    for found in ADDRESS.finditer(text):
        address = found.group(0).rstrip(AFTER_ADDRESS)
        parts += [escape(text[end:found.start()]), format_html('<a href="{0}">{0}</a>', address)]
        end = found.start() + len(address)
    parts.append(escape(text[end:]))
    html = "".join(parts).replace("\r\n", "\n").replace("\n", "<br>")
    return mark_safe(html)  # noqa: S308 - escaped above  # nosec B308 B703
