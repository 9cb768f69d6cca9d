"""More real services for the fault tests, next to those of tests/notices/stack.py (the SMTP sink, the
private Redis, the Celery worker): a PostgreSQL cluster of its own, the app under gunicorn, a browser
that fills in the public form, and a small real filesystem. All on loopback or in temporary folders;
the machine's own PostgreSQL is never touched."""

import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from tests.notices.stack import BASE_DIR, free_port, stop_group, tail, wait_for

# --- A private PostgreSQL cluster --------------------------------------------------------------------


def postgres_bindir() -> Path | None:
    """The folder of initdb and pg_ctl: PG_BINDIR, the newest /usr/lib/postgresql/<version>/bin
    (Debian keeps them off PATH), or the one on PATH."""
    candidates = [os.environ.get("PG_BINDIR", "")]
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                      key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0, reverse=True)
    candidates += [str(path) for path in versions]
    candidates.append(os.path.dirname(shutil.which("initdb") or ""))
    for candidate in candidates:
        if candidate and all((Path(candidate) / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(candidate)
    return None


class PrivatePostgres:
    """A cluster in a temporary folder on a spare loopback port, with trust authentication and no
    fsync (nothing here needs to survive a power cut), started, stopped and restarted on demand.

    initdb refuses to run as root: as root (CI) the tools run as the `postgres` user, which owns
    the folder."""

    def __init__(self, bindir: Path, *, user: str = "postgres"):
        self.bindir = bindir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="pg-fault-"))
        self.data = self.root / "data"
        self.log_path = self.root / "server.log"
        self.run_as = user if os.geteuid() == 0 else None
        if self.run_as:
            shutil.chown(self.root, self.run_as, self.run_as)

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, tool: str, *args: str, timeout: float = 60) -> str:
        command = [str(self.bindir / tool), *args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        done = subprocess.run(command, cwd=self.root, capture_output=True, text=True, timeout=timeout)  # noqa: S603
        assert done.returncode == 0, f"{tool} failed:\n{done.stdout}\n{done.stderr}\n{self.log_tail()}"
        return done.stdout

    def create(self):
        assert self.port != 5432, "never the machine's PostgreSQL"
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync",
                  "--encoding=UTF8", "--locale=C")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.root}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 30\nshared_buffers = 16MB\n"
            )
        return self

    def start(self):
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log_path), "-w", "-t", "30", "start")
        return self

    def stop(self, mode: str = "fast"):
        """`fast`: open transactions are rolled back and every connection is cut, as in a restart for
        maintenance. `immediate`: as in a crash."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def is_running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self):
        with contextlib.suppress(Exception):
            if self.is_running():
                self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else "(no log)"


# --- The app under gunicorn ---------------------------------------------------------------------------


def manage(*args: str, env: dict, timeout: float = 120) -> str:
    """`python manage.py <args>` in another process with `env`; its output, or a failure showing it."""
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


class WebServer:
    """gunicorn as the Procfile runs it (two sync workers), on a spare loopback port, in its own
    process group. Its log holds the access log and the app's own log lines."""

    def __init__(self, env: dict, workdir: Path, *, workers: int = 2):
        self.port = free_port()
        self.env = {**env, "ALLOWED_HOSTS": "127.0.0.1", "SITE_URL": f"http://127.0.0.1:{self.port}",
                    "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{self.port}"}
        self.workers = workers
        self.log_path = workdir / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own app with fixed arguments
                [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{self.port}",
                 "--workers", str(self.workers), "--timeout", "30", "--graceful-timeout", "5",
                 "--access-logfile", "-", "--error-logfile", "-", "--logger-class", "config.gunicorn_logger.Logger",
                 # Not the control socket shared by every gunicorn of this user (~/.gunicorn/gunicorn.ctl).
                 "--no-control-socket"],
                cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        return self

    def wait_until_ready(self, timeout: float = 30):
        def answers():
            assert self.process.poll() is None, f"gunicorn exited:\n{self.log_tail()}"
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as response:  # noqa: S310 - loopback
                    return response.status == 200 and self.log_tail().count("Booting worker") >= self.workers
            except OSError:
                return False

        wait_for(f"gunicorn on port {self.port}", answers, timeout=timeout, interval=0.2, describe=self.log_tail)
        return self

    def stop(self):
        stop_group(self.process)

    def log_tail(self, chars: int = 8000) -> str:
        return tail(self.log_path, chars)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One filer's browser: its own cookies (session, CSRF), the form's token, redirects not followed.
    Every answer is (status, headers, text); a connection that breaks raises."""

    TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self, base_url: str, *, language: str | None = None):
        self.base_url = base_url
        self.language = language
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirects)
        self.token = ""

    def request(self, path: str, data: dict | None = None, timeout: float = 35):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body)  # noqa: S310 - loopback
        if self.language:
            request.add_header("Accept-Language", self.language)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as answer:  # 3xx (not followed), 4xx and 5xx: answers all the same
            with answer:
                return answer.code, answer.headers, answer.read().decode(errors="replace")

    def open_form(self, path: str):
        """GET the form page and keep its CSRF token, as a browser shows the form before it is sent."""
        status, headers, text = self.request(path)
        assert status == 200, f"{path} answered {status}:\n{text[:2000]}"
        self.token = self.TOKEN.search(text).group(1)
        return self

    def submit(self, path: str, data: dict):
        return self.request(path, {**data, "csrfmiddlewaretoken": self.token})


# --- A small real filesystem ---------------------------------------------------------------------------


def mount_tmpfs(path: Path, size: str) -> str | None:
    """Mount a tmpfs of `size` at `path` (the kernel refuses writes beyond it with ENOSPC, as a full
    disk does); None when it worked, else why not (mounting needs root, or CAP_SYS_ADMIN)."""
    path.mkdir(parents=True, exist_ok=True)
    if not shutil.which("mount"):
        return "there is no mount command"
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],  # noqa: S603,S607
                          capture_output=True, text=True)
    return None if done.returncode == 0 else (done.stderr.strip() or f"mount exited with {done.returncode}")


def unmount(path: Path) -> None:
    # Lazy: a file still open somewhere must not leave the mount behind.
    subprocess.run(["umount", "--lazy", str(path)], capture_output=True)  # noqa: S603,S607


def files_under(path: Path) -> list[Path]:
    """The regular files under `path` (folders made for them do not count)."""
    return sorted(item for item in path.rglob("*") if item.is_file())
