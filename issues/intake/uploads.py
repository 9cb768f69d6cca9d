"""Files the public attaches: how many, how large, and what they really are.

The type is read from the content, never from the name or the browser's claim: PDF, HWP, HWPX,
DOCX, XLSX, PPTX, PNG and JPEG. The name's extension must agree with the content, so that staff
who download "report.pdf" open a PDF. `check_uploads` sets `upload.content_type` to the type found
and `upload.name` to a safe base name; services store uploads as they are given.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    extensions: tuple


PDF = Kind("PDF", "application/pdf", (".pdf",))
HWP = Kind("HWP", "application/x-hwp", (".hwp",))
HWPX = Kind("HWPX", "application/hwp+zip", (".hwpx",))
DOCX = Kind("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = Kind("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
PPTX = Kind("PPTX", "application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",))
PNG = Kind("PNG", "image/png", (".png",))
JPEG = Kind("JPEG", "image/jpeg", (".jpg", ".jpeg", ".jpe", ".jfif"))
KINDS = (PDF, HWP, HWPX, DOCX, XLSX, PPTX, PNG, JPEG)

# For the file input's `accept` attribute: a hint to the browser's file picker, not a check.
ACCEPT = ",".join(ext for kind in KINDS for ext in kind.extensions)

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# HWP 5.0 (한글 문서 파일 형식 5.0): the 'FileHeader' stream starts with this signature.
_HWP_SIGNATURE = b"HWP Document File"
_OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))


def detect(upload) -> Kind | None:
    """What the file's content says it is, or None for anything else (including damaged files)."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(_OLE2_MAGIC):
            return _detect_ole(upload)
        if head.startswith(b"PK\x03\x04"):
            return _detect_zip(upload)
    except Exception:  # noqa: BLE001 - a damaged file is an unknown file, never a server error
        return None
    finally:
        upload.seek(0)
    return None


def _detect_ole(upload) -> Kind | None:
    with olefile.OleFileIO(upload) as ole:
        if ole.exists("FileHeader"):
            with ole.openstream("FileHeader") as stream:
                if stream.read(len(_HWP_SIGNATURE)) == _HWP_SIGNATURE:
                    return HWP
    return None


def _detect_zip(upload) -> Kind | None:
    with zipfile.ZipFile(upload) as archive:
        names = set(archive.namelist())
        if "mimetype" in names:
            # Only the first bytes are decompressed: a zip bomb never unfolds here.
            with archive.open("mimetype") as entry:
                if entry.read(64).strip() == b"application/hwp+zip":
                    return HWPX
        if "[Content_Types].xml" in names:
            for prefix, kind in _OOXML_PARTS:
                if any(name.startswith(prefix) for name in names):
                    return kind
    return None


_UNSAFE = re.compile(r'[\\/:*?"<>|]')


def safe_name(name: str, *, max_length: int = 120) -> str:
    """A base name fit to show and to offer in a download: no folders, no control characters, no
    characters Windows refuses, no leading dots; long names shortened keeping the extension."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if unicodedata.category(c).startswith("C") else c for c in name)
    name = _UNSAFE.sub("_", name)
    name = " ".join(name.split()).strip(" .")
    suffix = PurePosixPath(name).suffix if "." in name else ""
    if len(suffix) > 10:
        suffix = ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    stem = stem[: max_length - len(suffix)].rstrip(" .") or "attachment"
    return stem + suffix.lower()


def check_uploads(uploads) -> list:
    """Check the files of one submission against the limits of settings.UPLOAD_MAX_*; return them
    with safe names and the content types found, or raise ValidationError listing every problem."""
    uploads = [u for u in uploads if u]
    errors = []
    if len(uploads) > settings.UPLOAD_MAX_FILES:
        errors.append(ValidationError(
            _("Attach at most %(count)d files; you chose %(chosen)d."),
            code="too_many", params={"count": settings.UPLOAD_MAX_FILES, "chosen": len(uploads)},
        ))
    total = 0
    for upload in uploads:
        upload.name = safe_name(upload.name)
        total += upload.size
        if upload.size > settings.UPLOAD_MAX_FILE_SIZE:
            errors.append(ValidationError(
                _("“%(name)s” is larger than %(limit)s."), code="too_large",
                params={"name": upload.name, "limit": filesizeformat(settings.UPLOAD_MAX_FILE_SIZE)},
            ))
            continue
        if upload.size == 0:
            errors.append(ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": upload.name}))
            continue
        kind = detect(upload)
        extension = PurePosixPath(upload.name).suffix.lower()
        if kind is None:
            errors.append(ValidationError(
                _("“%(name)s” is not a file type we accept (PDF, HWP, HWPX, DOCX, XLSX, PPTX, PNG, JPEG), "
                  "or it is damaged."),
                code="type", params={"name": upload.name},
            ))
        elif extension not in kind.extensions:
            errors.append(ValidationError(
                _("“%(name)s” contains a %(kind)s file but its name does not end in %(extension)s. "
                  "Rename it or attach the original document."),
                code="mismatch", params={"name": upload.name, "kind": kind.label, "extension": kind.extensions[0]},
            ))
        else:
            upload.content_type = kind.content_type
    if total > settings.UPLOAD_MAX_TOTAL_SIZE:
        errors.append(ValidationError(
            _("Together the files are larger than %(limit)s."), code="total_too_large",
            params={"limit": filesizeformat(settings.UPLOAD_MAX_TOTAL_SIZE)},
        ))
    if errors:
        raise ValidationError(errors)
    return uploads
