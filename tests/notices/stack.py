"""The real services a notice travels through, run by the tests (and bench/notices.py) on loopback:
an SMTP sink that records what arrives, a private Redis on a spare port and a Celery worker with beat.
Nothing here touches the machine's own Redis or mail server."""

import asyncio
import contextlib
import email
import email.policy
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(what: str, predicate, *, timeout: float = 60, interval: float = 0.05, describe=None):
    """Poll `predicate` until it returns something true; fail with `what` (and `describe()`) after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            detail = f": {describe()}" if describe else ""
            raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}{detail}")
        time.sleep(interval)


def stop_group(process: subprocess.Popen | None, grace: float = 10) -> None:
    """SIGTERM a process group started with start_new_session, wait `grace` seconds, then SIGKILL what is left."""
    if process is None:
        return
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def tail(path: Path, chars: int) -> str:
    """The end of a subprocess's log file."""
    return path.read_text(errors="replace")[-chars:] if path.exists() else "(no log)"


def database_url(settings_dict: dict) -> str:
    """DATABASE_URL for another process to use the same PostgreSQL database as `settings_dict`."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


# --- The SMTP sink --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Arrival:
    key: str
    subject: str
    to: str
    arrived_at: float  # time.time()
    message: email.message.EmailMessage
    peer_port: int = 0  # the sender's side of the connection it came on

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"] or "")

    @property
    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()


class SmtpSink:
    """An SMTP server on a free loopback port that records every message it accepts.

    `refusing = True` makes it answer 451 (try again later) to every recipient, as a busy or
    greylisting server does, or `refusal` (e.g. "550 5.1.1 No such user") for a permanent refusal;
    `rcpt_delay` (seconds) makes each message take at least that long
    before any of it is accepted, like a slow server (or a stalled one, when longer than the client waits).

    `hold_after(n)` makes the sink accept the n-th message (record it) and then keep its "250" answer back
    until `release()`: the sender is then exactly in the window where the server has the message and the
    sender does not know it yet."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.arrivals: list[Arrival] = []
        self.refused = 0
        self.refusing = False
        self.refusal = "451 4.3.0 Try again later"  # what a refusing sink answers; "550 …" refuses for good
        self.rcpt_delay = 0.0
        self._hold_at = 0
        self.holding = threading.Event()  # set while the answer to the held message is kept back
        self._released = threading.Event()
        self._lock = threading.Lock()
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self):
        self._controller.start()
        return self

    def stop(self):
        # Quietly, also when it was never started (a test that keeps the port closed throughout).
        self.release()
        self._controller.stop(no_assert=True)

    # aiosmtpd handler hooks
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_delay:
            await asyncio.sleep(self.rcpt_delay)
        if self.refusing:
            with self._lock:
                self.refused += 1
            return self.refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        # A long non-ASCII subject is folded ("Subject:\n =?utf-8?b?...?="); the parser keeps the fold's
        # leading space, which mail programs do not show.
        arrival = Arrival(key=message["X-Notice-Key"] or "", subject=str(message["Subject"]).strip(),
                          to=str(message["To"]), arrived_at=time.time(), message=message,
                          peer_port=session.peer[1] if session.peer else 0)
        with self._lock:
            self.arrivals.append(arrival)
            hold = len(self.arrivals) == self._hold_at
        if hold:
            self.holding.set()
            while not self._released.is_set():
                await asyncio.sleep(0.01)
        return "250 Message accepted for delivery"

    def hold_after(self, count: int) -> None:
        """Keep back the answer to the `count`-th message accepted from now on (see the class)."""
        with self._lock:
            self._hold_at = len(self.arrivals) + count
        self.holding.clear()
        self._released.clear()

    def release(self) -> None:
        self._released.set()

    # what the tests read
    def received(self) -> list[Arrival]:
        with self._lock:
            return list(self.arrivals)

    def keys(self) -> Counter:
        """How many times each notice key arrived."""
        return Counter(arrival.key for arrival in self.received())

    def wait_for_keys(self, keys, *, timeout: float = 60) -> Counter:
        """Wait until every key in `keys` has arrived at least once; the counts of all arrivals."""
        keys = set(keys)
        wait_for(f"{len(keys)} notices at the SMTP sink", lambda: keys <= set(self.keys()), timeout=timeout,
                 describe=lambda: f"still missing {sorted(keys - set(self.keys()))}")
        return self.keys()


class TarpitSmtp:
    """A mail server that never finishes its greeting: it sends one more "220-" line every `interval`
    seconds, so a client's socket never times out (each read gets a line) and the client waits for ever.
    Only a time limit stops a send to it."""

    def __init__(self, interval: float = 2.0):
        self.interval = interval
        self.port = free_port()
        self.connections = 0
        self._stopped = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.settimeout(0.2)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self):
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def _accept(self):
        while not self._stopped.is_set():
            try:
                client, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:  # stopped: the listener is closed
                return
            self.connections += 1
            threading.Thread(target=self._trickle, args=(client,), daemon=True).start()

    def _trickle(self, client):
        with client:
            while not self._stopped.wait(self.interval):
                try:
                    client.sendall(b"220-still greeting you\r\n")
                except OSError:
                    return

    def stop(self):
        self._stopped.set()
        self._listener.close()


