"""The status page under hostile input: the "add information" form (any text, any files) and withdrawing.

A message is added with its files and the assignee's notice, or the page comes back with its errors and
the message as typed; withdrawing closes the issue with its history row and notices, or nothing."""

from hypothesis import event, example, given
from hypothesis import strategies as st

from issues import services
from issues.intake.forms import LAW_MAX, TEXT_MAX
from issues.intake.uploads import safe_name
from issues.models import Attachment, Issue, Note, Notice, StatusChange
from issues.workflow import State
from tests.base import business_number, make_issue, make_officer

from .hostile import (
    NUL,
    VALID_SAMPLES,
    HostileTestCase,
    accepted_text,
    arrives,
    counts,
    decoded,
    hostile_text,
    moved,
    raw_bytes,
    uploads,
    valid_upload,
    value,
)


class StatusPageUnderHostileInput(HostileTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = make_officer()
        cls.issue = make_issue()
        services.assign_issue(cls.issue, cls.officer, by=cls.officer)

    def post_message(self, body, files):
        return self.client.post_multipart(f"/track/{self.issue.secret}/messages/", {"body": body}, files)

    def check_message(self, body, files):
        before = counts()
        response = self.post_message(body, files)
        event(f"answered {response.status_code}")
        self.assertAnswered(response)
        after = counts()
        if response.status_code != 302:
            self.assertEqual(moved(before, after), {}, "a refused message left rows or files behind")
            if response.status_code == 200:
                self.assertShowsErrors(response)
                self.assertEchoes(response, {"body": body})
            return
        self.assertEqual(response["Location"], f"/track/{self.issue.secret}/")
        arrived = [name for name in (arrives(name) for name, _content, _type in files) if name]
        note = Note.objects.latest("pk")
        self.assertEqual(moved(before, after), {
            key: delta for key, delta in {"notes": 1, "notices": 1, "attachments": len(arrived),
                                          "files": len(arrived)}.items() if delta
        })
        self.assertEqual((note.issue_id, note.is_from_filer, note.is_public), (self.issue.pk, True, True))
        self.assertEqual(note.body, decoded(body).strip())
        notice = Notice.objects.latest("pk")
        self.assertEqual((notice.kind, notice.recipient), ("filer-wrote", self.officer.email))
        self.assertEqual(sorted(Attachment.objects.filter(note=note).values_list("original_name", flat=True)),
                         sorted(safe_name(name) for name in arrived))

    @given(body=value("추가 자료를 첨부합니다."), files=uploads)
    def test_any_message_and_any_files_add_a_whole_message_or_show_the_form_again(self, body, files):
        self.check_message(body, files)

    @given(body=accepted_text(TEXT_MAX).map(str.encode), files=st.lists(valid_upload(), max_size=5))
    @example(body="\u202e\u0301가\u1100\u1161".encode(), files=[])
    def test_a_message_of_strange_but_acceptable_text_is_added_as_written(self, body, files):
        self.check_message(body, files)

    @given(reason=st.one_of(hostile_text.map(str.encode), raw_bytes, st.none()))
    @example(reason=NUL.encode())
    @example(reason=b"x" * (LAW_MAX + 1))
    def test_withdrawing_with_any_reason_closes_the_issue_wholly_or_not_at_all(self, reason):
        before = counts()
        response = self.client.post_multipart(f"/track/{self.issue.secret}/withdraw/", {"reason": reason})
        self.assertAnswered(response)
        issue = Issue.objects.get(pk=self.issue.pk)
        if response.status_code != 302:
            self.assertEqual(moved(before, counts()), {})
            self.assertEqual(issue.state, State.DISCOVERY)
            if reason is None:  # an empty POST (browsers always send the CSRF token): the question again
                self.assertEqual(response.status_code, 200)
                return
            self.assertShowsErrors(response)
            self.assertEchoes(response, {"reason": reason})
            return
        self.assertEqual(issue.state, State.CLOSED)
        change = StatusChange.objects.latest("pk")
        self.assertEqual((change.to_state, change.by_filer, change.public_note),
                         (State.CLOSED, True, (decoded(reason) or "").strip()))
        # The filer's confirmation and the assignee's notice, with the history row.
        self.assertEqual(moved(before, counts()), {"changes": 1, "notices": 2})

    def test_a_message_to_a_closed_issue_is_refused_with_a_message_and_kept_in_the_form(self):
        issue = make_issue(State.CLOSED, business_number=business_number(), contact_email="closed@example.com")
        before = counts()

        response = self.client.post_multipart(f"/track/{issue.secret}/messages/", {"body": "추가\u202e자료".encode()},
                                              [(b"a.pdf", VALID_SAMPLES["pdf"], "application/pdf")])

        self.assertAnswered(response, allowed=(200,))
        self.assertShowsErrors(response)
        self.assertEchoes(response, {"body": "추가\u202e자료".encode()})
        self.assertEqual(moved(before, counts()), {})
