"""The remote engine for the scale benchmark: the project's Oxigraph server (graph/server.py) on
loopback over the built store folder, queried through the SPARQL 1.1 protocol by the project's
remote store (graph/remote.py), with the same named queries and bound parameters.

Queries go to the Oxigraph server itself (``Endpoint.upstream_url``), not through the guard proxy:
the proxy runs as threads of this process and would compete with the client for the interpreter,
which a deployment (the proxy in its own `recovery-graph serve` process) does not. The load test
(benchmarks/load_test.py) measures the guarded endpoint from outside."""

from __future__ import annotations

import importlib.util
from pathlib import Path

TIMEOUT_S = 300.0


def available() -> str | None:
    """None when the remote engine can be measured, else why not."""
    missing = [m for m in ("graph.remote", "graph.server") if importlib.util.find_spec(m) is None]
    return f"not measured: {', '.join(missing)} not there yet" if missing else None


class _Remote:
    """A RemoteStore bound to the server it talks to, so stopping one stops both."""

    def __init__(self, endpoint, store):
        self.endpoint, self.store = endpoint, store

    def run(self, named, **params):
        return self.store.run(named, **params)

    def close(self):
        self.endpoint.close()


def start(store_path: Path):
    """(a Store talking to a fresh server over ``store_path``, a note for the report), or (None, why)."""
    why = available()
    if why:
        return None, why
    from graph import guard, server
    from graph.remote import RemoteStore

    endpoint = server.start(store_path, limits=guard.Limits.from_env(timeout=TIMEOUT_S, max_rows=10_000_000))
    url = (endpoint.upstream_url or endpoint.base_url) + "/query"
    return _Remote(endpoint, RemoteStore(url, timeout=TIMEOUT_S)), f"Oxigraph server ({server.oxigraph_binary()}) at {url}"


def stop(remote) -> None:
    if remote is not None:
        remote.close()
