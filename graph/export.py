"""Export the graph for other tools: Turtle, N-Triples, N-Quads/TriG and JSON-LD for RDF tools
(Protege, GraphDB, Skosmos), GraphML through networkx for Gephi and yEd.

An export is the knowledge: the search index the build writes (graph/tokens.py, its own named
graph) is left out unless asked for, since another tool has no use for our word lists and at a
million triples they are more than a third of the store. ``recovery-graph load`` and the build's
N-Quads dump keep it, because the app's search reads it there."""

from __future__ import annotations

import io

import pyoxigraph as ox

from .errors import RecoveryGraphError
from .namespaces import INDEX_GRAPHS, PREFIXES, shorten
from .store import OxigraphStore, Store

RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
FORMATS = (*RDF_FORMATS, "jsonld", "graphml")


def export(store: Store, fmt: str, indexes: bool = False) -> bytes:
    """The graph in ``fmt``; ``indexes`` keeps the search and network index graphs in it too."""
    if fmt not in FORMATS:
        raise RecoveryGraphError(f"Unknown export format '{fmt}'; use one of {', '.join(FORMATS)}")
    if fmt == "graphml":
        return graphml(store)
    if not isinstance(store, OxigraphStore):
        raise RecoveryGraphError(f"RDF export reads the embedded store; run it with --backend memory or disk")
    if fmt == "jsonld":
        return _jsonld(store, indexes)
    if indexes:
        return store.dump(RDF_FORMATS[fmt])
    return _dump_without_index(store.store, RDF_FORMATS[fmt])


def _dump_without_index(store: ox.Store, fmt: ox.RdfFormat) -> bytes:
    """Every named graph but the indexes; formats of one graph get their union, sorted."""
    indexes = {ox.NamedNode(str(g)) for g in INDEX_GRAPHS}
    graphs = [ox.DefaultGraph(), *(g for g in store.named_graphs() if g not in indexes)]
    quads = [q for g in graphs for q in store.quads_for_pattern(None, None, None, g)]
    if fmt.supports_datasets:
        return ox.serialize(quads, format=fmt, prefixes=PREFIXES)
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    return ox.serialize(sorted(triples, key=str), format=fmt, prefixes=PREFIXES)


def _jsonld(store: OxigraphStore, indexes: bool) -> bytes:
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(data=export(store, "nquads", indexes), format="nquads")
    return dataset.serialize(format="json-ld", indent=1).encode("utf-8")


def to_networkx(store: Store):
    """The concept-level network (concepts, settings, themes, documents and their links)."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for row in store.select("export-edges").rows:
        for end in ("source", "target"):
            g.add_node(str(row[end]), label=row[f"{end}Label"], kind=shorten(str(row[f"{end}Kind"])).split(":")[-1])
        g.add_edge(str(row["source"]), str(row["target"]), relation=shorten(str(row["relation"])))
    return g


def graphml(store: Store) -> bytes:
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(store), buffer)
    return buffer.getvalue()
