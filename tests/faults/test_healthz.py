"""/healthz, the load balancer's question, answered by the real app under gunicorn (tests/faults/stack.py):
200 while PostgreSQL and Redis answer, 503 while either is stopped, and 200 again once it is back,
without restarting the app."""

import pytest

from tests.notices.stack import wait_for

from .stack import Browser

pytestmark = pytest.mark.postgres


def health(app_server) -> int:
    status, _headers, _text = Browser(app_server.url).request("/healthz", timeout=20)
    return status


def test_healthz_answers_503_while_redis_is_stopped_and_200_once_it_is_back(app_server, private_redis):
    assert health(app_server) == 200

    private_redis.stop()
    assert health(app_server) == 503

    private_redis.start()
    wait_for("/healthz to answer 200 again", lambda: health(app_server) == 200, timeout=15, interval=0.5)


def test_healthz_answers_503_while_postgresql_is_stopped_and_200_once_it_is_back(app_server, private_postgres):
    assert health(app_server) == 200

    private_postgres.stop()
    assert health(app_server) == 503

    private_postgres.start()
    # A worker's connection from before the stop is found broken by its first query and dropped.
    wait_for("/healthz to answer 200 again", lambda: health(app_server) == 200, timeout=15, interval=0.5)
