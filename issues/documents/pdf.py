"""PDF from HTML (WeasyPrint, Pango). Templates include templates/documents/_head.html inside <head>: its
<title>, <meta name="author"> and <meta name="dcterms.created"> become the PDF's metadata, and its style is
the documents' Korean typography (Noto Sans CJK KR, words kept whole by `keep_words`)."""

# keep_words keeps a word of up to this many characters on one line; a longer one (a web address, a long
# identifier) may be wider than its column and stays breakable. Tables make their columns this wide.
KEEP_WHOLE_CHARS = 20


def write_pdf(html: str, out=None) -> bytes | None:
    """`html` laid out as PDF: its bytes when `out` is None, else written into the binary file `out`."""
    from weasyprint import HTML  # here: a page that writes no PDF never waits for Pango to load

    document = HTML(string=html, url_fetcher=_refusing_fetcher())
    return document.write_pdf() if out is None else document.write_pdf(out)


def _refusing_fetcher():
    from weasyprint.urls import URLFetcher

    class Refusing(URLFetcher):
        """Everything a document needs is inline and its fonts are the system's: a filer's text (an
        address in an <img>, a CSS url()) never makes the server fetch anything. A refused resource is
        left out of the page, with WeasyPrint's warning."""

        def fetch(self, url, headers=None):
            raise ValueError(f"Documents fetch no resources ({url[:40]})")

    return Refusing()
