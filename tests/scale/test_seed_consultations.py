"""`manage.py seed_bulk`'s advisory group and consultations: 50 expert profiles of the seed article's
professions, requests on the issues in consultation with threads that add up (an opinion after the request,
acceptance after the opinion, a declined request given to another expert), nothing after the anchor; the same
rows for the same seed; and the figures counting them as the database holds them."""

import hashlib

import pytest
from django.db.models import Count, Q

from issues.models import Consultation, ConsultationMessage, ExpertProfile, Issue
from issues.stats import facts
from issues.workflow import EXPERT

from .test_seed_bulk import ANCHOR_MOMENT, seed, wipe

pytestmark = pytest.mark.django_db

Status, Kind = Consultation.Status, ConsultationMessage.Kind


def digest() -> str:
    """The seeded consultations and their threads, by natural keys (ids depend on the database's sequences)."""
    rows = [
        list(Consultation.objects.values_list(
            "issue__number", "expert__username", "requested_by__username", "question", "due_on", "status",
            "created_at", "answered_at", "accepted_at", "summary", "legal_basis", "recommendation",
            "published_summary", "replaced_by__expert__username")),
        list(ConsultationMessage.objects.values_list("consultation__issue__number", "author__username", "kind",
                                                     "text", "at")),
        list(ExpertProfile.objects.values_list("user__username", "profession", "organisation", "accepting_requests",
                                               "may_be_named").annotate(fields=Count("fields"))),
    ]
    return hashlib.sha256(repr([sorted(map(repr, table)) for table in rows]).encode()).hexdigest()


def test_the_roster_has_fifty_experts_of_the_seeds_professions():
    seed(50, 2)

    profiles = ExpertProfile.objects.all()
    assert profiles.count() == 50
    by = dict(profiles.values_list("profession").annotate(n=Count("pk")))
    assert by["lawyer"] > by["accountant"] > 5 and by["patent_attorney"] > 5
    assert not profiles.exclude(user__groups__name=EXPERT).exists()
    assert all(profile.fields.count() in (1, 2) for profile in profiles)
    assert profiles.filter(accepting_requests=False).exists() and profiles.filter(may_be_named=True).exists()


def test_about_a_third_of_the_issues_in_consultation_have_requests_in_every_status():
    seed(3000, 5)  # enough for a few requests still open at the anchor

    statuses = set(Consultation.objects.values_list("status", flat=True))
    assert {Status.REQUESTED, Status.ANSWERED, Status.ACCEPTED, Status.DECLINED, Status.REASSIGNED} <= statuses
    consulted = Consultation.objects.values("issue").distinct().count()
    reached = Issue.objects.filter(status_changes__to_state="consultation").distinct().count()
    assert 0.2 < consulted / reached < 0.5
    assert set(Consultation.objects.exclude(recommendation="").values_list("recommendation", flat=True)) == set(
        Consultation.Recommendation.values)
    assert Consultation.objects.exclude(published_summary="").filter(status=Status.ACCEPTED).exists()


def test_each_consultation_holds_together_up_to_the_anchor():
    seed(600, 5)

    for consultation in Consultation.objects.select_related("issue", "expert__expert_profile", "replaced_by"):
        thread = list(consultation.messages.order_by("at", "pk"))
        assert (thread[0].kind, thread[0].at, thread[0].author_id) == (
            Kind.QUESTION, consultation.created_at, consultation.requested_by_id)
        assert consultation.issue.filed_at < consultation.created_at <= ANCHOR_MOMENT
        assert consultation.expert.expert_profile.accepting_requests
        assert (consultation.due_on - consultation.created_at.date()).days in (13, 14, 15)
        answers = [m for m in thread if m.kind == Kind.ANSWER]
        if consultation.status in (Status.ANSWERED, Status.ACCEPTED):
            assert consultation.answered_at == answers[-1].at and consultation.summary and consultation.recommendation
        if consultation.status == Status.ACCEPTED:
            assert consultation.answered_at < consultation.accepted_at <= ANCHOR_MOMENT
        else:
            assert consultation.accepted_at is None
        if consultation.status == Status.REQUESTED:
            assert thread == thread[:1] and consultation.answered_at is None
        if consultation.status == Status.REASSIGNED:
            # Declined first; the request given to another expert with the same question, after the decline.
            assert thread[-1].kind == Kind.DECLINE
            new = consultation.replaced_by
            assert (new.issue_id, new.question) == (consultation.issue_id, consultation.question)
            assert new.expert_id != consultation.expert_id and new.created_at > thread[-1].at
        assert all(message.at <= ANCHOR_MOMENT for message in thread)


def test_the_same_seed_gives_the_same_consultations_and_another_seed_others():
    seed(200, 3)
    first = digest()
    assert Consultation.objects.exists()
    wipe()
    seed(200, 3)
    assert digest() == first
    wipe()
    seed(200, 4)
    assert digest() != first


def test_a_second_run_adds_consultations_on_its_own_issues_after_the_first():
    seed(200, 3)
    issues = set(Issue.objects.values_list("pk", flat=True))
    last = Consultation.objects.order_by("-pk").values_list("pk", flat=True).first()

    seed(200, 3)

    added = Consultation.objects.filter(pk__gt=last)
    assert added.exists() and not added.filter(issue__in=issues).exists()
    assert Consultation.objects.count() == added.count() + Consultation.objects.filter(pk__lte=last).count()
    assert ExpertProfile.objects.count() == 50  # the roster is found again, not made twice


def test_the_figures_count_what_was_seeded(client):
    seed(600, 5)

    total = facts.compute_facts()["scopes"][None]["consultations"]["total"]

    counted = facts.counted(Consultation.objects.exclude(status=Status.REASSIGNED), "issue__")
    assert total["consultations"] == counted.count()
    assert total["opinions"] == counted.filter(answered_at__isnull=False).count()
    assert total["opinions_accepted"] == counted.filter(Q(status=Status.ACCEPTED)).count()
    assert total["median"] is not None and 1 <= total["median"] <= 30


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_worker_threads_write_the_same_consultations_as_one_transaction_on_postgres(on_postgres):
    seed(300, 5, "--workers", "2", "--chunk", "100")
    threaded = digest()
    assert Consultation.objects.exists()
    wipe()
    seed(300, 5, "--workers", "1", "--chunk", "100")
    assert digest() == threaded
