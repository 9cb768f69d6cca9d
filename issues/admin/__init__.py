"""The officers' workspace. `issue` holds the issue list and page; `meetings` the meetings and their
agendas; `records` the other models; `batches` the proposal batches; `companies` the companies and
contacts as each role may see them; `access_log` the access log."""

from . import access_log, batches, companies, issue, meetings, records  # noqa: F401 - registering
