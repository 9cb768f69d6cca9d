"""A known program of two years (2023 and 2024), filed and moved through the real services, with the dates
put back afterwards, and the figures it must give, worked out by hand below.

Every issue is filed at 09:00 Seoul time on its day, except B1: 00:30 on 1 January 2024 in Seoul, which
is still 2023 in UTC (it must count in 2024). A step "+n" happens n days after the filing.

| key | field    | ministry | filed       | consultation | proposal | answer            | closed             | public |
|-----|----------|----------|-------------|--------------|----------|-------------------|--------------------|--------|
| A1  | ai       | MSIT     | 2023-01-10  | +10          | +30      | +90 accepted      | +150 improved      | yes    |
| A2  | robotics | MOLIT    | 2023-03-01  | +4           | +20      | +80 partially     | (follow-up)        | yes    |
| A3  | bio      | MOHW     | 2023-05-15  | +17          | +60      | +240 not accepted | +260 not accepted  | no     |
| A4  | ai       | –        | 2023-11-30  | +10          |          |                   |                    |        |
| A5  | bio      | MFDS     | 2023-09-01  | +5           | +30      | +100 accepted     | +130 improved      | no     |
| S   | robotics | MOLIT    | 2023-06-01  | +1           | +2       | +3 accepted       | +4 improved        | yes    |
| B1  | ai       | MSIT     | 2024-01-01* | +4           | +34      | +64 long-term     | (follow-up)        | no     |
| B2  | bio      | MOHW     | 2024-02-10  | +2           | +32      | +92 accepted      | +122 improved      | yes    |
| B3  | robotics | MOLIT    | 2024-03-01  | +9, +24      | +19, +39 | (sent back: +24)  | (proposal)         | no     |
| B4  | bio      | –        | 2024-04-01  |              |          |                   | +10 withdrawn      | yes    |
| B5  | ai       | MSIT     | 2024-05-01  | +1           | +30      | +60 accepted      | +90 improved       | no     |
| B6  | bio      | –        | 2024-06-01  | (discovery)  |          |                   |                    | yes    |
| B7  | ai       | –        | 2024-07-01  |              |          |                   | +5 duplicate of B5 | yes    |
| B8  | robotics | –        | 2024-07-02  |              |          |                   | +1 out of scope    | no     |
| B9  | bio      | MFDS     | 2024-08-01  | +3           |          |                   | +20 improved       | no     |

S is suspected spam (and marked publishable): it must count nowhere. B4 (withdrawn by its filer), B7 (a
duplicate) and B8 (a test filing, closed as out of scope) are set aside: shown apart, counted in no other
figure. A5 was proposed to the Ministry of Food and Drug Safety in 2023 and solved in 2024; B9 has that
ministry too but was solved without a proposal: neither makes the ministry's row show more solved than
proposed. Meetings: 28 March 2023 (ai, robotics), 1 September 2023 (bio), 28 March 2024 (ai), 1 October
2024 (no field), and one a month from now (ai: not held yet)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.utils import timezone

from companies.models import Field
from issues import services
from issues.models import Issue, StatusChange
from issues.workflow import Answer, Resolution, State
from meetings.models import Meeting
from tests.base import business_number, intake, make_officer, ministry

SEOUL = ZoneInfo("Asia/Seoul")
MSIT, MOLIT, MOHW, MFDS = "과학기술정보통신부", "국토교통부", "보건복지부", "식품의약품안전처"

# (key, field code, ministry, filed (Seoul time), steps, publishable, spam); a step is (days after filing,
# target state, what the move needs).
PROGRAM = [
    ("A1", "ai", MSIT, datetime(2023, 1, 10, 9, 0), [
        (10, State.CONSULTATION, {}), (30, State.PROPOSAL, {}),
        (90, State.FOLLOW_UP, {"answer": Answer.ACCEPTED}), (150, State.CLOSED, {"resolution": Resolution.IMPROVED}),
    ], True, False),
    ("A2", "robotics", MOLIT, datetime(2023, 3, 1, 9, 0), [
        (4, State.CONSULTATION, {}), (20, State.PROPOSAL, {}),
        (80, State.FOLLOW_UP, {"answer": Answer.PARTIALLY_ACCEPTED}),
    ], True, False),
    ("A3", "bio", MOHW, datetime(2023, 5, 15, 9, 0), [
        (17, State.CONSULTATION, {}), (60, State.PROPOSAL, {}),
        (240, State.FOLLOW_UP, {"answer": Answer.NOT_ACCEPTED}),
        (260, State.CLOSED, {"resolution": Resolution.NOT_ACCEPTED}),
    ], False, False),
    ("A4", "ai", None, datetime(2023, 11, 30, 9, 0), [(10, State.CONSULTATION, {})], False, False),
    ("A5", "bio", MFDS, datetime(2023, 9, 1, 9, 0), [
        (5, State.CONSULTATION, {}), (30, State.PROPOSAL, {}),
        (100, State.FOLLOW_UP, {"answer": Answer.ACCEPTED}), (130, State.CLOSED, {"resolution": Resolution.IMPROVED}),
    ], False, False),
    ("S", "robotics", MOLIT, datetime(2023, 6, 1, 9, 0), [
        (1, State.CONSULTATION, {}), (2, State.PROPOSAL, {}), (3, State.FOLLOW_UP, {"answer": Answer.ACCEPTED}),
        (4, State.CLOSED, {"resolution": Resolution.IMPROVED}),
    ], True, True),
    ("B1", "ai", MSIT, datetime(2024, 1, 1, 0, 30), [
        (4, State.CONSULTATION, {}), (34, State.PROPOSAL, {}),
        (64, State.FOLLOW_UP, {"answer": Answer.LONG_TERM_REVIEW}),
    ], False, False),
    ("B2", "bio", MOHW, datetime(2024, 2, 10, 9, 0), [
        (2, State.CONSULTATION, {}), (32, State.PROPOSAL, {}),
        (92, State.FOLLOW_UP, {"answer": Answer.ACCEPTED}), (122, State.CLOSED, {"resolution": Resolution.IMPROVED}),
    ], True, False),
    ("B3", "robotics", MOLIT, datetime(2024, 3, 1, 9, 0), [
        (9, State.CONSULTATION, {}), (19, State.PROPOSAL, {}),
        (24, State.CONSULTATION, {"note": "관계 부처 의견 추가 확인 필요"}), (39, State.PROPOSAL, {}),
    ], False, False),
    ("B4", "bio", None, datetime(2024, 4, 1, 9, 0), [
        (10, State.CLOSED, {"resolution": Resolution.WITHDRAWN, "by_filer": True}),
    ], True, False),
    ("B5", "ai", MSIT, datetime(2024, 5, 1, 9, 0), [
        (1, State.CONSULTATION, {}), (30, State.PROPOSAL, {}),
        (60, State.FOLLOW_UP, {"answer": Answer.ACCEPTED}), (90, State.CLOSED, {"resolution": Resolution.IMPROVED}),
    ], False, False),
    ("B6", "bio", None, datetime(2024, 6, 1, 9, 0), [], True, False),
    ("B7", "ai", None, datetime(2024, 7, 1, 9, 0), [
        (5, State.CLOSED, {"resolution": Resolution.DUPLICATE, "duplicate_of": "B5"}),
    ], True, False),
    ("B8", "robotics", None, datetime(2024, 7, 2, 9, 0), [
        (1, State.CLOSED, {"resolution": Resolution.OUT_OF_SCOPE}),
    ], False, False),
    ("B9", "bio", MFDS, datetime(2024, 8, 1, 9, 0), [
        (3, State.CONSULTATION, {}), (20, State.CLOSED, {"resolution": Resolution.IMPROVED}),
    ], False, False),
]


def filer(key: str) -> dict:
    """What the filer of `key` typed about themselves: none of it may reach the public page or the report."""
    return {
        "company_name": f"주식회사 비공개{key}", "ceo_name": f"대표{key}", "contact_name": f"담당자{key}",
        "contact_email": f"contact.{key.lower()}@private-startup.example.com",
        "contact_phone": f"010-5{ord(key[0]):03d}-{int(key[1:] or 0):04d}",
        "business_number": business_number(),
    }


def title(key: str) -> str:
    return "테스트 접수입니다" if key == "B8" else f"규제 과제 {key}: 실증 특례 기간 연장"


def build() -> dict:
    """The program above, in the database: {key: Issue}, plus "officer"."""
    officer = make_officer()
    Group.objects.get_or_create(name="officer")
    issues = {}
    for key, field_code, ministry_name, filed_local, steps, publishable, spam in PROGRAM:
        filed_at = filed_local.replace(tzinfo=SEOUL)
        person = filer(key)
        data = intake(title=title(key), field=Field.objects.get(code=field_code), **person)
        issue = services.submit_issue(data, filed_at=filed_at, is_suspected_spam=spam)
        for _days, target, needs in steps:
            needs = dict(needs)
            by = None if needs.pop("by_filer", False) else officer
            if target == State.PROPOSAL and not issue.ministry_id:
                needs["ministry"] = ministry(ministry_name)
            if target == State.FOLLOW_UP:
                needs["answer_text"] = "검토 결과를 회신합니다."
            if "duplicate_of" in needs:
                needs["duplicate_of"] = issues[needs["duplicate_of"]]
            services.move_issue(issue, target, by=by, **needs)
        _put_back_dates(issue, filed_at, steps)
        if ministry_name and not issue.ministry_id:  # known before any proposal (B9: solved without one)
            Issue.objects.filter(pk=issue.pk).update(ministry=ministry(ministry_name))
        if publishable:
            Issue.objects.filter(pk=issue.pk).update(is_publishable=True)
        issue.refresh_from_db()
        issues[key] = issue
    _meetings()
    issues["officer"] = officer
    return issues


def _put_back_dates(issue: Issue, filed_at: datetime, steps: list) -> None:
    """The moves happened just now: give them the days of the program, in the history too."""
    at = {days: filed_at + timedelta(days=days) for days, _target, _needs in steps}
    on = {days: timezone.localdate(when, SEOUL) for days, when in at.items()}
    changes = list(StatusChange.objects.filter(issue=issue).order_by("pk"))
    assert len(changes) == len(steps) + 1
    StatusChange.objects.filter(pk=changes[0].pk).update(at=filed_at)
    for change, (days, _target, _needs) in zip(changes[1:], steps, strict=True):
        StatusChange.objects.filter(pk=change.pk).update(at=at[days])
    fields = {"filed_at": filed_at, "state_changed_at": at[steps[-1][0]] if steps else filed_at}
    for days, target, _needs in steps:
        if target == State.PROPOSAL:
            fields["proposed_on"] = on[days]  # the last proposal counts, as services.move_issue records it
        elif target == State.FOLLOW_UP:
            fields["government_answered_on"] = on[days]
        elif target == State.CLOSED:
            fields["closed_at"] = at[days]
    Issue.objects.filter(pk=issue.pk).update(**fields)


def _meetings() -> None:
    def meeting(title, when, *codes):
        held = Meeting.objects.create(title=title, starts_at=when, venue="서울파트너스하우스")
        held.fields.set(Field.objects.filter(code__in=codes))

    meeting("AI·로봇 규제혁신 현장 간담회", datetime(2023, 3, 28, 14, 0, tzinfo=SEOUL), "ai", "robotics")
    meeting("바이오 규제혁신 세미나", datetime(2023, 9, 1, 14, 0, tzinfo=SEOUL), "bio")
    meeting("규제혁신 현장 간담회", datetime(2024, 3, 28, 14, 0, tzinfo=SEOUL), "ai")
    meeting("규제혁신 포럼", datetime(2024, 10, 1, 14, 0, tzinfo=SEOUL))
    meeting("다음 간담회", timezone.now() + timedelta(days=30), "ai")  # not held yet


# --- The figures, by hand ----------------------------------------------------------------------------
# Counted: every issue but S (spam) and B4 B7 B8 (set aside). Columns: filed, entered consultation, proposed,
# answered, solved; each step in the year it happened:
# 2023 filed A1 A2 A3 A4 A5; entered consultation A1 A2 A3 A4 A5; proposed A1 A2 A3 A5; answered A1 A2 A5;
#      solved A1.
# 2024 filed B1 B2 B3 B5 B6 B9; consultation B1 B2 B3 (twice: one issue) B5 B9; proposed B1 B2 B3 B5;
#      answered A3 (10 January 2024) B1 B2 B5; solved A5 (9 January 2024) B2 B5 B9.
# Set aside, by the year of filing: 2023 none; 2024 B4 (withdrawn), B7 (duplicate), B8 (out of scope).
PER_YEAR = {2023: [5, 5, 4, 3, 1], 2024: [6, 5, 4, 4, 4]}
TOTALS = {None: [11, 10, 8, 7, 5], 2023: PER_YEAR[2023], 2024: PER_YEAR[2024]}
SET_ASIDE = {2023: 0, 2024: 3}  # withdrawn, duplicate, out of scope: 2024 one each
SET_ASIDE_BY = {None: [1, 1, 1], 2023: [0, 0, 0], 2024: [1, 1, 1]}

# Field → the five columns; in the order of the table (most filed first, then most proposed).
# ai: A1 A4 B1 B5 · bio: A3 A5 B2 B6 B9 · robotics: A2 B3.
PER_FIELD = {
    None: [("Bio", [5, 4, 3, 3, 3]), ("Artificial intelligence", [4, 4, 3, 3, 2]), ("Robotics", [2, 2, 2, 1, 0])],
    2023: [("Bio", [2, 2, 2, 1, 0]), ("Artificial intelligence", [2, 2, 1, 1, 1]), ("Robotics", [1, 1, 1, 1, 0])],
    2024: [("Bio", [3, 2, 1, 2, 3]), ("Artificial intelligence", [2, 2, 2, 2, 1]), ("Robotics", [1, 1, 1, 0, 0])],
}

# Ministry → the issues proposed in the period, and of those: answered, accepted in full or in part, solved
# (whenever that happened); most proposed first, then most answered, then by name.
# 2023: A1 (MSIT: accepted, solved), A2 (MOLIT: partially), A3 (MOHW: not accepted), A5 (MFDS: accepted, solved
# in 2024). 2024: B1 (MSIT: long-term), B5 (MSIT: accepted, solved), B2 (MOHW: accepted, solved), B3 (MOLIT: not
# answered). B9 (MFDS) was never proposed: in no row.
SCIENCE, LAND, HEALTH, FOOD = ("Ministry of Science and ICT", "Ministry of Land, Infrastructure and Transport",
                               "Ministry of Health and Welfare", "Ministry of Food and Drug Safety")
PER_MINISTRY = {
    None: [(SCIENCE, [3, 3, 2, 2]), (HEALTH, [2, 2, 1, 1]), (LAND, [2, 1, 1, 0]), (FOOD, [1, 1, 1, 1])],
    2023: [(FOOD, [1, 1, 1, 1]), (HEALTH, [1, 1, 0, 0]), (LAND, [1, 1, 1, 0]), (SCIENCE, [1, 1, 1, 1])],  # by name
    2024: [(SCIENCE, [2, 2, 1, 1]), (HEALTH, [1, 1, 1, 1]), (LAND, [1, 0, 0, 0])],
}

# Accepted, partially accepted, long-term review, not accepted: (number, share in %).
ANSWERS = {
    None: [(4, "57.1%"), (1, "14.3%"), (1, "14.3%"), (1, "14.3%")],  # A1 A5 B2 B5 · A2 · B1 · A3
    2023: [(2, "66.7%"), (1, "33.3%"), (0, "0.0%"), (0, "0.0%")],  # A1 A5 · A2
    2024: [(2, "50.0%"), (0, "0.0%"), (1, "25.0%"), (1, "25.0%")],  # B2 B5 · B1 · A3
}

# Interval → (issues, median, 90th percentile as computed, and both as shown: whole days, halves up), by the
# year the interval ended. percentile_cont: the value at rank p·(n−1), interpolated.
# Filing to proposal: 2023 [20 30 30 60] (A2 A1 A5 A3); 2024 [30 32 34 39] (B5 B2 B1 B3).
# Proposal to answer: 2023 [60 60 70] (A1 A2 A5); 2024 [30 30 60 180] (B1 B5 B2 A3: 240 − 60).
# Filing to closing (every closed issue counted): 2023 [150] (A1); 2024 [20 90 122 130 260] (B9 B5 B2 A5 A3).
DURATIONS = {
    None: [(8, 31, 45.3, "31", "45"), (7, 60, 114, "60", "114"), (6, 126, 205, "126", "205")],
    2023: [(4, 30, 51, "30", "51"), (3, 60, 68, "60", "68"), (1, 150, 150, "150", "150")],
    2024: [(4, 33, 37.5, "33", "38"), (4, 45, 144, "45", "144"), (5, 122, 208, "122", "208")],
}

# Field → meetings per year (columns 2023, 2024), fields in their order, then the meetings without one.
MEETINGS = {
    None: ([2023, 2024], [("Artificial intelligence", [1, 1]), ("Robotics", [1, 0]), ("Bio", [1, 0]),
                          ("No field given", [0, 1])], [2, 2]),
    2023: ([2023], [("Artificial intelligence", [1]), ("Robotics", [1]), ("Bio", [1])], [2]),
    2024: ([2024], [("Artificial intelligence", [1]), ("No field given", [1])], [2]),
}

# Publishable, counted, and closed or in follow-up, newest first (closed: by closing; follow-up: by answer).
# B4 and B7 are publishable but set aside; B6 still in discovery; S spam.
SOLVED = {
    None: [("B2", "Bio", HEALTH, "Accepted", "Improved"),
           ("A1", "Artificial intelligence", SCIENCE, "Accepted", "Improved"),
           ("A2", "Robotics", LAND, "Partially accepted", "Follow-up under way")],
    2023: [("A1", "Artificial intelligence", SCIENCE, "Accepted", "Improved"),
           ("A2", "Robotics", LAND, "Partially accepted", "Follow-up under way")],
    2024: [("B2", "Bio", HEALTH, "Accepted", "Improved")],
}
NOT_LISTED = ["A3", "A4", "A5", "S", "B1", "B3", "B4", "B5", "B6", "B7", "B8", "B9"]

# The proposals of each year, by proposal date: key, proposal date, state, answer.
PROPOSALS = {
    2023: [("A1", date(2023, 2, 9), "Closed", "Accepted"), ("A2", date(2023, 3, 21), "Follow-up", "Partially accepted"),
           ("A3", date(2023, 7, 14), "Closed", "Not accepted"), ("A5", date(2023, 10, 1), "Closed", "Accepted")],
    2024: [("B1", date(2024, 2, 4), "Follow-up", "Long-term review"), ("B2", date(2024, 3, 13), "Closed", "Accepted"),
           ("B3", date(2024, 4, 9), "Proposed to the government", ""),
           ("B5", date(2024, 5, 31), "Closed", "Accepted")],
}


def expected_tables(year: int | None, *, up_to: int | None = None) -> dict:
    """The tables of the page (or the report) for `year`, as the rows a reader sees: label, then texts."""
    years = [y for y in PER_YEAR if up_to is None or y <= up_to]
    per_year = [[str(y), *map(str, PER_YEAR[y]), str(SET_ASIDE[y])] for y in years]  # the last column apart
    meeting_years, meeting_rows, meeting_totals = MEETINGS[year]
    return {
        "per-year": (per_year, ["Total", *(str(sum(PER_YEAR[y][i] for y in years)) for i in range(5)),
                                str(sum(SET_ASIDE[y] for y in years))] if len(years) > 1 else None),
        "per-field": ([[label, *map(str, row)] for label, row in PER_FIELD[year]], None),
        "per-ministry": ([[label, *map(str, row)] for label, row in PER_MINISTRY[year]], None),
        "answers": ([[label, str(n), share] for label, (n, share) in
                     zip(["Accepted", "Partially accepted", "Long-term review", "Not accepted"], ANSWERS[year],
                         strict=True)],
                    ["Total", str(sum(n for n, _share in ANSWERS[year])), "100.0%"]),
        "durations": ([[label, str(n), median, p90] for label, (n, _median, _p90, median, p90) in
                       zip(["Filing to proposal", "Proposal to answer", "Filing to closing"], DURATIONS[year],
                           strict=True)], None),
        "meetings": ([[label, *map(str, row)] for label, row in meeting_rows],
                     ["All meetings", *map(str, meeting_totals)]),
        "meeting_years": [str(y) for y in meeting_years],
    }


def private_strings() -> list[str]:
    """What filers typed about themselves, for every issue of the program."""
    found = []
    for key, *_rest in PROGRAM:
        person = filer(key)
        found += [person["company_name"], person["ceo_name"], person["contact_name"], person["contact_email"],
                  person["contact_phone"]]
    return found
