"""What hostile input is made of (Hypothesis strategies), how it is sent (a multipart body built byte by
byte, so that names and values need not be valid UTF-8), and how the answer is judged."""

import contextlib
import functools
import io
import logging
import os
import re
import secrets
import zipfile
from html.parser import HTMLParser

from django.core.cache import cache
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.utils.http import parse_header_parameters
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.extra import django as hypothesis_django
from openpyxl import Workbook

from companies.models import Company, Contact
from issues.models import Attachment, Issue, Note, Notice, StatusChange
from tests.intake import files as samples


def share_of_examples(share: float) -> settings:
    """A share of the profile's examples (tests/hostile/conftest.py), for a test whose examples are slow."""
    return settings(max_examples=max(10, int(settings.default.max_examples * share)))


# --- Text -----------------------------------------------------------------------------------------

NUL = "\x00"
# Characters that break naive code: NUL and other controls, bidirectional overrides and marks, zero
# widths, a byte-order mark, Hangul jamo that compose only when normalized, combining marks, the
# Unicode line and paragraph separators, a character whose lower case is longer (İ), and Korean.
SPECIAL = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\r\n\t "
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"
    "\u1100\u1161\u11a8\u3131\u314f\u115f\u1160\u3164"
    "\u0300\u0301\u0302\u0303\u0308\u0327\u20dd\u0489"
    "\u2028\u2029\u3000\u00a0\u2007\u202f"
    "İßﬃ\ufb03ǅ"
    "가나다한글규제혁신서울\U0001f600\U00010348\ufffd\uffff"
    "<>&\"'`;%_\\/.-@+"
)
WHITESPACE = " \t\r\n\x0b\x0c\u00a0\u1680\u2000\u2001\u200a\u2028\u2029\u202f\u205f\u3000\x1c\x1d\x1e\x1f\x85"

# All of Unicode that UTF-8 can carry (so no lone surrogates: they cannot be typed into a form and
# sent; invalid UTF-8 bytes come from `raw_bytes` instead).
any_text = st.text(st.characters(codec="utf-8"), max_size=80)
special_text = st.text(st.sampled_from(SPECIAL), max_size=40)
whitespace_only = st.text(st.sampled_from(WHITESPACE), min_size=1, max_size=12)
# Long strings, up to 30,000 characters, made by repeating a short one (cheap to generate and shrink).
long_text = st.tuples(st.text(st.sampled_from(SPECIAL + "abc가"), min_size=1, max_size=4),
                      st.integers(150, 7500)).map(lambda pair: pair[0] * pair[1])


def accepted_text(max_length: int):
    """Text a form field of `max_length` should accept: strange characters, but no NUL, not blank."""
    alphabet = st.one_of(st.characters(codec="utf-8", exclude_characters=NUL), st.sampled_from(SPECIAL[1:]))
    short = st.text(alphabet, min_size=1, max_size=min(max_length, 120))
    long = st.tuples(st.text(st.sampled_from(SPECIAL[1:] + "abc가"), min_size=1, max_size=4),
                     st.integers(1, max_length)).map(lambda pair: (pair[0] * pair[1])[:max_length])
    return st.one_of(short, long).filter(lambda text: text.strip())


hostile_text = st.one_of(any_text, special_text, whitespace_only, long_text, st.just(""), st.just(NUL))

# Bytes that are not UTF-8: a lone surrogate as UTF-8 would write it (CESU-8), overlong forms, a cut
# sequence, Latin-1 and EUC-KR bytes.
BAD_UTF8 = [b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xc0\x80", b"\xe0\x80\xaf", b"\xff\xfe", b"\xe3\x81", b"\x80",
            "규제".encode("euc-kr"), "café".encode("latin-1")]
raw_bytes = st.lists(st.one_of(st.sampled_from(BAD_UTF8), hostile_text.map(str.encode)), min_size=1,
                     max_size=4).map(b"".join)


