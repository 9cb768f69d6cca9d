"""Where generated chunks go: written at once in the caller's transaction (SQLite, tests, or one worker),
or handed to worker threads that each write whole chunks through their own PostgreSQL connection,
so that generating the next chunk and the database's work on the last two happen at the same time.

A chunk is self-contained (its issues and every row that refers to them, see lives.Lives.new_chunk),
so each worker commits its chunks alone; what chunks share (companies, meetings, batches, ids and
tracking numbers) is committed by the generating thread before the chunk is handed over."""

import queue
import threading
from collections import Counter

from django.db import connection, transaction


def write_chunk(tables: dict, rows) -> Counter:
    made = Counter()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # a chunk lost in a crash is no loss: it is synthetic
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        for name, table in tables.items():
            made[name] += table.write(getattr(rows, name))
    return made


class Inline:
    def __init__(self, tables: dict):
        self.tables, self.made = tables, Counter()

    def put(self, rows) -> None:
        self.made += write_chunk(self.tables, rows)

    def close(self, *, failed: bool = False) -> Counter:
        return self.made


class Threads:
    def __init__(self, tables: dict, workers: int):
        self.tables, self.made, self.errors = tables, Counter(), []
        self.lock = threading.Lock()
        self.queue = queue.Queue(maxsize=workers)  # bounds the chunks held in memory
        self.threads = [threading.Thread(target=self._work, name=f"seed-writer-{n}", daemon=True)
                        for n in range(workers)]
        for thread in self.threads:
            thread.start()

    def _work(self) -> None:
        try:
            while (rows := self.queue.get()) is not None:
                made = write_chunk(self.tables, rows)
                with self.lock:
                    self.made += made
        except BaseException as exc:  # noqa: BLE001 - handed to the generating thread, which raises it
            self.errors.append(exc)
            while self.queue.get() is not None:  # keep taking chunks so that the generator never blocks
                pass
        finally:
            connection.close()

    def put(self, rows) -> None:
        if self.errors:
            raise self.errors[0]
        self.queue.put(rows)

    def close(self, *, failed: bool = False) -> Counter:
        for _thread in self.threads:
            self.queue.put(None)
        for thread in self.threads:
            thread.join()
        if self.errors and not failed:
            raise self.errors[0]
        return self.made
