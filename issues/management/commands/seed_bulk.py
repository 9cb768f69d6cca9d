"""`manage.py seed_bulk --issues N --seed S`: N synthetic issues with everything around them, for
benchmarks and for trying the admin at scale. The data and its rules live in issues/seeding/."""

import json
import time
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from issues.models import Issue
from issues.seeding import DEFAULT_ANCHOR, seed_bulk


def _anchor(text: str) -> date:
    if text == "today":
        return timezone.localdate()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("The anchor must be a date (YYYY-MM-DD) or “today”.")) from None


class Command(BaseCommand):
    help = _(
        "Add N synthetic issues (with companies, meetings, status history, notes, expert consultations and "
        "proposal batches) to the database. The same seed gives the same data; a second run adds to the first. "
        "Refuses to run with DEBUG off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--issues", type=int, required=True, help=_("How many issues to add."))
        parser.add_argument("--seed", type=int, default=1, help=_("Seed of the random generator."))
        parser.add_argument(
            "--anchor", type=_anchor, default=DEFAULT_ANCHOR,
            help=_("The day the data ends (YYYY-MM-DD or “today”); default %(default)s."),
        )
        parser.add_argument("--chunk", type=int, default=5000, help=_("Issues per transaction."))
        parser.add_argument("--workers", type=int, default=2,
                            help=_("Connections writing at once on PostgreSQL (default %(default)s)."))
        parser.add_argument("--no-audit", action="store_true",
                            help=_("Skip the first row of each issue's audit trail."))
        parser.add_argument(
            "--answer-key", metavar="FILE",
            help=_("Plant regulations raised again in other words among the issues (issues/seeding/families.py) "
                   "and write to FILE which issues raise the same one (JSON: family → tracking numbers)."))
        parser.add_argument("--quiet", action="store_true", help=_("Print only the final line."))
        parser.add_argument("--force", action="store_true",
                            help=_("Run even though DEBUG is off (this adds made-up issues)."))

    def handle(self, *args, issues, seed, anchor, chunk, workers, no_audit, quiet, force, answer_key=None,
               **options):
        if not settings.DEBUG and not force:
            raise CommandError(_(
                "seed_bulk fills the database with made-up issues, so it runs only with DEBUG on. "
                "To seed this database anyway, run it again with --force."
            ))
        if issues < 1 or chunk < 1 or workers < 1:
            raise CommandError(_("--issues, --chunk and --workers must be positive."))
        quiet = quiet or options["verbosity"] == 0
        started, cpu_started = time.monotonic(), time.process_time()
        shown = [0]

        def progress(done, total):
            # About every 5%, and at the end.
            if quiet or (done < total and done - shown[0] < total / 20):
                return
            shown[0] = done
            self.stdout.write(_("%(done)s of %(total)s issues (%(percent)d%%), %(seconds).0f s") % {
                "done": f"{done:,}", "total": f"{total:,}", "percent": 100 * done // total,
                "seconds": time.monotonic() - started})
            self.stdout.flush()  # shown as it goes, also when the output is piped

        key = {} if answer_key else None
        made = seed_bulk(issues, seed=seed, anchor=anchor, chunk=chunk, with_audit=not no_audit, workers=workers,
                         progress=progress, answer_key=key)
        if answer_key:
            numbers = dict(Issue.objects.filter(pk__in=[pk for ids in key.values() for pk in ids])
                           .values_list("pk", "number"))
            Path(answer_key).write_text(json.dumps({family: [numbers[pk] for pk in ids] for family, ids in key.items()},
                                                   ensure_ascii=False, indent=1), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(_(
            "Seeded %(issues)s issues, %(changes)s status changes, %(notes)s notes, %(history)s audit rows, "
            "%(companies)s companies, %(meetings)s meetings, %(agenda)s agenda items, %(consultations)s expert "
            "consultations and %(batches)s new proposal batches in %(seconds).1f s (%(cpu).1f s of CPU in this "
            "process)."
        ) % {
            **{name: f"{made[name]:,}" for name in ("issues", "changes", "notes", "history", "companies",
                                                       "meetings", "agenda", "consultations", "batches")},
            "seconds": time.monotonic() - started, "cpu": time.process_time() - cpu_started,
        }))
