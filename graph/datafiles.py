"""Which files make up the graph, which named graph each goes into, and parsing them.

The file's place decides its named graph, so a document's contribution stays one unit that can be
shown, replaced or removed: ``data/sources/X.ttl`` is the graph ``.../graph/source/X``.

The data folder is the package's ``data/`` unless a caller names another (``--data``) or the
environment does (``RECOVERY_GRAPH_DATA``): the app opens its store without arguments, so a setting
is the only way to point the embedded store at another folder (a larger graph, a test copy).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import DataFileError
from .namespaces import CONCEPTS_GRAPH, ONTOLOGY_GRAPH, SOURCE_GRAPH_PREFIX, VOCABULARY_GRAPH

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_ENV = "RECOVERY_GRAPH_DATA"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass(frozen=True)
class DataFile:
    path: Path
    graph: str  # IRI of the named graph the file's triples go into


@dataclass
class ParsedFile:
    file: DataFile
    quads: list  # pyoxigraph Quads, already placed in file.graph
    declared: set  # IRIs the file gives an rdf:type to (for naming files in messages)


def data_folder(data_dir: Path | str | None = None) -> Path:
    """The folder to build from: ``data_dir`` when given, else $RECOVERY_GRAPH_DATA, else data/."""
    return Path(data_dir or os.environ.get(DATA_ENV) or DEFAULT_DATA_DIR)


def discover(data_dir: Path | str | None = None, user_dir: Path | str | bool | None = None) -> list[DataFile]:
    """The data files in load order; shapes.ttl is not data and is left out.

    ``data_dir`` defaults to :func:`data_folder`'s choice. The user overlay (graph.userdata:
    documents merged with `recovery-graph merge`) comes last, each file in its own named graph;
    ``user_dir`` names its folder (default: the user's), False leaves it out."""
    chosen_by_env = not data_dir and bool(os.environ.get(DATA_ENV))
    data_dir = data_folder(data_dir)
    if not data_dir.is_dir():
        how = (f"set {DATA_ENV} to" if chosen_by_env else "pass --data with") + " the folder that holds ontology.ttl"
        raise DataFileError(data_dir, f"no such data folder; {how}")
    files: list[DataFile] = []
    ontology = data_dir / "ontology.ttl"
    if not ontology.is_file():
        raise DataFileError(ontology, "missing: every build needs the ontology; restore it from git")
    files.append(DataFile(ontology, str(ONTOLOGY_GRAPH)))
    for path in sorted(data_dir.glob("*.ttl")):
        if path.name not in ("ontology.ttl", "shapes.ttl"):
            files.append(DataFile(path, str(VOCABULARY_GRAPH)))
    files += [DataFile(p, str(CONCEPTS_GRAPH)) for p in sorted((data_dir / "concepts").glob("*.ttl"))]
    files += [DataFile(p, SOURCE_GRAPH_PREFIX + p.stem) for p in sorted((data_dir / "sources").glob("*.ttl"))]
    if user_dir is not False:
        from .userdata import graph_for, overlay_paths

        files += [DataFile(p, graph_for(p)) for p in overlay_paths(user_dir or None)]
    return files


def load_file(store: ox.Store, file: DataFile) -> None:
    """Load one Turtle file straight into its named graph of ``store``, or raise DataFileError
    naming its line.

    Oxigraph parses and stores the file without a Python object per triple: at a million triples
    that cut loading from 7.7 s to 4.4 s (making a Quad of each cost more than storing it). A load
    is one transaction, so a broken file adds nothing."""
    try:
        text = file.path.read_bytes()
    except OSError as exc:
        raise DataFileError(file.path, f"cannot be read ({exc.strerror}); check it exists and is readable") from exc
    try:
        store.load(text, format=ox.RdfFormat.TURTLE, base_iri=file.path.resolve().as_uri(),
                   to_graph=ox.NamedNode(file.graph))
    except SyntaxError as exc:
        raise _syntax_error(file, exc) from exc


def declared_in(files: list[DataFile]) -> dict[str, str]:
    """Subject IRI -> the first file that gives it an rdf:type, for naming files in messages.

    Only validation needs it, so it is worked out when asked (parsing the files again), not while
    loading: the build of a million triples does not pay for it."""
    found: dict[str, str] = {}
    for file in files:
        for iri in parse_file(file).declared:
            found.setdefault(iri, str(file.path))
    return found


def _syntax_error(file: DataFile, exc: SyntaxError) -> DataFileError:
    return DataFileError(file.path, f"Turtle syntax error: {exc}; fix the file and build again", exc.lineno, exc.offset)


def parse_file(file: DataFile) -> ParsedFile:
    """Parse one Turtle file completely into Python quads, or raise DataFileError naming its line."""
    graph = ox.NamedNode(file.graph)
    try:
        text = file.path.read_bytes()
    except OSError as exc:
        raise DataFileError(file.path, f"cannot be read ({exc.strerror}); check it exists and is readable") from exc
    try:
        triples = list(ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=file.path.resolve().as_uri()))
    except SyntaxError as exc:
        raise _syntax_error(file, exc) from exc
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
    declared = {t.subject.value for t in triples if t.predicate == RDF_TYPE and isinstance(t.subject, ox.NamedNode)}
    return ParsedFile(file, quads, declared)
