"""The query guard in front of the Oxigraph server: checks each request, forwards the rest unchanged.

The Oxigraph server cannot be told "no SERVICE" and accepts Graph Store writes, so by default it
listens on a private loopback port and :class:`GuardProxy` listens on the public address (see
:mod:`graph.server`). The proxy refuses updates, writes and SERVICE with a sentence, forwards every
other request, and answers at the time limit even when Oxigraph's own timeout (checked between
evaluation steps) fires later.

It is built to hold many clients at once, because every SPARQL client and app replica of a
deployment goes through it:

- a listen queue of :data:`LISTEN_QUEUE` connections: socketserver's default of 5 made the kernel
  reset connections ("connection reset by peer") as soon as a few dozen clients connected together;
- one daemon thread per client connection, kept alive between a client's requests (HTTP/1.1), and
  closed after :data:`IDLE_CLIENT_S` of silence so idle clients do not pin threads for ever. The
  threads are reused (:class:`_Workers`): starting a thread per connection, as socketserver's
  ThreadingMixIn does, makes the accepting thread wait for each new thread to get the interpreter
  lock, which under load capped how fast connections were accepted;
- a pool of kept-alive connections to the Oxigraph server (:class:`UpstreamPool`), reused from one
  request to the next instead of a TCP connect and a fresh Oxigraph connection thread per query, and
  bounded, so a burst of clients waits here (within the time limit) rather than pushing Oxigraph
  past its own connection cap. A pooled connection the server has closed meanwhile is replaced and
  the request sent again once: queries are reads, so sending one twice is harmless.
"""

from __future__ import annotations

import http.client
import os
import queue
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

from . import guard
from .errors import QueryError

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
LISTEN_QUEUE = 1024  # the kernel caps it at net.core.somaxconn
UPSTREAM_CONNECTIONS = 64 * (os.cpu_count() or 1)  # Oxigraph itself accepts 128 per CPU
IDLE_CLIENT_S = 120.0
IDLE_WORKER_S = 60.0
_CANCELLED = b"The SPARQL operation has been cancelled"
_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, ConnectionAbortedError)


class UpstreamPool:
    """Kept-alive HTTP connections to the Oxigraph server, shared by the handler threads.

    At most ``size`` are in use at once; ``acquire`` waits for a free one until its timeout. Idle
    connections are reused last-in first-out, so the ones still open stay warm."""

    def __init__(self, address: tuple[str, int], size: int = UPSTREAM_CONNECTIONS):
        self.address, self.size = address, size
        self._idle: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(size)
        self.opened = 0  # connections made so far (for tests and measurement)

    def acquire(self, timeout: float) -> tuple[http.client.HTTPConnection, bool]:
        """(a connection, whether it was used before); TimeoutError when none frees up in time."""
        if timeout <= 0 or not self._slots.acquire(timeout=timeout):
            raise TimeoutError("every connection to the Oxigraph server is busy")
        with self._lock:
            if self._idle:
                return self._idle.pop(), True
            self.opened += 1
        return http.client.HTTPConnection(*self.address, timeout=timeout), False

    def release(self, connection: http.client.HTTPConnection, reusable: bool) -> None:
        if reusable:
            with self._lock:
                self._idle.append(connection)
        else:
            connection.close()
        self._slots.release()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()


class _Workers:
    """Daemon threads that each serve one connection at a time and then wait for the next.

    A new thread starts only when none is waiting; one that waits :data:`IDLE_WORKER_S` in vain
    ends. ``_waiting`` counts waiting threads not yet promised a job, so a thread may end only
    while that count is above zero (otherwise a job is on its way to it)."""

    def __init__(self, serve):
        self._serve = serve
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._waiting = 0

    def submit(self, job) -> None:
        with self._lock:
            promised = self._waiting > 0
            if promised:
                self._waiting -= 1
        if promised:
            self._jobs.put(job)
        else:
            threading.Thread(target=self._run, args=(job,), name="sparql-guard-worker", daemon=True).start()

    def _run(self, job) -> None:
        while True:
            self._serve(*job)
            with self._lock:
                self._waiting += 1
            try:
                job = self._jobs.get(timeout=IDLE_WORKER_S)
            except queue.Empty:
                with self._lock:
                    if self._waiting > 0:
                        self._waiting -= 1
                        return
                job = self._jobs.get()  # a job was promised to a waiting thread in the meantime


