"""A bulk batch's rows written on a second thread (issue 17): SQLite lets go of Python's
lock while it works, so while it writes one thousand entries' rows, their search-index
rows and trend sums, the first thread reads, checks and shapes the next thousand. Each
table's rows go to SQLite as one JSON text (INSERT ... SELECT ... FROM json_each), so a
statement runs whole inside SQLite instead of coming back to Python once a row, which
would wait on the first thread for Python's lock every time.

Both threads use the one connection, inside the first thread's transaction (SQLite's
own lock takes their statements one at a time), and the statements run in the order
they were given. Before that transaction ends, the writer is waited for: finish() when
all went in (and the first error, if any, is raised there), stop() on the way to a
rollback, after which nothing more is run."""

from __future__ import annotations

import contextlib
import functools
import json
import queue
import sqlite3
import sys
import threading
from collections.abc import Sequence

# The ->> operator (SQLite 3.38); a journal on an older SQLite is written on one thread.
AVAILABLE = sqlite3.sqlite_version_info >= (3, 38, 0) and sqlite3.threadsafety == 3


def worth_it() -> bool:
    """Whether a second thread can run beside this one: reading rows from JSON costs
    SQLite more than binding them one by one (about 17% more instructions at 2,000
    entries), a cost only a second processor pays back."""
    import os

    try:
        processors = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        processors = os.cpu_count() or 1
    return AVAILABLE and processors > 1


@functools.cache
def json_form(sql: str) -> str:
    """The statement 'INSERT INTO t (a, b) VALUES (?, ?) [ON CONFLICT ...]' reading its
    rows from one JSON array of arrays: 'INSERT INTO t (a, b) SELECT value ->> 0,
    value ->> 1 FROM json_each(?) WHERE true [ON CONFLICT ...]' (the WHERE keeps SQLite
    from reading ON CONFLICT as part of the join)."""
    head, rest = sql.split(" VALUES (", 1)
    marks, tail = rest.split(")", 1)
    columns = ", ".join(f"value ->> {index}" for index in range(marks.count("?")))
    return f"{head} SELECT {columns} FROM json_each(?) WHERE true{tail}"


# An entry's ratings, held as one row (entry_id, [signals], [ratings]), and its tags,
# (entry_id, [tags]): each row's JSON read once, not once a column of every rating.
LISTED_SQL = {
    "checkins": "WITH r AS MATERIALIZED (SELECT value ->> 0 AS entry_id, value -> 1 AS signals, "
                "value -> 2 AS ratings FROM json_each(?)) "
                "INSERT INTO checkins (entry_id, signal_key, value, position) "
                "SELECT r.entry_id, s.value, r.ratings ->> s.key, s.key "
                "FROM r, json_each(r.signals) s",
    "tags": "WITH r AS MATERIALIZED (SELECT value ->> 0 AS entry_id, value -> 1 AS tags "
            "FROM json_each(?)) INSERT INTO tags (entry_id, tag) "
            "SELECT r.entry_id, t.value FROM r, json_each(r.tags) t",
}


class BatchWriter:
    """Runs statements, a job at a time, in the order submitted, on a thread of its own.
    A job is a list of (statement reading its rows from JSON, rows). At most PENDING
    jobs wait: the first thread then waits for the writer, so memory stays flat however
    long the batch. The first error stops the writing; it is raised by the next submit()
    or by finish(), with the context its job was given (failed_context)."""

    PENDING = 2
    # How long a thread waiting for Python's lock waits before it asks for it: after
    # each statement the writer waits so for the first thread, busy reading (5 ms by
    # default: at 10,000 entries, 0.6 s of the writer's 1.9 s went to waiting).
    SWITCH_SECONDS = 0.0005

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn
        self._jobs: queue.Queue = queue.Queue(self.PENDING)
        self._stopping = False
        self._statement_lock = threading.Lock()
        self.error: BaseException | None = None
        self.failed_context = None
        self._switch = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch, self.SWITCH_SECONDS))
        self._thread = threading.Thread(target=self._work, name="kj-batch-writer",
                                        daemon=True)
        self._thread.start()

    def submit(self, statements: Sequence[tuple[str, list]], context=None) -> bool:
        """Queue statements ((sql reading its rows from JSON, rows), those with no rows
        left out); False, and nothing queued, when a text in them holds a NUL, which
        SQLite's JSON ends the text at (the caller writes those rows itself)."""
        self._raise_error()
        job = [(sql, json.dumps(rows, check_circular=False, separators=(",", ":")))
               for sql, rows in statements if rows]
        if any("\\u0000" in payload for _sql, payload in job):
            return False
        if job:
            self._jobs.put((job, context))
        return True

    def wait(self) -> None:
        """Wait until every job queued has run; raise the first error."""
        self._jobs.join()
        self._raise_error()

    def finish(self) -> None:
        """Wait until every job has run; raise the first error. Interrupted here (Ctrl-C),
        the writer is stopped before the interruption goes on to the caller's rollback."""
        try:
            self._jobs.put(None)
            self._thread.join()
        except BaseException:
            self.stop()
            raise
        sys.setswitchinterval(self._switch)
        self._raise_error()

    @property
    def lock(self) -> threading.Lock:
        """Held by the writer around each statement: the first thread takes it for any
        SQL of its own while the writer runs. Waiting for it lets go of Python's lock,
        where waiting for SQLite's would not (a Python callback on the connection would
        then wait for each other's lock), and no statement of one thread can come
        between the other's and its error message."""
        return self._statement_lock

    def stop(self) -> None:
        """Run nothing more, and wait for the statement running now (if any) to end:
        after this the caller may roll back, and nothing of the batch can follow."""
        self._stopping = True
        with contextlib.suppress(queue.Full):
            self._jobs.put_nowait(None)  # wakes a writer waiting for work
        _wait_for(self._thread)
        sys.setswitchinterval(self._switch)

    def _raise_error(self) -> None:
        if self.error is not None:
            raise self.error

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is None or self._stopping:
                    return
                if self.error is None:  # else taken off the queue unrun (see submit)
                    self._run(*job)
            finally:
                self._jobs.task_done()

    def _run(self, statements: list[tuple[str, str]], context) -> None:
        try:
            for sql, payload in statements:
                with self._statement_lock:
                    if self._stopping:
                        return
                    self._conn.execute(sql, (payload,))
        except BaseException as error:  # given to the first thread, which raises it
            self.error, self.failed_context = error, context


def _wait_for(thread: threading.Thread) -> None:
    """Join thread, even through another Ctrl-C (one is already on its way out):
    nothing may run after the rollback that follows."""
    while True:
        try:
            thread.join()
            return
        except KeyboardInterrupt:
            continue