def pid_with_local_port(port: int, among) -> int | None:
    """Which of the processes `among` holds the TCP connection whose local end is 127.0.0.1:`port`
    (from /proc: the socket's inode in /proc/net/tcp, then the process with that inode open)."""
    wanted = f"0100007F:{port:04X}"
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == wanted:
            inode = fields[9]
            break
    if inode is None:
        return None
    for pid in among:
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) == f"socket:[{inode}]":
                        return pid
    return None


def process_group(pgid: int) -> list[int]:
    """The processes of a process group (a worker, its pool processes and beat)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                # /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces, so split after it.
                if int(entry.joinpath("stat").read_text().rsplit(")", 1)[1].split()[2]) == pgid:
                    pids.append(int(entry.name))
    return pids


# --- A private Redis --------------------------------------------------------------------------------

class PrivateRedis:
    """redis-server on a spare loopback port, with no persistence, stopped and started on demand."""

    def __init__(self, log_path: Path):
        self.port = free_port()
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        import redis

        assert self.port != 6379, "never the machine's Redis"
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - redis-server with fixed arguments
                [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no", "--daemonize", "no"],
                stdout=log, stderr=subprocess.STDOUT,
            )
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.2)

        def answers():
            try:
                return client.ping()
            except redis.RedisError:
                assert self.process.poll() is None, f"redis-server exited: {self.log_path.read_text()[-2000:]}"
                return False

        wait_for(f"redis-server on port {self.port}", answers, timeout=10)
        client.close()
        return self

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


# --- A Celery worker -------------------------------------------------------------------------------

class Worker:
    """`celery -A config worker --beat` as `make worker` runs it, with `concurrency` pool processes (one
    unless told), in its own process group so that a kill reaches the pool's processes and beat too."""

    def __init__(self, env: dict, workdir: Path, name: str, concurrency: int = 1):
        self.env = env
        self.concurrency = concurrency
        self.log_path = workdir / f"{name}.log"
        self.schedule_path = workdir / "celerybeat-schedule"
        self.name = name
        self.process: subprocess.Popen | None = None

    def start(self):
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own worker with fixed arguments
                [sys.executable, "-m", "celery", "-A", "config", "worker", "--beat", "--loglevel=INFO",
                 f"--concurrency={self.concurrency}", "--schedule", str(self.schedule_path), "-n", f"{self.name}@%h",
                 # No other workers share this private broker: skip the start-up handshake with them.
                 "--without-mingle", "--without-gossip"],
                cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        return self

    def is_ready(self) -> bool:
        return self.log_path.exists() and " ready." in self.log_path.read_text(errors="replace")

    def wait_until_ready(self, timeout: float = 30):
        wait_for(f"worker {self.name} to start", lambda: self.is_ready() or self.process.poll() is not None,
                 timeout=timeout, describe=self.log_tail)
        assert self.process.poll() is None, f"worker {self.name} exited:\n{self.log_tail()}"
        return self

    def pid_sending_on(self, port: int) -> int:
        """The worker's process that holds the mail connection from local port `port`: the pool process
        sending (Arrival.peer_port)."""
        pid = pid_with_local_port(port, process_group(self.process.pid))
        assert pid is not None and pid != self.process.pid, f"no pool process of {self.name} sends from port {port}"
        return pid

    def kill(self):
        """SIGKILL the worker, its pool process and beat at once: nothing gets to clean up."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self):
        """A warm shutdown (SIGTERM), then SIGKILL for whatever is left of the group."""
        stop_group(self.process)

    def log_tail(self, chars: int = 6000) -> str:
        return tail(self.log_path, chars)


def worker_env(*, database_url: str, redis_url: str, smtp_url: str, **extra) -> dict:
    """The environment of a worker that uses the given database, Redis and mail server, with every other
    setting as in production (config/settings.py, the README): the sweep, the retry delays, the claim
    timeout and the time limits are those a deployment has, unless a test names one in `extra`."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "EMAIL_URL": smtp_url,
        "SECRET_KEY": "insecure-key-for-tests-only",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SITE_URL": "http://testserver",
        "PYTHONUNBUFFERED": "1",
    }
    for name in [name for name in env if name.startswith(("NOTICE_", "CELERY_"))]:
        del env[name]  # nothing of the machine's own environment changes a production setting
    env.pop("TEST_DATABASE_URL", None)
    env.update({name: str(value) for name, value in extra.items()})
    return env