class GuardProxy(HTTPServer):
    """Checks queries, refuses writes and forwards the rest to the Oxigraph server unchanged."""

    request_queue_size = LISTEN_QUEUE

    def __init__(self, address, *, upstream, limits: guard.Limits, max_bytes: int = DEFAULT_MAX_BYTES,
                 connections: int = UPSTREAM_CONNECTIONS):
        self.upstream, self.limits, self.max_bytes = upstream, limits, max_bytes
        self.pool = UpstreamPool(upstream, connections)
        self.workers = _Workers(self._serve_connection)
        super().__init__(address, _Handler)

    def process_request(self, request, client_address) -> None:
        self.workers.submit((request, client_address))

    def _serve_connection(self, request, client_address) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up mid-answer is not news; anything else is printed as usual."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, socket.timeout)):
            super().handle_error(request, client_address)

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "recovery-graph-guard"
    timeout = IDLE_CLIENT_S

    def log_message(self, *args):  # no request log: queries may say something about a person
        pass

    def do_GET(self):
        self._handle()

    def do_HEAD(self):
        self._handle()

    def do_POST(self):
        self._handle()

    def do_PUT(self):
        self._refuse_write()

    def do_DELETE(self):
        self._refuse_write()

    def do_PATCH(self):
        self._refuse_write()

    def _handle(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = urllib.parse.urlsplit(self.path)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        form = urllib.parse.parse_qs(parts.query)
        if self.command == "POST" and ctype == "application/x-www-form-urlencoded":
            form.update(urllib.parse.parse_qs(body.decode("utf-8", "replace")))
        if parts.path.rstrip("/").endswith("/update") or "update" in form or ctype == "application/sparql-update":
            return self._refuse_write()
        if self.command == "POST" and parts.path.rstrip("/").endswith("/store"):
            return self._refuse_write()
        text = body.decode("utf-8", "replace") if ctype == "application/sparql-query" else (form.get("query") or [None])[0]
        if text is not None:
            try:
                guard.check(text, self.server.limits)
            except QueryError as exc:
                where = f" (line {exc.line}, column {exc.column})" if exc.line else ""
                status = 413 if "characters long" in str(exc) else 403
                return self._reply(status, f"{exc}{where}")
        self._forward(body)

    def _refuse_write(self):
        if self.command in ("PUT", "DELETE", "PATCH"):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._reply(403, "Refused: this endpoint is read-only; SPARQL updates and Graph Store writes are not "
                         "accepted. Change the data files and rebuild, or load them into a writable server "
                         "with `recovery-graph load`.")

    def _forward(self, body: bytes):
        limits, pool = self.server.limits, self.server.pool
        deadline = time.monotonic() + limits.timeout
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() in ("accept", "content-type", "accept-encoding", "accept-language")}
        try:
            connection, reused = pool.acquire(deadline - time.monotonic())
        except TimeoutError:
            return self._too_late(limits)
        reusable = False
        try:
            response = self._exchange(connection, reused, body, headers, deadline)
            chunks, size = [], 0
            while True:
                _set_timeout(connection, deadline)
                chunk = response.read1(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > self.server.max_bytes:
                    return self._reply(413, f"The answer is larger than {self.server.max_bytes // 2**20} MB, the "
                                            "endpoint's cap; add LIMIT or narrow the query.")
                chunks.append(chunk)
            response.read()  # b"" now; marks a complete answer closed, so its connection can be lent again
            data = b"".join(chunks)
            reusable = response.isclosed() and not response.will_close and not data.endswith(_CANCELLED)
        except (TimeoutError, socket.timeout):
            return self._too_late(limits)
        except OSError as exc:
            return self._reply(502, f"The Oxigraph server behind this endpoint did not answer ({exc}).")
        except http.client.HTTPException as exc:
            return self._reply(502, f"The Oxigraph server behind this endpoint sent a broken answer ({exc!r}).")
        finally:
            pool.release(connection, reusable)
        if data.endswith(_CANCELLED):
            return self._too_late(limits)
        self.send_response(response.status)
        for key, value in response.getheaders():
            if key.lower() not in ("transfer-encoding", "content-length", "connection", "server", "keep-alive"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _exchange(self, connection: http.client.HTTPConnection, reused: bool, body: bytes, headers: dict,
                  deadline: float) -> http.client.HTTPResponse:
        """Send the request and read the status line; once more on a fresh socket when a reused
        connection turns out to have been closed by the server while it sat in the pool."""
        while True:
            _set_timeout(connection, deadline)
            try:
                connection.request(self.command, self.path, body=body or None, headers=headers)
                return connection.getresponse()
            except _STALE:
                if not reused:
                    raise
                connection.close()  # the next request() opens a new socket
                reused = False

    def _too_late(self, limits: guard.Limits):
        return self._reply(503, f"The query was stopped after the time limit of {limits.timeout:g} s. "
                                "Narrow it or add LIMIT.")

    def _reply(self, status: int, message: str):
        data = (message + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def _set_timeout(connection: http.client.HTTPConnection, deadline: float) -> None:
    """What is left of the time limit, for the next connect, send or read on ``connection``."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError
    connection.timeout = remaining
    if connection.sock is not None:
        connection.sock.settimeout(remaining)
