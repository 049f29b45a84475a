"""Run a query away from the caller: the guard's time limit and row cap on the embedded store.

pyoxigraph cannot cancel a running query from Python, and its evaluation holds no lock the caller
could wait on, so a thread with a deadline would leave a runaway query burning a core until it
ends. Instead the query runs in a process forked from this one: the child shares the in-memory
store copy-on-write (measured: 10 to 30 ms a query for the fork and the pickled rows, against
0.1 to 25 ms for the named queries themselves; `python -m benchmarks queries`), reads rows lazily up to the cap, sends them down a pipe
and exits; at the deadline the parent kills it. The caller's process (the app, with every other
session) only waits on the pipe. Where fork is not available, a thread with a deadline answers in
time but cannot stop the engine.
"""

from __future__ import annotations

import multiprocessing
import pickle
import threading
import warnings
from itertools import islice

from .errors import QueryError


def capped(store, named, bound, max_rows):
    """Run on the embedded store, reading at most ``max_rows`` rows lazily."""
    from .store import OxigraphStore, Result, _python_value
    import pyoxigraph as ox

    if not isinstance(store, OxigraphStore):
        answer = store.run(named, **{k: v for k, (_, v) in bound.items()})
        if isinstance(answer, Result) and len(answer.rows) > max_rows:
            return Result(answer.columns, answer.rows[:max_rows]), True
        if isinstance(answer, list) and len(answer) > max_rows:
            return answer[:max_rows], True
        return answer, False
    solutions = store._query(named.text, bound)  # the lazy iterator; OxigraphStore.run would read it all
    if isinstance(solutions, ox.QueryBoolean):
        return bool(solutions), False
    if isinstance(solutions, ox.QueryTriples):
        triples = list(islice(solutions, max_rows + 1))
        rows = [tuple(_python_value(x) for x in (t.subject, t.predicate, t.object)) for t in triples]
        return rows[:max_rows], len(rows) > max_rows
    columns = [v.value for v in solutions.variables]
    rows = [{c: _python_value(s[c]) for c in columns} for s in islice(solutions, max_rows + 1)]
    return Result(columns, rows[:max_rows]), len(rows) > max_rows


def _child(conn, store, named, bound, max_rows):
    try:
        payload = ("ok", capped(store, named, bound, max_rows))
    except QueryError as exc:
        payload = ("error", (str(exc), exc.line, exc.column))
    except Exception as exc:  # anything else is reported, not lost, when the worker ends
        payload = ("error", (f"The query failed: {exc}", None, None))
    try:
        conn.send_bytes(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        conn.close()


def run_isolated(store, named, bound, max_rows: int, timeout: float):
    """Run away from the caller's process and give up at ``timeout`` seconds."""
    if "fork" in multiprocessing.get_all_start_methods():
        return _run_forked(store, named, bound, max_rows, timeout)
    return _run_threaded(store, named, bound, max_rows, timeout)


def _run_forked(store, named, bound, max_rows, timeout):
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, store, named, bound, max_rows), daemon=True)
    with warnings.catch_warnings():
        # Python 3.12+ warns that forking a threaded process (Streamlit's) may deadlock the child;
        # the child only runs the query and writes to a pipe, and the deadline ends it regardless.
        warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
        child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise _timeout(timeout)
        try:
            status, value = pickle.loads(receive.recv_bytes())
        except EOFError:
            raise QueryError("The query worker stopped without an answer (it may have run out of memory); "
                             "narrow the query or add LIMIT.") from None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    if status == "error":
        raise QueryError(*value)
    return value


def _run_threaded(store, named, bound, max_rows, timeout):
    """Where fork is not available: a thread with a deadline. The answer is given up at the
    deadline, but the engine keeps working until the query ends (it cannot be cancelled)."""
    box = {}

    def work():
        try:
            box["value"] = capped(store, named, bound, max_rows)
        except Exception as exc:
            box["error"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise _timeout(timeout)
    if "error" in box:
        raise box["error"]
    return box["value"]


def _timeout(timeout: float) -> QueryError:
    return QueryError(
        f"The query was stopped after the time limit of {timeout:g} s. Narrow it (more specific "
        "patterns, fewer unconnected variables) or add LIMIT; the limit is set by "
        "RECOVERY_GRAPH_QUERY_TIMEOUT or --timeout.")