def value(valid: str, *, may_be_missing: bool = True):
    """A form value as bytes: the valid one, hostile text, bytes that are not UTF-8, or None (the
    field left out of the request)."""
    values = [st.just(valid.encode()), hostile_text.map(str.encode), raw_bytes]
    return st.one_of(*values, st.none()) if may_be_missing else st.one_of(*values)


# Values a form should accept, in the many ways people (and their input methods) type them.
business_numbers = st.sampled_from(["2208112341", "220-81-12341", " 220 81 12341 ", "２２０－８１－１２３４１",
                                    "220\u200b8112341", "220-81-1234\u0661", "220\t81\t12341"])
phones = st.sampled_from(["010-1234-5678", "01012345678", "+82 10 1234 5678", "(02) 123-4567", "１５８８-１２３４",
                          "010\u00a01234\u00a05678", "٠١٠١٢٣٤٥٦٧٨", "010-1234-5678\u202e", "0212345678"])
emails = st.one_of(
    st.emails(),
    st.sampled_from(["ceo@스타트업.한국", "a+tag@example.com", "\"quoted\"@example.com", "x@[127.0.0.1]",
                     "İ" * 60 + "@example.com", "a@" + ("İ" * 60 + ".") * 3 + "com", "K" * 64 + "@example.com",
                     " padded@example.com ", "UPPER@EXAMPLE.COM", "a@b", "a@example.com\u200f"]),
)


def decoded(raw: bytes | None) -> str | None:
    """What Django reads from those bytes (it replaces what is not UTF-8)."""
    return None if raw is None else raw.decode("utf-8", "replace")


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def storable(text: str) -> str:
    """Text openpyxl can write into a cell: XML 1.0 has no place for most control characters, nor for
    U+FFFE and U+FFFF."""
    return _NOT_XML.sub("", text)


# --- Files ----------------------------------------------------------------------------------------

VALID_SAMPLES = {
    "pdf": samples.PDF, "png": samples.png(), "jpg": samples.JPEG, "hwp": samples.hwp(),
    "hwpx": samples.hwpx(), "docx": samples.docx(), "xlsx": samples.xlsx(), "pptx": samples.pptx(),
}
EXTENSIONS = [*VALID_SAMPLES, "jpeg", "JPG", "Pdf", "exe", "html", "svg", "xls", "doc", "zip", "txt", "", "pdf.exe",
              "hwp ", "pdf.", "pdf\u202egnp"]
CONTENT_TYPES = ["application/pdf", "image/png", "text/html", "application/x-msdownload", "application/zip",
                 "application/octet-stream", "", "image/svg+xml", "text/html; charset=utf-8", "x/\u00e9"]


