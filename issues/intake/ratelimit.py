"""A per-client limit on the public forms, counted in the cache (Redis in production, so every
worker process shares the count; in memory otherwise).

A fixed window: each scope and client network (client_network) gets a counter that expires with its
window. settings.RATE_LIMITS says how many requests per scope, settings.RATE_LIMIT_WINDOW how many seconds.
"""

import hashlib
import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from ..privacy.access_log import client_ip

log = logging.getLogger(__name__)


# Everyone whose address cannot be read shares one budget: garbage in X-Forwarded-For is no way out of it.
UNKNOWN_CLIENT = "unknown"


def client_network(request) -> str:
    """Whom a request counts against: the client's IPv4 address, or the /64 network of its IPv6 address.
    A subscriber gets a whole /64 (RFC 6177) and may pick any of its 2⁶⁴ addresses, so one IPv6 address
    is no limit. An IPv4-mapped address (::ffff:192.0.2.1) is its IPv4 address."""
    address = _parse_address(client_ip(request))
    if address is None:
        return UNKNOWN_CLIENT
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.version == 6:
        # Through the integer: a scope ("%eth0") is no part of the network.
        return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
    return str(address)


def _parse_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address as proxies write it: bare, `[v6]` or with a port (`192.0.2.1:4711`, `[v6]:4711`)."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _key(scope: str, request) -> tuple[str, int]:
    window = settings.RATE_LIMIT_WINDOW
    started = int(time.time() // window) * window
    client = hashlib.sha256(client_network(request).encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{client}:{started}", started + window


def is_limited(scope: str, request) -> bool:
    """True when this client has used up its requests of `scope` in the current window."""
    key, _ends = _key(scope, request)
    try:
        return (cache.get(key) or 0) >= settings.RATE_LIMITS[scope]
    except Exception:  # noqa: BLE001 - any cache backend's connection error
        # The cache (Redis) is down: let the request through rather than answer 500 and lose what the
        # filer typed (SPEC: a stopped Redis never loses a submission). The limit returns with Redis.
        log.warning("Rate limit %s not checked: the cache is unavailable", scope, exc_info=True)
        return False


def count(scope: str, request) -> None:
    """Count one request of `scope` for this client."""
    key, ends = _key(scope, request)
    timeout = max(1, int(ends - time.time())) + 1
    try:
        if hasattr(cache, "count_in_window"):  # Redis (config/cache.py): one round trip
            cache.count_in_window(key, timeout)
            return
        # add() creates the counter only if absent; incr() is atomic in Redis and in the local cache.
        cache.add(key, 0, timeout=timeout)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=settings.RATE_LIMIT_WINDOW)
    except Exception:  # noqa: BLE001 - as in is_limited: a cache that is down must not fail the request
        log.warning("Rate limit %s not counted: the cache is unavailable", scope, exc_info=True)


def too_many_requests(request, scope: str):
    """The friendly 429 page, with Retry-After in seconds."""
    _key_, ends = _key(scope, request)
    retry_after = max(1, int(ends - time.time()))
    response = render(
        request, "429.html", {"retry_minutes": max(1, -(-retry_after // 60)), "scope": scope}, status=429
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store, private"
    return response


def first_in_interval(key: str, seconds: int) -> bool:
    """True the first time `key` is seen in `seconds`; True as well when the cache is down (the
    per-client limits bound the rest)."""
    try:
        return cache.add(key, 1, timeout=seconds)
    except Exception:  # noqa: BLE001 - as above
        log.warning("Interval %s not checked: the cache is unavailable", key, exc_info=True)
        return True
