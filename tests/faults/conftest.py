"""Fixtures of the fault battery: a PostgreSQL cluster of the test's own that the test may restart, the
app under gunicorn against it (with a private Redis as its broker, from tests/notices), and a 1 MiB
filesystem for the private attachments. Everything is stopped, removed or unmounted at teardown."""

import os
import pwd
import shutil

import pytest
from django.db import connection

from tests.conftest import require
from tests.notices.conftest import private_redis  # noqa: F401 - a fixture used here
from tests.notices.stack import worker_env

from .stack import PrivatePostgres, WebServer, manage, mount_tmpfs, postgres_bindir, unmount


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture
def private_postgres():
    """Runs in the PostgreSQL pass of `make test` (whose machine has PostgreSQL installed); it never
    uses that pass's database, but a cluster of its own."""
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of `make test`")
    bindir = postgres_bindir()
    require("PostgreSQL's initdb and pg_ctl (/usr/lib/postgresql/<version>/bin, or PG_BINDIR)", bindir is not None)
    if os.geteuid() == 0:
        require("the postgres user and runuser (initdb refuses to run as root)",
                _has_user("postgres") and bool(shutil.which("runuser")))
    server = PrivatePostgres(bindir).create().start()
    yield server
    server.destroy()


@pytest.fixture
def app_server(private_postgres, private_redis, tmp_path):  # noqa: F811 - the fixture imported above
    """The app migrated into the private cluster and served by gunicorn with two workers; notices are
    owed in the database and queued in the private Redis (no worker: none is sent)."""
    database_url = private_postgres.create_database("desk")
    env = worker_env(
        database_url=database_url, redis_url=private_redis.url, smtp_url="smtp://127.0.0.1:9",
        DJANGO_SETTINGS_MODULE="tests.faults.web_settings", RATE_LIMIT_INTAKE=10_000,
        SESSION_COOKIE_SECURE=0, CSRF_COOKIE_SECURE=0,
    )
    manage("migrate", "--no-input", env=env)
    server = WebServer(env, tmp_path).start()
    try:
        server.wait_until_ready()
        server.database_url = database_url
        yield server
    finally:
        server.stop()


@pytest.fixture
def small_disk(private_media):
    """The private attachments' folder is a real 1 MiB filesystem (tmpfs): writing beyond it fails
    with ENOSPC, as on a full disk. Mounting needs root, as in CI."""
    problem = mount_tmpfs(private_media, "1m")
    require(f"a 1 MiB tmpfs for the attachments ({problem})", problem is None)
    yield private_media
    unmount(private_media)
