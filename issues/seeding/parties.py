"""Who and where: the staff accounts that act on synthetic issues, the associations, the companies with
their contact people, and the meetings (with fields and attendees) where issues are discussed."""

from bisect import bisect_right
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from companies.models import Company, Contact, Organization
from companies.models import Field as IndustryField
from companies.reference import FIELDS, MINISTRIES
from companies.validators import business_number_check_digit
from meetings.models import Attendee, Meeting

from ..models import ExpertProfile
from ..workflow import EXPERT, OFFICER, OFFICIAL
from . import texts, words
from .clock import DAY, at, office_time
from .tables import Table, reserve_ids

# Seeded companies have business numbers 8xx-xx-xxxxx (with a valid check digit), after any seeded before.
SERIAL_BASE = 800_000_000
# The advisory group: the profession of each of its members, in order (words.ROSTER).
PROFESSIONS = tuple(profession for profession, count, _places in words.ROSTER for _n in range(count))


def _expert_names() -> tuple:
    """The advisory group's names: six written out, then made from common syllables, all different."""
    names = ["한도윤", "오세린", "서지안", "신재원", "권나연", "황태윤"]
    for n in range(len(words.SURNAMES) * len(words.GIVEN)):
        if len(names) == len(PROFESSIONS):
            break
        name = words.SURNAMES[n * 7 % len(words.SURNAMES)] + words.GIVEN[n * 11 % len(words.GIVEN)]
        if name not in names:
            names.append(name)
    return tuple(names)


STAFF = {  # role → Korean names
    OFFICER: ("김서연", "이도윤", "박지호", "최하은", "정민준", "강수아", "조현우", "윤예린"),
    EXPERT: _expert_names(),
    OFFICIAL: ("안정우", "송다은", "류건우"),
}
CHUNK = 5000


@dataclass
class Cast:
    staff: dict  # role → [user id]
    names: dict  # user id → Korean name
    fields: dict  # field code → (id, Korean name)
    ministries: dict  # name → id
    associations: list  # organization ids
    consulted: list = field(default_factory=list)  # the experts who take requests (user ids)
    consulted_by_field: dict = field(default_factory=dict)  # field code → those of them who know it


def cast() -> Cast:
    """The staff accounts (without usable passwords), the fields, ministries and associations; each
    made once and found again on later runs."""
    User = get_user_model()
    staff, names = {}, {}
    for role, people in STAFF.items():
        group, _created = Group.objects.get_or_create(name=role)
        staff[role] = []
        for number, name in enumerate(people, start=1):
            user, created = User.objects.get_or_create(
                username=f"seed-{role}-{number}",
                defaults={"last_name": name[0], "first_name": name[1:], "is_staff": True,
                          "email": f"seed-{role}-{number}@seoul.example.org"})
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                user.groups.add(group)
            staff[role].append(user.pk)
            names[user.pk] = name
    fields = {}
    for position, (code, name, name_en) in enumerate(FIELDS):
        row, _created = IndustryField.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "position": position})
        fields[code] = (row.pk, row.name)
    ministries = {
        name: Organization.objects.get_or_create(name=name, defaults={"name_en": name_en, "kind": "ministry"})[0].pk
        for name, name_en in MINISTRIES
    }
    associations = [
        Organization.objects.get_or_create(name=name, defaults={"name_en": name_en, "kind": kind})[0].pk
        for name, name_en, kind in words.ASSOCIATIONS
    ]
    made = Cast(staff, names, fields, ministries, associations)
    _roster(made)
    return made


