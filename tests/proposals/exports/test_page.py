"""/exports/: who may open it, what each role sees, the filters, the pages and the cost of a list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Field
from issues.models import ExportLog, Issue, ProposalBatch
from issues.proposals import batches
from issues.workflow import State
from meetings.models import Meeting
from tests.base import business_number, make_expert, make_issue, make_user
from tests.documents.readers import pdf_lines

from ..conftest import HEADERS_KO
from .conftest import attachment_name, download, issues_with_meetings, pdf_text, read_csv, read_xlsx, squeezed


def numbers(client, **params) -> list[str]:
    """The tracking numbers of the CSV download with this filter, in order."""
    response = download(client, format="csv", **params)
    assert response.status_code == 200, response.content[:2000] if hasattr(response, "content") else response
    return [row[0] for row in read_csv(response.body)[1:]]


# --- Who may open it -------------------------------------------------------------------------------

def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("exports"), {"format": "xlsx"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login") + "?next=/exports/")
    assert not ExportLog.objects.exists()


@pytest.mark.parametrize("who", ["expert", "staff without a role"])
def test_other_staff_are_refused(client, cast, who):
    user = make_expert() if who == "expert" else make_user("clerk", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("exports")).status_code == 403
    assert client.get(reverse("exports"), {"format": "csv"}).status_code == 403
    assert not ExportLog.objects.exists()


def test_an_official_sees_the_proposals_and_what_followed(client, cast):
    client.force_login(cast["official"])
    response = client.get(reverse("exports"))
    assert response.status_code == 200
    page = response.content.decode()
    for shown in ("robots", "drones", "bio"):
        assert cast[shown].number in page
    for hidden in ("draft", "review", "spam"):
        assert cast[hidden].number not in page
    assert numbers(client) == [cast["bio"].number, cast["drones"].number, cast["robots"].number]
    # The states the official can choose are the ones they can see.
    assert [value for value, _label in response.context["form"].fields["state"].choices] == [
        "", State.PROPOSAL, State.FOLLOW_UP, State.CLOSED]


def test_an_officer_sees_every_issue_but_suspected_spam(client, cast):
    client.force_login(cast["officer"])
    listed = numbers(client)
    assert set(listed) == {cast[k].number for k in ("robots", "drones", "bio", "draft", "review")}


def test_a_state_the_official_may_not_see_is_refused_not_ignored(client, cast):
    client.force_login(cast["official"])
    response = client.get(reverse("exports"), {"state": State.DISCOVERY, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors
    assert not ExportLog.objects.exists()


# --- The filters -------------------------------------------------------------------------------------

def test_the_filters_narrow_the_list(client, cast):
    client.force_login(cast["officer"])
    robots, drones, bio = cast["robots"], cast["drones"], cast["bio"]
    assert numbers(client, ministry=drones.ministry_id) == [drones.number]
    assert numbers(client, field=Field.objects.get(code="robotics").pk) == [robots.number]
    assert numbers(client, state=State.CLOSED) == [bio.number]
    assert numbers(client, answer="long_term_review") == [bio.number, drones.number]
    assert numbers(client, meeting=cast["meeting"].pk) == [drones.number, robots.number]
    assert numbers(client, filed_after="2024-03-01", filed_before="2024-03-20") == [
        robots.number, cast["draft"].number]
    assert numbers(client, filed_before="2023-12-31") == [bio.number]
    today = f"{timezone.localdate():%Y-%m-%d}"
    assert numbers(client, proposed_after=today, proposed_before=today) == [bio.number, drones.number, robots.number]
    assert numbers(client, proposed_before="2000-01-01") == []
    assert numbers(client, ministry=drones.ministry_id, state=State.PROPOSAL) == []


def test_the_batch_filter_lists_a_batch_and_names_the_files_after_it(client, cast, tmp_path):
    officer = cast["officer"]
    batch = batches.create_batch(year=2024, title="2024년 1차 정부 건의", by=officer)
    Issue.objects.filter(pk__in=[cast["robots"].pk, cast["drones"].pk]).update(proposal_batch=batch)
    # An official picks among the batches submitted to the government (selectors.visible_batches).
    ProposalBatch.objects.filter(pk=batch.pk).update(submitted_at=timezone.now(), submitted_by=officer)
    client.force_login(cast["official"])
    assert numbers(client, batch=batch.pk) == [cast["drones"].number, cast["robots"].number]
    response = download(client, format="xlsx", batch=batch.pk)
    sheet, rows = read_xlsx(response.body)
    assert sheet.title == "2024년 1차 정부 건의"
    assert rows[1][HEADERS_KO.index("비고")].endswith("2024년 1차 정부 건의")  # remarks name the batch
    assert attachment_name(response) == "2024년 1차 정부 건의 과제.xlsx"
    response = download(client, format="pdf", batch=batch.pk)
    assert attachment_name(response) == "2024년 1차 정부 건의 과제.pdf"
    # Under the sender's line, the title: the batch.
    assert squeezed("서울특별시 서울기업지원센터 · 경제정책실 경제정책과") in pdf_text(response.body, tmp_path)
    assert pdf_lines(response.body)[2] == "2024년 1차 정부 건의"


def test_the_page_keeps_the_filter_in_its_download_links(client, cast):
    client.force_login(cast["official"])
    ministry = cast["robots"].ministry_id
    response = client.get(reverse("exports"), {"ministry": ministry, "page": "1"})
    page = response.content.decode()
    for format in ("xlsx", "csv", "pdf", "hwpx"):
        assert f'href="?ministry={ministry}&amp;format={format}"' in page
    assert response.context["count"] == 1


def test_the_results_come_fifty_to_a_page(client, cast):
    officer = cast["officer"]
    for index in range(50):
        make_issue(title=f"과제 {index:02d}", business_number=business_number(), by=officer)
    client.force_login(officer)
    first = client.get(reverse("exports"))
    assert first.context["count"] == 55
    assert len(first.context["rows"]) == 50
    second = client.get(reverse("exports"), {"page": 2})
    assert len(second.context["rows"]) == 5
    assert 'rel="prev"' in second.content.decode()


def test_titles_are_shown_as_text_in_the_page_and_the_pdf(client, cast, tmp_path):
    Issue.objects.filter(pk=cast["robots"].pk).update(title='<script>alert("x")</script><b>굵게</b>')
    client.force_login(cast["official"])
    page = client.get(reverse("exports")).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;굵게&lt;/b&gt;" in page
    text = pdf_text(download(client, format="pdf").body, tmp_path)
    assert squeezed('<script>alert("x")</script><b>굵게</b>') in text


# --- The cost of a list (the files': test_file_costs.py) ---------------------------------------------

def test_the_page_costs_the_same_for_few_and_many_rows(client, cast):
    officer = cast["officer"]
    client.force_login(officer)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("exports"))
    meeting = Meeting.objects.create(title="간담회", starts_at=timezone.now())
    issues_with_meetings(40, officer, meeting)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("exports"))
    assert len(response.context["rows"]) == 45
    assert len(few) == len(many)
