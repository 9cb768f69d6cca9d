"""Production's Redis cache (config/cache.py) for the tests, whose clear() removes only the keys of its own
prefix (Django's own clear() empties the whole Redis database, which other test processes share)."""

from config.cache import RedisCache


class PrefixClearedRedisCache(RedisCache):
    def clear(self):
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        return True
