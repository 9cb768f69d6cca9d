"""The access log: every download of personal data (an attachment, an export, the annual report, a
briefing pack, a filer's own data) writes one AccessLog row with who, when, what and from where.

The views call `log_access` once the file is ready to go, so a refused or failed download is not
logged as a read."""

import ipaddress

from .models import AccessLog
from .ratelimit import client_ip


def _address(request) -> str | None:
    """The client's address as ratelimit.client_ip finds it, or None when it is not a valid address
    (a GenericIPAddressField on PostgreSQL is `inet`, which would refuse the insert)."""
    try:
        return str(ipaddress.ip_address(client_ip(request)))
    except ValueError:
        return None


def log_access(request, kind: str, *, issue=None, export=None, **detail) -> AccessLog:
    """Record that the request's user reads `kind` (AccessLog.Kind): `issue` (an issue or its id)
    and `export` where there is one, the rest (format, filter, row count, ids) as `detail`."""
    user = request.user if request.user.is_authenticated else None
    return AccessLog.objects.create(kind=kind, user=user, ip_address=_address(request),
                                    issue_id=getattr(issue, "pk", issue), export=export, detail=detail)


def log_filer_access(issue, **detail) -> AccessLog:
    """A filer read their own data through the status link. No address, no name: only the issue and when."""
    return AccessLog.objects.create(kind=AccessLog.Kind.FILER_DATA, issue=issue, detail=detail)
