"""One store interface over several engines.

Code above this module asks named queries for plain Python rows and never learns which engine
answered: the embedded Oxigraph store (default, in memory or on disk), rdflib's Memory store (kept
as the measured baseline), or, later, a remote SPARQL 1.1 endpoint. Parameters are always bound
(Oxigraph substitutions, rdflib initBindings, and VALUES blocks of checked terms for list parameters:
graph/binding.py), never pasted into query text.
"""

from __future__ import annotations

import gc
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import binding
from . import queries as query_library
from .errors import QueryError, StoreError
from .namespaces import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_DECIMALS = {XSD + t for t in ("decimal", "double", "float")}


class IRI(str):
    """An IRI in a result row, so a view can turn it into a link."""


@dataclass
class Result:
    columns: list[str]
    rows: list[dict]

    def column(self, name: str) -> list:
        return [row.get(name) for row in self.rows]


_XSD_STRING = ox.NamedNode(XSD + "string")


def _python_value(term):
    # dispatch on the exact type, most frequent first, and answer text (language-tagged or a plain
    # string) before reading any datatype's IRI: converting rows is a good part of a large answer's
    # time (a third less at 100k rows)
    kind = type(term)
    if kind is ox.NamedNode:
        return IRI(term.value)
    if kind is ox.Literal and (term.language or term.datatype == _XSD_STRING):
        return term.value
    if term is None:
        return None
    if kind is ox.BlankNode:
        return f"_:{term.value}"
    if kind is ox.Literal:
        dt = term.datatype.value
        try:
            if dt in _INTEGERS:
                return int(term.value)
            if dt in _DECIMALS:
                return float(term.value)
        except ValueError:
            return term.value
        if dt == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)


@contextmanager
def _collector_paused():
    """Python's cycle collector paused while a large answer becomes rows.

    Each row is a new dict, and every few hundred new containers the collector runs, to find
    nothing: rows of strings and numbers hold no cycles. In a process with a small heap (the CLI,
    the extractor) that was a fifth of a 67 k-row answer at a million triples and two fifths of a
    32 k-row one of two short columns; beside a large heap the collector runs rarely
    and this changes little. Both engines' rows are made this way, so the baseline comparison stays
    fair. Nested or concurrent use is harmless: the one that paused the collector turns it back on."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _resolve(query, params: dict):
    """A NamedQuery or raw text, plus coerced bindings."""
    if isinstance(query, str):
        named = query_library.get(query) if "\n" not in query and " " not in query else query_library.from_text("adhoc", query)
    else:
        named = query
    return named, named.coerce(params)


class Store:
    """The interface every backend offers. Subclasses implement ``_select``/``_construct``/``_ask``."""

    name = "abstract"

    def select(self, query, **params) -> Result:
        named, bound = _resolve(query, params)
        return self._select(named.text, bound)

    def construct(self, query, **params) -> list[tuple]:
        named, bound = _resolve(query, params)
        return self._construct(named.text, bound)

    def ask(self, query, **params) -> bool:
        named, bound = _resolve(query, params)
        return self._ask(named.text, bound)

    def run(self, query, **params):
        """Run a query of any form: Result for SELECT, list of triples for CONSTRUCT, bool for ASK."""
        named, bound = _resolve(query, params)
        form = named.form
        if form == "SELECT":
            return self._select(named.text, bound)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return self._construct(named.text, bound)
        if form == "ASK":
            return self._ask(named.text, bound)
        raise QueryError(f"Query '{named.name}' is not a SELECT, CONSTRUCT, ASK or DESCRIBE query; only reads are allowed")

    def triple_count(self) -> int:
        from .stats import totals

        return int(totals(self)["triples"])


class OxigraphStore(Store):
    """The embedded default: pyoxigraph, in memory or on disk. The default graph is the union of
    all named graphs, so queries need no GRAPH clauses unless they ask which graph a fact is in."""

    name = "oxigraph"

    def __init__(self, store: ox.Store):
        self.store = store

    def _query(self, text: str, bound: dict):
        substitutions = {ox.Variable(k): binding.term(t, v) for k, (t, v) in bound.items() if not binding.is_list(v)}
        text = _anchored(text, bound)
        try:
            return self.store.query(
                text, use_default_graph_as_union=True, prefixes=PREFIXES,
                substitutions=substitutions,
            )
        except SyntaxError as exc:
            line, column = exc.lineno, exc.offset
            found = re.search(r"at (\d+):(\d+)", str(exc))
            if line is None and found:
                line, column = int(found.group(1)), int(found.group(2))
            raise QueryError(f"SPARQL syntax error: {exc}", line, column) from exc

    def _select(self, text, bound) -> Result:
        solutions = self._query(text, bound)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("This query does not return rows; run it as CONSTRUCT or ASK")
        columns = [v.value for v in solutions.variables]
        with _collector_paused():
            rows = [dict(zip(columns, map(_python_value, sol))) for sol in solutions]  # a solution iterates in column order
        return Result(columns, rows)

    def _construct(self, text, bound) -> list[tuple]:
        triples = self._query(text, bound)
        if not isinstance(triples, ox.QueryTriples):
            raise QueryError("This query does not return triples; run it as SELECT or ASK")
        with _collector_paused():
            return [(_python_value(t.subject), _python_value(t.predicate), _python_value(t.object)) for t in triples]

    def _ask(self, text, bound) -> bool:
        answer = self._query(text, bound)
        if not isinstance(answer, ox.QueryBoolean):
            raise QueryError("This query is not an ASK query")
        return bool(answer)

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        if fmt.supports_datasets:
            return self.store.dump(format=fmt)
        return _union_dump(self.store, fmt)


def _anchored(text: str, bound: dict) -> str:
    """The query with its bound parameters also written as VALUES blocks (graph/binding.py).

    Oxigraph applies substitutions while it evaluates, after it has chosen the join order, so a query
    anchored on a parameter (the concept of a concept page) could start from its widest pattern and
    scan the store: 250 ms instead of 0.1 ms at a million triples. A one-row VALUES at the head of
    the WHERE group lets the optimizer start from the parameter; the substitutions stay, so
    subqueries still see every one-valued parameter. A list parameter has no substitution (it takes
    one value), so its block is also written into every inner group that names it."""
    if not bound:
        return text
    terms = binding.written(bound)
    lists = binding.lists_only(terms)
    try:
        return binding.insert(text, terms, lists)
    except QueryError:
        if lists:  # without its blocks a list parameter would be silently unbound
            raise
        return text  # Oxigraph reports the syntax error itself, with its position


def _union_dump(store: ox.Store, fmt: ox.RdfFormat) -> bytes:
    """Triples of every graph, for formats that hold one graph (Turtle, N-Triples)."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store}
    return ox.serialize(sorted(triples, key=str), format=fmt, prefixes=PREFIXES)


