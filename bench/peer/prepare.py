"""Make the peer ready to take tickets, and count the SQL of one: run by the peer's Python from bench/.

    var/bench-peer-venv/bin/python peer/prepare.py

Migrates PEER_DATABASE_URL, makes the one queue the public form files into (HELPDESK_PUBLIC_TICKET_QUEUE),
names the site after the address the bench serves, then files one ticket through Django's test client as an
anonymous visitor would (a GET of the form, then its POST) under CaptureQueriesContext. Prints one JSON line:
the queries of the GET and of the POST, and the tickets in the database."""

import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer.settings")

import django  # noqa: E402

django.setup()

from django.contrib.sites.models import Site  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from helpdesk.models import Queue, Ticket  # noqa: E402

SUBMIT = "/helpdesk/tickets/submit/"


def prepare(address: str) -> None:
    call_command("migrate", verbosity=0)
    Queue.objects.get_or_create(slug="public", defaults={
        "title": "Public submissions", "allow_public_submission": True, "email_address": "helpdesk@127.0.0.1"})
    Site.objects.filter(pk=1).update(domain=address, name="Bench peer")


# Mail goes to memory here: the sink the bench starts is not running yet.
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def queries_per_ticket() -> tuple[int, int, int]:
    client = Client(HTTP_HOST="127.0.0.1")
    with CaptureQueriesContext(connection) as form:
        page = client.get(SUBMIT)
    assert page.status_code == 200, page.status_code
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    data = {"title": "Queries of one ticket", "body": "One ticket, counted.", "priority": "3",
            "submitter_email": "minji.kim@robo.example.com", "csrfmiddlewaretoken": token}
    with CaptureQueriesContext(connection) as filing:
        response = client.post(SUBMIT, data)
    assert response.status_code == 302, (response.status_code, response.content[:2000])
    return len(form), len(filing), len(mail.outbox)


if __name__ == "__main__":
    prepare(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1")
    form_queries, ticket_queries, mails = queries_per_ticket()
    print(json.dumps({"form_queries": form_queries, "ticket_queries": ticket_queries, "mails": mails,
                      "tickets": Ticket.objects.count(), "django": django.get_version()}))
