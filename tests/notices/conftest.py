"""Fixtures for the notices' integration and fault tests: an SMTP sink, a private Redis and real Celery
workers, all on loopback, all stopped at teardown. The worker is another process: it reads what the
test commits, so these tests run on PostgreSQL with real transactions (`on_postgres`, transaction=True)."""

import shutil

import pytest
from django.db import connection

from companies.models import Field
from tests.conftest import require

from .stack import PrivateRedis, SmtpSink, Worker, database_url, worker_env


@pytest.fixture
def smtp_sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def private_redis(tmp_path):
    require("redis-server", bool(shutil.which("redis-server")))
    server = PrivateRedis(tmp_path / "redis.log").start()
    yield server
    server.stop()


@pytest.fixture
def on_private_redis(private_redis, settings):
    """This process publishes to the private Redis and caches in it, as the web process does in production."""
    from config.celery import app

    saved = {name: app.conf[name] for name in ("broker_url", "task_always_eager")}
    settings.REDIS_URL = private_redis.url
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": private_redis.url}}
    _reset_connections(app)
    app.conf.broker_url = private_redis.url
    app.conf.task_always_eager = False
    yield private_redis
    _reset_connections(app)
    app.conf.update(saved)


def _reset_connections(app):
    """Drop the producer pool, which holds connections to the broker it was made for."""
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def workers(on_postgres, on_private_redis, smtp_sink, tmp_path, request):
    """Start Celery workers (with beat) against this test's database, Redis and sink: `workers.start()`,
    with production settings (stack.worker_env) unless a test names others as keyword arguments. Each is
    stopped at teardown; a failed test shows their logs."""
    env = worker_env(database_url=database_url(connection.settings_dict), redis_url=on_private_redis.url,
                     smtp_url=smtp_sink.url)

    class Workers(list):
        def start(self, *, wait: bool = True, concurrency: int = 1, **environment) -> Worker:
            worker = Worker({**env, **{name: str(value) for name, value in environment.items()}}, tmp_path,
                            name=f"worker{len(self) + 1}", concurrency=concurrency).start()
            self.append(worker)
            return worker.wait_until_ready() if wait else worker

    started = request.node.notice_workers = Workers()
    yield started
    for worker in started:
        worker.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test shows its workers' logs."""
    report = yield
    if report.when == "call" and report.failed:
        for worker in getattr(item, "notice_workers", ()):
            report.sections.append((f"Captured log of {worker.name}", worker.log_tail()))
    return report


@pytest.fixture
def healthcare(on_postgres):
    """The field the filers choose (a transactional test's flush removes what the migration made)."""
    return Field.objects.get_or_create(code="healthcare", defaults={"name": "헬스케어", "name_en": "Healthcare"})[0]
