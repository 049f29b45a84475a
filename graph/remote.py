"""The remote backend: the same named queries against any SPARQL 1.1 endpoint over HTTP.

This is how a deployment grows past one machine: many stateless app replicas over one shared
triple store (the Oxigraph server of ``recovery-graph serve``, Fuseki, GraphDB...). The protocol
client is the standard library; results are read by pyoxigraph's SPARQL results parser, lazily, so
a row cap stops reading early.

Parameters are bound without pasting user text into the query: each value becomes an RDF term in
N-Triples syntax (pyoxigraph validates IRIs and escapes literals), placed in a ``VALUES`` block at
the start of the outermost WHERE group, and again at the start of every inner group that names the
parameter (a UNION branch, a sub-SELECT...), because SPARQL evaluates inner groups on their own
first: a FILTER inside a UNION branch would not see a value bound only outside it. That gives what
Oxigraph's substitutions give on the embedded store; a list parameter gets a row per value
(graph/binding.py says where the blocks go and why).
"""

from __future__ import annotations

import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

import pyoxigraph as ox

from . import binding, lexer
from .errors import QueryError, StoreError
from .namespaces import PREFIXES
from .store import Result, Store, _python_value

_SERVER_POSITION = re.compile(r"(?:at|line)\s*(\d+):(\d+)")
_RESULTS_JSON = "application/sparql-results+json"
_N_TRIPLES = "application/n-triples"


def bind(text: str, bound: dict) -> tuple[str, int]:
    """The query text to send: our prefixes it does not declare itself, and the bound values.

    Returns (text, lines added before the original first line), so an endpoint's error position can
    be mapped back to the line the person wrote.
    """
    toks = lexer.tokens(text)
    missing = [p for p in PREFIXES if p not in lexer.declared_prefixes(toks)]
    preamble = " ".join(f"PREFIX {p}: <{PREFIXES[p]}>" for p in missing) + "\n" if missing else ""
    if bound:
        terms = binding.written(bound)
        text = binding.insert(text, terms, terms)
    return preamble + text, preamble.count("\n")