def _zip(entries, *, method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@functools.cache
def zip_bomb(unpacked_mb: int, parts: tuple = ("[Content_Types].xml", "word/document.xml")) -> bytes:
    """A small ZIP (a few tens of KB) whose last part unpacks to `unpacked_mb` MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in parts[:-1]:
            archive.writestr(name, b"<Types/>")
        with archive.open(parts[-1], "w", force_zip64=True) as entry:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(unpacked_mb):
                entry.write(chunk)
    return out.getvalue()


@st.composite
def file_content(draw) -> bytes:
    kind = draw(st.sampled_from(["valid", "truncated", "magic", "random", "empty", "zip", "bomb"]))
    if kind == "valid":
        return VALID_SAMPLES[draw(st.sampled_from(sorted(VALID_SAMPLES)))]
    if kind == "truncated":
        sample = VALID_SAMPLES[draw(st.sampled_from(sorted(VALID_SAMPLES)))]
        return sample[: draw(st.integers(1, max(1, len(sample) - 1)))]
    if kind == "magic":  # the right first bytes, then anything
        magic = draw(st.sampled_from([b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"PK\x03\x04",
                                      b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"MZ", b"GIF89a", b"<svg"]))
        return magic + draw(st.binary(max_size=600))
    if kind == "random":
        return draw(st.binary(min_size=1, max_size=1500))
    if kind == "empty":
        return b""
    if kind == "zip":  # ZIPs that look like office documents, or almost
        names = draw(st.lists(st.sampled_from(["[Content_Types].xml", "word/document.xml", "xl/workbook.xml",
                                               "ppt/presentation.xml", "mimetype", "../../evil", "a.txt"]),
                              max_size=4, unique=True))
        entries = {name: draw(st.sampled_from([b"application/hwp+zip", b"<Types/>", b"", b"\x00" * 100]))
                   for name in names}
        return _zip(entries, method=draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])))
    return draw(st.sampled_from([
        zip_bomb(20), zip_bomb(20, ("mimetype",)), zip_bomb(20, ("[Content_Types].xml", "xl/workbook.xml")),
    ]))


@st.composite
def file_name(draw) -> bytes:
    """A file name as a browser (or a robot) sends it: any text or bytes, folders, long, with any extension."""
    stem = draw(st.one_of(
        st.sampled_from(["report", "사업계획서", "../../etc/passwd", "C:\\Users\\me\\a", "con", ".hidden", "a" * 300,
                         "name\u202egpj.exe", "x;y=z", "&#0;&lt;b&gt;", ".", ".."]).map(str.encode),
        hostile_text.map(lambda t: t[:300].encode()), raw_bytes,
    ))
    extension = draw(st.sampled_from(EXTENSIONS)).encode()
    return stem + b"." + extension if extension else stem


def arrives(name: bytes) -> str | None:
    """The name Django gives the file sent as `name`, or None when Django drops the file (a name that is
    not UTF-8 or has nothing printable): Django's own parsing, as in MultiPartParser."""
    line = b'Content-Disposition: form-data; name="attachments"; filename="%s"' % _quoted(name)
    try:
        _value, params = parse_header_parameters(line.decode())
    except ValueError:
        return None
    filename = params.get("filename")
    return MultiPartParser.sanitize_file_name(None, filename) if filename else None


uploads = st.lists(st.tuples(file_name(), file_content(), st.sampled_from(CONTENT_TYPES)), max_size=6)


def valid_upload():
    return st.sampled_from(sorted(VALID_SAMPLES)).map(
        lambda ext: (f"document.{ext}".encode(), VALID_SAMPLES[ext], "application/octet-stream"))


# --- Sending --------------------------------------------------------------------------------------

def _quoted(name: bytes) -> bytes:
    # As browsers do (WHATWG "multipart/form-data encoding algorithm"): escape what would end the header.
    return name.replace(b"\r", b"%0D").replace(b"\n", b"%0A").replace(b'"', b"%22")


def multipart(fields: dict, files: list, *, file_field: str = "attachments") -> tuple[bytes, str]:
    """A multipart/form-data body from raw bytes: `fields` maps names to bytes (None: left out) or lists
    of bytes; `files` holds (name bytes, content bytes, content type)."""
    boundary = "----hostile" + secrets.token_hex(16)
    parts = []
    for name, raw in fields.items():
        for item in raw if isinstance(raw, list) else [raw]:
            if item is None:
                continue
            parts.append(b"--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                         % (boundary.encode(), name.encode(), item))
    for filename, content, content_type in files:
        content_type = content_type.encode("utf-8") if content_type else b""
        parts.append(b"--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                     b"Content-Type: %s\r\n\r\n%s\r\n"
                     % (boundary.encode(), file_field.encode(), _quoted(filename), content_type, content))
    parts.append(b"--%s--\r\n" % boundary.encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class HostileClient(Client):
    """The test client that answers as the server would: an exception becomes the 500 page (and is
    kept in `response.exc_info` for the failure message) instead of being raised in the test."""

    def __init__(self, **defaults):
        super().__init__(raise_request_exception=False, **defaults)

    def post_multipart(self, path, fields, files=(), **extra):
        body, content_type = multipart(fields, list(files), **extra)
        return self.generic("POST", path, body, content_type=content_type)


# --- Judging --------------------------------------------------------------------------------------

class FormValues(HTMLParser):
    """The values an HTML page puts back into its text inputs and text areas, by field name."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values, self._textarea = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type", "text") in ("text", "email", "tel", "search"):
            self.values[attrs.get("name")] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.values[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # HTML drops the first newline after <textarea>, which Django's template writes.
            text = self.values[self._textarea]
            self.values[self._textarea] = text[1:] if text.startswith("\n") else text
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def form_values(response) -> dict:
    parser = FormValues()
    parser.feed(response.content.decode())
    parser.close()
    return parser.values


def explain(response) -> str:
    """For a failed assertion: the exception behind a 500, or the start of the page."""
    if getattr(response, "exc_info", None):
        import traceback

        return "".join(traceback.format_exception(*response.exc_info))
    return f"{response.status_code}: {response.content[:600]!r}"


def stored_files() -> int:
    """How many files the attachments' storage holds."""
    location = Attachment._meta.get_field("file").storage.location
    return sum(len(names) for _dirs, _subdirs, names in os.walk(location))


def counts() -> dict:
    return {
        "issues": Issue.objects.count(), "companies": Company.objects.count(), "contacts": Contact.objects.count(),
        "changes": StatusChange.objects.count(), "notes": Note.objects.count(), "notices": Notice.objects.count(),
        "attachments": Attachment.objects.count(), "files": stored_files(),
    }


def moved(before: dict, after: dict) -> dict:
    """What changed between two `counts()`, the unchanged left out."""
    return {key: after[key] - before[key] for key in before if after[key] != before[key]}


class RecordErrors(logging.Handler):
    """Log records at ERROR and above, or our code's records with an exception attached: an error
    handled "quietly". (Django logs a 400 as a warning with its exception: that one is an answer.)"""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        if record.levelno >= logging.ERROR or (record.exc_info and not record.name.startswith("django.")):
            self.records.append(record)


class HostileTestCase(hypothesis_django.TestCase):
    """Each Hypothesis example in its own transaction (hypothesis.extra.django), with a client that
    turns exceptions into 500 pages, an empty cache (so that the rate limits do not trip after a few
    examples; tests/hostile/test_rate_limits.py checks them) and a record of errors logged."""

    client_class = HostileClient

    # Django calls these around each plain test, Hypothesis around each example.
    def _pre_setup(self):
        super()._pre_setup()
        cache.clear()
        self.logged = RecordErrors()
        logging.getLogger().addHandler(self.logged)

    def _post_teardown(self):
        logging.getLogger().removeHandler(self.logged)
        super()._post_teardown()

    def assertAnswered(self, response, *, allowed=(200, 302, 400)):
        """Not a server error, nothing raised or logged as an error on the way, a status we expect."""
        self.assertIsNone(getattr(response, "exc_info", None), explain(response))
        self.assertLess(response.status_code, 500, explain(response))
        self.assertIn(response.status_code, allowed, explain(response))
        self.assertEqual([r.getMessage() for r in self.logged.records], [], "errors were logged")

    def assertShowsErrors(self, response):
        """A refusal the user can read: the page's error summary."""
        self.assertEqual(response.status_code, 200, explain(response))
        self.assertIn('role="alert"', response.content.decode(), "a refused form shows no error message")

    def assertEchoes(self, response, typed: dict):
        """Every text field the user filled in comes back as typed (as Django decoded it)."""
        shown = form_values(response)
        for name, raw in typed.items():
            if raw is not None:
                self.assertEqual(shown.get(name), decoded(raw), f"{name} is not shown back as typed")


# --- Workbooks for the answers import ----------------------------------------------------------------

HEADER_NAMES = {
    "number": ["번호", "No.", " 번 호 ", "NO", "no_"],
    "answer": ["정부 회신", "Government answer", "정부회신", "GOVERNMENT-ANSWER"],
    "date": ["회신일", "Answered on", "회신 일자", "answer date"],
}
ANSWER_STARTS = ["수용", "일부 수용", "중장기 검토", "불수용", "Accepted", "partially_accepted", "NOT ACCEPTED",
                 "수 용", "accepted", ""]
SEPARATORS = [": ", " - ", "\n", "：", "—", "", " "]

cell_values = st.one_of(
    st.none(), hostile_text.map(lambda t: storable(t)[:2000]), st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.dates(), st.datetimes(), st.times(),
    st.sampled_from(["=1/0", "=A1", "=HYPERLINK(\"http://x\")", "#N/A", "TRUE", "2024-02-30", "2024. 5. 31.",
                     "9999-12-31", "0000-01-01", "45000", "REG-2024-0001"]),
)


@st.composite
def answer_cells(draw) -> str:
    return storable(draw(st.sampled_from(ANSWER_STARTS)) + draw(st.sampled_from(SEPARATORS))
                    + draw(hostile_text))[:3000]


@st.composite
def workbooks(draw, numbers=None) -> bytes:
    """An .xlsx written by openpyxl: one to three sheets, any cell values and types, often with the
    proposal list's header row (in any columns, under title rows) and rows that answer the tracking
    numbers `numbers` draws."""
    numbers = st.just("REG-2024-0001") if numbers is None else numbers
    workbook = Workbook()
    for index in range(draw(st.integers(1, 3))):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        title = draw(st.one_of(st.none(), hostile_text.map(lambda t: storable(t)[:15])))
        if title:
            with contextlib.suppress(ValueError):  # a title Excel refuses ([]:*?/\): keep the default one
                sheet.title = title
        for _title_row in range(draw(st.integers(0, 2))):
            sheet.append([draw(cell_values)])
        columns = {}
        if draw(st.booleans()):
            width = draw(st.integers(2, 6))
            picked = draw(st.permutations(range(width)))
            names = ["number", "answer"] + (["date"] if draw(st.booleans()) else [])
            header = [draw(cell_values) for _ in range(width)]
            for name, column in zip(names, picked, strict=False):
                header[column] = draw(st.sampled_from(HEADER_NAMES[name]))
                columns[name] = column
            sheet.append(header)
        for _row in range(draw(st.integers(0, 8))):
            row = [draw(cell_values) for _ in range(draw(st.integers(0, 6)))]
            if columns:
                row += [None] * (max(columns.values()) + 1 - len(row))
                row[columns["number"]] = draw(st.one_of(numbers, numbers.map(str.lower), cell_values))
                row[columns["answer"]] = draw(st.one_of(answer_cells(), cell_values))
                if "date" in columns:
                    row[columns["date"]] = draw(cell_values)
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_with_part(part: str, xml: bytes) -> bytes:
    """A workbook openpyxl wrote, with one of its parts replaced by `xml`."""
    workbook = Workbook()
    workbook.active.append(["번호", "정부 회신"])
    out = io.BytesIO()
    workbook.save(out)
    source, target = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, xml if info.filename == part else source.read(info.filename))
    return target.getvalue()


def not_xlsx():
    """Bytes an official might upload instead of the proposal list."""
    return st.one_of(
        file_content(),
        st.just(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),  # an old .xls, or encrypted
        st.just("번호,정부 회신\nREG-2024-0001,수용: 허용\n".encode("utf-8-sig")),  # a CSV
        # 150 MB once unpacked, past answers.MAX_UNZIPPED_SIZE (made at the first draw, not at import).
        st.deferred(lambda: st.just(zip_bomb(150, ("[Content_Types].xml", "xl/worksheets/sheet1.xml")))),
        st.just(_zip({f"xl/{n}.xml": b"" for n in range(1001)} | {"[Content_Types].xml": b"<Types/>"})),
        workbooks().flatmap(lambda data: st.integers(1, len(data) - 1).map(lambda n: data[:n])),  # truncated
    )
