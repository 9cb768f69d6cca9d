"""The English status page is English throughout: apart from what people typed (in Korean here), no
Hangul in any text or attribute of the page, whatever the report has been through. The language comes
from the browser (Accept-Language) or the site's language switch (a cookie)."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.utils import timezone

from issues import services
from issues.workflow import Answer, Resolution, State
from tests.base import make_officer, ministry

from . import files

pytestmark = pytest.mark.django_db

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
# Attributes a person reads or hears.
READ_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "value", "content"} | {
    "data-counter-text", "data-counter-over", "data-msg-too-many", "data-msg-too-large", "data-msg-total"}


class Readable(HTMLParser):
    """Text nodes and read attributes of a page, leaving out elements marked as Korean (lang="ko"):
    the language switch names 한국어 in Korean, as it should."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.found = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        korean = attrs.get("lang") == "ko" and tag != "html"
        if tag not in self.VOID:
            self.stack.append(korean)
        if not korean and not any(self.stack):
            self.found += [value for name, value in attrs.items() if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if data.strip() and not any(self.stack):
            self.found.append(data.strip())


def korean_outside(page: str, typed: list[str]) -> list[str]:
    """The pieces of the page in Hangul that are not (part of) what someone typed."""
    parser = Readable()
    parser.feed(page)
    found = []
    for text in parser.found:
        rest = text
        for piece in sorted(typed, key=len, reverse=True):
            rest = rest.replace(piece, "")
        if HANGUL.search(rest) and not any(text in t for t in typed):
            found.append(text)
    return found


# What the filer and the officers typed, in Korean.
TYPED = {
    "title": "원양선박 선원 비대면 진료 허용",
    "problem": "원양선박 선원은 의료기관을 방문할 수 없어 진료를 받지 못합니다.",
    "improvement": "원양선박 선원에 대한 비대면 진료와 의약품 배송을 허용해 주십시오.",
    "related_law": "의료법 제34조",
}
NOTES = ["전문가와 함께 검토하고 있습니다.", "선박과의 계약서를 보내 주십시오.", "계약서를 첨부합니다.",
         "보건복지부에 건의했습니다.", "중장기 검토하겠습니다.", "원격 진료 시범사업으로 해소되었습니다."]


@pytest.fixture
def travelled(filed):
    """A report that went the whole way: every kind of line its history and page can show."""
    officer = make_officer()
    issue = filed(files=[files.upload("제안서.pdf", files.PDF, "application/pdf")], **TYPED)
    services.move_issue(issue, State.CONSULTATION, by=officer, public_note=NOTES[0])
    services.add_note(issue, NOTES[1], by=officer, asks_filer=True)
    services.add_note(issue, NOTES[2], by=None, files=[files.upload("계약서.pdf", files.PDF, "application/pdf")])
    services.move_issue(issue, State.PROPOSAL, by=officer, ministry=ministry("보건복지부"), public_note=NOTES[3])
    services.move_issue(issue, State.FOLLOW_UP, by=officer, answer=Answer.PARTIALLY_ACCEPTED, answer_text=NOTES[4],
                        answered_on=timezone.localdate())
    return issue


def typed_on(issue) -> list[str]:
    return [*TYPED.values(), *NOTES, issue.title, "제안서.pdf", "계약서.pdf"]


def test_the_english_status_page_has_no_korean_but_what_people_typed(client, travelled):
    page = client.get(f"/track/{travelled.secret}/", headers={"Accept-Language": "en"}).content.decode()

    assert '<html lang="en">' in page
    assert korean_outside(page, typed_on(travelled)) == []
    # It is the page it should be, in English.
    for english in ("Tracking number", "History", "The government's answer", "Partially accepted",
                    "Now: Follow-up", "Your message", "What you sent", "Add information", "Withdraw the report",
                    "Seoul Metropolitan Government", "110 Sejong-daero, Jung-gu, Seoul"):
        assert english in page, english


def test_the_english_page_with_an_open_request_has_no_korean_but_what_people_typed(client, filed):
    issue = filed(**TYPED)
    services.add_note(issue, NOTES[1], by=make_officer(), asks_filer=True)

    page = client.get(f"/track/{issue.secret}/", headers={"Accept-Language": "en"}).content.decode()

    assert "The support center asks you for more information" in page
    assert korean_outside(page, typed_on(issue)) == []


def test_a_closed_report_in_english_has_no_korean_but_what_people_typed(client, travelled):
    services.move_issue(travelled, State.CLOSED, by=make_officer("closer"), resolution=Resolution.IMPROVED,
                        public_note=NOTES[5])

    page = client.get(f"/track/{travelled.secret}/", headers={"Accept-Language": "en"}).content.decode()

    assert "Closed (Improved)" in page and "Closed: Improved" in page
    assert korean_outside(page, typed_on(travelled)) == []


def test_the_language_switch_makes_the_status_page_english(client, travelled):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    page = client.get(f"/track/{travelled.secret}/").content.decode()

    assert '<html lang="en">' in page
    assert korean_outside(page, typed_on(travelled)) == []


def test_the_korean_page_is_korean(client, travelled):
    page = client.get(f"/track/{travelled.secret}/").content.decode()

    # The check finds the page's own Korean (it would find Korean left on an English page).
    found = korean_outside(page, typed_on(travelled))
    assert "서울기업지원센터" in found
    assert "정부 회신" in found
