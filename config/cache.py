"""Django's Redis cache with a client kept per connection pool, and a counter that takes one round trip.

Django's cache makes a new redis.Redis client for every call (RedisCacheClient.get_client), and redis-py's
constructor fills a table of some 170 response callbacks each time: most of what a cache call cost a filing.
A client is safe to share between threads, and its pool opens new connections after a fork."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _KeptClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _KeptClients

    def count_in_window(self, key: str, timeout: int) -> int:
        """Add one to the counter `key`, made with `timeout` seconds to live if it is new, and return it:
        one round trip (a MULTI of SET NX EX and INCR), where add() and incr() take three. cache.get()
        reads the counter as Django stores integers."""
        key = self.make_and_validate_key(key)
        pipeline = self._cache.get_client(key, write=True).pipeline()
        pipeline.set(key, 0, ex=max(1, int(timeout)), nx=True)
        pipeline.incr(key)
        return pipeline.execute()[1]
