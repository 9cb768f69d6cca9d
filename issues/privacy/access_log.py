"""The access log: every download of personal data (an attachment, an export, the annual report, a
briefing pack, a filer's own data) writes one AccessLog row with who, when, what and from where.

The views call `log_access` once the file is ready to go, so a refused or failed download is not
logged as a read."""

import ipaddress

from django.conf import settings

from ..models import AccessLog


def client_ip(request) -> str:
    """The client's exact address, as the access log, the login lockouts (AXES_CLIENT_IP_CALLABLE) and
    the rate limits of the public forms (by its network) know it: REMOTE_ADDR, or
    behind settings.TRUSTED_PROXY_COUNT proxies the address the outermost of them saw (the right-most
    entries of X-Forwarded-For are the ones our proxies wrote; those to their left, anyone may write).
    A header shorter than the proxy chain gives REMOTE_ADDR, the inner proxy's address, which all share."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _address(request) -> str | None:
    """The client's address as client_ip finds it, or None when it is not a valid address
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
