"""The graph over the SPARQL 1.1 Protocol: the Oxigraph server, read-only, behind the query guard.

The protocol itself (GET and POST queries, content negotiation for JSON, XML, CSV and TSV results
and Turtle, N-Triples or RDF/XML graphs, the Graph Store Protocol for reading graphs, the YASGUI
page) is the Oxigraph server's, from the ``oxigraph`` package on PyPI, started as
``oxigraph serve-read-only --union-default-graph --timeout-s N`` over a store folder built by
:func:`graph.build.build_to_disk`. Its union-default-graph option gives our queries the default
graph they expect, so no union copy is needed.

What the Oxigraph server cannot be told is "no SERVICE": it fetches any URL a query names. So by
default it listens on a private loopback port and a small filter (:class:`graph.proxy.GuardProxy`)
listens on the public address, checks each query with :mod:`graph.guard` (updates and SERVICE
refused with a sentence, not just a status), forwards the rest unchanged over a pool of kept-alive
connections, and answers at the time limit even when Oxigraph's own timeout fires later. With
``--allow-service`` the filter is not needed and the Oxigraph server is exec'd on the public address.
"""

from __future__ import annotations

import contextlib
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
from http.server import HTTPServer
from pathlib import Path

from . import guard
from .errors import StoreError
from .proxy import DEFAULT_MAX_BYTES, GuardProxy

DEFAULT_PORT = 7878


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
    proxy: HTTPServer | None = None
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
