"""How many people at once? A bounded load test on loopback: N simultaneous app sessions, and N
simultaneous clients of the HTTP SPARQL endpoint, at growing N, on the large synthetic store.

App sessions speak Streamlit's own websocket protocol (what the browser sends: a ``rerun_script``
message with the page and its query string; the page is done at ``script_finished``), so the time is
the server's answer to a real session, without a browser's drawing on the same two cores. Each session
opens a concept page (a different concept each time, so not cached), a search (a different word), a
second concept page and Home, one after the other. A page fails when the script raises, shows an
st.error, or takes over 60 s.

SPARQL clients send the queries of a concept page and a search through graph/remote.py to a real
`recovery-graph serve` (the Oxigraph server behind its query guard), each client one after the other.

N doubles from 1 while the median page time stays under 500 ms with no error, up to RG_LOAD_MAX
(64), and the test stops by itself. The answer is the largest N that held.

    python -m benchmarks.load_test            # RG_LOAD_SIZE=1m (default), 100k, 10k
    RG_LOAD_SIZE=100k RG_LOAD_MAX=32 python -m benchmarks.load_test
    RG_LOAD_PARTS=endpoint RG_LOAD_MAX=128 python -m benchmarks.load_test   # only one part: app, endpoint
    RG_LOAD_SEARCH=0 python -m benchmarks.load_test      # leave the search out, to see the rest on its own
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

from .common import table

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 500
PAGE_TIMEOUT_S = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped before answering {url} (exit {proc.returncode})")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:g} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Workload:
    """Page and query parameters drawn from the generated data: many distinct concepts and words."""

    def __init__(self, folder: Path, seed: int = 11, search: bool = True):
        manifest = json.loads((folder / "data" / "manifest.json").read_text())
        self.samples = manifest["samples"]
        self.concepts_total = manifest["plan"]["concepts"]
        self.rng = random.Random(seed)
        self.search = search

    def concept(self) -> str:
        return f"rgc:syn-c{self.rng.randrange(self.concepts_total):06d}"

    def word(self) -> str:
        return self.rng.choice(self.samples["words"])

    def visits(self) -> list[tuple[str, str]]:
        """(page url path, query string) of one session's visits."""
        search = [("search", f"q={self.word()}")] if self.search else []
        return [("concept", f"id={self.concept()}"), *search, ("concept", f"id={self.concept()}"), ("", "")]


# ------------------------------------------------------------------------------ app sessions

async def _session(port: int, visits: list[tuple[str, str]]) -> list[tuple[float, str | None]]:
    """One browser-like session: (ms, problem or None) per page visit."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    out = []
    try:
        async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                      max_size=2**27, open_timeout=PAGE_TIMEOUT_S) as ws:
            for page, query in visits:
                msg = BackMsg()
                msg.rerun_script.query_string = query
                msg.rerun_script.page_name = page
                started = time.perf_counter()
                await ws.send(msg.SerializeToString())
                problem = None
                try:
                    async with asyncio.timeout(PAGE_TIMEOUT_S):
                        while True:
                            fm = ForwardMsg()
                            fm.ParseFromString(await ws.recv())
                            kind = fm.WhichOneof("type")
                            if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                                element = fm.delta.new_element
                                if element.WhichOneof("type") == "exception":
                                    problem = problem or f"exception: {element.exception.message[:80]}"
                                elif element.WhichOneof("type") == "alert" and element.alert.format == 1:  # ERROR
                                    problem = problem or f"st.error: {element.alert.body[:80]}"
                            elif kind == "script_finished":
                                if fm.script_finished != 0:  # FINISHED_SUCCESSFULLY
                                    problem = problem or f"script finished with status {fm.script_finished}"
                                break
                except TimeoutError:
                    problem = f"no answer within {PAGE_TIMEOUT_S} s"
                out.append(((time.perf_counter() - started) * 1000, problem))
                if problem and "no answer" in problem:
                    break
    except Exception as exc:  # a refused or dropped connection is an error of this level, not a crash
        out.append((PAGE_TIMEOUT_S * 1000.0, f"connection: {type(exc).__name__}: {str(exc)[:60]}"))
    return out


async def _sessions(port: int, plans: list[list[tuple[str, str]]]):
    return await asyncio.gather(*(_session(port, plan) for plan in plans))


def app_levels(store: Path, workload: Workload, levels: list[int]) -> list[dict]:
    port = _free_port()
    env = dict(os.environ, RECOVERY_GRAPH_BACKEND="disk", RECOVERY_GRAPH_STORE=str(store))
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = []
    try:
        _wait_http(f"http://127.0.0.1:{port}/_stcore/health", proc)
        asyncio.run(_sessions(port, [workload.visits()]))  # opens the store, fills the shared caches

        def level(n: int) -> list:
            results = asyncio.run(_sessions(port, [workload.visits() for _ in range(n)]))
            return [r for session in results for r in session]

        rows = _ramp("app sessions", levels, level)
    finally:
        _stop(proc)
    return rows


# ------------------------------------------------------------------------------ SPARQL clients

def endpoint_levels(store: Path, workload: Workload, levels: list[int]) -> list[dict]:
    from graph import search as site_search, source_pages
    from graph.remote import RemoteStore

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", "--store", str(store), "--no-build",
                             "--port", str(port), "--timeout", "60"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    rows = []
    try:
        _wait_http(url + "?query=ASK%7B%7D", proc)
        vocabulary = site_search.vocabulary(RemoteStore(url, timeout=PAGE_TIMEOUT_S))  # the app reads it once

        def client(requests: list, out: list) -> None:
            remote = RemoteStore(url, timeout=PAGE_TIMEOUT_S)
            for request in requests:
                started = time.perf_counter()
                try:
                    request(remote)
                    problem = None
                except Exception as exc:
                    problem = _short(exc)
                out.append(((time.perf_counter() - started) * 1000, problem))

        def requests() -> list:
            """What the concept page asks (its first page of sources through graph.source_pages, as
            the page does) and, with search on, what the search page asks; each timed on its own."""
            concept, word = workload.concept(), workload.word()
            named = [lambda r, q=q: r.select(q, concept=concept)
                     for q in ("concept-detail", "concept-settings", "concept-links")]
            sources = [lambda r: source_pages.page(r, concept, source_pages.documents(r, concept))]
            search = [lambda r: site_search.search(r, word, vocabulary)] if workload.search else []
            return [*named, *sources, *search]

        client([r for _ in range(2) for r in requests()], [])  # warm the server's caches
        def level(n: int) -> list:
            results: list = []
            threads = [threading.Thread(target=client, args=(requests(), results)) for _ in range(n)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            return results

        rows = _ramp("SPARQL clients", levels, level)
    finally:
        _stop(proc)
    return rows


def _ramp(what: str, levels: list[int], level) -> list[dict]:
    """Run ``level(n)`` (the (ms, problem) results of n simultaneous users) for each n in turn,
    stopping after the first n that does not hold; the same ramp for app sessions and SPARQL clients."""
    rows = []
    for n in levels:
        started = time.perf_counter()
        results = level(n)
        rows.append(_level_row(what, n, results, time.perf_counter() - started))
        print(f"  {what} N={n}: {rows[-1]}", file=sys.stderr, flush=True)
        if not rows[-1]["held"]:
            break
    return rows


def _short(exc: Exception) -> str:
    """The kind of a client's error and its cause (the part of our messages in parentheses), so
    refused connections, timeouts and the server's own answers can be told apart in the table."""
    text = str(exc)
    cause = re.search(r"\(([^()]*)\)[^()]*$", text)
    return f"{type(exc).__name__}: {(cause.group(1) if cause else text)[:70]}"