@dataclass
class RemoteStore(Store):
    """A SPARQL 1.1 Protocol endpoint (the query URL, e.g. http://127.0.0.1:7878/query).

    The endpoint must answer with the union of its named graphs as the default graph (Oxigraph
    server's ``--union-default-graph``; ``recovery-graph load --union-copy`` for servers without it).
    """

    endpoint: str
    timeout: float = 30.0
    headers: dict = field(default_factory=dict)
    name = "remote"
    runs_remotely = True  # the guard bounds it with the HTTP deadline instead of a worker process

    def _request(self, text: str, accept: str, timeout: float, line_offset: int = 0):
        body = urllib.parse.urlencode({"query": text}).encode()
        request = urllib.request.Request(self.endpoint, data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": accept,
            "User-Agent": "recovery-graph", **self.headers})
        try:
            return urllib.request.urlopen(request, timeout=timeout)
        except urllib.error.HTTPError as exc:
            message = exc.read().decode("utf-8", "replace").strip() or exc.reason
            if exc.code == 400:
                found = _SERVER_POSITION.search(message)
                line = int(found.group(1)) - line_offset if found else None
                column = int(found.group(2)) if found else None
                if line is not None and line < 1:
                    line = None
                raise QueryError(f"SPARQL syntax error (from {self.endpoint}): {message}", line, column) from None
            if exc.code in (403, 413, 503, 504):
                raise QueryError(message) from None
            raise StoreError(f"The SPARQL endpoint {self.endpoint} answered HTTP {exc.code}: {message}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                raise _remote_timeout(timeout) from None
            raise StoreError(
                f"Cannot reach the SPARQL endpoint {self.endpoint} ({reason}); start it with "
                "`recovery-graph serve`, or set RECOVERY_GRAPH_ENDPOINT to a running endpoint") from None

    def run_capped(self, named, bound: dict, max_rows: int | None, timeout: float | None = None):
        """(answer, truncated): reads at most ``max_rows`` rows and gives up at the deadline."""
        timeout = timeout or self.timeout
        deadline = time.monotonic() + timeout
        text, offset = bind(named.text, bound)
        form = named.form
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        response = self._request(text, _N_TRIPLES if graph_form else _RESULTS_JSON, timeout, offset)
        cap = max_rows if max_rows is not None else float("inf")
        try:
            with response:
                if graph_form:
                    parsed = ox.parse(response, format=ox.RdfFormat.N_TRIPLES)
                    triples = []
                    for t in parsed:
                        if len(triples) >= cap:
                            return triples, True
                        triples.append(tuple(_python_value(x) for x in (t.subject, t.predicate, t.object)))
                        _check_deadline(deadline, timeout)
                    return triples, False
                parsed = ox.parse_query_results(response, format=ox.QueryResultsFormat.JSON)
                if isinstance(parsed, ox.QueryBoolean):
                    return bool(parsed), False
                columns = [v.value for v in parsed.variables]
                rows = []
                for solution in parsed:
                    if len(rows) >= cap:
                        return Result(columns, rows), True
                    rows.append({c: _python_value(solution[c]) for c in columns})
                    _check_deadline(deadline, timeout)
                return Result(columns, rows), False
        except SyntaxError as exc:
            if time.monotonic() >= deadline or "cancelled" in str(exc):
                raise _remote_timeout(timeout) from None
            raise StoreError(
                f"The answer from {self.endpoint} broke off or is not SPARQL results ({exc}); the server "
                "may have stopped the query at its own time limit") from None
        except (TimeoutError, OSError) as exc:
            if time.monotonic() >= deadline or "timed out" in str(exc):
                raise _remote_timeout(timeout) from None
            raise StoreError(f"The connection to {self.endpoint} broke while reading the answer ({exc})") from None

    def _select(self, text, bound) -> Result:
        answer, _ = self.run_capped(_Text(text, "SELECT"), bound, None)
        if not isinstance(answer, Result):
            raise QueryError("This query does not return rows; run it as CONSTRUCT or ASK")
        return answer

    def _construct(self, text, bound) -> list[tuple]:
        return self.run_capped(_Text(text, "CONSTRUCT"), bound, None)[0]

    def _ask(self, text, bound) -> bool:
        answer, _ = self.run_capped(_Text(text, "ASK"), bound, None)
        if not isinstance(answer, bool):
            raise QueryError("This query is not an ASK query")
        return answer

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""


@dataclass(frozen=True)
class _Text:
    text: str
    form: str


def _check_deadline(deadline: float, timeout: float) -> None:
    if time.monotonic() > deadline:
        raise _remote_timeout(timeout)


def _remote_timeout(timeout: float) -> QueryError:
    return QueryError(
        f"The endpoint did not finish within the time limit of {timeout:g} s, so the query was given up. "
        "Narrow it or add LIMIT.")


def endpoint_from_env() -> str | None:
    return os.environ.get("RECOVERY_GRAPH_ENDPOINT") or None


# ------------------------------------------------------------------ loading a server

@dataclass
class LoadReport:
    target: str
    graphs: dict  # graph IRI -> triples sent
    seconds: float

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def graph_store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL next to a query endpoint, for the servers whose layout is known
    (Oxigraph: /query -> /store; Fuseki: /ds/query or /ds/sparql -> /ds/data)."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    if path.endswith("/query"):
        base = path[: -len("/query")]
        tail = "/store" if base == "" else "/data"
        return urllib.parse.urlunsplit(parts._replace(path=base + tail, query=""))
    if path.endswith("/sparql"):
        return urllib.parse.urlunsplit(parts._replace(path=path[: -len("/sparql")] + "/data", query=""))
    raise StoreError(
        f"Cannot tell the Graph Store Protocol URL of {endpoint}; pass it with --store-url "
        "(Oxigraph: http://HOST:PORT/store, Fuseki: http://HOST:PORT/DATASET/data)")


def load_endpoint(endpoint: str, data_dir=None, *, store_url: str | None = None, union_copy: bool = False,
                  timeout: float = 60.0) -> LoadReport:
    """Put every named graph of the built graph into a server with the Graph Store Protocol.

    Each graph is sent with PUT, which replaces it, so loading twice gives the same store. The whole
    graph is built and validated first, so a broken data file stops the load before anything is sent.
    ``union_copy`` also puts all triples into the server's default graph, for servers that cannot
    answer with the union of the named graphs by default.
    """
    from .build import build

    started = time.perf_counter()
    target = store_url or graph_store_url(endpoint)
    store = build(data_dir).store
    graphs = sorted({q.graph_name for q in store if isinstance(q.graph_name, ox.NamedNode)}, key=str)
    sent = {}
    for graph in graphs:
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph)]
        _put(target, "graph=" + urllib.parse.quote(graph.value, safe=""), triples, timeout)
        sent[graph.value] = len(triples)
    if union_copy:
        union = {ox.Triple(q.subject, q.predicate, q.object) for q in store}
        _put(target, "default", list(union), timeout)
        sent["(default graph)"] = len(union)
    return LoadReport(target, sent, time.perf_counter() - started)


def _put(url: str, query: str, triples: list, timeout: float) -> None:
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    full = f"{url}?{query}"
    request = urllib.request.Request(full, data=body, method="PUT", headers={"Content-Type": _N_TRIPLES})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        message = exc.read().decode("utf-8", "replace").strip()
        hint = " (the server is read-only: load into `oxigraph serve`, or build a store folder with " \
               "`recovery-graph load --store DIR`)" if exc.code in (403, 405) else ""
        raise StoreError(f"{url} refused {urllib.parse.unquote(query)}: HTTP {exc.code} {message}{hint}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise StoreError(f"Cannot reach {url} ({getattr(exc, 'reason', exc)}); is the server running?") from None


def describe(report: LoadReport) -> str:
    lines = [f"Loaded {report.triples} triples in {len(report.graphs)} graphs into {report.target} "
             f"in {report.seconds:.2f} s"]
    lines += [f"  {graph}: {count}" for graph, count in report.graphs.items()]
    return "\n".join(lines)

