"""The query guard in front of the Oxigraph server holds many clients at once: a burst of
connections is queued, not reset; queries reuse kept-alive connections to the server; a pooled
connection the server closed is replaced without the client noticing; a client that cannot get a
connection in time hears the time limit."""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest

from graph import guard, server
from graph.proxy import GuardProxy, UpstreamPool

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def endpoint(built, tmp_path_factory):
    """The endpoint of `recovery-graph serve`, its guard running in this process so its pool can be read."""
    folder = tmp_path_factory.mktemp("proxy") / "store"
    disk = ox.Store(str(folder))
    disk.bulk_extend(iter(built.store))
    disk.flush()
    del disk
    with server.start(folder, limits=guard.Limits(timeout=20)) as running:
        yield running


def post(url: str, query: str, timeout: float = 30) -> tuple[int, bytes]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("POST", parts.path, body=urllib.parse.urlencode({"query": query}),
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def count_of(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_a_burst_of_clients_connecting_at_once_is_answered_every_one(endpoint, built):
    clients = 128
    start_together = threading.Barrier(clients)
    answers: list = []

    def client():
        start_together.wait()
        try:
            answers.append(post(endpoint.query_url, COUNT))
        except OSError as exc:  # a reset connection: what a listen queue of 5 gave
            answers.append((type(exc).__name__, b""))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert [status for status, _ in answers] == [200] * clients
    assert {count_of(body) for _, body in answers} == {len(built.store)}


def test_queries_reuse_kept_alive_connections_to_the_oxigraph_server(endpoint, built):
    before = endpoint.proxy.pool.opened
    for _ in range(20):
        status, body = post(endpoint.query_url, COUNT)
        assert status == 200 and count_of(body) == len(built.store)
    assert endpoint.proxy.pool.opened - before <= 1


class _ClosingUpstream(BaseHTTPRequestHandler):
    """A server that answers each request, then drops the connection without saying so: what a
    kept-alive connection looks like after the server's idle timeout."""

    protocol_version = "HTTP/1.1"
    delay = 0.0

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.requests += 1
        time.sleep(self.delay)
        body = b'{"head":{},"boolean":true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True


def _proxy_over(handler, *, timeout: float, connections: int = 4):
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    upstream.requests = 0
    proxy = GuardProxy(("127.0.0.1", 0), upstream=upstream.server_address, limits=guard.Limits(timeout=timeout),
                       connections=connections)
    for s in (upstream, proxy):
        threading.Thread(target=s.serve_forever, daemon=True).start()
    return upstream, proxy, f"http://127.0.0.1:{proxy.server_address[1]}/query"


def _stop(*servers):
    for s in servers:
        s.shutdown()
        s.server_close()


def test_a_pooled_connection_the_server_closed_is_replaced_without_the_client_noticing():
    upstream, proxy, url = _proxy_over(_ClosingUpstream, timeout=5)
    try:
        for _ in range(3):
            time.sleep(0.05)  # the upstream has closed the pooled connection by now
            assert post(url, "ASK {}") == (200, b'{"head":{},"boolean":true}')
        assert upstream.requests == 3
        assert proxy.pool.opened == 1  # the same connection object, reopened: no request was lost
    finally:
        _stop(proxy, upstream)


def test_the_pool_lends_each_connection_to_one_request_at_a_time_and_reuses_it():
    pool = UpstreamPool(("127.0.0.1", 9), size=1)
    first, reused = pool.acquire(1)
    assert not reused
    with pytest.raises(TimeoutError):
        pool.acquire(0.1)
    pool.release(first, reusable=True)
    again, reused = pool.acquire(0.1)
    assert again is first and reused
    pool.release(again, reusable=False)
    fresh, reused = pool.acquire(0.1)
    assert fresh is not first and not reused and pool.opened == 2


def test_a_client_that_cannot_get_a_connection_in_time_hears_the_time_limit():
    upstream, proxy, url = _proxy_over(_ClosingUpstream, timeout=0.5, connections=1)
    try:
        busy, _ = proxy.pool.acquire(1)  # the only connection, taken by a long query
        status, body = post(url, "ASK {}")
        assert status == 503 and body.decode().startswith("The query was stopped after the time limit of 0.5 s")
        assert upstream.requests == 0
        proxy.pool.release(busy, reusable=False)
        assert post(url, "ASK {}")[0] == 200
    finally:
        _stop(proxy, upstream)
