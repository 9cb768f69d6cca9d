"""HWPX (Hancom Office) through python-hwpx: a new A4 document, and its bytes with the package saying what
the document is. HwpxDocument.new() starts from a template whose metadata name another author and date
and whose preview is blank; document_bytes() replaces all of it, so that the file manager, Hangul's
"문서 정보" and a search index show the centre, today and the document's own first lines."""

import io
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

from . import fonts

PREVIEW_TEXT_CHARS = 1000
# Hangul's own previews are a page drawn small, about this size.
PREVIEW_PAGE = (424, 600)

_OPF = "{http://www.idpf.org/2007/opf/}"
_HH = "{http://www.hancom.co.kr/hwpml/2011/head}"
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # the format every Hangul-written package uses
_WEEKDAYS_KO = "월화수목금토일"


def new_document(*, landscape: bool = False):
    """An empty HwpxDocument on A4. Portrait keeps the margins of Korean official documents
    (top 20 mm, left 20, right and bottom 15); landscape, for wide tables, narrower ones."""
    from hwpx import HwpxDocument  # here: a page that writes no HWPX never loads the library

    document = HwpxDocument.new()
    if landscape:
        margins = {"left": 12, "right": 12, "top": 12, "bottom": 12}
    else:
        margins = {"left": 20, "right": 15, "top": 20, "bottom": 15}
    document.page.setup(paper_size="A4", orientation="landscape" if landscape else "portrait", margins_mm=margins,
                        header_margin_mm=8, footer_margin_mm=8)
    return document


def add_paragraphs(document, text: str, *, char_pr_id_ref=None, para_pr_id_ref=None) -> list:
    """`text` as paragraphs of `document`, one per line. A line break inside a paragraph
    (<hp:lineBreak/>) is valid OWPML, but HWPX readers other than Hangul drop the text after it."""
    return [document.add_paragraph(line, char_pr_id_ref=char_pr_id_ref, para_pr_id_ref=para_pr_id_ref)
            for line in _lines(text)]


def set_cell_text(cell, text: str, *, char_pr_id_ref=None) -> None:
    """`text` into a table cell, one paragraph per line (see add_paragraphs), in the run style given."""
    cell.set_text("\n".join(_lines(text)), split_paragraphs=True)
    if char_pr_id_ref is not None:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.char_pr_id_ref = char_pr_id_ref


def _lines(text) -> list[str]:
    return str(text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def document_bytes(document, *, title: str, language: str = "ko") -> bytes:
    """The HWPX file of `document`, its package telling the truth: `title`, the centre as creator and
    last saver (in `language`), created and modified now, and a preview (text and picture) of the
    document's own beginning. Saving runs the library's validation and raises rather than return a file
    Hangul might not open."""
    author = settings.CENTRE_NAME_EN if language == "en" else settings.CENTRE_NAME
    now = datetime.now(UTC)
    stamp = now.strftime(_DATE_FORMAT)

    # lastsaveby, the free-form date and the language are outside set_document_metadata(): they are set
    # on the same manifest tree, which set_document_metadata() then writes back into the package.
    metadata = document.package.manifest_tree().find(f"{_OPF}metadata")
    if metadata is not None:
        for element in metadata:
            if element.tag == f"{_OPF}language":
                element.text = language
            elif element.tag == f"{_OPF}meta" and element.get("name") == "lastsaveby":
                element.text = author
            elif element.tag == f"{_OPF}meta" and element.get("name") == "date":
                element.text = _spoken_date(timezone.localtime(now), language)
    document.parts.set_document_metadata(title=title, creator=author, created_date=stamp, modified_date=stamp)

    # Korean lines break between words (어절), as keep_words makes the PDFs do: the template's paragraph
    # shapes break Hangul between any two syllables ("BREAK_WORD").
    for header in document.oxml.headers:
        for setting in header.element.iter(f"{_HH}breakSetting"):
            setting.set("breakNonLatinWord", "KEEP_WORD")
        header.mark_dirty()

    text = document.text.plain()
    document.package.write("Preview/PrvText.txt", _preview_text(text).encode("utf-8"))
    # OWPML names the page's orientation by its paper's turn: NARROWLY is landscape, WIDELY portrait.
    landscape = document.page.size().orientation == "NARROWLY"
    document.package.write("Preview/PrvImage.png", preview_png(title, text, landscape=landscape))
    return document.to_bytes()


def _preview_text(text: str) -> str:
    lines = [line.rstrip() for line in text[:PREVIEW_TEXT_CHARS].splitlines()]
    return "\r\n".join(lines) + "\r\n"


def _spoken_date(moment: datetime, language: str) -> str:
    """The package's human-readable date, as Hangul writes it: "2026년 1월 5일 월요일 오후 1:32:50"."""
    hour = moment.hour % 12 or 12
    if language == "en":
        noon = "PM" if moment.hour >= 12 else "AM"
        return f"{moment:%A, %B} {moment.day}, {moment.year} {hour}:{moment:%M:%S} {noon}"
    noon = "오후" if moment.hour >= 12 else "오전"
    return (f"{moment.year}년 {moment.month}월 {moment.day}일 {_WEEKDAYS_KO[moment.weekday()]}요일 "
            f"{noon} {hour}:{moment:%M:%S}")


def preview_png(title: str, text: str, *, landscape: bool = False) -> bytes:
    """A small picture of the first page: the first lines of `text` in order, wrapped, the title among
    them in bold (above them when the text does not have it)."""
    from PIL import Image, ImageDraw

    width, height = reversed(PREVIEW_PAGE) if landscape else PREVIEW_PAGE
    margin = 28
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    heading, body = fonts.font(bold=True, size=17), fonts.font(size=11)
    draw.rectangle((0, 0, width - 1, height - 1), outline=(190, 190, 190))

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if title.strip() not in lines[:5]:
        lines.insert(0, title.strip())
    y, titled = margin, False
    for paragraph in lines:
        is_title = not titled and paragraph == title.strip()
        font, step, color = (heading, 24, (17, 17, 17)) if is_title else (body, 16, (40, 40, 40))
        y += 4 if is_title else 0
        for line in _wrap(draw, paragraph.replace("\t", "  "), font, width - 2 * margin):
            if y > height - margin - step:
                break
            draw.text((margin, y), line, font=font, fill=color)
            y += step
        y += 8 if is_title else 3
        titled = titled or is_title
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _wrap(draw, text: str, font, width: int) -> list[str]:
    """`text` in lines that fit `width`, broken between words (Korean breaks between 어절 too)."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if draw.textlength(candidate, font=font) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        # A word wider than the line (an address, an identifier) is cut where it must be.
        while draw.textlength(word, font=font) > width:
            for cut in range(len(word), 0, -1):
                if draw.textlength(word[:cut], font=font) <= width:
                    break
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines
