"""What the system says in an issue's history (a meeting's conclusion, a merge, a batch, an answers file) and of
its notices is stored as a kind with its parameters, and read in the reader's language: the same entry in Korean
on a Korean page, in English on an English one. What people typed stays as typed."""

import importlib
import pkgutil
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from issues import migrations, selectors, services
from issues.agenda import conclusions
from issues.models import AgendaItem, Issue, Note, StatusChange
from issues.proposals import answers, batches
from issues.workflow import Answer, State
from meetings.models import Meeting
from tests.base import FILER_EMAIL, business_number, make_issue, make_officer, ministry

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
MEETING = "모빌리티 규제혁신 간담회"
KOREAN_LINE = f"2024. 3. 28. “{MEETING}”에서 논의했습니다. 결론: 정부 건의"
ENGLISH_LINE = f"Discussed at “{MEETING}” on 28 Mar 2024. Conclusion: Propose to the government."
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture
def proposed(django_capture_on_commit_callbacks):
    """A filing proposed to the government by a meeting's conclusion, with its status link; its notices sent."""
    with django_capture_on_commit_callbacks(execute=True):
        issue = make_issue(ministry=ministry())
    secret = issue.secret
    meeting = Meeting.objects.create(title=MEETING, starts_at=datetime(2024, 3, 28, 14, tzinfo=SEOUL))
    AgendaItem.objects.create(meeting=meeting, issue=issue, position=1, conclusion=AgendaItem.Conclusion.PROPOSE,
                              conclusion_note="국토교통부 생활교통과와 사전 협의함")
    with django_capture_on_commit_callbacks(execute=True):
        conclusions.apply_meeting_conclusions(meeting, by=make_officer())
    issue.refresh_from_db()
    issue.secret = secret
    return issue


def history(page: str) -> str:
    """The status page's history section, as text."""
    section = re.search(r'<section aria-labelledby="timeline-title">(.*?)</section>', page, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))


def test_no_stored_column_holds_the_system_sentence_after_a_move(proposed):
    change = proposed.status_changes.get(to_state=State.PROPOSAL)

    assert change.system_note == {"kind": "meeting-conclusion", "meeting": MEETING, "on": "2024-03-28",
                                  "conclusion": "propose"}
    # The officer's note for staff is kept as typed; no sentence of ours is stored anywhere.
    assert (change.public_note, change.note) == ("", "국토교통부 생활교통과와 사전 협의함")
    sentence = (Q(note__contains="논의했습니다") | Q(public_note__contains="논의했습니다")
                | Q(note__contains="Discussed"))
    assert not StatusChange.objects.filter(sentence).exists()
    assert not Note.objects.filter(Q(body__contains="논의했습니다") | Q(body__contains="Discussed")).exists()


def test_the_status_page_shows_the_history_line_in_the_readers_language(client, proposed):
    url = reverse("issues-status", args=[proposed.secret])

    korean = history(client.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode())
    english = history(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())

    assert f"현재 단계: 정부 건의 {KOREAN_LINE}" in korean
    assert f"Now: Proposed to the government {ENGLISH_LINE}" in english
    assert "Report received" in english and "Now: Consultation and review" in english


def test_the_english_status_pages_history_is_english_but_for_what_people_typed(client, proposed):
    page = client.get(reverse("issues-status", args=[proposed.secret]), HTTP_ACCEPT_LANGUAGE="en")

    typed = history(page.content.decode()).replace(MEETING, "")
    assert not HANGUL.search(typed), typed


def test_the_filers_data_download_has_the_history_line_in_the_readers_language(client, proposed):
    url = reverse("issues-data", args=[proposed.secret])

    korean = client.post(url, HTTP_ACCEPT_LANGUAGE="ko").json()
    english = client.post(url, HTTP_ACCEPT_LANGUAGE="en").json()

    assert [e["text"] for e in korean["timeline"] if e["text"]] == [KOREAN_LINE]
    assert [e["text"] for e in english["timeline"] if e["text"]] == [ENGLISH_LINE]
    assert [n["about"] for n in english["notices_to_you"]] == ["receipt of the report", "progress of the report"]
    assert [n["about"] for n in korean["notices_to_you"]] == ["신고 접수 확인", "진행 단계 안내"]


def test_the_workspace_timeline_shows_moves_and_notices_in_the_readers_language(proposed):
    officer = make_officer()
    with translation.override("ko"):
        korean = [(e.title, e.text) for e in selectors.timeline(proposed, viewer=officer)]
    with translation.override("en"):
        english = [(e.title, e.text) for e in selectors.timeline(proposed, viewer=officer)]

    assert ("협의·검토 → 정부 건의",
            f"국토교통부 생활교통과와 사전 협의함\n[공개] {KOREAN_LINE}\n관련 간담회: {MEETING} (2024-03-28)") in korean
    assert ("Consultation and review → Proposed to the government",
            f"국토교통부 생활교통과와 사전 협의함\n[public] {ENGLISH_LINE}\nAt the meeting: {MEETING} (2024-03-28)") \
        in english
    # The notices by what they told, not by the template's name.
    korean_notices = [title for title, _ in korean if title.startswith("알림")]
    english_notices = [title for title, _ in english if title.startswith("Notice")]
    assert korean_notices == [f"알림 “신고 접수 확인” → {FILER_EMAIL}: 발송 완료",
                              f"알림 “진행 단계 안내” → {FILER_EMAIL}: 발송 완료"]
    assert english_notices == [f"Notice “receipt of the report” to {FILER_EMAIL}: Sent",
                               f"Notice “progress of the report” to {FILER_EMAIL}: Sent"]


def test_the_workspace_page_shows_the_line_in_korean_and_in_english(client, proposed):
    client.force_login(make_officer())
    url = reverse("admin:issues_issue_change", args=[proposed.pk])

    assert KOREAN_LINE in client.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert ENGLISH_LINE in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_merged_duplicate_says_where_it_goes_on_in_the_readers_language():
    officer = make_officer()
    kept = make_issue()
    duplicate = make_issue(business_number=business_number())
    services.merge_duplicate(duplicate, kept, by=officer)

    change = duplicate.status_changes.get(to_state=State.CLOSED)
    assert (change.public_note, change.system_note) == ("", {"kind": "duplicate", "number": kept.number})
    with translation.override("ko"):
        assert change.public_text == (f"같은 규제를 접수번호 {kept.number} 과제에서 처리하고 있으며, "
                                      "앞으로 그 과제에서 이어서 처리합니다.")
    with translation.override("en"):
        assert change.public_text == f"The same regulation is handled under {kept.number}; we follow it up there."


def test_what_the_officer_typed_stays_as_typed_after_the_systems_line():
    issue = make_issue()
    kept = make_issue(business_number=business_number())
    services.merge_duplicate(issue, kept, by=make_officer(), public_note="같은 기업의 중복 신고입니다.")

    change = issue.status_changes.get(to_state=State.CLOSED)
    with translation.override("en"):
        assert change.public_text == (f"The same regulation is handled under {kept.number}; we follow it up there.\n"
                                      "같은 기업의 중복 신고입니다.")