def _roster(the_cast: Cast) -> None:
    """An expert profile for each seeded expert (found again on later runs, left as it is): the profession of
    PROFESSIONS, an organisation of its kind, two fields; one in twelve takes no requests now, one in three
    agreed to be named to the government."""
    places = {profession: organisations for profession, _count, organisations in words.ROSTER}
    codes = [code for code, _name, _name_en in FIELDS if code in the_cast.fields and code != "other"]
    field_ids = {code: the_cast.fields[code][0] for code in codes}
    profiles = {p.user_id: p for p in ExpertProfile.objects.filter(user__in=the_cast.staff[EXPERT])
                .prefetch_related("fields")}
    for n, (user_id, profession) in enumerate(zip(the_cast.staff[EXPERT], PROFESSIONS, strict=True)):
        profile = profiles.get(user_id)
        if profile is None:
            mine = sorted({codes[n % len(codes)], codes[(3 * n + 1) % len(codes)]})
            organisations = places[profession]
            profile = ExpertProfile.objects.create(
                user_id=user_id, profession=profession, organisation=organisations[n % len(organisations)],
                email=f"seed-{EXPERT}-{n + 1}@seoul.example.org", accepting_requests=n % 12 != 11,
                may_be_named=n % 3 == 0)
            profile.fields.set([field_ids[code] for code in mine])
            known = mine
        else:
            known = [code for code, pk in field_ids.items() if pk in {f.pk for f in profile.fields.all()}]
        if profile.accepting_requests:
            the_cast.consulted.append(user_id)
            for code in known:
                the_cast.consulted_by_field.setdefault(code, []).append(user_id)


# --- Companies ------------------------------------------------------------------------------------

COMPANY = Table(Company, ("id", "name", "business_number", "ceo_name", "field_id", "sandbox_status", "created_at",
                          "updated_at"))
CONTACT = Table(Contact, ("id", "company_id", "name", "email", "phone", "created_at"))
MAILBOXES = ("biz", "contact", "ceo", "ra", "partner")
SANDBOX = ("none",) * 16 + ("applied", "applied", "approved", "approved", "rejected")


@dataclass
class Companies:
    ids: list = field(default_factory=list)
    fields: list = field(default_factory=list)  # field code of each company
    contacts: list = field(default_factory=list)  # contact ids of each company
    # What a filer of each company typed (name, business number, CEO) and of each contact (name, e-mail, phone).
    typed: list = field(default_factory=list)
    people: dict = field(default_factory=dict)


def field_weights() -> dict:
    weights = {}
    for topic in words.TOPICS:
        weights[topic.field] = weights.get(topic.field, 0) + topic.weight
    return weights


def make_companies(rng, count: int, the_cast: Cast, since: int) -> Companies:
    """`count` new companies with one to three contact people each, written in chunks."""
    last = Company.objects.filter(business_number__startswith="8").order_by("-business_number").first()
    serial = int(last.business_number[:9]) + 1 if last else SERIAL_BASE
    codes, weights = zip(*field_weights().items(), strict=True)
    made = Companies()
    for start in range(0, count, CHUNK):
        size = min(CHUNK, count - start)
        with transaction.atomic():
            ids = reserve_ids(Company, size)
            sizes = [1 + int(rng.random() ** 2 * 3) for _n in ids]
            contact_ids = iter(reserve_ids(Contact, sum(sizes)))
            companies, contacts = [], []
            for pk, size_ in zip(ids, sizes, strict=True):
                first_nine = f"{serial:09d}"
                serial += 1
                code = rng.choices(codes, weights)[0]
                created = at(since - int(rng.random() * 365 * DAY))
                number = first_nine + str(business_number_check_digit(first_nine))
                name, ceo = texts.company_name(rng), texts.person_name(rng)
                companies.append((pk, name, number, ceo, the_cast.fields[code][0], rng.choice(SANDBOX), created,
                                  created))
                made.typed.append((name, number, ceo))
                mine = []
                for mailbox in MAILBOXES[:size_]:
                    contact = next(contact_ids)
                    phone = f"010-{rng.randint(2000, 9999)}-{rng.randint(0, 9999):04d}"
                    person = (texts.person_name(rng), f"{mailbox}@co{first_nine}.example.com", phone)
                    contacts.append((contact, pk, *person, created))
                    made.people[contact] = person
                    mine.append(contact)
                made.ids.append(pk)
                made.fields.append(code)
                made.contacts.append(tuple(mine))
            COMPANY.write(companies)
            CONTACT.write(contacts)
    return made


