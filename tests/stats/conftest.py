"""The known program of tests/stats/data.py, and readers of what /stats/ and the annual report show."""

import re
from html.parser import HTMLParser

import pytest

from . import data


@pytest.fixture
def program(db):
    return data.build()


class _Tables(HTMLParser):
    """Every <table id=…> of a page: its caption, header cells, body rows and footer row, as texts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.current, self.row, self.cell, self.part = {}, None, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self.current = self.tables[attrs["id"]] = {"caption": "", "header": [], "rows": [], "foot": None}
        elif self.current is None:
            return
        elif tag in ("thead", "tbody", "tfoot"):
            self.part = tag
        elif tag == "tr":
            self.row = []
        elif tag in ("th", "td") or tag == "caption":
            self.cell = []

    def handle_endtag(self, tag):
        if self.current is None:
            return
        if tag == "table":
            self.current = None
        elif tag == "caption":
            self.current["caption"] = _text(self.cell)
            self.cell = None
        elif tag in ("th", "td") and self.cell is not None:
            self.row.append(_text(self.cell))
            self.cell = None
        elif tag == "tr":
            if self.part == "thead":
                self.current["header"] = self.row
            elif self.part == "tfoot":
                self.current["foot"] = self.row
            else:
                self.current["rows"].append(self.row)

    def handle_data(self, text):
        if self.current is not None and self.cell is not None:
            self.cell.append(text)


def _text(parts) -> str:
    return " ".join("".join(parts).split())


def tables(html: str) -> dict:
    reader = _Tables()
    reader.feed(html)
    return reader.tables


def totals(html: str) -> dict[str, str]:
    """The headline figures: measure → the number shown."""
    return dict(re.findall(r'data-measure="(\w+)"><strong>([\d,]+)</strong>', html))
