"""Small, valid files of every accepted type, made in memory, and a multipart body with any file name."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def png() -> bytes:
    """A 1×1 white PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def zip_of(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


def hwpx() -> bytes:
    return zip_of({"mimetype": b"application/hwp+zip", "Contents/section0.xml": b"<hs:sec/>",
                   "META-INF/container.xml": b"<container/>"})


def docx() -> bytes:
    return zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def xlsx() -> bytes:
    return zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def pptx() -> bytes:
    return zip_of({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p:presentation/>"})


_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole(streams: dict) -> bytes:
    """A minimal OLE2 compound file (version 3, 512-byte sectors) holding `streams`. Each stream is
    padded to 4096 bytes so that it lives in ordinary sectors and no mini stream is needed."""
    datas = [data.ljust(4096, b"\x00") for data in streams.values()]
    fat = [_FATSECT, _END]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for data in datas:
        count = len(data) // 512
        start = len(fat)
        starts.append(start)
        fat.extend(list(range(start + 1, start + count)) + [_END])
    assert len(fat) <= 128
    fat.extend([_FREE] * (128 - len(fat)))

    def entry(name, kind, *, right=_NOSTREAM, child=_NOSTREAM, start=_END, size=0):
        encoded = (name + "\x00").encode("utf-16-le")
        return (encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", _NOSTREAM, right, child) + b"\x00" * 16 + struct.pack("<I", 0)
                + b"\x00" * 16 + struct.pack("<IQ", start, size))

    names = list(streams)
    directory = entry("Root Entry", 5, child=1 if names else _NOSTREAM)
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else _NOSTREAM
        directory += entry(name, 2, right=right, start=starts[index], size=len(datas[index]))
    directory = directory.ljust(512, b"\x00")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\x00" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108)
    assert len(header) == 512
    return header + struct.pack("<128I", *fat) + directory + b"".join(datas)


def hwp() -> bytes:
    return ole({"FileHeader": b"HWP Document File".ljust(32, b"\x00") + b"\x00\x00\x05\x05"})


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def multipart(fields: dict, files: list[tuple]) -> tuple[bytes, str]:
    """A multipart/form-data body with file names exactly as given (the test client would strip
    folders from them). `files`: (field name, file name, content)."""
    boundary = "----test-boundary-7MA4YWxkTrZu0gW"
    lines = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            lines += [f"--{boundary}".encode(), f'Content-Disposition: form-data; name="{name}"'.encode(), b"",
                      str(item).encode()]
    for field, filename, content in files:
        lines += [f"--{boundary}".encode(),
                  f'Content-Disposition: form-data; name="{field}"; filename="{filename}"'.encode(),
                  b"Content-Type: application/octet-stream", b"", content]
    lines += [f"--{boundary}--".encode(), b""]
    return b"\r\n".join(lines), f"multipart/form-data; boundary={boundary}"
