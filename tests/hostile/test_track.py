"""/track/ under hostile input: the look-up by tracking number and e-mail, and "send me my links".

A look-up sends a new link to the address filed when number and address match, and answers the same when
they do not, or gives back what was typed with its errors;
"send me my links" owes at most one message, to an address something was filed with, and never says
whether anything was; any address under /track/ that is not an issue's is a 404."""

from urllib.parse import quote, urlencode

from hypothesis import event, example, given
from hypothesis import strategies as st

from issues.models import Notice
from tests.base import FILER_EMAIL, make_issue

from .hostile import NUL, HostileTestCase, counts, decoded, emails, hostile_text, moved, raw_bytes, value


def form_body(fields: dict) -> bytes:
    """application/x-www-form-urlencoded from raw bytes (None: the field left out)."""
    return urlencode({name: raw for name, raw in fields.items() if raw is not None}).encode()


class TrackUnderHostileInput(HostileTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.issue = make_issue()

    def post(self, path, fields):
        return self.client.generic("POST", path, form_body(fields), content_type="application/x-www-form-urlencoded")

    @given(
        # NUMBER stands for the issue's tracking number (made in setUpTestData).
        number=st.one_of(st.sampled_from(["NUMBER", "number", " NUMBER ", "N U M B E R", "NUMBER\x00",
                                          "\u202eNUMBER", "NUMBER\u200b", "ＮＵＭＢＥＲ"]).map(str.encode),
                         value("NUMBER")),
        email=st.one_of(st.sampled_from([FILER_EMAIL, FILER_EMAIL.upper(), f"  {FILER_EMAIL}\t", FILER_EMAIL + NUL,
                                         FILER_EMAIL.replace("@", "＠"), FILER_EMAIL.replace("k", "\u212a")])
                        .map(str.encode), emails.map(str.encode), value(FILER_EMAIL)),
    )
    @example(number=b"NUMBER", email=FILER_EMAIL.encode())
    @example(number=b"REG-2024-\x00", email=FILER_EMAIL.encode())
    @example(number=b"9" * 21, email=b"\x00@example.com")
    def test_a_look_up_with_any_number_and_address_finds_the_issue_or_says_so(self, number, email):
        real = self.issue.number
        number = number and (number.replace(b"NUMBER", real.encode()).replace(b"number", real.lower().encode())
                  .replace(b"N U M B E R", " ".join(real).encode())
                  .replace("ＮＵＭＢＥＲ".encode(), "".join(chr(ord(c) + 0xFEE0) for c in real).encode()))
        before = counts()
        response = self.post("/track/", {"lookup-number": number, "lookup-email": email})
        event(f"answered {response.status_code}")
        self.assertAnswered(response)
        if response.status_code == 302:
            # Never the status page: a new link goes to the address filed, when both match, and only then.
            self.assertEqual(response["Location"], "/track/")
            matched = ("".join(decoded(number).split()).upper() == self.issue.number
                       and decoded(email).strip().lower() == FILER_EMAIL)
            self.assertEqual(moved(before, counts()), {"notices": 1} if matched else {})
            return
        self.assertEqual(moved(before, counts()), {}, "a refused look-up changed something")
        self.assertShowsErrors(response)
        self.assertEchoes(response, {"lookup-number": number, "lookup-email": email})

    @given(email=st.one_of(emails.map(str.encode), value(FILER_EMAIL)),
           other=st.dictionaries(st.sampled_from(["lookup-number", "lookup-email", "links-email", "email"]),
                                 st.one_of(hostile_text.map(str.encode), raw_bytes), max_size=2))
    @example(email=("İ" * 64 + "@" + ("e" * 60 + ".") * 3 + "com").encode(), other={})
    def test_send_me_my_links_owes_at_most_one_message_and_never_tells_whether_anything_was_filed(self, email, other):
        before = counts()
        response = self.post("/track/links/", {**other, "links-email": email})
        event(f"answered {response.status_code}")
        self.assertAnswered(response)
        if response.status_code == 200:
            self.assertShowsErrors(response)
            self.assertEchoes(response, {"links-email": email})
            self.assertEqual(moved(before, counts()), {})
            return
        self.assertEqual(response["Location"], "/track/")
        owed = moved(before, counts())
        if decoded(email).strip().lower() == FILER_EMAIL:
            self.assertEqual(owed, {"notices": 1})
            notice = Notice.objects.latest("pk")
            self.assertEqual((notice.kind, notice.recipient), ("links-requested", FILER_EMAIL))
        else:
            self.assertEqual(owed, {})
        # The same answer either way; a second request in the interval owes nothing more.
        again = self.post("/track/links/", {"links-email": email})
        self.assertEqual((again.status_code, again["Location"]), (302, "/track/"))
        self.assertEqual(moved(before, counts()), owed)

    @given(tail=st.one_of(hostile_text, raw_bytes.map(decoded)).map(lambda text: text[:400]))
    @example(tail=NUL)
    @example(tail="A" * 43 + NUL)
    def test_any_address_under_track_that_is_not_an_issue_is_not_found(self, tail):
        for path in (f"/track/{quote(tail, safe='')}/", f"/track/{quote(tail, safe='')}/messages/",
                     f"/track/{quote(tail, safe='')}/withdraw/", f"/issues/receipt/{quote(tail, safe='')}/"):
            response = self.client.get(path)
            self.assertAnswered(response, allowed=(404, 405, 301, 302))
