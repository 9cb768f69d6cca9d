"""The advisory group's figures: consultations per profession and per field, and the median days from the
request to the opinion, worked out by hand below; on the officers' dashboard and in the annual report (XLSX
and PDF), while /stats/ shows the count only. One grouped query, whatever the number of consultations.

| key | expert (profession)   | issue (field) | asked (Seoul)     | opinion          | days | then               |
|-----|-----------------------|---------------|-------------------|------------------|------|--------------------|
| L1  | 김태현 (lawyer)       | X (bio)       | 2024-03-04 10:00  | 2024-03-07 16:00 | 3    | accepted           |
| L2  | 이서진 (lawyer)       | Y (ai)        | 2024-05-10 10:00  | 2024-05-15 11:00 | 5    | waiting            |
| P   | 최유진 (patent att.)  | X (bio)       | 2024-06-01 10:00  | 2024-06-11 10:00 | 10   | accepted           |
| O   | 김태현 (lawyer)       | Y (ai)        | 2024-07-01 10:00  |                  |      | open               |
| R   | 이서진 → 최유진       | Y (ai)        | 2024-08-01 10:00  |                  |      | declined, given to |
| R2  | 최유진 (patent att.)  | Y (ai)        | 2024-08-03 10:00  |                  |      | open               |
| S   | 김태현 (lawyer)       | spam          | 2024-04-01 10:00  | 2024-04-02 10:00 | 1    | counts nowhere     |
| T   | 이서진 (lawyer)       | X (bio)       | 2025-01-01 00:30  | 2025-01-03 09:00 | 2    | waiting            |

R was given to another expert: it counts once, as R2. T was asked on 1 January 2025 in Seoul (still 2024 in
UTC) and answered two Seoul days later (three UTC dates). 2024: 5 consultations (lawyers L1 L2 O, patent
attorneys P R2; bio L1 P, ai L2 O R2), 3 opinions after 3, 5 and 10 days (median 5; lawyers 3 and 5: 4; bio 3
and 10: 6.5, written 7), 2 accepted. 2025: T alone. All years: 6 consultations, 4 opinions (2 3 5 10: median 4)."""

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from companies.models import Field
from issues import consultations, services
from issues.models import Consultation, ConsultationMessage, ExpertProfile
from issues.stats import dashboard, facts
from issues.workflow import State
from tests.base import business_number, intake, make_expert, make_issue, make_officer, make_official
from tests.documents.readers import pdf_lines

from .conftest import tables
from .test_report import download, figure_blocks

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
EXPERTS = {"kim": ("태현", "김", ExpertProfile.Profession.LAWYER),
           "lee": ("서진", "이", ExpertProfile.Profession.LAWYER),
           "choi": ("유진", "최", ExpertProfile.Profession.PATENT_ATTORNEY)}

# The tables of the report and the dashboard, in English: label, consultations, opinions, accepted, median days.
BY_PROFESSION_2024 = [["Lawyer", "3", "2", "1", "4"], ["Patent attorney", "2", "1", "1", "10"]]
BY_FIELD_2024 = [["Artificial intelligence", "3", "1", "0", "5"], ["Bio", "2", "2", "2", "7"]]
TOTAL_2024 = ["Total", "5", "3", "2", "5"]
HEADER = ["Expert consultations", "Opinions given", "Of these, accepted by the centre", "Median days to an opinion"]


def seoul(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SEOUL)


