"""Export the graph for other tools: Turtle, N-Triples, N-Quads/TriG and JSON-LD for RDF tools
(Protege, GraphDB, Skosmos), GraphML through networkx for Gephi and yEd."""

from __future__ import annotations

import io

import pyoxigraph as ox

from .errors import RecoveryGraphError
from .namespaces import shorten
from .store import OxigraphStore, Store

RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
FORMATS = (*RDF_FORMATS, "jsonld", "graphml")


def export(store: Store, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise RecoveryGraphError(f"Unknown export format '{fmt}'; use one of {', '.join(FORMATS)}")
    if fmt == "graphml":
        return graphml(store)
    if not isinstance(store, OxigraphStore):
        raise RecoveryGraphError(f"RDF export reads the embedded store; run it with --backend memory or disk")
    if fmt == "jsonld":
        return _jsonld(store)
    return store.dump(RDF_FORMATS[fmt])


def _jsonld(store: OxigraphStore) -> bytes:
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(data=store.dump(ox.RdfFormat.N_QUADS), format="nquads")
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
