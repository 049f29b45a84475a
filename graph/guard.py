"""Read-only, bounded running of queries a person wrote: the query page, the CLI and the endpoint.

Three promises, kept in one place so every way in behaves alike:

* **Read-only.** SPARQL Update operations (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE,
  COPY) are refused with a message, never run. The embedded store's ``query`` cannot run an update
  anyway; the guard's job is to say so clearly, and to protect engines that can.
* **No SERVICE** unless configuration allows it (``RECOVERY_GRAPH_ALLOW_SERVICE=1`` or
  ``--allow-service``): a SERVICE clause makes the engine fetch any URL it names, so a query box
  would become a way to reach the server's network.
* **Bounded.** A time limit (default 10 s) and a row cap (default 10,000). pyoxigraph cannot cancel a
  running query from Python, so a query written by hand runs in a forked worker process (see
  :mod:`graph.worker`) that is killed at the deadline; the app and the other sessions never wait
  on it. Rows are read lazily and the reading stops at the cap.

How a query is inspected: the SPARQL tokenizer of :mod:`graph.lexer` first, which skips string
literals, IRIs and comments, so "drop" in a label or "with" in the ``#+`` header is not syntax; text
without a SERVICE or update keyword token is cleared at once. Text with one is parsed with rdflib's
SPARQL parser, which confirms it and names the operation; where rdflib cannot parse the text
(syntax beyond SPARQL 1.1, or an error) the token stands as the verdict.

The endpoint sees a new text for every parameter value, and making the tokens of each was half its
CPU time a request. So the guard first looks for those words anywhere after the prologue (spaces,
comments such as the ``#+`` header, PREFIX declarations), even inside another word and in any
case: text without one cannot hold such a token and is cleared without tokenizing (50 µs instead
of 600 for a named query, benchmarks/queries.py); other text has only its keywords read
(:func:`lexer.keywords`), without making a token of each.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field, replace

from . import lexer, worker
from .errors import QueryError

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
MAX_QUERY_CHARS = 200_000
_WATCHED = {"SERVICE", *lexer.UPDATE_KEYWORDS}
_SCREEN = re.compile(r"\b(SERVICE|" + "|".join(lexer.UPDATE_KEYWORDS) + r")\b", re.IGNORECASE)
_LOWER_WATCHED = tuple(sorted(w.lower() for w in _WATCHED))
# The prologue: spaces, comments (the named queries' #+ header) and PREFIX declarations, none of
# which can hold a keyword. A comment is cut at any character some parser might take for a line end
# (SPARQL's are LF and CR), and a prefix name is plain ASCII, so what is skipped is never syntax.
_PROLOGUE = re.compile(r"""(?:[ \t\r\n]+
  | \#[^\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]*
  | PREFIX[ \t\r\n]+[A-Za-z0-9_\-]*:[ \t\r\n]*<[^<>"{}|^`\\\x00-\x20]*>)*""", re.VERBOSE)
_UPDATE_NODES = {
    "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE",
    "Modify": "INSERT/DELETE", "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE",
    "Add": "ADD", "Move": "MOVE", "Copy": "COPY",
}


@dataclass(frozen=True)
class Limits:
    """What a guarded query may do. ``from_env`` reads the deployment's configuration."""

    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    allow_service: bool = False

    @classmethod
    def from_env(cls, **overrides) -> "Limits":
        env = os.environ
        limits = cls(
            timeout=float(env.get("RECOVERY_GRAPH_QUERY_TIMEOUT", DEFAULT_TIMEOUT)),
            max_rows=int(env.get("RECOVERY_GRAPH_MAX_ROWS", DEFAULT_MAX_ROWS)),
            allow_service=env.get("RECOVERY_GRAPH_ALLOW_SERVICE", "") in ("1", "true", "yes"),
        )
        return replace(limits, **{k: v for k, v in overrides.items() if v is not None})


@dataclass
class Outcome:
    """What a guarded run gives back: the answer, how long it took and whether the cap cut it."""

    answer: object  # store.Result for SELECT, list of triples for CONSTRUCT, bool for ASK
    seconds: float
    truncated: bool = False
    limits: Limits = field(default_factory=Limits)


# ------------------------------------------------------------------ inspection

def check(text: str, limits: Limits | None = None) -> None:
    """Raise QueryError if ``text`` is an update, holds a SERVICE clause the limits do not allow,
    or is too long to be a query someone wrote; return quietly otherwise."""
    limits = limits or Limits.from_env()
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}. "
                         "Shorten it, or run it with the oxigraph tools directly.")
    decoded = lexer.decode_escapes(text)
    body = decoded[_PROLOGUE.match(decoded).end():].lower()
    if not any(word in body for word in _LOWER_WATCHED):
        return  # no watched word even inside another word: no keyword token can be one
    try:
        suspects = sorted(lexer.keywords(decoded) & _WATCHED)
    except QueryError:  # not even tokens: the engine will report the syntax error, unless...
        suspects = None
    if suspects == [] or (suspects is None and not _SCREEN.search(decoded)):
        return
    verdict = _parse_verdict(re.sub(r"\r\n?", "\n", decoded))  # rdflib's comments run past a lone CR
    if verdict is None and suspects:
        verdict = _token_verdict(decoded)
    if verdict is None:  # neither tokens nor a parse tree, and a watched word somewhere: be careful
        verdict = ("service", "", None, None) if re.search(r"\bSERVICE\b", decoded, re.I) else ("query", "", None, None)
    kind, what, line, column = verdict
    if kind == "update":
        raise QueryError(
            f"Refused: this is a SPARQL update ({what}); the graph is read-only here. "
            "Change the data files under data/ and rebuild, or load them into a server with "
            "`recovery-graph load`.", line, column)
    if kind == "service" and not limits.allow_service:
        raise QueryError(
            f"Refused: SERVICE{' ' + what if what else ''} would make the server fetch another URL, and "
            "federated queries are off. Set RECOVERY_GRAPH_ALLOW_SERVICE=1 (or pass --allow-service) "
            "to allow them.", line, column)


