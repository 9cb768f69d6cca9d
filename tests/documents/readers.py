"""Reading the documents the desk writes with tools that did not write them.

PDF: poppler's command-line tools (Debian's poppler-utils), never WeasyPrint. HWPX: openhanji, a second
HWPX parser (zipfile and ElementTree, Apache-2.0) that shares no code with python-hwpx, the writer; what it
does not read (the last saver, the preview parts) is read here with zipfile and ElementTree, which share no
code with the writer either."""

import subprocess  # nosec B404 - poppler's own tools on files the test wrote
import tempfile
import xml.etree.ElementTree as ET  # nosec B405 - documents the tests themselves wrote
import zipfile
from io import BytesIO
from pathlib import Path

# The words a document keeps whole (templates/documents/_head.html, `keep_words`): up to 20 characters.
LONGEST_KEPT_WORD = 20


# --- PDF ----------------------------------------------------------------------------------------

def _poppler(tool: str, data: bytes, *args: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        return subprocess.run([tool, *args, pdf.name, "-"], check=True, capture_output=True,  # noqa: S603
                              text=True).stdout


def pdf_lines(data: bytes) -> list[str]:
    """The PDF's lines of text as pdftotext reads them (reading order, one line per printed line)."""
    return [line.strip() for line in _poppler("pdftotext", data, "-enc", "UTF-8").splitlines() if line.strip()]


def pdf_info(data: bytes) -> dict:
    """pdfinfo's fields (Title, Author, CreationDate as ISO 8601, Pages as a number, …)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        out = subprocess.run(["pdfinfo", "-isodates", pdf.name], check=True, capture_output=True,  # noqa: S603,S607
                             text=True).stdout
    info = {}
    for line in out.splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    info["Pages"] = int(info["Pages"])
    return info


def page_images(data: bytes, directory, *, resolution: int = 60) -> list[Path]:
    """The pages as PNG files in `directory` (pdftoppm), for looking at them."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / "document.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), str(source), str(directory / "page")],  # noqa: S603,S607
                   check=True)
    return sorted(directory.glob("page-*.png"))


def words_of(texts) -> set[str]:
    return {word for text in texts for word in str(text).split()}


def broken_words(lines: list[str], texts, *, longest: int = LONGEST_KEPT_WORD) -> list[str]:
    """Where a line ends inside a word of `texts`: the last token of a line and the first of the next,
    joined, make one word of the sources (of at most `longest` characters: longer ones, an address or a
    long identifier, may break). When both halves are words of the sources themselves, the pair is two
    words that happen to join into a third, not a broken one."""
    words = {word for word in words_of(texts) if len(word) <= longest}
    broken = []
    for line, following in zip(lines, lines[1:], strict=False):
        end, start = line.split()[-1], following.split()[0]
        if end + start in words and not (end in words and start in words):
            broken.append(f"{end}/{start}")
    return broken


def assert_words_whole(lines: list[str], texts, *, longest: int = LONGEST_KEPT_WORD) -> None:
    """Fails when a line ends inside a word of any of `texts` (see broken_words)."""
    broken = broken_words(lines, texts, longest=longest)
    assert not broken, f"words broken across lines: {', '.join(broken)}"


# --- HWPX ---------------------------------------------------------------------------------------

def _hwpx(data: bytes):
    import openhanji

    with tempfile.NamedTemporaryFile(suffix=".hwpx") as file:
        file.write(data)
        file.flush()
        return openhanji.open(file.name, strict=True)


def hwpx_text(data: bytes) -> str:
    """The document's text as openhanji reads it: one line per paragraph, a table's cells by tabs."""
    return _hwpx(data).to_text()


def hwpx_paragraphs(data: bytes) -> list[str]:
    """The text of the paragraphs outside tables, in order."""
    return [paragraph.text for paragraph in _hwpx(data).paragraphs]


def hwpx_tables(data: bytes) -> list[list[list[str]]]:
    """Every table as rows of cell texts (a cell's paragraphs joined by line breaks)."""
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in _hwpx(data).tables]


_OPF = "{http://www.idpf.org/2007/opf/}"


def hwpx_metadata(data: bytes) -> dict:
    """title, creator, created and modified (datetimes, UTC) as openhanji reads them; lastsaveby, the
    language and the free-form date from Contents/content.hpf."""
    metadata = _hwpx(data).metadata
    with zipfile.ZipFile(BytesIO(data)) as package:
        root = ET.fromstring(package.read("Contents/content.hpf"))  # noqa: S314 - written by the test
    fields = {element.get("name"): (element.text or "") for element in root.iter(f"{_OPF}meta")}
    language = root.find(f"{_OPF}metadata/{_OPF}language")
    return {
        "title": metadata.title, "creator": metadata.author, "lastsaveby": fields.get("lastsaveby"),
        "created": metadata.created_at, "modified": metadata.modified_at, "date": fields.get("date"),
        "language": language.text if language is not None else None,
    }


def hwpx_preview(data: bytes) -> tuple[str, bytes]:
    """The package's preview: Preview/PrvText.txt as text and Preview/PrvImage.png's bytes."""
    with zipfile.ZipFile(BytesIO(data)) as package:
        return package.read("Preview/PrvText.txt").decode("utf-8"), package.read("Preview/PrvImage.png")


def png_size(data: bytes) -> tuple[int, int]:
    """A PNG's width and height, from its header (IHDR)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# --- Real Korean text ---------------------------------------------------------------------------

def article_paragraphs() -> list[str]:
    """Long Korean paragraphs of the kind filers write (tests/documents/paragraphs.py): long sentences with
    company names, figures and laws. Kept in the repository, so a clean clone tests with them."""
    from .paragraphs import PARAGRAPHS

    return list(PARAGRAPHS)
