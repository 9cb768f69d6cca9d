"""The rate limits count per network: an IPv4 address, or an IPv6 /64 (a subscriber holds a whole /64 and
may use any of its addresses). X-Forwarded-For counts only as far as settings.TRUSTED_PROXY_COUNT proxies
wrote it, and an address that cannot be read shares one budget with every other such address."""

import uuid

import pytest
from django.test import RequestFactory

from issues.intake.ratelimit import client_network
from issues.privacy.access_log import client_ip

pytestmark = pytest.mark.django_db
LOOKUP = {"lookup-number": "REG-2024-0001", "lookup-email": "nobody@example.com"}


@pytest.fixture
def budget_of_two(settings):
    # Every look-up on /track/ counts, found or not.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track": 2}
    settings.TRUSTED_PROXY_COUNT = 0


def look_up(client, **extra) -> str:
    """"limited" for the 429 page, "answered" for any other answer (found or not, the look-up counts)."""
    return "limited" if client.post("/track/", LOOKUP, **extra).status_code == 429 else "answered"


def test_two_addresses_in_one_ipv6_64_share_one_budget(client, budget_of_two):
    first = [look_up(client, REMOTE_ADDR="2001:db8:5:7::1") for _ in range(2)]
    neighbour = look_up(client, REMOTE_ADDR="2001:db8:5:7:ffff:ffff:ffff:fffe")

    assert first == ["answered", "answered"]
    assert neighbour == "limited"


def test_the_next_64_has_a_budget_of_its_own(client, budget_of_two):
    used = [look_up(client, REMOTE_ADDR="2001:db8:5:7::1") for _ in range(3)]
    next_network = look_up(client, REMOTE_ADDR="2001:db8:5:8::1")

    assert used == ["answered", "answered", "limited"]
    assert next_network == "answered"


def test_ipv4_addresses_count_one_by_one_and_a_mapped_one_as_its_ipv4_address(client, budget_of_two):
    used = [look_up(client, REMOTE_ADDR="192.0.2.10") for _ in range(2)]
    mapped = look_up(client, REMOTE_ADDR="::ffff:192.0.2.10")
    next_door = look_up(client, REMOTE_ADDR="192.0.2.11")

    assert used == ["answered", "answered"]
    assert mapped == "limited"
    assert next_door == "answered"


def test_a_forged_x_forwarded_for_is_ignored_without_a_trusted_proxy(client, budget_of_two):
    answers = [look_up(client, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}") for n in range(3)]

    assert answers == ["answered", "answered", "limited"]


def test_behind_one_trusted_proxy_the_right_most_forwarded_address_is_the_client(client, budget_of_two, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    # The client may write anything to the left; the proxy appends the address it saw.
    same_client = [look_up(client, **proxy, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.7") for n in range(3)]
    other_client = look_up(client, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.7, 198.51.100.8")

    assert same_client == ["answered", "answered", "limited"]
    assert other_client == "answered"


def test_addresses_that_cannot_be_read_share_one_budget(client, budget_of_two, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    answers = [look_up(client, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forged)
               for forged in ("not-an-address", "999.1.1.1", "2001:db8::zz")]

    assert answers == ["answered", "answered", "limited"]


@pytest.mark.parametrize(("address", "counted_as"), [
    ("2001:db8:5:7:aaaa:bbbb:cccc:1", "2001:db8:5:7::/64"),
    ("2001:DB8:5:7::1", "2001:db8:5:7::/64"),
    ("[2001:db8:5:7::1]:443", "2001:db8:5:7::/64"),
    ("fe80::1%eth0", "fe80::/64"),
    ("::ffff:192.0.2.10", "192.0.2.10"),
    ("192.0.2.10", "192.0.2.10"),
    ("192.0.2.10:4711", "192.0.2.10"),
    ("", "unknown"),
    ("2001:db8::/64", "unknown"),
])
def test_what_each_address_counts_as(address, counted_as):
    request = RequestFactory().get("/", REMOTE_ADDR=address)

    assert client_network(request) == counted_as


def test_the_access_log_address_stays_the_exact_one(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="2001:db8:5:7::abcd")

    assert client_ip(request) == "2001:db8:5:7::abcd"
    assert client_network(request) == "2001:db8:5:7::/64"


def test_in_redis_one_64_shares_one_counter_and_every_process_sees_it(client, budget_of_two, redis_url, settings):
    import redis

    prefix = f"test-network-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": redis_url, "KEY_PREFIX": prefix}}

    used = [look_up(client, REMOTE_ADDR=f"2001:db8:9:1::{n}") for n in range(1, 4)]
    other = look_up(client, REMOTE_ADDR="2001:db8:9:2::1")

    assert used == ["answered", "answered", "limited"]
    assert other == "answered"
    # The counters live in Redis, one per network, where every gunicorn worker reads them.
    server = redis.Redis.from_url(redis_url)
    try:
        counters = server.keys(f"{prefix}:*:ratelimit:track:*")
        assert sorted(int(server.get(key)) for key in counters) == [1, 2]
    finally:
        server.delete(*server.keys(f"{prefix}:*"))
