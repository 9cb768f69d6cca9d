"""The government's answers coming back in the spreadsheet: reading the answer column, the preview of
what will change and what is wrong, and confirming (everything through the workflow, or nothing)."""

import io
import zipfile
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone, translation
from openpyxl import Workbook

from issues.models import Issue, Notice, StatusChange
from issues.proposals import answers, batches
from issues.workflow import Answer, State

from .conftest import HEADERS_EN, answers_sheet, export_batch, file_issue, fill_answers, today

pytestmark = pytest.mark.django_db


# --- The answer cell ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell, expected", [
    ("수용: 시범 사업으로 허용하겠습니다.", (Answer.ACCEPTED, "시범 사업으로 허용하겠습니다.")),
    ("일부 수용 - 안전 인증을 받은 로봇에 한해 허용", (Answer.PARTIALLY_ACCEPTED, "안전 인증을 받은 로봇에 한해 허용")),
    ("일부수용\n보도 통행은 시범 구역에서만", (Answer.PARTIALLY_ACCEPTED, "보도 통행은 시범 구역에서만")),
    ("중장기 검토：연구용역 후 결정", (Answer.LONG_TERM_REVIEW, "연구용역 후 결정")),
    ("불수용: 보행자 안전 우려", (Answer.NOT_ACCEPTED, "보행자 안전 우려")),
    ("Partially accepted: in pilot zones", (Answer.PARTIALLY_ACCEPTED, "in pilot zones")),
    ("long-term review - after a study", (Answer.LONG_TERM_REVIEW, "after a study")),
    ("NOT ACCEPTED\nsafety", (Answer.NOT_ACCEPTED, "safety")),
    ("partially_accepted: by machine value", (Answer.PARTIALLY_ACCEPTED, "by machine value")),
    ("  수용 :  앞뒤 공백  ", (Answer.ACCEPTED, "앞뒤 공백")),
    ("수용", (Answer.ACCEPTED, "")),
    ("수용: 첫 줄\n둘째 줄", (Answer.ACCEPTED, "첫 줄\n둘째 줄")),
])
def test_an_answer_cell_starts_with_the_answer_then_its_text(cell, expected):
    assert answers.parse_answer(cell) == expected


@pytest.mark.parametrize("cell", ["수용되었습니다", "부분 수용: 일부만", "검토 중", "OK: fine", "Acceptedly"])
def test_a_cell_that_does_not_start_with_an_answer_is_not_read(cell):
    assert answers.parse_answer(cell) is None


# --- The round trip -----------------------------------------------------------------------------------------


@pytest.fixture
def submitted(officer, batch_of):
    """A batch of three issues submitted to the government: all three in `proposal`."""
    batch = batch_of(count=3)
    batches.submit_batch(batch, by=officer)
    return batch, list(batch.issues.order_by("number"))


def test_a_batch_comes_back_with_answers_and_each_issue_moves_to_follow_up(submitted, official):
    batch, (robots, drones, fintech) = submitted
    exported = export_batch(batch)
    returned = fill_answers(exported, {
        robots.number: "수용: 2025년부터 시범 구역에서 허용합니다.",
        drones.number: "Partially accepted - night flights with a permit only",
        fintech.number: "중장기 검토\n연구용역 결과를 보고 결정하겠습니다.",
    })

    preview = answers.preview_file(returned, by=official, name="회신_2024-1차.xlsx")

    # Every row says what will change; nothing has changed yet.
    assert preview.is_valid
    assert [(r.number, r.answer, r.text) for r in preview.changes] == [
        (robots.number, Answer.ACCEPTED, "2025년부터 시범 구역에서 허용합니다."),
        (drones.number, Answer.PARTIALLY_ACCEPTED, "night flights with a permit only"),
        (fintech.number, Answer.LONG_TERM_REVIEW, "연구용역 결과를 보고 결정하겠습니다."),
    ]
    assert set(batch.issues.values_list("state", flat=True)) == {State.PROPOSAL}

    changes = answers.apply_answers(preview, by=official)

    assert len(changes) == 3
    for issue, answer in [(robots, Answer.ACCEPTED), (drones, Answer.PARTIALLY_ACCEPTED),
                          (fintech, Answer.LONG_TERM_REVIEW)]:
        issue.refresh_from_db()
        assert issue.state == State.FOLLOW_UP
        assert issue.government_answer == answer
        assert issue.government_answered_on == today()  # the file has no date column
        change = StatusChange.objects.filter(issue=issue).latest("at", "id")
        assert (change.from_state, change.to_state, change.by) == (State.PROPOSAL, State.FOLLOW_UP, official)
        assert "회신_2024-1차.xlsx" in change.internal_text
        assert Notice.objects.filter(issue=issue, kind="issue-answered", recipient=issue.contact.email).exists()