@pytest.fixture
def group(db):
    """The table above, through issues/consultations, with its dates put back."""
    officer = make_officer()
    experts = {}
    for username, (first, last, profession) in EXPERTS.items():
        experts[username] = make_expert(username, first_name=first, last_name=last)
        ExpertProfile.objects.create(user=experts[username], profession=profession, may_be_named=True)
    x = make_issue(State.CONSULTATION, by=officer, field=Field.objects.get(code="bio"), title="과제 X",
                   business_number=business_number())
    y = make_issue(State.CONSULTATION, by=officer, field=Field.objects.get(code="ai"), title="과제 Y",
                   business_number=business_number())
    spam = services.submit_issue(intake(title="광고", business_number=business_number()), is_suspected_spam=True)
    made = {}

    def consult(key, who, issue, asked, answered=None, accept=False):
        made[key] = consultation = consultations.request_consultation(
            issue, expert=experts[who], question=f"{key} 검토 요청", due_on=timezone.localdate(), by=officer)
        if answered:
            consultations.submit_opinion(consultation, summary=f"{key} 의견", legal_basis="", recommendation="amended",
                                         by=experts[who])
        if accept:
            consultations.accept_opinion(consultation, by=officer)
        Consultation.objects.filter(pk=consultation.pk).update(
            created_at=seoul(asked), answered_at=seoul(answered) if answered else None)
        return consultation

    consult("L1", "kim", x, "2024-03-04 10:00", "2024-03-07 16:00", accept=True)
    consult("L2", "lee", y, "2024-05-10 10:00", "2024-05-15 11:00")
    consult("P", "choi", x, "2024-06-01 10:00", "2024-06-11 10:00", accept=True)
    consult("O", "kim", y, "2024-07-01 10:00")
    consultations.decline(consult("R", "lee", y, "2024-08-01 10:00"), reason="이해충돌", by=experts["lee"])
    made["R2"] = consultations.reassign(made["R"], expert=experts["choi"], due_on=timezone.localdate(), by=officer)
    Consultation.objects.filter(pk=made["R2"].pk).update(created_at=seoul("2024-08-03 10:00"))
    consult("S", "kim", spam, "2024-04-01 10:00", "2024-04-02 10:00")
    consult("T", "lee", x, "2025-01-01 00:30", "2025-01-03 09:00")
    return {"officer": officer, **experts, **made}


def rows(table) -> list[list[str]]:
    return [[label, *(cell["text"] for cell in cells)] for label, cells in table["rows"]]


def test_the_figures_of_a_year_by_profession_and_field_with_the_median_days(group):
    with translation.override("en"):
        data = facts.figures(facts.compute_facts(), 2024)
        by_profession, by_field = facts.consultation_tables(data)

    assert rows(by_profession) == BY_PROFESSION_2024
    assert rows(by_field) == BY_FIELD_2024
    assert [by_profession["total"][0], *(c["text"] for c in by_profession["total"][1])] == TOTAL_2024
    assert by_profession["header"] == ["Profession", *HEADER] and by_field["header"] == ["Field", *HEADER]
    # Bio's opinions took 3 and 10 days: a median of 6.5, written as a whole day.
    assert data["consultations"]["by_field"][1]["median"] == 6.5


def test_a_year_counts_the_consultations_asked_and_the_opinions_given_in_it_in_seoul_time(group):
    computed = facts.compute_facts()
    total = {year: computed["scopes"][year]["consultations"]["total"] for year in (None, 2024, 2025)}

    assert {year: (t["consultations"], t["opinions"], t["opinions_accepted"], t["median"])
            for year, t in total.items()} == {None: (6, 4, 2, 4.0), 2024: (5, 3, 2, 5.0), 2025: (1, 1, 0, 2.0)}
    # The issues were filed this year: 2024 and 2025 are years of the figures for their consultations alone.
    assert {2024, 2025} <= set(computed["years"])


def test_the_figures_take_one_query_however_many_consultations(group, django_assert_num_queries):
    with django_assert_num_queries(1):
        few = facts.consultation_rows(Consultation.objects.all())
    for number in range(30):
        consultations.request_consultation(group["R2"].issue, expert=make_expert(f"more{number}"),
                                           question="추가 요청", due_on=timezone.localdate(), by=group["officer"])

    with django_assert_num_queries(1):
        many = facts.consultation_rows(Consultation.objects.all())
    # The thirty new requests of today fall into a single group row: no row per consultation.
    assert len(many) == len(few) + 1


