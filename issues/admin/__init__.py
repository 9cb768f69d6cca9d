"""The officers' workspace. `issue` holds the issue list and page; `consultations` the page's expert
consultations and the experts' roster; `expert_requests` the expert's queue of requests and the page where
they answer one; `meetings` the meetings and their agendas; `records` the other
models; `batches` the proposal batches; `companies` the companies and contacts as each role may see them;
`access_log` the access log; `laws` the laws an issue cites and the pages of laws."""

from . import (  # noqa: F401 - registering
    access_log,
    batches,
    companies,
    consultations,
    expert_requests,
    issue,
    laws,
    meetings,
    records,
)