def test_the_header_is_found_under_a_title_row_and_in_english(submitted, official):
    _batch, (robots, drones, _fintech) = submitted
    data = answers_sheet(
        [{"number": robots.number, "answer": "Accepted: yes"}, {"number": drones.number, "answer": ""}],
        headers=HEADERS_EN, title_rows=["2024, proposal batch 1", ""],
    )

    preview = answers.preview_file(data, by=official)

    assert [r.number for r in preview.changes] == [robots.number]
    assert preview.rows[0].line == 4  # the spreadsheet's own row number
    assert preview.skipped == 1  # no answer yet: left as it is, not an error


def test_a_date_column_gives_the_date_of_each_answer(submitted, official):
    batch, (robots, drones, fintech) = submitted
    returned = fill_answers(export_batch(batch), {
        robots.number: "수용: 허용", drones.number: "불수용: 안전 우려", fintech.number: "수용: 허용",
    }, dates={robots.number: datetime(2024, 5, 31), drones.number: "2024. 6. 3.", fintech.number: None})

    answers.apply_answers(answers.preview_file(returned, by=official), by=official)

    assert Issue.objects.get(pk=robots.pk).government_answered_on == date(2024, 5, 31)
    assert Issue.objects.get(pk=drones.pk).government_answered_on == date(2024, 6, 3)
    assert Issue.objects.get(pk=fintech.pk).government_answered_on == today()


def test_a_list_returned_with_answers_already_recorded_records_only_the_new_ones(submitted, official, officer):
    batch, (robots, drones, _fintech) = submitted
    from issues import services

    services.move_issue(robots, State.FOLLOW_UP, by=officer, answer=Answer.ACCEPTED, answer_text="허용합니다.")
    # The export now carries robots' answer as the export writes it; the ministry adds drones'.
    returned = fill_answers(export_batch(batch), {drones.number: "불수용: 안전 우려"})

    preview = answers.preview_file(returned, by=official)

    assert preview.is_valid
    assert [r.number for r in preview.unchanged] == [robots.number]
    assert [r.number for r in preview.changes] == [drones.number]


# --- What is wrong ------------------------------------------------------------------------------------------


def test_a_file_with_one_bad_row_shows_each_problem_and_confirming_changes_nothing(submitted, official, officer):
    batch, (robots, drones, fintech) = submitted
    not_proposed = file_issue(by=officer, title="아직 협의 중")  # in consultation: officials do not see it
    services_answered = file_issue(State.FOLLOW_UP, by=officer, title="이미 회신됨")
    data = answers_sheet([
        {"number": robots.number, "answer": "수용: 허용"},
        {"number": "REG-1999-9999", "answer": "수용: 없는 번호"},
        {"number": drones.number, "answer": "검토 중입니다"},
        {"number": fintech.number, "answer": "불수용"},
        {"number": not_proposed.number, "answer": "수용: 협의 중인 과제"},
        {"number": services_answered.number, "answer": "불수용: 다른 회신"},
        {"number": robots.number, "answer": "수용: 같은 번호 두 번"},
    ])

    with translation.override("en"):
        preview = answers.preview_file(data, by=official)

    problems = {row.line: " ".join(row.errors) for row in preview.errors}
    assert not preview.is_valid
    assert "more than once" in problems[2] and "more than once" in problems[8]
    assert "There is no issue REG-1999-9999" in problems[3]
    assert "does not start with a known answer" in problems[4]
    assert "no text" in problems[5]
    assert "not among the proposals you may see" in problems[6]
    assert "already has the answer" in problems[7]
    with pytest.raises(answers.AnswersRefused):
        answers.apply_answers(preview, by=official)
    assert set(batch.issues.values_list("state", flat=True)) == {State.PROPOSAL}


def test_an_officer_sees_why_an_issue_not_in_proposal_cannot_take_an_answer(officer):
    in_consultation = file_issue(by=officer)
    data = answers_sheet([{"number": in_consultation.number, "answer": "수용: 허용"}])

    with translation.override("en"):
        preview = answers.preview_file(data, by=officer)
        assert "not waiting for the government's answer" in preview.errors[0].errors[0]


def test_a_date_that_is_not_one_or_in_the_future_is_a_problem(submitted, official):
    _batch, (robots, drones, _fintech) = submitted
    data = answers_sheet([
        {"number": robots.number, "answer": "수용: 허용", "answered_on": "다음 주"},
        {"number": drones.number, "answer": "수용: 허용", "answered_on": today() + timedelta(days=3)},
    ])

    preview = answers.preview_file(data, by=official)

    assert len(preview.errors) == 2


