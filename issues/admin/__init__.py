"""The officers' workspace. `issue` holds the issue list and page; `consultations` the page's expert
consultations and the experts' roster; `meetings` the meetings and their agendas; `records` the other
models; `batches` the proposal batches; `companies` the companies and contacts as each role may see them;
`access_log` the access log."""

from . import access_log, batches, companies, consultations, issue, meetings, records  # noqa: F401 - registering
