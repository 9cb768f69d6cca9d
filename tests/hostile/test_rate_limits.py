"""The rate limits hold under hostile input: past its limit a client gets the friendly 429 page, whatever
it sends, and nothing is saved. (The other hostile tests empty the cache between examples.)"""

from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from companies.models import Field
from tests.base import make_issue

from .hostile import HostileTestCase, counts, hostile_text, moved, raw_bytes, share_of_examples, uploads, value

FORMS = {
    # path (the status page's filled in by the test), its text fields
    "intake": ("/issues/new/", ["company_name", "business_number", "contact_email", "title", "problem"]),
    "track": ("/track/", ["lookup-number", "lookup-email"]),
    "links": ("/track/links/", ["links-email"]),
    "message": ("/track/SECRET/messages/", ["body"]),
}


class RateLimitsUnderHostileInput(HostileTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.issue = make_issue()

    def assertLimited(self, response):
        self.assertAnswered(response, allowed=(429,))
        self.assertIn("Retry-After", response)

    @override_settings(RATE_LIMITS={"intake": 0, "track": 0, "message": 0})
    @share_of_examples(0.6)
    @given(form=st.sampled_from(sorted(FORMS)), data=st.data(), files=uploads)
    def test_past_the_limit_any_submission_gets_the_429_page_and_saves_nothing(self, form, data, files):
        path, names = FORMS[form]
        fields = {name: data.draw(st.one_of(hostile_text.map(str.encode), raw_bytes), label=name) for name in names}
        before = counts()

        response = self.client.post_multipart(path.replace("SECRET", self.issue.secret), fields, files)

        self.assertLimited(response)
        self.assertEqual(moved(before, counts()), {})

    @override_settings(RATE_LIMITS={"intake": 5, "track": 3, "message": 5})
    def test_the_look_up_answers_429_after_its_limit_even_for_nonsense(self):
        nonsense = {"lookup-number": b"\x00\xed\xa0\x80", "lookup-email": "\u202e@\u0301".encode()}
        for _attempt in range(3):  # every attempt counts, found or not, valid or not
            self.assertAnswered(self.client.post_multipart("/track/", nonsense), allowed=(200,))

        self.assertLimited(self.client.post_multipart("/track/", nonsense))
        self.assertLimited(self.client.post_multipart("/track/links/", {"links-email": b"\x00"}))

    @override_settings(RATE_LIMITS={"intake": 1, "track": 10, "message": 1})
    def test_a_filer_past_the_limit_gets_429_for_the_next_report_however_hostile(self):
        valid = {
            "company_name": "브이엠에스홀딩스".encode(), "business_number": b"2208112341",
            "field": str(Field.objects.filter(is_active=True).first().pk).encode(), "contact_name": "이서연".encode(),
            "contact_email": b"a@example.com", "contact_phone": b"010-2345-6789", "title": "제목".encode(),
            "problem": "문제".encode(), "improvement": "개선".encode(), "privacy_consent": b"on",
        }
        self.assertAnswered(self.client.post_multipart("/issues/new/", valid), allowed=(302,))
        before = counts()

        response = self.client.post_multipart("/issues/new/", {**valid, "title": b"\x00" * 10_000})

        self.assertLimited(response)
        self.assertEqual(moved(before, counts()), {})

    @share_of_examples(0.6)
    @given(body=value("추가 자료"))
    def test_a_message_past_the_limit_gets_429(self, body):
        with self.settings(RATE_LIMITS={"intake": 5, "track": 10, "message": 1}):
            first = self.client.post_multipart(f"/track/{self.issue.secret}/messages/", {"body": "첫 메시지".encode()})
            self.assertAnswered(first, allowed=(302,))
            before = counts()
            self.assertLimited(self.client.post_multipart(f"/track/{self.issue.secret}/messages/", {"body": body}))
            self.assertEqual(moved(before, counts()), {})