def test_the_dashboard_shows_an_officer_this_years_figures(client, group, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(dashboard, "local_today", lambda: date(2024, 12, 20))
    with django_assert_max_num_queries(2):
        counts = dashboard.consultation_counts(group["officer"], date(2024, 12, 20))
    assert counts["total"]["consultations"] == 5
    client.force_login(group["officer"])

    page = client.get(reverse("admin:index"), headers={"Accept-Language": "en"}).content.decode()

    shown = tables(page)
    assert "Expert consultations in 2024" in page
    assert shown["consultations-by-profession"]["header"] == ["Profession", *HEADER]
    assert shown["consultations-by-profession"]["rows"] == BY_PROFESSION_2024
    assert shown["consultations-by-profession"]["foot"] == TOTAL_2024
    assert shown["consultations-by-field"]["rows"] == BY_FIELD_2024
    assert "Calendar days from the request to the opinion" in page


def test_the_dashboard_says_so_when_no_expert_was_consulted_this_year(client, group, monkeypatch):
    monkeypatch.setattr(dashboard, "local_today", lambda: date(2026, 3, 2))
    client.force_login(group["officer"])

    page = client.get(reverse("admin:index")).content.decode()

    assert "2026년 전문가 자문" in page and "올해는 아직 전문가 자문 요청이 없습니다." in page


@pytest.mark.parametrize("who", ["official", "expert"])
def test_officials_and_experts_do_not_get_the_dashboards_consultation_figures(group, who):
    user = make_official() if who == "official" else group["kim"]

    assert dashboard.dashboard(user, today=date(2024, 12, 20))["consultation_figures"] is None


def test_the_xlsx_report_has_the_tables_with_numbers(client, group):
    from openpyxl import load_workbook

    blocks = figure_blocks(load_workbook(io.BytesIO(download(client, 2024, "xlsx").content)).worksheets[0])

    by_profession = blocks["Expert consultations by profession (2024)"]
    assert by_profession["header"] == ["Profession", *HEADER]
    assert by_profession["rows"] == [[row[0], *map(int, row[1:])] for row in [*BY_PROFESSION_2024, TOTAL_2024]]
    assert blocks["Expert consultations by field (2024)"]["rows"][:2] == [
        [row[0], *map(int, row[1:])] for row in BY_FIELD_2024]


def test_the_pdf_report_prints_the_tables_and_what_they_count(client, group, tmp_path):
    import subprocess

    path = tmp_path / "report.pdf"
    path.write_bytes(download(client, 2024, "pdf").content)
    text = subprocess.run(["/usr/bin/pdftotext", "-layout", str(path), "-"],  # noqa: S603 - our own file
                          check=True, capture_output=True, text=True).stdout

    for title in ("Expert consultations by profession (2024)", "Expert consultations by field (2024)"):
        assert title in text
    for row in [*BY_PROFESSION_2024, *BY_FIELD_2024, TOTAL_2024]:
        line = r"^\s*" + re.escape(row[0]) + "".join(r"\s+" + re.escape(cell) for cell in row[1:]) + r"\s*$"
        assert re.search(line, text, re.MULTILINE), row
    assert "a request given to another expert counts once" in " ".join(text.split())


def test_the_korean_report_names_professions_in_korean(client, group):
    lines = pdf_lines(download(client, 2024, "pdf", language="ko").content)

    assert "전문가 유형별 자문(2024)" in lines and "분야별 전문가 자문(2024)" in lines
    assert any(line.startswith("변호사") for line in lines)


@pytest.mark.parametrize("language, shown", [("en", "5 expert consultations"), ("ko", "전문가 자문 5건")])
def test_the_public_page_shows_the_count_only(client, group, language, shown):
    page = client.get(reverse("stats") + "?year=2024", headers={"Accept-Language": language}).content.decode()

    assert re.search(r'data-figure="consultations" data-n="5">\s*' + re.escape(shown), page)
    # No names, no profession, no table of the advisory group's work, nothing of a question or an opinion.
    for hidden in ("태현", "서진", "유진", "김태현", "Lawyer", "변호사", "Patent attorney", "변리사",
                   "consultations-by", "검토 요청", "L1 의견"):
        assert hidden not in page, hidden
    assert "6 expert consultations" in client.get(reverse("stats"), headers={"Accept-Language": "en"}).content.decode()


def test_an_opinion_asked_again_counts_once_by_its_last_date(group):
    # L2 gets a follow-up question and a second answer on 20 May: still one opinion, now of 10 days.
    consultations.ask_follow_up(group["L2"], text="추가 질의", by=group["officer"])
    consultations.submit_opinion(group["L2"], summary="보완 의견", legal_basis="", recommendation="as_is",
                                 by=group["lee"])
    Consultation.objects.filter(pk=group["L2"].pk).update(answered_at=seoul("2024-05-20 10:00"))
    ConsultationMessage.objects.filter(consultation=group["L2"]).update(at=seoul("2024-05-20 10:00"))

    total = facts.compute_facts()["scopes"][2024]["consultations"]["total"]

    assert (total["consultations"], total["opinions"], total["median"]) == (5, 3, 10.0)
