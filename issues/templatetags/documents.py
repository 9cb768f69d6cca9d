"""{% load documents %}: what the PDF templates share (templates/documents/_head.html).

WeasyPrint does not honour `word-break: keep-all`: it breaks Korean words between any two syllables
(엘비에스테/크). Korean documents break between words (어절), never inside one, so `keep_words` puts each
word into a span that does not wrap (`.w`, white-space: nowrap); tests/documents checks the lines of the
PDFs with pdftotext."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..documents.pdf import KEEP_WHOLE_CHARS
from ..documents.sender import sender

register = template.Library()
_SPACES = re.compile(r"(\s+)")


@register.filter(is_safe=True)
def keep_words(text, longest=KEEP_WHOLE_CHARS) -> str:
    """`text` as HTML: escaped, each word of up to `longest` (20) characters unbreakable (a narrow table
    column asks for fewer: what fits it), its line breaks as <br>."""
    if text is None:
        return ""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    html = "<br>".join(_line(line, int(longest)) for line in lines)
    return mark_safe(html)  # noqa: S308 - every piece escaped in _line  # nosec B308 B703


def _line(line: str, longest: int) -> str:
    parts = []
    for piece in _SPACES.split(line):
        if not piece:
            continue
        if piece.isspace():
            parts.append(" ")
        elif len(piece) <= longest:
            parts.append(f'<span class="w">{escape(piece)}</span>')
        else:
            parts.append(escape(piece))
    return "".join(parts)


@register.simple_tag
def document_author() -> str:
    """Who the documents come from, in the current language: the centre."""
    return sender().centre