def test_the_data_migration_turns_stored_sentences_into_their_structured_form():
    (name,) = [m.name for m in pkgutil.iter_modules(migrations.__path__)
               if m.name.endswith("_status_change_system_note")]
    migration = importlib.import_module(f"issues.migrations.{name}")
    issue = make_issue()
    meeting = Meeting.objects.create(title="핀테크 간담회", starts_at=datetime(2025, 9, 5, 10, tzinfo=SEOUL))
    rows = {
        "ko-meeting": dict(public_note="2025년 9월 5일 “핀테크 간담회”에서 논의했습니다. 결론: 추가 검토",
                           meeting=meeting),
        "en-meeting": dict(public_note="Discussed at “핀테크 간담회” on Sept. 5, 2025. Conclusion: Solved locally.\n"
                                       "담당자가 연락드리겠습니다."),
        "ko-duplicate": dict(public_note="같은 규제를 접수번호 REG-2025-0042 과제에서 처리하고 있으며, "
                                         "앞으로 그 과제에서 이어서 처리합니다."),
        "en-batch": dict(note="Proposed to the government in “2025년 2차 정부 건의”."),
        "ko-answers": dict(note="‘2025-회신.xlsx’ 파일에서 회신을 기록했습니다."),
        "typed": dict(public_note="간담회에서 논의했습니다. 자료를 보내 주세요.", note="전화로 확인함"),
    }
    made = {name: StatusChange.objects.create(issue=issue, from_state=State.DISCOVERY, to_state=State.CONSULTATION,
                                              **fields) for name, fields in rows.items()}

    migration.structure_system_sentences(apps, None)

    stored = {name: StatusChange.objects.values("note", "public_note", "system_note").get(pk=change.pk)
              for name, change in made.items()}
    assert stored == {
        "ko-meeting": {"note": "", "public_note": "", "system_note": {
            "kind": "meeting-conclusion", "meeting": "핀테크 간담회", "on": "2025-09-05", "conclusion": "review"}},
        "en-meeting": {"note": "", "public_note": "담당자가 연락드리겠습니다.", "system_note": {
            "kind": "meeting-conclusion", "meeting": "핀테크 간담회", "on": "2025-09-05", "conclusion": "solved"}},
        "ko-duplicate": {"note": "", "public_note": "", "system_note": {"kind": "duplicate",
                                                                       "number": "REG-2025-0042"}},
        "en-batch": {"note": "", "public_note": "", "system_note": {"kind": "batch-submitted",
                                                                   "batch": "2025년 2차 정부 건의"}},
        "ko-answers": {"note": "", "public_note": "", "system_note": {"kind": "answers-imported",
                                                                     "file": "2025-회신.xlsx"}},
        "typed": {"note": "전화로 확인함", "public_note": "간담회에서 논의했습니다. 자료를 보내 주세요.",
                  "system_note": {}},
    }
    with translation.override("en"):
        assert StatusChange.objects.get(pk=made["ko-meeting"].pk).public_text == (
            "Discussed at “핀테크 간담회” on 5 Sep 2025. Conclusion: Review further.")
        assert StatusChange.objects.get(pk=made["en-batch"].pk).internal_text == (
            "Proposed to the government in “2025년 2차 정부 건의”.")


def test_a_submitted_batch_and_an_answers_file_say_so_in_the_readers_language():
    officer = make_officer()
    issue = make_issue(State.CONSULTATION, ministry=ministry())
    batch = batches.create_batch(year=2025, by=officer)
    batches.add_to_batch([issue], batch, by=officer)
    batches.submit_batch(batch, by=officer)
    preview = answers.Preview(rows=[answers.Row(line=2, number=issue.number, answer=Answer.ACCEPTED,
                                                text="수용합니다.", issue=Issue.objects.get(pk=issue.pk))],
                              name="2025-회신.xlsx")
    answers.apply_answers(preview, by=officer)

    proposed, answered = (issue.status_changes.get(to_state=State.PROPOSAL),
                          issue.status_changes.get(to_state=State.FOLLOW_UP))
    assert (proposed.note, answered.note) == ("", "")
    assert proposed.system_note == {"kind": "batch-submitted", "title": "", "year": 2025, "sequence": 1}
    assert answered.system_note == {"kind": "answers-imported", "file": "2025-회신.xlsx"}
    with translation.override("ko"):
        assert proposed.internal_text == "‘2025년 1차 정부 건의’ 차수로 정부에 건의했습니다."
        assert answered.internal_text == "‘2025-회신.xlsx’ 파일에서 회신을 기록했습니다."
        assert answered.public_text == ""  # staff's lines, not the filer's
    with translation.override("en"):
        assert proposed.internal_text == "Proposed to the government in “2025, proposal batch 1”."
        assert answered.internal_text == "Answer recorded from the file “2025-회신.xlsx”."
