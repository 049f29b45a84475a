"""The SPARQL page's logic, testable without Streamlit: load a named query into the editor, run
what is in the editor under the guard, and shape the answer as a table whose IRIs link to the
app's pages, with CSV and JSON to download.

A named query run as it stands is trusted (it is part of the library and known to be fast) and runs
in this process; once its text is edited it is the person's own query and runs in a worker stopped
at the time limit (see :mod:`graph.guard`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from . import guard, queries as query_library
from .errors import QueryError, StoreError
from .namespaces import PREFIXES, shorten
from .store import IRI, Result
from .tabular import render

STARTER = "counts"  # the named query a blank editor starts from: a first look at the graph
_PAGE_FOR_PREFIX = {"rgt": "theme"}


@dataclass(frozen=True)
class Editor:
    """What the page shows before running: the query text and the parameters it takes."""

    name: str | None
    title: str
    description: str
    text: str
    params: tuple = ()


@dataclass
class Run:
    """One run of the editor's text: rows, or an error with its position, and how long it took."""

    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    form: str = "SELECT"
    boolean: bool | None = None
    seconds: float = 0.0
    truncated: bool = False
    max_rows: int = guard.DEFAULT_MAX_ROWS
    error: str | None = None
    line: int | None = None
    column: int | None = None
    missing: tuple = ()  # required parameters without a value: not an error, a question

    @property
    def ok(self) -> bool:
        return self.error is None and not self.missing

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def summary(self) -> str:
        if self.form == "ASK":
            return f"{'true' if self.boolean else 'false'} · {self.seconds * 1000:.0f} ms"
        noun = "triple" if self.form in ("CONSTRUCT", "DESCRIBE") else "row"
        capped = f" (stopped at the cap of {self.max_rows:,})" if self.truncated else ""
        return f"{self.row_count:,} {noun}{'s' if self.row_count != 1 else ''}{capped} · {self.seconds * 1000:.0f} ms"

    def error_text(self) -> str:
        where = f"Line {self.line}, column {self.column}: " if self.line else ""
        return where + (self.error or "")


def choices() -> list:
    """The named queries a person can pick, in catalogue order."""
    return query_library.listed()


def editor(name: str | None) -> Editor:
    """The editor's content for a named query (``query?name=...``), or a starter query."""
    if not name:
        starter = query_library.get(STARTER)
        return Editor(None, "Your own query", "Write any SELECT, CONSTRUCT, ASK or DESCRIBE query; our prefixes "
                      "are declared for you. It starts from the query that counts classes and relations.",
                      starter.text)
    named = query_library.get(name)
    return Editor(named.name, named.title, named.description, named.text, named.params)


def params_of(text: str) -> tuple:
    """The parameters declared by the ``#+`` header of the text in the editor (none if it has none
    or the header is broken; the run then reports the header error)."""
    try:
        return query_library.from_text("editor", text).params
    except QueryError:
        return ()


def prefix_lines() -> list[str]:
    return [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()]


def execute(store, text: str, values: dict | None = None, name: str | None = None,
            limits: guard.Limits | None = None) -> Run:
    """Run the editor's text with the parameter values from the widgets; never raises for a bad
    query, a refused one or an unreachable store: the Run carries the message and position."""
    limits = limits or guard.Limits.from_env()
    values = {k: v for k, v in (values or {}).items() if v is not None and v != ""}
    started = time.perf_counter()
    try:
        trusted = bool(name) and text == query_library.get(name).text
        named = query_library.get(name) if trusted else query_library.from_text(name or "editor", text)
        missing = tuple(p.name for p in named.params if p.required and p.default is None and p.name not in values)
        if missing:
            return Run(missing=missing, form=named.form)
        outcome = guard.run(store, named, values, limits, isolate=not trusted)
    except QueryError as exc:
        return Run(error=str(exc), line=exc.line, column=exc.column, seconds=time.perf_counter() - started)
    except StoreError as exc:
        return Run(error=str(exc), seconds=time.perf_counter() - started)
    answer, form = outcome.answer, named.form
    common = dict(seconds=outcome.seconds, truncated=outcome.truncated, max_rows=limits.max_rows, form=form)
    if isinstance(answer, bool):
        return Run(boolean=answer, **{**common, "form": "ASK"})
    if isinstance(answer, Result):
        return Run(columns=list(answer.columns), rows=answer.rows, **common)
    return Run(columns=["subject", "predicate", "object"],
               rows=[dict(zip(("subject", "predicate", "object"), t)) for t in answer], **common)


# ------------------------------------------------------------------ presenting the answer

def page_link(value, settings: frozenset = frozenset()) -> str | None:
    """The app page an IRI opens (``concept?id=rgc:family-therapy``, ``setting?id=...``,
    ``theme?id=...``), or None for IRIs without a page (classes, documents, mentions...)."""
    if not isinstance(value, IRI):
        return None
    short = shorten(value)
    prefix = short.split(":", 1)[0] if short != value else None
    if prefix == "rgc":
        return f"{'setting' if str(value) in settings else 'concept'}?id={short}"
    if prefix in _PAGE_FOR_PREFIX:
        return f"{_PAGE_FOR_PREFIX[prefix]}?id={short}"
    return None


@dataclass
class Table:
    """Rows ready for a data frame: link columns hold page URLs, other IRIs are shortened."""

    columns: list
    rows: list
    link_columns: list


def table(run: Run, settings: frozenset = frozenset()) -> Table:
    link_columns = []
    for c in run.columns:
        values = [row.get(c) for row in run.rows if row.get(c) is not None]
        if values and all(page_link(v, settings) for v in values):
            link_columns.append(c)
    rows = []
    for row in run.rows:
        shown = {}
        for c in run.columns:
            value = row.get(c)
            if c in link_columns and value is not None:
                shown[c] = page_link(value, settings)
            elif isinstance(value, IRI):
                shown[c] = shorten(value)
            else:
                shown[c] = value
        rows.append(shown)
    return Table(list(run.columns), rows, link_columns)


def download(run: Run, fmt: str) -> str:
    """The answer as CSV or JSON text (full IRIs), as the CLI writes it."""
    return render(Result(list(run.columns), run.rows), fmt)



def setting_iris(store) -> frozenset:
    """The care settings, whose IRIs open the setting page rather than the concept page."""
    return frozenset(str(s) for s in store.select("settings").column("setting"))
