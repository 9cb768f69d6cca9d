"""The PostgreSQL pass caches in the real Redis, as production does (rate limits, cached figures), and a
test's clearing of the cache removes only its own process's keys."""

import pytest
from django.core.cache import cache


def test_the_postgresql_pass_caches_in_the_real_redis_and_clears_only_its_own_keys(on_postgres, redis_url):
    import redis

    server = redis.Redis.from_url(redis_url)
    server.set("someone-else:1:figure", "kept")
    try:
        cache.set("probe", "cached")
        assert server.get(cache.make_key("probe")) is not None  # the key is in Redis, not in this process

        cache.clear()
        assert server.get(cache.make_key("probe")) is None
        assert server.get("someone-else:1:figure") == b"kept"
    finally:
        server.delete("someone-else:1:figure")


@pytest.mark.django_db
def test_the_sqlite_pass_caches_in_memory(settings):
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        pytest.skip("the SQLite pass only")
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
