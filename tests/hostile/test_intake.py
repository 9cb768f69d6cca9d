"""/issues/new/ under hostile input: any text in any field, any bytes, any files with any names.

Whatever arrives, the answer is a filed issue (302 to its receipt) with everything that goes with it, or
the form again with its errors and what was typed; never a server error, never part of an issue."""

import re

from hypothesis import event, example, given
from hypothesis import strategies as st

from companies.models import Company, Field, Organization
from companies.validators import is_valid_business_number, normalize_business_number
from issues.intake.forms import LAW_MAX, TEXT_MAX, TITLE_MAX
from issues.intake.uploads import safe_name
from issues.models import Attachment, Issue, Notice, StatusChange
from tests.base import business_number

from .hostile import (
    HostileTestCase,
    accepted_text,
    arrives,
    business_numbers,
    counts,
    decoded,
    emails,
    moved,
    phones,
    uploads,
    valid_upload,
    value,
)

# The fields that take any text, and their lengths.
FREE_TEXT = {"company_name": 200, "ceo_name": 100, "contact_name": 100, "title": TITLE_MAX, "problem": TEXT_MAX,
             "related_law": LAW_MAX, "improvement": TEXT_MAX}
TEXT_FIELDS = ["company_name", "business_number", "ceo_name", "contact_name", "contact_email", "contact_phone",
               "title", "problem", "related_law", "improvement"]
VALID = {
    "company_name": "브이엠에스홀딩스", "business_number": business_number("220811234", dashed=True),
    "ceo_name": "김지석",
    "contact_name": "이서연", "contact_email": "Seoyeon.Lee@example.com", "contact_phone": "010 2345 6789",
    "title": "원양선박 선원 비대면 진료 허용", "problem": "원양선박 선원은 진료를 받지 못합니다.",
    "related_law": "의료법 제34조", "improvement": "비대면 진료를 허용해 주십시오.",
}


class IntakeUnderHostileInput(HostileTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.field = Field.objects.filter(is_active=True).first()
        cls.ministry = Organization.objects.filter(kind=Organization.Kind.MINISTRY).first()

    def submit(self, typed: dict, choices: dict, files: list):
        return self.client.post_multipart("/issues/new/", {**typed, **choices}, files)

    def check(self, typed: dict, choices: dict, files: list):
        before = counts()
        typed_number = decoded(typed["business_number"]) or ""
        known_company = is_valid_business_number(typed_number) and Company.objects.filter(
            business_number=normalize_business_number(typed_number)).exists()
        response = self.submit(typed, choices, files)
        event(f"answered {response.status_code}")
        self.assertAnswered(response)
        after = counts()

        if response.status_code != 302:
            self.assertEqual(moved(before, after), {}, "a refused submission left rows or files behind")
            if response.status_code == 200:
                for name in re.findall(r'id="id_(\w+)_error"', response.content.decode()):
                    event(f"refused {name}")  # see them with --hypothesis-show-statistics
                self.assertShowsErrors(response)
                self.assertEchoes(response, typed)
            return None

        # Filed: the issue and everything that goes with it, all at once.
        issue = Issue.objects.select_related("company", "contact").latest("pk")
        self.assertEqual(response["Location"], f"/issues/receipt/{issue.number}/")
        arrived = [arrives(name) for name, _content, _type in files]
        arrived = [name for name in arrived if name]
        is_spam = bool((decoded(choices.get("homepage")) or "").strip())
        self.assertEqual(moved(before, after), {
            key: delta for key, delta in {
                "issues": 1, "companies": 0 if known_company else 1, "contacts": 1, "changes": 1,
                "notices": 0 if is_spam else 1, "attachments": len(arrived), "files": len(arrived),
            }.items() if delta
        })
        self.assertEqual(list(StatusChange.objects.filter(issue=issue).values_list("from_state", "to_state")),
                         [("", "discovery")])
        if not is_spam:
            notice = Notice.objects.get(issue=issue)
            self.assertEqual((notice.kind, notice.recipient), ("issue-received", issue.contact.email))
        self.assertEqual(sorted(Attachment.objects.filter(issue=issue).values_list("original_name", flat=True)),
                         sorted(safe_name(name) for name in arrived))
        # What was typed is what is kept (the form strips surrounding white space, nothing else).
        for name in ("title", "problem", "improvement", "related_law"):
            self.assertEqual(getattr(issue, name), (decoded(typed[name]) or "").strip(), name)
        self.assertEqual(issue.contact.name, decoded(typed["contact_name"]).strip())
        self.assertEqual(issue.contact.email, decoded(typed["contact_email"]).strip().lower())
        if not known_company:
            self.assertEqual(issue.company.name, decoded(typed["company_name"]).strip())
        return issue

    def choices(self, field, ministry, consent, homepage):
        return {"field": field, "ministry": ministry, "privacy_consent": consent, "homepage": homepage}

    @given(
        typed=st.fixed_dictionaries({name: value(VALID[name]) for name in TEXT_FIELDS}),
        field=st.one_of(st.just("valid"), value("1")),
        ministry=st.one_of(st.just("valid"), st.just(b""), value("99999999999999999999")),
        consent=st.sampled_from([b"on", b"", None, b"\x00", b"off"]),
        homepage=st.one_of(st.just(b""), st.just(None), value("http://spam.example")),
        files=uploads,
    )
    def test_any_text_and_any_files_file_a_whole_issue_or_show_the_form_again(
            self, typed, field, ministry, consent, homepage, files):
        field = str(self.field.pk).encode() if field == "valid" else field
        ministry = str(self.ministry.pk).encode() if ministry == "valid" else ministry
        self.check(typed, self.choices(field, ministry, consent, homepage), files)

    @given(
        typed=st.fixed_dictionaries({
            **{name: st.one_of(st.just(VALID[name]), accepted_text(limit)).map(str.encode)
               for name, limit in FREE_TEXT.items()},
            "business_number": business_numbers.map(str.encode),
            "contact_email": emails.map(str.encode),
            "contact_phone": phones.map(str.encode),
        }),
        files=st.lists(valid_upload(), max_size=5),
    )
    # Valid as typed, 315 characters once lower-cased: PostgreSQL refused it with a server error.
    @example(typed={**{name: VALID[name].encode() for name in TEXT_FIELDS},
                    "contact_email": ("İ" * 64 + "@" + ("e" * 60 + ".") * 3 + "com").encode()}, files=[])
    def test_a_submission_with_hostile_text_but_valid_choices_and_files(self, typed, files):
        # The fields with a format stay mostly valid here, so that many examples reach the database.
        choices = self.choices(str(self.field.pk).encode(), str(self.ministry.pk).encode(), b"on", b"")
        self.check(typed, choices, files)

    @given(extra=st.dictionaries(st.text(max_size=20), value("x"), max_size=5))
    def test_unknown_and_repeated_fields_change_nothing_but_what_the_form_knows(self, extra):
        typed = {name: VALID[name].encode() for name in TEXT_FIELDS}
        fields = {**{k: v for k, v in extra.items() if k and '"' not in k and "\r" not in k and "\n" not in k},
                  **typed, "title": [b"first", VALID["title"].encode()]}
        before = counts()
        response = self.client.post_multipart(
            "/issues/new/", {**fields, **self.choices(str(self.field.pk).encode(), b"", b"on", b"")}, [])
        self.assertAnswered(response, allowed=(302,))
        # A repeated field counts once, as its last value; fields the form does not know change nothing.
        self.assertEqual(Issue.objects.latest("pk").title, VALID["title"])
        self.assertEqual(moved(before, counts())["issues"], 1)
