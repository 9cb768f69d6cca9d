"""What an attached file really is, its name, and the limits of one submission (issues/intake/uploads.py)."""

import pytest
from django.core.exceptions import ValidationError

from issues.intake import uploads

from . import files


@pytest.mark.parametrize(("name", "content", "content_type"), [
    ("a.pdf", files.PDF, "application/pdf"),
    ("a.png", files.png(), "image/png"),
    ("a.jpg", files.JPEG, "image/jpeg"),
    ("a.JPEG", files.JPEG, "image/jpeg"),
    ("a.hwp", files.hwp(), "application/x-hwp"),
    ("a.hwpx", files.hwpx(), "application/hwp+zip"),
    ("a.docx", files.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("a.xlsx", files.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("a.pptx", files.pptx(), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
])
def test_it_accepts_each_type_by_its_content_and_sets_the_type_found(name, content, content_type):
    upload = files.upload(name, content, content_type="text/html")  # what the browser claims does not count

    (checked,) = uploads.check_uploads([upload])

    assert checked.content_type == content_type


@pytest.mark.parametrize(("name", "content"), [
    ("report.pdf", b"This is only text pretending to be a PDF."),
    ("page.pdf", b"<html><script>alert(1)</script></html>"),
    ("legacy.doc", files.ole({"WordDocument": b"Word 97"})),
    ("fake.hwp", files.ole({"WordDocument": b"not hwp"})),
    ("archive.docx", files.zip_of({"a.txt": b"text"})),
    ("broken.hwpx", b"PK\x03\x04 not really a zip"),
    ("broken.hwp", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 3000),
    ("tool.exe", b"MZ\x90\x00"),
    ("picture.gif", b"GIF89a"),
])
def test_it_refuses_content_that_is_not_an_accepted_type(name, content):
    with pytest.raises(ValidationError) as error:
        uploads.check_uploads([files.upload(name, content)])

    assert error.value.error_list[0].code == "type"


def test_it_refuses_a_name_that_contradicts_the_content():
    with pytest.raises(ValidationError) as error:
        uploads.check_uploads([files.upload("photo.pdf", files.png())])

    assert error.value.error_list[0].code == "mismatch"


def test_it_lists_every_problem_of_a_submission_at_once(settings):
    settings.UPLOAD_MAX_FILES = 2
    settings.UPLOAD_MAX_FILE_SIZE = 100
    settings.UPLOAD_MAX_TOTAL_SIZE = 150

    with pytest.raises(ValidationError) as error:
        uploads.check_uploads([
            files.upload("big.pdf", files.PDF.ljust(120, b" ")),
            files.upload("ok.pdf", files.PDF),
            files.upload("text.pdf", b"plain text"),
        ])

    codes = [e.code for e in error.value.error_list]
    assert codes == ["too_many", "too_large", "type", "total_too_large"]


@pytest.mark.parametrize(("given", "safe"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\me\\Desktop\\제안서.PDF", "제안서.pdf"),
    ("evil\x00name\x1b[31m.pdf", "evil name [31m.pdf"),
    ("line\r\nbreak.pdf", "line break.pdf"),
    ('a<b>:c"d|e?f*.pdf', "a_b__c_d_e_f_.pdf"),
    ("...hidden.pdf", "hidden.pdf"),
    ("..", "attachment"),
    ("", "attachment"),
    ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ("규제 개선 건의서 (최종).hwpx", "규제 개선 건의서 (최종).hwpx"),
])
def test_it_keeps_only_a_safe_base_name(given, safe):
    assert uploads.safe_name(given) == safe
