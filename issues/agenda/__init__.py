"""Meetings seen from the issues: carrying out a meeting's conclusions through the workflow
(`conclusions`), the briefing pack (`briefing`), the result report after the meeting (`result_report`),
the invitations with their calendar file (`invitations`), the agenda's filers as attendees (`attendees`)
and the meetings over time (`reports`). The officers' pages for them are in admin/meetings.py; those
that change something take the acting user as `by`."""
