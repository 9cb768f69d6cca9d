"""The officials' answers import under hostile files: workbooks openpyxl wrote with any sheets, cell
values and types, and bytes that are no workbook at all, under any name.

The upload is refused with a message, or kept for the preview; the preview never fails; confirming
records every answer it showed (each issue moved, with its history row and the filer's notice) or none."""

import io
from datetime import date

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st
from openpyxl import Workbook

from issues.models import Issue, Notice, StatusChange
from issues.proposals import answers
from issues.workflow import State
from tests.base import business_number, make_issue, make_officer, make_official, ministry

from .hostile import (
    ANSWER_STARTS,
    SEPARATORS,
    HostileTestCase,
    accepted_text,
    counts,
    explain,
    file_name,
    moved,
    not_xlsx,
    share_of_examples,
    storable,
    workbooks,
    xlsx_with_part,
)

UPLOAD, PREVIEW, CONFIRM = "/exports/answers/", "/exports/answers/preview/", "/exports/answers/confirm/"
# The tracking numbers of the issues setUpTestData files, for the strategies (drawn after it ran).
NUMBERS = []

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">
<c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c></row></sheetData></worksheet>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">
<c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>"""


def tracking_numbers():
    return st.integers(0, 9).map(lambda i: NUMBERS[i % len(NUMBERS)])


@st.composite
def answer_lists(draw) -> bytes:
    """A proposal list as a ministry returns it, right in form but with any text in its answers: the
    header row (under title rows, among other columns) and an answer for some of the proposals."""
    workbook = Workbook()
    sheet = workbook.active
    for _title in range(draw(st.integers(0, 2))):
        sheet.append([storable(draw(accepted_text(60)))])
    other = storable(draw(accepted_text(20)))
    sheet.append([draw(st.sampled_from(["번호", "No."])), other, "정부 회신", "회신일"])
    for index in draw(st.lists(st.integers(0, 2), min_size=1, max_size=3, unique=True)):
        answer = (draw(st.sampled_from(ANSWER_STARTS[:-1])) + draw(st.sampled_from(SEPARATORS[:-1]))
                  + storable(draw(accepted_text(500))))
        when = draw(st.one_of(st.none(), st.dates(max_value=date(2024, 1, 1)), st.just("2024. 5. 31.")))
        sheet.append([NUMBERS[index], storable(draw(accepted_text(40))), answer, when])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


class AnswersImportUnderHostileFiles(HostileTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.official = make_official()
        officer = make_officer()
        states = [State.PROPOSAL, State.PROPOSAL, State.PROPOSAL, State.FOLLOW_UP, State.CONSULTATION]
        cls.issues = [
            make_issue(state, by=officer, business_number=business_number(), ministry=ministry(),
                       contact_email=f"ceo{i}@startup.example.com")
            for i, state in enumerate(states)
        ]
        NUMBERS[:] = [issue.number for issue in cls.issues]

    def _pre_setup(self):
        super()._pre_setup()
        self.client.force_login(self.official)

    def states(self) -> dict:
        return dict(Issue.objects.values_list("number", "state"))

    def kept(self) -> int:
        try:
            return len(answers.storage().listdir(answers.UPLOAD_DIR)[1])
        except FileNotFoundError:
            return 0

    def upload(self, name: bytes, data: bytes):
        return self.client.post_multipart(
            UPLOAD, {}, [(name, data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")],
            file_field="file")

    def check(self, name: bytes, data: bytes):
        before, states, kept = counts(), self.states(), self.kept()
        response = self.upload(name, data)
        event(f"upload answered {response.status_code}")
        self.assertAnswered(response)
        if response.status_code != 302:
            self.assertEqual(moved(before, counts()), {})
            self.assertEqual(self.kept(), kept, "a refused file was kept")
            if response.status_code == 200:
                self.assertShowsErrors(response)
            return
        self.assertEqual(response["Location"], PREVIEW)
        self.assertEqual(self.kept(), kept + 1)

        preview = self.client.get(PREVIEW)
        self.assertAnswered(preview, allowed=(200,))
        self.assertEqual(self.states(), states, "looking at the preview changed an issue")
        expected = answers.preview_file(data, by=self.official)
        page = preview.content.decode()
        fingerprint = expected.fingerprint if 'name="fingerprint"' in page else "not-shown"
        self.assertEqual(fingerprint != "not-shown", expected.is_valid and bool(expected.changes), explain(preview))

        done = self.client.post(CONFIRM, {"fingerprint": fingerprint})
        event(f"confirm answered {done.status_code}")
        self.assertAnswered(done, allowed=(302, 409))
        after = self.states()
        if done.status_code == 302 and fingerprint != "not-shown":
            numbers = {row.number for row in expected.changes}
            self.assertEqual({n for n in after if after[n] != states[n]}, numbers)
            self.assertTrue(all(after[n] == State.FOLLOW_UP for n in numbers))
            self.assertEqual(moved(before, counts()), {"changes": len(numbers), "notices": len(numbers)})
            self.assertEqual(
                Notice.objects.filter(kind="issue-answered", issue__number__in=numbers).count(), len(numbers))
            self.assertEqual(StatusChange.objects.filter(
                to_state=State.FOLLOW_UP, by=self.official, issue__number__in=numbers).count(), len(numbers))
        else:
            self.assertEqual(after, states, "a refused confirmation changed an issue")
            self.assertEqual(moved(before, counts()), {})

    @share_of_examples(0.6)  # an example reads its workbook four times: upload, preview, here, confirm
    @given(name=st.one_of(st.just("회신.xlsx".encode()), file_name()), data=workbooks(tracking_numbers()))
    def test_any_workbook_is_refused_with_a_message_or_previewed_and_recorded_whole(self, name, data):
        self.check(name, data)

    @share_of_examples(0.6)
    @given(name=file_name(), data=answer_lists())
    def test_a_well_formed_list_with_any_answer_text_records_every_answer(self, name, data):
        self.check(name, data)

    @share_of_examples(0.6)
    @given(name=file_name(), data=not_xlsx())
    @example(name=b"answers.xlsx", data=b"")
    @example(name=b"answers.xlsx", data=xlsx_with_part("xl/worksheets/sheet1.xml", BILLION_LAUGHS))
    @example(name=b"answers.xlsx", data=xlsx_with_part("xl/worksheets/sheet1.xml", EXTERNAL_ENTITY))
    @example(name=b"answers.xlsx", data=xlsx_with_part("xl/worksheets/sheet1.xml", b"\x00<not xml"))
    @example(name=b"answers.xlsx", data=xlsx_with_part("xl/workbook.xml", b"<workbook/>"))
    def test_bytes_that_are_no_workbook_are_refused_with_a_message(self, name, data):
        before, kept = counts(), self.kept()
        response = self.upload(name, data)
        self.assertAnswered(response, allowed=(200, 302, 400))
        if response.status_code == 302:  # a damaged workbook openpyxl still reads: its preview must not fail
            self.assertAnswered(self.client.get(PREVIEW), allowed=(200,))
            return
        self.assertEqual(moved(before, counts()), {})
        self.assertEqual(self.kept(), kept)
        if response.status_code == 200:
            self.assertShowsErrors(response)


def test_the_billion_laughs_never_unfold():
    # openpyxl reads through defusedxml (a pinned dependency): an entity expansion is refused, not done.
    with pytest.raises(answers.AnswerFileError):
        answers.read_workbook(xlsx_with_part("xl/worksheets/sheet1.xml", BILLION_LAUGHS))
