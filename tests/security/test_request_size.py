"""A request body over settings.MAX_REQUEST_BYTES is refused with the 413 page before a byte of it is
read, so nothing lands in a temporary file; filings within the limits go on as before."""

import socket

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from issues.models import Attachment, Issue
from tests.intake import files
from tests.intake.conftest import intake_data  # noqa: F401 - a fixture used here
from tests.notices.stack import free_port, stop_group
from tests.security.servers import procfile_web_command, serve

MB = 1024 * 1024
BOUNDARY = "----limit"


class UploadBody:
    """A multipart body announced as `length` bytes: one file part whose content never ends, made as it
    is read, and a count of the bytes anybody read."""

    def __init__(self):
        self.head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"scan.pdf\"\r\n"
                     "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n").encode()
        self.bytes_read = 0

    def read(self, size=-1):
        size = 64 * 1024 if size is None or size < 0 else min(size, 64 * 1024)
        chunk = (self.head[self.bytes_read:] + b"0" * size)[:size]
        self.bytes_read += len(chunk)
        return chunk

    readline = read


def post_body(client, body, length: int, path="/issues/new/", **extra):
    return client.generic("POST", path, CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
                          CONTENT_LENGTH=str(length), **{"wsgi.input": body}, **extra)


@pytest.fixture
def upload_temp_dir(tmp_path, settings):
    """Where Django writes uploads larger than FILE_UPLOAD_MAX_MEMORY_SIZE while it parses a body."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    (tmp_path / "uploads").mkdir()
    return tmp_path / "uploads"


def test_the_limit_is_five_files_of_ten_megabytes_and_one_megabyte_of_text():
    assert settings.MAX_REQUEST_BYTES == 51 * MB


def test_a_200_megabyte_post_gets_the_413_page_unread_and_leaves_no_temporary_file(db, upload_temp_dir):
    body = UploadBody()

    response = post_body(Client(), body, 200 * MB)

    assert response.status_code == 413
    assert body.bytes_read == 0
    assert list(upload_temp_dir.iterdir()) == []
    assert not Issue.objects.exists()


def test_the_413_page_is_korean_by_default_and_english_when_asked(db):
    korean = post_body(Client(), UploadBody(), 200 * MB)
    english = post_body(Client(), UploadBody(), 200 * MB, HTTP_ACCEPT_LANGUAGE="en")

    page = korean.content.decode()
    assert korean["Content-Language"] == "ko" and '<html lang="ko">' in page
    # A sentence the 429 page shares, whose Korean is in the catalogue already.
    assert "이번 요청은 저장되지 않았습니다." in page
    with translation.override("en"):
        page = english.content.decode()
        assert english["Content-Language"] == "en" and '<html lang="en">' in page
        assert "What you sent is too large" in page
        assert "We receive at most 51.0\xa0MB at once" in page
        assert "A report may carry 5 files of at most 10.0\xa0MB each, 20.0\xa0MB together." in page


def test_the_413_page_keeps_the_security_headers_of_every_page(db):
    response = post_body(Client(), UploadBody(), 200 * MB)

    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_body_one_byte_over_the_limit_is_refused_and_one_at_the_limit_is_read(db, settings):
    settings.MAX_REQUEST_BYTES = 3 * MB
    over, at = UploadBody(), UploadBody()

    assert post_body(Client(), over, 3 * MB + 1).status_code == 413
    post_body(Client(), at, 3 * MB)

    assert over.bytes_read == 0
    # Within the limit Django reads the body as before, never past its Content-Length.
    assert at.bytes_read == 3 * MB


def test_a_chunked_body_of_unknown_length_gets_411_unread(db):
    body = UploadBody()

    with translation.override("en"):
        response = Client().generic("POST", "/issues/new/", CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
                                    HTTP_TRANSFER_ENCODING="chunked", HTTP_ACCEPT_LANGUAGE="en",
                                    **{"wsgi.input": body})

    assert response.status_code == 411
    assert body.bytes_read == 0
    assert "Content-Length" in response.content.decode()


def test_a_filing_with_files_under_the_limit_is_filed(db, intake_data, upload_temp_dir):  # noqa: F811
    # Three megabytes: more than Django keeps in memory, so the file goes through a temporary file.
    scan = files.upload("scan.pdf", files.PDF + b"0" * (3 * MB))
    photo = files.upload("photo.png", files.png())

    response = Client().post("/issues/new/", {**intake_data(), "attachments": [scan, photo]})

    assert response.status_code == 302
    assert sorted(Attachment.objects.values_list("original_name", flat=True)) == ["photo.png", "scan.pdf"]
    assert list(upload_temp_dir.iterdir()) == []  # Django removed its temporary file after the request


def test_the_procfiles_gunicorn_answers_413_to_a_200_megabyte_post_without_waiting_for_its_body(site, tmp_path):
    env, _secret, root = site
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    port = free_port()
    # Python's temporary files, Django's upload files among them, go to TMPDIR.
    process = serve(procfile_web_command(port), {**env, "TMPDIR": str(temporary)}, root / "gunicorn-size.log", port)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
            connection.sendall((
                f"POST /issues/new/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {200 * MB}\r\n"
                f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\r\n"
            ).encode() + UploadBody().read(4096))
            # The rest is never sent: had the app waited for it, gunicorn's timeout would cut the connection.
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
    finally:
        stop_group(process)

    head, _, page = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413 "), head
    assert '<html lang="ko">' in page.decode() and "이번 요청은 저장되지 않았습니다." in page.decode()
    assert list(temporary.iterdir()) == []
