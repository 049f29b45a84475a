"""Build the graph: load every data file into its named graph, derive links, write the search index.

The files are loaded into a new store, so a broken file raises a DataFileError and no half-built
store is ever returned; an on-disk store is built in a temporary folder and renamed into place
only when complete.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from . import queries as query_library, tokens
from .datafiles import DataFile, declared_in, discover, load_file, parse_file
from .errors import DataFileError
from .files import atomic_write
from .namespaces import DERIVED_GRAPH, NETWORK, NETWORK_INDEX_GRAPH, OVERVIEW_GRAPH, PREFIXES, RG, RGC

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


@dataclass
class BuildResult:
    store: ox.Store
    files: list[DataFile]
    seconds: float = 0.0
    derived: int = 0  # triples in the derived graph
    indexed: int = 0  # triples in the index graphs (search, network and overview)
    timings: dict = field(default_factory=dict)

    @cached_property
    def declared_in(self) -> dict[str, str]:
        """Subject IRI -> file that gives it a type (first one wins); worked out on first use."""
        return declared_in(self.files)


def build(data_dir: Path | str | None = None, user_dir: Path | str | bool | None = None) -> BuildResult:
    """The curated data plus the user overlay (``user_dir``: its folder, default the user's; False: none)."""
    started = time.perf_counter()
    files = discover(data_dir, user_dir)  # None: $RECOVERY_GRAPH_DATA, else data/
    store = ox.Store()
    for file in files:
        load_file(store, file)
    loaded = time.perf_counter()
    derived = derive(store)
    linked = time.perf_counter()
    indexed = add_network_index(store)
    networked = time.perf_counter()
    indexed += tokens.add_index(store)
    searchable = time.perf_counter()
    indexed = add_overview(store, indexed)
    done = time.perf_counter()
    timings = {"load": loaded - started, "derive": linked - loaded, "network": networked - linked,
               "index": searchable - networked, "overview": done - searchable}
    return BuildResult(store, files, done - started, derived, indexed, timings)


def derive(store: ox.Store) -> int:
    """Add the links computed from mentions (queries/build/derive-*.rq) to the derived named graph;
    returns how many triples that made.

    Every query of a round sees the graph as the round found it (their answers are added together at
    its end), and the answers go from Oxigraph's CONSTRUCT to N-Triples to the store without a Python
    object per triple."""
    return _construct_round(store, ox.NamedNode(str(DERIVED_GRAPH)), "build/derive-")


def add_network_index(store: ox.Store) -> int:
    """What the network view ranks by and steps along (:func:`network_nodes`, then network-links.rq,
    which reads the derived settings and sources), in its own named graph: like the search index it
    is a means of finding things, not a statement, so exports, SHACL and the count of knowledge
    triples leave it out (graph.namespaces.INDEX_GRAPHS). Returns how many triples that made."""
    graph = ox.NamedNode(str(NETWORK_INDEX_GRAPH))
    return network_nodes(store, graph) + _construct_round(store, graph, "build/network-links")


def add_overview(store: ox.Store, indexed: int) -> int:
    """The counts the Home page opens with (queries/build/overview-*.rq), into their own named graph,
    last, so that the triples they count include the other indexes. Counting is cheap at the seed
    scale and took 1.2-1.9 s a query on a million-triple store on disk, paid by the first visitor
    after every start; counted once here, the stats-* queries read a few hundred numbers.

    ``indexed``: the triples of the other indexes. The overview is an index too, so its own triples
    are added to the count of index triples it holds, and knowledge plus indexes is every triple.
    Returns the triples of all the indexes."""
    graph = ox.NamedNode(str(OVERVIEW_GRAPH))
    counted = _construct_round(store, graph, "build/overview-")
    for quad in list(store.quads_for_pattern(ox.NamedNode(str(RGC.scheme)), ox.NamedNode(str(RG.countedIndexTriples)),
                                             None, graph)):
        store.remove(quad)
        store.add(ox.Quad(quad.subject, quad.predicate, ox.Literal(str(int(quad.object.value) + counted),
                                                                   datatype=ox.NamedNode(XSD_INTEGER)), graph))
    return indexed + counted


def _construct_round(store: ox.Store, graph: ox.NamedNode, prefix: str) -> int:
    answers = []
    for named in query_library.catalogue().values():
        if not named.internal or not named.name.startswith(prefix):
            continue
        triples = store.query(named.text, use_default_graph_as_union=True, prefixes=PREFIXES)
        answers.append(triples.serialize(format=ox.RdfFormat.N_TRIPLES))
    for data in answers:
        store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
    return sum(data.count(b"\n") for data in answers)


def network_nodes(store: ox.Store, graph: ox.NamedNode) -> int:
    """Write each node's place in the network view's ranking (more source documents first, then by
    label) as rg:networkOrder, and the two stand-ins network-links.rq joins nodes through: its list
    of links (rg:networkLinks) and what the lists of its neighbours point at (rg:networkStandIn,
    which rg:standsFor the node). Returns how many triples that made.

    The order lets a view that reaches 11,000 nodes at two steps rank them by one number each
    instead of reading every label and counting every node's sources on each request (sorted here:
    SPARQL has no row numbers). The stand-ins keep the links off the nodes themselves: Oxigraph's
    in-memory store keeps one list of quads per subject and per object and walks the shorter one
    for a pattern such as ``?setting skos:prefLabel ?label``, so 394,000 links written between the
    nodes themselves at a million triples (a theme linked to 6,440 nodes) made every such lookup on
    a well-linked node walk thousands of links: concepts-by-kind and dilemmas-by-theme 13x slower.
    A stand-in's lists hold only what the view's step reads; tests/test_network_ranking.py keeps
    the nodes off both ends of every link.
    """
    best: dict[str, tuple] = {}
    for row in store.query(query_library.get("build/network-order").text, use_default_graph_as_union=True,
                           prefixes=PREFIXES):
        node, key = row["node"].value, (-int(row["sources"].value), row["label"].value.lower())
        best[node] = min(best.get(node, key), key)  # a node with two labels ranks by the first
    order = sorted(best, key=lambda n: (*best[n], n))
    data = "".join(
        f'<{n}> <{RG.networkOrder}> "{i}"^^<{XSD_INTEGER}> .\n'
        f"<{n}> <{RG.networkLinks}> <{NETWORK[f'{i}/links']}> .\n"
        f"<{n}> <{RG.networkStandIn}> <{NETWORK[str(i)]}> .\n"
        f"<{NETWORK[str(i)]}> <{RG.standsFor}> <{n}> .\n"
        for i, n in enumerate(order))
    store.load(data.encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
    return 4 * len(order)


def build_to_disk(target: Path | str, data_dir: Path | str | None = None) -> BuildResult:
    """Build into an on-disk Oxigraph store at ``target``, replacing it only once complete."""
    result = build(data_dir)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        disk = ox.Store(str(staging))
        disk.bulk_extend(iter(result.store))
        disk.flush()
        del disk
        if target.exists():
            old = target.with_name(f".{target.name}-old")
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
            staging.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result


def write_dump(store: ox.Store, target: Path | str, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> Path:
    """Serialize the whole dataset to a file, written whole (graph.files.atomic_write)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, store.dump(format=fmt))
    return target


def to_rdflib(store: ox.Store):
    """The same dataset in rdflib's Memory store (for pyshacl and for the baseline benchmark)."""
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    return dataset


def load_file_into(store: ox.Store, path: Path | str, graph: str) -> int:
    """Parse one more Turtle file into ``graph`` of an existing store (all or nothing)."""
    parsed = parse_file(DataFile(Path(path), graph))
    if not parsed.quads:
        raise DataFileError(path, "holds no triples; nothing to add")
    store.extend(parsed.quads)
    return len(parsed.quads)