def _level_row(what: str, n: int, results: list[tuple[float, str | None]], seconds: float) -> dict:
    times = sorted(ms for ms, _ in results)
    problems = [p for _, p in results if p]
    if problems:
        print(f"  {what} N={n} errors: {dict(Counter(problems).most_common(4))}", file=sys.stderr, flush=True)
    median = statistics.median(times) if times else float("inf")
    return {"what": what, "N": n, "requests": len(results), "median_ms": median,
            "p90_ms": times[int(0.9 * (len(times) - 1))] if times else float("inf"), "max_ms": times[-1] if times else 0.0,
            "errors": len(problems), "per_s": len(results) / seconds if seconds else 0.0,
            "held": median < TARGET_MS and not problems, "first_error": problems[0] if problems else ""}


def run() -> str:
    from . import scale, scale_data

    size = os.environ.get("RG_LOAD_SIZE", "1m").lower()
    top = int(os.environ.get("RG_LOAD_MAX", "64"))
    parts = {p.strip() for p in os.environ.get("RG_LOAD_PARTS", "app,endpoint").lower().split(",")}
    levels = [n for n in (1, 2, 4, 8, 16, 32, 64, 128) if n <= top]
    os.environ["RECOVERY_GRAPH_USER_DIR"] = str(scale_data.SCALE_DIR / "no-user-data")
    folder = scale_data.data_dir(size).parent  # generated when missing or made by an older generator
    if not scale.stamp_is_current(folder):
        scale.prepare(size)  # the store rebuilt from today's build code
    search = os.environ.get("RG_LOAD_SEARCH", "1") not in ("0", "no", "false")
    workload = Workload(folder, search=search)
    started, where = time.time(), scale.machine()
    rows = app_levels(folder / "store", workload, levels) if "app" in parts else []
    if "endpoint" in parts and scale_remote_available():
        rows += endpoint_levels(folder / "store", workload, levels)
    held = {what: max((r["N"] for r in rows if r["what"] == what and r["held"]), default=0)
            for what in dict.fromkeys(r["what"] for r in rows)}
    summary = "; ".join(f"{what}: N = {n} held" for what, n in held.items())
    return (f"Load test on the {size} store{'' if search else ' (search left out)'}, loopback, machine: {where}\n"
            f"Target: median page (or query) time under {TARGET_MS} ms with no error; N doubles until it fails "
            f"or reaches {top}.\n" + table(rows) + f"\nLargest N that held: {summary}\n"
            f"Took {(time.time() - started) / 60:.1f} min")


def scale_remote_available() -> bool:
    from .scale_remote import available

    return available() is None


if __name__ == "__main__":
    print(run())
