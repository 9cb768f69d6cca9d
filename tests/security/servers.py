"""The app served as in production, for tests that need a real server: a migrated SQLite database of its
own holding one filed issue, the Procfile's gunicorn or runserver started on a spare port with its log in
a file, and plain HTTP requests to it."""

import http.client
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.notices.stack import BASE_DIR, tail, wait_for


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """A migrated SQLite database holding one filed issue, the environment to serve it, and its secret.
    One for the session (tests/security/conftest.py): each server test keeps a log file of its own."""
    root = tmp_path_factory.mktemp("site")
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "tests.faults.web_settings",
        "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}", "PRIVATE_MEDIA_ROOT": str(root / "private"),
        "EMAIL_URL": "dummymail://", "SECRET_KEY": "insecure-key-for-tests-only", "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0", "PYTHONUNBUFFERED": "1",
    }
    for name in ("REDIS_URL", "TEST_DATABASE_URL"):
        env.pop(name, None)
    manage(env, "migrate", "--no-input")
    secret = manage(env, "shell", "-c", "from tests.base import make_issue; print(make_issue().secret)").split()[-1]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", secret), secret
    return env, secret, root


def manage(env, *args) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def serve(command: list[str], env: dict, log_path: Path, port: int) -> subprocess.Popen:
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log,  # noqa: S603 - our own server
                                   stderr=subprocess.STDOUT, start_new_session=True)

    def answers():
        assert process.poll() is None, f"the server exited:\n{tail(log_path, 4000)}"
        try:
            return request(port, "GET", "/healthz")[0] in (200, 503)
        except OSError:
            return False

    wait_for(f"a server on port {port}", answers, timeout=60, interval=0.2, describe=lambda: tail(log_path, 4000))
    return process


def request(port: int, method: str, path: str, body: bytes = b"", headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode(errors="replace")
    finally:
        connection.close()


def procfile_web_command(port: int) -> list[str]:
    """The Procfile's `web` line, on `port`, without the control socket of the checkout's own server."""
    line = next(line for line in (BASE_DIR / "Procfile").read_text().splitlines() if line.startswith("web:"))
    words = shlex.split(line.removeprefix("web:").replace("${PORT:-8000}", str(port)))
    if "--control-socket" in words:
        at = words.index("--control-socket")
        del words[at:at + 2]
    assert words[0].endswith("gunicorn")
    return [sys.executable, "-m", "gunicorn", *words[1:], "--no-control-socket"]
