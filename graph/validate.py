"""Check the built graph against data/shapes.ttl and report violations as a curator reads them:
which concept (by label), what is missing, and in which file to fix it.

The rules come with the data folder when it has its own shapes.ttl, else from the package's
data/shapes.ttl: a folder built elsewhere (the synthetic scale data of benchmarks/, a folder named
by RECOVERY_GRAPH_DATA) uses our ontology, so our rules apply to it, and :func:`rules_for` says
which file was used so the CLI can tell the user."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .build import BuildResult
from .datafiles import DEFAULT_DATA_DIR
from .errors import DataFileError
from .namespaces import INDEX_GRAPHS, shorten


@dataclass(frozen=True)
class Violation:
    focus: str  # IRI of the offending node
    label: str  # its skos:prefLabel / dcterms:title, or its short IRI
    kind: str  # its class, shortened
    path: str  # the property concerned, shortened
    message: str
    file: str  # the data file that declares the node ("" if none does)

    def __str__(self) -> str:
        where = f"{display_path(self.file)}: " if self.file else ""
        return f'{where}{self.kind} "{self.label}" ({shorten(self.focus)}) {self.message}'


def display_path(path: str) -> str:
    """A path relative to the working folder when it lies inside it, as editors expect."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


@dataclass(frozen=True)
class Rules:
    path: Path  # the shapes file used
    note: str = ""  # why it is not the data folder's own, when it is not


def rules_for(result: BuildResult, shapes: Path | str | None = None) -> Rules:
    """The shapes file to check ``result`` against: ``shapes`` when given, else the data folder's
    shapes.ttl, else the package's data/shapes.ttl (with a note saying so)."""
    if shapes:
        return Rules(Path(shapes))
    data_dir = Path(result.files[0].path).parent if result.files else DEFAULT_DATA_DIR
    own = data_dir / "shapes.ttl"
    packaged = DEFAULT_DATA_DIR / "shapes.ttl"
    if own.is_file() or own.resolve() == packaged.resolve():
        return Rules(own)
    return Rules(packaged, f"{display_path(str(data_dir))} has no shapes.ttl of its own; "
                           f"checked against the package's rules in {display_path(str(packaged))}")


def validate(result: BuildResult, shapes: Path | str | None = None) -> list[Violation]:
    """Every SHACL violation of the built graph, sorted by file then label (rules: :func:`rules_for`)."""
    from pyshacl import validate as shacl_validate
    from rdflib import Graph

    shapes = rules_for(result, shapes).path
    if not shapes.is_file():
        raise DataFileError(shapes, "the SHACL shapes file is missing; restore data/shapes.ttl from git")
    shapes_graph = Graph()
    try:
        shapes_graph.parse(shapes, format="turtle")
    except Exception as exc:  # rdflib raises several parser exception types
        raise DataFileError(shapes, f"cannot be parsed as Turtle ({exc}); fix the shapes file") from exc

    data = Graph()
    data.parse(data=_union_ntriples(result.store), format="nt")
    _, report, _ = shacl_validate(data, shacl_graph=shapes_graph, inference="none", allow_warnings=True)

    from . import queries as query_library

    rows = report.query(query_library.get("build/shacl-report").text)
    described = _describe(result.store)
    violations = {
        Violation(
            focus=str(focus),
            label=described.get(str(focus), (shorten(str(focus)), "Node"))[0],
            kind=described.get(str(focus), (shorten(str(focus)), "Node"))[1],
            path=shorten(str(path)) if path else "",
            message=str(message or "breaks a rule of data/shapes.ttl"),
            file=result.declared_in.get(str(focus), ""),
        )
        for focus, path, message in rows
    }
    return sorted(violations, key=lambda v: (v.file, v.label, v.message))


def _union_ntriples(store: ox.Store) -> bytes:
    """The knowledge as one graph; the indexes are no statements the rules are about."""
    indexes = {ox.NamedNode(str(g)) for g in INDEX_GRAPHS}
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store if q.graph_name not in indexes}
    return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)


def _describe(store: ox.Store) -> dict[str, tuple[str, str]]:
    """Label and kind of every typed node, for readable messages (one named query)."""
    from .store import OxigraphStore

    rows = OxigraphStore(store).select("build/node-labels").rows
    return {str(r["node"]): (r["label"] or shorten(str(r["node"])), shorten(str(r["kind"])).split(":")[-1]) for r in rows}
