"""The limits of one submission's files at their real sizes (settings.UPLOAD_MAX_*: 5 files, 10 MB each,
20 MB together): just inside is filed, just outside is refused with a message and nothing is kept."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from companies.models import Field
from issues.models import Attachment, Issue
from tests.base import business_number

from .hostile import VALID_SAMPLES, stored_files

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.fixture
def client():
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages asserted on, in English
    return client


def pdf(size: int) -> bytes:
    # What the content check reads is the start; the rest may be anything.
    return (b"%PDF-1.7\n" + b"0" * size)[:size]


def submit(client, files):
    data = {
        "company_name": "브이엠에스홀딩스", "business_number": business_number("220811234", dashed=True),
        "field": Field.objects.filter(is_active=True).first().pk, "contact_name": "이서연",
        "contact_email": "seoyeon@example.com", "contact_phone": "010-2345-6789", "title": "비대면 진료 허용",
        "problem": "선원은 진료를 받지 못합니다.", "improvement": "비대면 진료를 허용해 주십시오.",
        "privacy_consent": "on",
    }
    uploads = [SimpleUploadedFile(name, content, "application/octet-stream") for name, content in files]
    return client.post("/issues/new/", {**data, "attachments": uploads})


def assert_refused(response, code_text: str):
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert 'role="alert"' in page and code_text in page
    assert not Issue.objects.exists() and not Attachment.objects.exists()
    assert stored_files() == 0


def test_the_limits_are_the_documented_ones():
    assert (settings.UPLOAD_MAX_FILES, settings.UPLOAD_MAX_FILE_SIZE, settings.UPLOAD_MAX_TOTAL_SIZE) == (
        5, 10 * MB, 20 * MB)


def test_a_file_of_exactly_ten_megabytes_and_four_small_ones_are_filed(client):
    files = [("big.pdf", pdf(10 * MB)), *[(f"p{i}.png", VALID_SAMPLES["png"]) for i in range(4)]]

    response = submit(client, files)

    assert response.status_code == 302
    assert sorted(Attachment.objects.values_list("size", flat=True))[-1] == 10 * MB
    assert Attachment.objects.count() == stored_files() == 5


def test_a_file_one_byte_over_ten_megabytes_is_refused(client):
    assert_refused(submit(client, [("big.pdf", pdf(10 * MB + 1))]), "is larger than 10.0")


def test_files_over_twenty_megabytes_together_are_refused(client):
    assert_refused(submit(client, [(f"part{i}.pdf", pdf(7 * MB)) for i in range(3)]),
                       "Together the files are larger than")


def test_six_files_are_refused(client):
    assert_refused(submit(client, [(f"p{i}.png", VALID_SAMPLES["png"]) for i in range(6)]),
                       "Attach at most 5 files")


def test_an_empty_file_is_refused(client):
    assert_refused(submit(client, [("empty.pdf", b"")]), "is empty")