def _parse_verdict(text: str):
    """(kind, what, line, column) from rdflib's parser, or None when it cannot parse the text."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import parser

    try:
        tree = parser.parseQuery(text)
    except ParseException:
        tree = None
    except Exception:  # rdflib raises a few non-pyparsing errors on odd input
        tree = None
    if tree is not None:
        names = _node_names(tree)
        if "ServiceGraphPattern" in names:
            return ("service", _service_target(text), *_first_keyword(text, {"SERVICE"}))
        return ("query", "", None, None)
    try:
        tree = parser.parseUpdate(text)
    except Exception:
        return None
    operations = [_UPDATE_NODES[n] for n in _node_names(tree) if n in _UPDATE_NODES]
    return ("update", ", ".join(dict.fromkeys(operations)) or "update",
            *_first_keyword(text, set(lexer.UPDATE_KEYWORDS)))


def _token_verdict(text: str):
    try:
        toks = lexer.tokens(text)
    except QueryError:
        return ("query", "", None, None)  # the store reports the syntax error with its position
    for i, t in enumerate(toks):
        if t.keyword in lexer.UPDATE_KEYWORDS:
            return ("update", t.keyword, t.line, t.column)
        if t.keyword == "SERVICE":
            target = next((x.text for x in toks[i + 1:i + 3] if x.kind in ("iri", "var", "pname")), "")
            return ("service", target, t.line, t.column)
    return ("query", "", None, None)


def _node_names(node, out=None) -> list[str]:
    from rdflib.plugins.sparql.parserutils import CompValue

    out = [] if out is None else out
    if isinstance(node, CompValue):
        out.append(node.name)
        for value in node.values():
            _node_names(value, out)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            _node_names(value, out)
    return out


def _first_keyword(text: str, words: set[str]) -> tuple:
    try:
        for t in lexer.tokens(text):
            if t.keyword in words:
                return t.line, t.column
    except QueryError:
        pass
    return None, None


def _service_target(text: str) -> str:
    try:
        toks = lexer.tokens(text)
    except QueryError:
        return ""
    for i, t in enumerate(toks):
        if t.keyword == "SERVICE":
            return next((x.text for x in toks[i + 1:i + 3] if x.kind in ("iri", "var", "pname")), "")
    return ""


# ------------------------------------------------------------------ running

def run(store, query, params: dict | None = None, limits: Limits | None = None, *, isolate: bool = True) -> Outcome:
    """Check and run a query under the limits.

    ``isolate`` runs it in a forked worker killed at the deadline (for text a person wrote);
    ``isolate=False`` runs it in this process with the row cap only (for the trusted named queries,
    which are known to be fast). A remote store is never forked: its HTTP client has a deadline.
    """
    from . import queries as query_library

    limits = limits or Limits.from_env()
    if isinstance(query, str):  # a bare word is a query's name, as in Store.select
        named = query_library.get(query) if query.split() == [query] else query_library.from_text("adhoc", query)
    else:
        named = query
    check(named.text, limits)
    bound = named.coerce(params or {})
    started = time.perf_counter()
    if getattr(store, "runs_remotely", False):
        answer, truncated = store.run_capped(named, bound, limits.max_rows, timeout=limits.timeout)
    elif isolate:
        answer, truncated = worker.run_isolated(store, named, bound, limits.max_rows, limits.timeout)
    else:
        answer, truncated = worker.capped(store, named, bound, limits.max_rows)
    return Outcome(answer, time.perf_counter() - started, truncated, limits)
