"""What /exports/ gives an official and an officer of the proposal batches and of the filers: the batch
filter offers both every batch (officials build and submit batches too, CONTRACT.md), those still being put
together included, the remarks column names them, and no row carries a filer's contact details, only the
proposing company (건의기업)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from issues.models import Issue, ProposalBatch
from issues.proposals import batches
from issues.workflow import State
from tests.base import FILER_EMAIL, make_issue

from ..conftest import HEADERS_KO
from .conftest import CONTACTS, download, read_csv

REMARKS = HEADERS_KO.index("비고")

pytestmark = pytest.mark.django_db

SUBMITTED, DRAFT = "2024년 1차 정부 건의", "준비 중인 2차 묶음"


@pytest.fixture
def two_batches(cast):
    """The 2024 batch was submitted (drones, answered since, in it); the next one is still being put
    together, and the robots proposal, already proposed, waits in it."""
    officer = cast["officer"]
    submitted = batches.create_batch(year=2024, title=SUBMITTED, by=officer)
    draft = batches.create_batch(year=2024, title=DRAFT, by=officer)
    Issue.objects.filter(pk=cast["drones"].pk).update(proposal_batch=submitted)
    ProposalBatch.objects.filter(pk=submitted.pk).update(submitted_at=timezone.now(), submitted_by=officer)
    batches.add_to_batch([cast["robots"]], draft, by=officer)
    return submitted, draft


@pytest.mark.parametrize("who", ["official", "officer"])
def test_the_batch_filter_offers_every_batch_submitted_or_not(who, client, cast, two_batches):
    client.force_login(cast[who])

    page = client.get(reverse("exports")).content.decode()

    assert SUBMITTED in page
    assert DRAFT in page


def test_an_official_exports_a_batch_still_being_put_together(client, cast, two_batches):
    _submitted, draft = two_batches
    client.force_login(cast["official"])

    rows = read_csv(download(client, format="csv", batch=draft.pk).body)

    assert [row[0] for row in rows[1:]] == [cast["robots"].number]


@pytest.mark.parametrize("who", ["official", "officer"])
def test_the_remarks_name_only_the_batches_the_reader_may_see(who, client, cast, two_batches):
    client.force_login(cast[who])

    rows = {row[0]: row for row in read_csv(download(client, format="csv").body)[1:]}

    assert rows[cast["drones"].number][REMARKS].endswith(SUBMITTED)
    assert rows[cast["robots"].number][REMARKS].endswith(DRAFT)


@pytest.mark.parametrize("who", ["official", "officer"])
def test_no_export_row_carries_a_filers_contact_only_the_proposing_company(who, client, cast):
    client.force_login(cast[who])

    rows = read_csv(download(client, format="csv").body)

    cells = "\n".join("\t".join(row) for row in rows)
    for contact in [*CONTACTS, FILER_EMAIL, "박대표"]:
        assert contact not in cells
    companies = {row[0]: row[3] for row in rows[1:]}
    assert companies[cast["drones"].number] == "하늘드론"


def test_a_filing_not_linked_to_a_known_company_is_exported_under_the_name_it_was_filed_with(client, cast):
    # A known business number links nothing until an officer decides (services.submit_issue).
    known = cast["robots"].company
    twin = make_issue(State.PROPOSAL, by=cast["officer"], company_name="로보틱스 (신규 법인)",
                      business_number=known.business_number, contact_email="new@robotics.example.com")
    assert twin.company_id is None
    client.force_login(cast["official"])

    companies = {row[0]: row[3] for row in read_csv(download(client, format="csv").body)[1:]}

    assert companies[twin.number] == "로보틱스 (신규 법인)"
    assert companies[cast["robots"].number] == known.name