class RdflibStore(Store):
    """rdflib's Memory store: the baseline the embedded engine was chosen against."""

    name = "rdflib"

    def __init__(self, dataset):
        self.dataset = dataset

    def _query(self, text, bound):
        from rdflib import Literal, URIRef
        from pyparsing import ParseException

        bindings = {k: URIRef(v) if t == "iri" else Literal(v) for k, (t, v) in bound.items() if not binding.is_list(v)}
        lists = binding.lists_only(binding.written(bound))
        if lists:  # initBindings takes one value a variable: a list goes in VALUES blocks
            text = binding.insert(text, lists, lists)
        try:
            return self.dataset.query(text, initNs=PREFIXES, initBindings=bindings)
        except ParseException as exc:
            raise QueryError(f"SPARQL syntax error: {exc.msg}", exc.lineno, exc.col) from exc

    @staticmethod
    def _value(term):
        from rdflib import BNode, Literal, URIRef

        if term is None:
            return None
        if isinstance(term, URIRef):
            return IRI(str(term))
        if isinstance(term, BNode):
            return f"_:{term}"
        if isinstance(term, Literal):
            value = term.toPython()
            return value if isinstance(value, (int, float, bool)) else str(term)
        return str(term)

    def _select(self, text, bound):
        result = self._query(text, bound)
        columns = [str(v) for v in result.vars]
        solutions = result.bindings  # rdflib evaluates here, with the collector on as usual
        with _collector_paused():
            return Result(columns, [{c: self._value(b.get(v)) for c, v in zip(columns, result.vars)} for b in solutions])

    def _construct(self, text, bound):
        triples = list(self._query(text, bound))
        with _collector_paused():
            return [tuple(self._value(t) for t in triple) for triple in triples]

    def _ask(self, text, bound):
        return bool(self._query(text, bound).askAnswer)


BACKENDS = ("memory", "disk", "rdflib", "remote")


def open_store(backend: str | None = None, *, data_dir=None, path=None, endpoint=None) -> Store:
    """The graph, ready to query, from the backend asked for.

    backend (or $RECOVERY_GRAPH_BACKEND): ``memory`` (default) builds from ``data/`` into an embedded
    Oxigraph store; ``disk`` opens an Oxigraph store folder made by ``recovery-graph build --store``
    ($RECOVERY_GRAPH_STORE); ``rdflib`` builds into rdflib's Memory store (the baseline); ``remote``
    queries a SPARQL 1.1 endpoint (``endpoint`` or $RECOVERY_GRAPH_ENDPOINT, e.g. the query URL of
    `recovery-graph serve`). Naming an endpoint alone selects ``remote``.
    """
    from . import build

    endpoint = endpoint or os.environ.get("RECOVERY_GRAPH_ENDPOINT")
    backend = backend or os.environ.get("RECOVERY_GRAPH_BACKEND") or ("remote" if endpoint else "memory")
    if backend == "remote":
        from .remote import RemoteStore

        if not endpoint:
            raise StoreError("The remote backend needs an endpoint: pass --endpoint URL or set RECOVERY_GRAPH_ENDPOINT")
        return RemoteStore(endpoint)
    if backend == "memory":
        return OxigraphStore(build.build(data_dir).store)
    if backend == "disk":
        path = Path(path or os.environ.get("RECOVERY_GRAPH_STORE", "build/store"))
        if not path.is_dir():
            raise StoreError(f"No Oxigraph store at {path}: run `recovery-graph build --store {path}` first")
        try:
            return OxigraphStore(ox.Store.read_only(str(path)))
        except OSError as exc:
            raise StoreError(f"Cannot open the Oxigraph store at {path} ({exc}); rebuild it with `recovery-graph build --store {path}`") from exc
    if backend == "rdflib":
        return RdflibStore(build.to_rdflib(build.build(data_dir).store))
    raise StoreError(f"Unknown backend '{backend}'; use one of {', '.join(BACKENDS)}")
