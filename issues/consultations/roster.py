"""The advisory group's roster as the request form offers it (suggest_experts), and the requests past due."""

from datetime import date

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from .. import selectors
from ..models import Consultation, ExpertProfile, Issue
from ..workflow import EXPERT

Profession = ExpertProfile.Profession

# The words of an issue (its title, problem and related laws) that call for a profession besides a lawyer's.
# Every regulation is a law, so a lawyer fits any issue; these fit better where their words appear.
PROFESSION_WORDS = {
    Profession.PATENT_ATTORNEY: ("특허", "상표", "디자인보호", "지식재산", "실용신안", "patent", "trademark"),
    Profession.ACCOUNTANT: ("세법", "법인세", "부가가치세", "소득세", "조세", "회계", "과세", "tax", "accounting"),
    Profession.LABOR_ATTORNEY: ("근로", "노동", "고용", "산업안전", "최저임금", "labour", "labor", "employment"),
    Profession.ENGINEER: ("기술기준", "인증", "표준", "안전기준", "전파", "certification", "standard"),
}

# How many days an expert is given by default to answer.
DEFAULT_DAYS = 14


def fitting_professions(issue: Issue) -> list[str]:
    """The professions the issue's own words call for (PROFESSION_WORDS), in the table's order."""
    text = " ".join((issue.title, issue.problem, issue.related_law)).lower()
    return [profession for profession, words in PROFESSION_WORDS.items()
            if any(word in text for word in words)]


def suggest_experts(issue: Issue) -> QuerySet:
    """The experts who take requests now, as the request form offers them: those of the issue's field first,
    then those of a profession that fits (fitting_professions; a lawyer fits any issue, after those), then
    the fewest open requests; each profile annotated with `open_requests` (asked or asked again, not yet
    answered), `in_field` and `fit` (2 a profession the issue calls for, 1 a lawyer, 0 another). One query."""
    fitting = fitting_professions(issue)
    in_field = Exists(ExpertProfile.fields.through.objects.filter(expertprofile=OuterRef("pk"),
                                                                  field=issue.field_id)) \
        if issue.field_id else Value(False)
    return (
        ExpertProfile.objects
        .filter(accepting_requests=True, user__is_active=True, user__groups__name=EXPERT)
        .select_related("user")
        .annotate(
            open_requests=Count("user__consultations", filter=Q(user__consultations__status__in=Consultation.OPEN),
                                distinct=True),
            in_field=in_field,
            fit=Case(When(profession__in=fitting, then=Value(2)), When(profession=Profession.LAWYER, then=Value(1)),
                     default=Value(0), output_field=IntegerField()),
        )
        .order_by("-in_field", "-fit", "open_requests", "user__last_name", "user__first_name", "user__username")
    )


def overdue(queryset: QuerySet | None = None, *, today: date | None = None) -> QuerySet:
    """The requests of `queryset` (default: all) an expert still owes an answer to after their due date,
    the longest overdue first."""
    queryset = Consultation.objects.all() if queryset is None else queryset
    return queryset.filter(selectors.overdue_consultations_q(today)).order_by("due_on", "pk")


def open_requests(user) -> int:
    """How many requests `user` has not answered yet."""
    return Consultation.objects.filter(expert=user, status__in=Consultation.OPEN).count()
