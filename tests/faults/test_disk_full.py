"""The disk of the private attachments fills up (SPEC: nothing a user typed is ever lost). The storage is
a real 1 MiB filesystem (tmpfs), partly taken by a ballast file: the kernel itself refuses what does not
fit (ENOSPC). The filer gets the form back with what they typed and is asked to choose the files again;
nothing is saved half, no file is left behind, and with space freed the same submission goes through."""

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext

from companies.models import Company, Field
from issues.models import Attachment, Issue, Note, Notice
from issues.proposals import answers
from tests.base import link_in, make_official
from tests.notices.test_delivery import form_data
from tests.proposals.conftest import answers_sheet

from .stack import files_under

pytestmark = pytest.mark.django_db

NEW = "/issues/new/"
KIB = 1024
PDF = b"%PDF-1.4\n"
FILES_NOT_STORED = ("Your files could not be stored because of a problem on our side, so nothing was saved. "
                    "Everything else you typed is still here: choose the files again and send it once more in a "
                    "few minutes, or send it without files for now.")
ATTACH_AGAIN = ("Browsers cannot keep attached files after an error: please attach your files again. Everything "
                "else you typed is kept.")


def korean(message: str) -> str:
    with translation.override("ko"):
        return gettext(message)


def pdf(name: str, kib: int):
    return SimpleUploadedFile(name, PDF + b"0" * (kib * KIB - len(PDF)), content_type="application/pdf")


@pytest.fixture
def healthcare(db):
    # get_or_create: a transactional test before this one may have flushed what the migration made.
    return Field.objects.get_or_create(code="healthcare", defaults={"name": "헬스케어", "name_en": "Healthcare"})[0]


@pytest.fixture
def ballast(small_disk):
    """600 KiB of the 1 MiB taken: a 100 KiB file still fits, another 400 KiB does not."""
    path = small_disk / "ballast"
    path.write_bytes(b"\0" * 600 * KIB)
    return path


def test_attachments_beyond_the_space_left_give_the_form_back_with_what_was_typed_and_save_nothing(
    client, small_disk, ballast, healthcare, caplog,
):
    typed = form_data(healthcare, 1)

    # The first file fits and is written; the second fills the disk halfway through.
    response = client.post(NEW, {**typed, "attachments": [pdf("현황.pdf", 100), pdf("도면.pdf", 400)]})

    assert response.status_code == 503
    page = response.content.decode()
    assert korean(FILES_NOT_STORED) in page
    assert korean(ATTACH_AGAIN) in page
    for value in (typed["title"], typed["problem"], typed["contact_email"], typed["company_name"]):
        assert value in page
    assert not Issue.objects.exists()
    assert not Company.objects.exists()
    assert not Notice.objects.exists()
    assert not Attachment.objects.exists()
    # Neither the file written whole nor the part of the other is left on the disk.
    assert files_under(small_disk) == [ballast]
    assert any("No space left on device" in record.getMessage() and record.levelname == "ERROR"
               for record in caplog.records)

    ballast.unlink()
    response = client.post(NEW, {**typed, "attachments": [pdf("현황.pdf", 100), pdf("도면.pdf", 400)]})

    assert response.status_code == 302
    issue = Issue.objects.get()
    assert issue.title == typed["title"]
    assert sorted(Attachment.objects.filter(issue=issue).values_list("original_name", "size")) == [
        ("도면.pdf", 400 * KIB), ("현황.pdf", 100 * KIB)]
    assert sorted(path.stat().st_size for path in files_under(small_disk)) == [100 * KIB, 400 * KIB]
    assert Notice.objects.filter(issue=issue, kind="issue-received").count() == 1


def test_a_message_with_files_beyond_the_space_left_comes_back_with_its_text_and_saves_nothing(
    client, small_disk, ballast, healthcare,
):
    filed = client.post(NEW, form_data(healthcare, 1))
    assert filed.status_code == 302
    issue = Issue.objects.get()
    issue.secret = link_in(client.get(filed["Location"]).content.decode())
    body = "요청하신 인증서 사본을 첨부합니다."

    response = client.post(f"/track/{issue.secret}/messages/", {"body": body, "attachments": [pdf("인증서.pdf", 500)]})

    assert response.status_code == 503
    assert korean(FILES_NOT_STORED) in response.content.decode()
    assert body in response.content.decode()
    assert not Note.objects.exists()
    assert files_under(small_disk) == [ballast]

    ballast.unlink()
    response = client.post(f"/track/{issue.secret}/messages/", {"body": body, "attachments": [pdf("인증서.pdf", 500)]})

    assert response.status_code == 302
    assert Note.objects.get().body == body
    assert [path.stat().st_size for path in files_under(small_disk)] == [500 * KIB]


def test_an_answers_file_beyond_the_space_left_is_refused_with_a_message_and_leaves_nothing(
    client, small_disk, monkeypatch,
):
    # The officials' upload of the government's answers is kept in the same private storage.
    storage = FileSystemStorage(location=small_disk)
    monkeypatch.setattr(answers, "storage", lambda: storage)
    sheet = answers_sheet([{"number": "REG-2024-0001", "answer": "수용"}])
    # Fill the disk but for less than the workbook.
    ballast = small_disk / "ballast"
    ballast.write_bytes(b"\0" * (1024 * KIB - len(sheet) // 2))
    client.force_login(make_official())

    response = client.post("/exports/answers/", {"file": SimpleUploadedFile("회신.xlsx", sheet)})

    assert response.status_code == 503
    assert korean("The file could not be stored because of a problem on our side, so nothing was recorded. "
                  "Choose it again and upload it in a few minutes.") in response.content.decode()
    assert files_under(small_disk) == [ballast]

    ballast.unlink()
    response = client.post("/exports/answers/", {"file": SimpleUploadedFile("회신.xlsx", sheet)})

    assert response.status_code == 302
    assert [path.stat().st_size for path in files_under(small_disk)] == [len(sheet)]