def test_a_move_failing_while_confirming_rolls_back_every_answer(submitted, official, officer):
    batch, (robots, drones, fintech) = submitted
    returned = fill_answers(export_batch(batch), {
        robots.number: "수용: 허용", drones.number: "수용: 허용", fintech.number: "수용: 허용"})
    preview = answers.preview_file(returned, by=official)
    # Between the preview and the confirmation an officer sends one proposal back.
    from issues import services

    services.move_issue(fintech, State.CONSULTATION, by=officer, note="자료 보완 필요")
    history_before = StatusChange.objects.count()

    with pytest.raises(answers.AnswersRefused) as refused:
        answers.apply_answers(preview, by=official)

    assert fintech.number in str(refused.value)
    assert StatusChange.objects.count() == history_before
    assert set(Issue.objects.filter(pk__in=[robots.pk, drones.pk]).values_list("state", flat=True)) == {
        State.PROPOSAL}


# --- Files that are not a proposal list --------------------------------------------------------------------


def _zip(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def _damaged() -> bytes:
    good = answers_sheet([{"number": "REG-2024-0001", "answer": "수용: 허용"}])
    return good[: len(good) // 2]


def _broken_xml() -> bytes:
    return _zip({"[Content_Types].xml": "<Types", "xl/workbook.xml": "<workbook><sheets>", "_rels/.rels": "<"})


def _no_header() -> bytes:
    workbook = Workbook()
    workbook.active.append(["과제", "회신"])
    workbook.active.append(["REG-2024-0001", "수용: 허용"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("data, says", [
    (b"", "empty"),
    ("번호,정부 회신\nREG-2024-0001,수용: 허용\n".encode(), "not an Excel workbook"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not an Excel workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old Excel file"),
    (_zip({"hello.txt": "not a workbook"}), "not an Excel workbook"),
    (_damaged(), "not an Excel workbook"),  # cut in half: its zip directory is gone
    (_broken_xml(), "could not be read"),
    (_no_header(), "header row"),
], ids=["empty", "csv", "pdf", "xls", "other-zip", "truncated", "broken-xml", "no-header"])
def test_a_file_that_is_not_a_proposal_list_is_refused_with_a_clear_message(data, says, official):
    with translation.override("en"), pytest.raises(answers.AnswerFileError) as refused:
        answers.preview_file(data, by=official)
    assert says in refused.value.message


def test_a_file_with_more_answers_than_the_limit_is_refused(monkeypatch, official):
    monkeypatch.setattr(answers, "MAX_ROWS", 3)
    unanswered = [{"number": f"REG-2024-{n:04d}", "answer": ""} for n in range(1, 10)]
    answered = [{"number": f"REG-2024-{n:04d}", "answer": "수용: 허용"} for n in range(10, 14)]
    assert len(answers.read_workbook(answers_sheet([*unanswered, *answered[:3]]))) == 12

    with translation.override("en"), pytest.raises(answers.AnswerFileError) as refused:
        answers.read_workbook(answers_sheet([*unanswered, *answered]))
    assert "more than 3 answers" in refused.value.message


def test_a_sheet_longer_than_the_rows_read_is_refused(monkeypatch, official):
    monkeypatch.setattr(answers, "MAX_SCANNED_ROWS", 5)
    data = answers_sheet([{"number": f"REG-2024-{n:04d}", "answer": ""} for n in range(1, 7)])

    with translation.override("en"), pytest.raises(answers.AnswerFileError) as refused:
        answers.read_workbook(data)
    assert "longer than 5 rows" in refused.value.message


def test_a_file_that_unpacks_to_too_much_is_refused(monkeypatch, official):
    monkeypatch.setattr(answers, "MAX_UNZIPPED_SIZE", 1000)
    data = answers_sheet([{"number": "REG-2024-0001", "answer": "수용: " + "가" * 2000}])

    with translation.override("en"), pytest.raises(answers.AnswerFileError) as refused:
        answers.read_workbook(data)
    assert "too large once unpacked" in refused.value.message


# --- Keeping the upload between preview and confirm --------------------------------------------------------


def test_an_upload_is_kept_under_a_random_name_and_deleted_after_a_day(answers_storage):
    name = answers.keep_upload(b"xlsx bytes")
    assert name.startswith("answers/") and name.endswith(".xlsx")
    assert answers.read_upload(name) == b"xlsx bytes"
    assert answers.read_upload("../settings.py") is None  # only names it made itself

    assert answers.delete_stale_uploads() == 0
    assert answers.delete_stale_uploads(now=timezone.now() + timedelta(days=1, minutes=1)) == 1
    assert answers.read_upload(name) is None
