"""Finding a lost status link on /track/: by tracking number and e-mail, or by e-mail alone."""

import re

import pytest
from django.core import mail

from issues.models import Notice
from tests.base import STATUS_LINK, link_in


def _without_request_details(response):
    return re.sub(r'(name="(?:csrfmiddlewaretoken|next)"[^>]*?) value="[^"]*"', r"\1", response.content.decode())


def test_the_track_page_offers_both_ways(client, db):
    page = client.get("/track/").content.decode()

    for name in ["lookup-number", "lookup-email", "links-email"]:
        assert f'name="{name}"' in page and f'<label for="id_{name}"' in page


@pytest.mark.parametrize(("number", "email"), [
    ("{number}", "seoyeon.lee@example.com"),
    ("{number}", "SEOYEON.LEE@EXAMPLE.COM"),
    (" {lower} ", "Seoyeon.Lee@example.com"),
])
def test_a_matching_number_and_e_mail_send_a_new_link_to_the_address_filed(
        client, filed, number, email, django_capture_on_commit_callbacks):
    issue = filed()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/track/", {"lookup-number": number.format(number=issue.number,
                                                                          lower=issue.number.lower()),
                                           "lookup-email": email})

    # Never the status page itself: others may know a number and an address.
    assert response.status_code == 302 and response["Location"] == "/track/"
    (message,) = mail.outbox
    assert message.to == ["seoyeon.lee@example.com"]
    new = link_in(message.body)
    assert client.get(f"/track/{new}/").status_code == 200
    assert client.get(f"/track/{issue.secret}/").status_code == 404  # the link before stops working


def test_a_wrong_e_mail_and_an_unknown_number_get_the_same_answer(client, filed):
    issue = filed()

    wrong_email = client.post("/track/", {"lookup-number": issue.number, "lookup-email": "other@example.com"},
                              follow=True)
    client.cookies.clear()
    unknown_number = client.post("/track/", {"lookup-number": "REG-1999-9999", "lookup-email": "other2@example.com"},
                                 follow=True)

    assert wrong_email.status_code == unknown_number.status_code == 200
    assert not STATUS_LINK.search(wrong_email.content.decode())
    assert _without_request_details(wrong_email) == _without_request_details(unknown_number)
    assert not Notice.objects.filter(kind="links-requested").exists()


def test_a_lookup_without_a_number_is_refused_next_to_its_field(client, db):
    response = client.post("/track/", {"lookup-number": "", "lookup-email": "a@example.com"})

    assert response.status_code == 200
    assert 'id="id_lookup-number_error"' in response.content.decode()


def test_send_my_links_owes_one_message_listing_every_issue_of_the_address(
        client, filed, django_capture_on_commit_callbacks):
    first, second = filed(title="첫째 과제"), filed(title="둘째 과제")
    other = filed(contact_email="someone.else@example.com", title="다른 사람의 과제")
    spam = filed(title="spam")
    spam.is_suspected_spam = True
    spam.save()
    Notice.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/track/links/", {"links-email": "SEOYEON.LEE@example.com"})

    assert response.status_code == 302 and response["Location"] == "/track/"
    notice = Notice.objects.get()
    assert notice.kind == "links-requested" and notice.recipient == "seoyeon.lee@example.com"
    (message,) = mail.outbox
    assert message.to == ["seoyeon.lee@example.com"]
    sent = STATUS_LINK.findall(message.body)
    assert len(sent) == 2 and set(STATUS_LINK.findall(message.alternatives[0][0])) == set(sent)
    for issue in (first, second):
        assert issue.number in message.body
        assert client.get(f"/track/{issue.secret}/").status_code == 404  # replaced by the new links
    assert other.number not in message.body and spam.number not in message.body
    for secret in sent:
        assert client.get(f"/track/{secret}/").status_code == 200
    assert client.get(f"/track/{other.secret}/").status_code == 200  # someone else's link is untouched


def test_send_my_links_answers_alike_whether_or_not_the_address_filed_anything(client, filed):
    filed()

    known = client.post("/track/links/", {"links-email": "seoyeon.lee@example.com"}, follow=True)
    client.cookies.clear()
    unknown = client.post("/track/links/", {"links-email": "nobody@example.com"}, follow=True)

    assert known.status_code == unknown.status_code == 200
    assert _without_request_details(known) == _without_request_details(unknown)
    assert Notice.objects.filter(kind="links-requested").count() == 1


def test_send_my_links_mails_one_address_once_per_interval(client, filed):
    filed()

    for _ in range(3):
        client.post("/track/links/", {"links-email": "seoyeon.lee@example.com"})

    assert Notice.objects.filter(kind="links-requested").count() == 1


def test_send_my_links_needs_an_e_mail_address(client, db):
    response = client.post("/track/links/", {"links-email": "not an address"})

    assert response.status_code == 200
    assert 'id="id_links-email_error"' in response.content.decode()


def test_guessing_on_track_meets_the_rate_limit(client, filed, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track": 3}
    issue = filed()

    answers = [client.post("/track/", {"lookup-number": f"REG-2024-{n:04d}", "lookup-email": "x@example.com"})
               for n in range(3)]
    refused = client.post("/track/", {"lookup-number": issue.number, "lookup-email": "seoyeon.lee@example.com"})
    links = client.post("/track/links/", {"links-email": "seoyeon.lee@example.com"})

    assert [a.status_code for a in answers] == [302, 302, 302]
    assert refused.status_code == links.status_code == 429
    assert not STATUS_LINK.search(refused.content.decode())
