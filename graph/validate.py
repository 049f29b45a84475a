"""Check the built graph against data/shapes.ttl and report violations as a curator reads them:
which concept (by label), what is missing, and in which file to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .build import BuildResult
from .datafiles import DEFAULT_DATA_DIR
from .errors import DataFileError
from .namespaces import shorten



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


def validate(result: BuildResult, shapes: Path | str | None = None) -> list[Violation]:
    """Every SHACL violation of the built graph, sorted by file then label."""
    from pyshacl import validate as shacl_validate
    from rdflib import Graph

    data_dir = Path(result.files[0].path).parent if result.files else DEFAULT_DATA_DIR
    shapes = Path(shapes) if shapes else data_dir / "shapes.ttl"
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
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store}
    return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)


def _describe(store: ox.Store) -> dict[str, tuple[str, str]]:
    """Label and kind of every typed node, for readable messages (one named query)."""
    from .store import OxigraphStore

    rows = OxigraphStore(store).select("build/node-labels").rows
    return {str(r["node"]): (r["label"] or shorten(str(r["node"])), shorten(str(r["kind"])).split(":")[-1]) for r in rows}
