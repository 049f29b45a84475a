"""The graph over the SPARQL 1.1 Protocol: the Oxigraph server, read-only, behind the query guard.

The protocol itself (GET and POST queries, content negotiation for JSON, XML, CSV and TSV results
and Turtle, N-Triples or RDF/XML graphs, the Graph Store Protocol for reading graphs, the YASGUI
page) is the Oxigraph server's, from the ``oxigraph`` package on PyPI, started as
``oxigraph serve-read-only --union-default-graph --timeout-s N`` over a store folder built by
:func:`graph.build.build_to_disk`. Its union-default-graph option gives our queries the default
graph they expect, so no union copy is needed.

What the Oxigraph server cannot be told is "no SERVICE": it fetches any URL a query names. So by
default it listens on a private loopback port and a small filter (:class:`GuardProxy`) listens on
the public address, checks each query with :mod:`graph.guard` (updates and SERVICE refused with a
sentence, not just a status), forwards the rest unchanged, and answers at the time limit
even when Oxigraph's own timeout (checked between evaluation steps) fires later. With
``--allow-service`` the filter is not needed and the Oxigraph server is exec'd on the public address.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import guard
from .errors import QueryError, StoreError

DEFAULT_PORT = 7878
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_CANCELLED = b"The SPARQL operation has been cancelled"


def oxigraph_binary() -> str:
    """The Oxigraph server executable installed with the ``oxigraph`` package."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise StoreError("The Oxigraph server is not installed: pip install 'oxigraph>=0.5' "
                         "(make test and pip install -e . do it)")
    return found


def oxigraph_command(location, bind: str, timeout: float) -> list[str]:
    return [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", bind,
            "--union-default-graph", "--timeout-s", str(max(1, int(timeout + 0.999)))]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """Linux: the Oxigraph child gets SIGTERM when the process that started it ends."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


def wait_until_up(url: str, process: subprocess.Popen | None = None, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise StoreError(f"The Oxigraph server stopped at start-up (exit status {process.returncode}); "
                             "is the store folder in use by a writer, or the port taken?")
        try:
            with urllib.request.urlopen(probe, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise StoreError(f"The SPARQL endpoint at {url} did not answer within {seconds:g} s")


@dataclass
class Endpoint:
    """A running endpoint: ``query_url`` for SPARQL clients, ``close()`` to stop it."""

    base_url: str
    process: subprocess.Popen
    proxy: ThreadingHTTPServer | None = None
    threads: list = field(default_factory=list)
    upstream_url: str | None = None  # the Oxigraph server itself, behind the guard (for measuring)

    @property
    def query_url(self) -> str:
        return self.base_url + "/query"

    def close(self) -> None:
        if self.proxy is not None:
            self.proxy.shutdown()
            self.proxy.server_close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def start(location, *, host: str = "127.0.0.1", port: int = 0, limits: guard.Limits | None = None,
          max_bytes: int = DEFAULT_MAX_BYTES, log=None) -> Endpoint:
    """Serve the store folder ``location`` read-only; returns once the endpoint answers.

    ``port=0`` picks a free port. Without ``limits.allow_service`` the Oxigraph server gets a private
    loopback port and the guard listens on ``host:port`` (in a thread of this process).
    """
    limits = limits or guard.Limits.from_env()
    if not Path(location, "CURRENT").exists():
        raise StoreError(f"No Oxigraph store at {location}: build one with `recovery-graph build --store {location}`")
    port = port or free_port(host)
    inner = (host, port) if limits.allow_service else ("127.0.0.1", free_port())
    process = subprocess.Popen(
        oxigraph_command(location, f"{inner[0]}:{inner[1]}", limits.timeout),
        stdout=log or subprocess.DEVNULL, stderr=log or subprocess.DEVNULL, preexec_fn=_die_with_parent
        if sys.platform.startswith("linux") else None,
    )
    endpoint = Endpoint(f"http://{_url_host(inner[0])}:{inner[1]}", process)
    try:
        wait_until_up(endpoint.query_url, process)
        if not limits.allow_service:
            proxy = GuardProxy((host, port), upstream=inner, limits=limits, max_bytes=max_bytes)
            thread = threading.Thread(target=proxy.serve_forever, name="sparql-guard", daemon=True)
            thread.start()
            endpoint = Endpoint(f"http://{_url_host(host)}:{port}", process, proxy, [thread], endpoint.base_url)
    except BaseException:
        endpoint.close()
        raise
    return endpoint


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def serve(location, *, host: str, port: int, limits: guard.Limits, announce=print) -> int:
    """Run the endpoint in the foreground until Ctrl+C or SIGTERM (the ``serve`` command)."""
    if limits.allow_service:
        command = oxigraph_command(location, f"{host}:{port}", limits.timeout)
        announce(f"SPARQL endpoint (Oxigraph, read-only, SERVICE allowed) on http://{_url_host(host)}:{port}/query")
        sys.stdout.flush()
        os.execv(command[0], command)
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in the background
    endpoint = start(location, host=host, port=port, limits=limits)
    try:
        announce(f"SPARQL endpoint (Oxigraph, read-only) on {endpoint.query_url}  "
                 f"(time limit {limits.timeout:g} s; SERVICE refused; Ctrl+C to stop)")
        sys.stdout.flush()
        while endpoint.process.poll() is None:
            time.sleep(0.5)
        announce(f"The Oxigraph server stopped (exit status {endpoint.process.returncode})")
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        endpoint.close()
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)


# ------------------------------------------------------------------ the guard in front

class GuardProxy(ThreadingHTTPServer):
    """Checks queries, refuses writes and forwards the rest to the Oxigraph server unchanged."""

    daemon_threads = True

    def __init__(self, address, *, upstream, limits: guard.Limits, max_bytes: int = DEFAULT_MAX_BYTES):
        self.upstream, self.limits, self.max_bytes = upstream, limits, max_bytes
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "recovery-graph-guard"

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
        limits, started = self.server.limits, time.monotonic()
        connection = http.client.HTTPConnection(*self.server.upstream, timeout=limits.timeout)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() in ("accept", "content-type", "accept-encoding", "accept-language")}
        try:
            connection.request(self.command, self.path, body=body or None, headers=headers)
            response = connection.getresponse()
            chunks, size = [], 0
            while True:
                remaining = limits.timeout - (time.monotonic() - started)
                if remaining <= 0:
                    raise TimeoutError
                connection.sock.settimeout(remaining)
                chunk = response.read1(65536) if self.command != "HEAD" else b""
                if not chunk:
                    break
                size += len(chunk)
                if size > self.server.max_bytes:
                    return self._reply(413, f"The answer is larger than {self.server.max_bytes // 2**20} MB, the "
                                            "endpoint's cap; add LIMIT or narrow the query.")
                chunks.append(chunk)
        except (TimeoutError, socket.timeout):
            return self._reply(503, f"The query was stopped after the time limit of {limits.timeout:g} s. "
                                    "Narrow it or add LIMIT.")
        except OSError as exc:
            return self._reply(502, f"The Oxigraph server behind this endpoint did not answer ({exc}).")
        finally:
            connection.close()
        data = b"".join(chunks)
        if data.endswith(_CANCELLED):
            return self._reply(503, f"The query was stopped after the time limit of {limits.timeout:g} s. "
                                    "Narrow it or add LIMIT.")
        self.send_response(response.status)
        for key, value in response.getheaders():
            if key.lower() not in ("transfer-encoding", "content-length", "connection", "server"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _reply(self, status: int, message: str):
        data = (message + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