# --- Meetings -------------------------------------------------------------------------------------

MEETING = Table(Meeting, ("id", "title", "kind", "starts_at", "ends_at", "venue", "address", "host_department",
                          "minutes", "created_at", "updated_at"))
MEETING_FIELD = Table(Meeting.fields.through, ("meeting_id", "field_id"))
ATTENDEE = Table(Attendee, ("meeting_id", "role", "company_id", "contact_id", "organization_id", "user_id", "name",
                            "position"))
KINDS = ("roundtable",) * 6 + ("seminar", "forum", "debate")
AGENDA_SIZE = 12  # issues one meeting can discuss


@dataclass
class Meetings:
    starts: list = field(default_factory=list)  # sorted
    ids: list = field(default_factory=list)
    fields: list = field(default_factory=list)
    applied: list = field(default_factory=list)  # when its conclusions were carried out
    agenda: list = field(default_factory=list)  # issues on its agenda so far
    companies: list = field(default_factory=list)  # companies attending so far

    def find(self, rng, field_code: str, after: int, before: int):
        """The index of a meeting between `after` and `before` about `field_code` (or, now and then,
        about another field) with room on its agenda; None when there is none."""
        first = bisect_right(self.starts, after)
        fallback = None
        for index in range(first, min(first + 8, len(self.starts))):
            if self.starts[index] >= before:
                break
            if self.agenda[index] >= AGENDA_SIZE:
                continue
            if self.fields[index] == field_code:
                return index
            fallback = index if fallback is None else fallback
        return fallback if fallback is not None and rng.random() < 0.3 else None


def make_meetings(rng, count: int, the_cast: Cast, companies: Companies, since: int, until: int) -> Meetings:
    """`count` meetings from a month after `since` to six weeks after `until` (the last ones ahead of
    the anchor, with their agendas still open), with their fields and the associations, experts and
    city staff who attend."""
    codes, weights = zip(*field_weights().items(), strict=True)
    first, last = since + 30 * DAY, until + 42 * DAY
    moments = sorted(office_time(rng, first + int(rng.random() * (last - first))) for _n in range(count))
    made = Meetings()
    with transaction.atomic():
        ids = reserve_ids(Meeting, count)
        meetings, fields, attendees = [], [], []
        for pk, starts in zip(ids, moments, strict=True):
            starts = starts - starts % 3600  # on the hour
            code, kind = rng.choices(codes, weights)[0], rng.choice(KINDS)
            venue, address = rng.choice(words.VENUES)
            title = words.MEETING_TITLES[kind].format(field=the_cast.fields[code][1])
            minutes = words.MINUTES if starts < until else ""
            meetings.append((pk, title, kind, at(starts), at(starts + 2 * 3600), venue, address,
                             rng.choice(words.HOSTS), minutes, at(starts - 30 * DAY), at(starts - 30 * DAY)))
            fields.append((pk, the_cast.fields[code][0]))
            if rng.random() < 0.2:
                other = rng.choices(codes, weights)[0]
                if other != code:
                    fields.append((pk, the_cast.fields[other][0]))
            for organization in rng.sample(the_cast.associations, 1 + int(rng.random() * 3)):
                attendees.append((pk, "organization", None, None, organization, None, "", ""))
            expert = rng.choice(the_cast.staff[EXPERT])
            attendees.append((pk, "expert", None, None, None, expert, the_cast.names[expert],
                              "서울규제혁신지원단 자문위원"))
            officer = rng.choice(the_cast.staff[OFFICER])
            attendees.append((pk, "city_staff", None, None, None, officer, the_cast.names[officer],
                              "서울기업지원센터 규제혁신 담당"))
            made.starts.append(starts)
            made.ids.append(pk)
            made.fields.append(code)
            made.applied.append(office_time(rng, starts + DAY + int(rng.random() * 7 * DAY)))
            made.agenda.append(0)
            made.companies.append(set())
        MEETING.write(meetings)
        MEETING_FIELD.write(fields)
        ATTENDEE.write(attendees)
    return made
