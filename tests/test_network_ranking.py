"""The network view's build-time links and ranking: the links join what the nine relations join,
rg:networkOrder ranks every node a view can show, and a capped view keeps the nodes the ranking rule
names. The expected answers are worked out here from ``network-neighbours`` (which matches the nine
relations at query time), not from the build's own triples."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest

from graph import network
from graph.build import to_rdflib
from graph.errors import NetworkError
from graph.namespaces import NETWORK_INDEX_GRAPH, PREFIXES, expand
from graph.network import Filters
from graph.store import OxigraphStore, RdflibStore

RG = PREFIXES["rg"]
OUTPATIENT = expand("rgc:outpatient")
AUTONOMY = expand("rgt:autonomy")
FAMILY_THERAPY = expand("rgc:family-therapy")


def by_query(store, frontier, params):
    """Each neighbour of the frontier and the frontier nodes it links to, by the nine relations."""
    found = defaultdict(set)
    for r in store.select("network-neighbours", nodes=frontier, **params).rows:
        found[r["to"]].add(r["from"])
    return found


def expected(store, focus, depth, filters=None):
    """(distance, nearer neighbours) of every node reached, stepping out with network-neighbours."""
    params = (filters or Filters()).query_params()
    reached = {focus: (0, set())}
    frontier = [focus]
    for distance in range(1, depth + 1):
        step = {to: froms for to, froms in by_query(store, frontier, params).items() if to not in reached}
        reached.update({to: (distance, froms) for to, froms in step.items()})
        frontier = list(step)
    return reached


@pytest.mark.parametrize("focus, depth, filters", [
    (OUTPATIENT, 2, Filters()),
    (AUTONOMY, 3, Filters()),
    (AUTONOMY, 2, Filters(setting=OUTPATIENT)),
    (FAMILY_THERAPY, 2, Filters(kinds=(RG + "Theme", RG + "CareSetting", RG + "SourceDocument", RG + "Therapy"))),
])
def test_a_step_reaches_what_the_nine_relations_reach(store, focus, depth, filters):
    want = expected(store, focus, depth, filters)
    sub = network.neighbourhood(store, focus, depth, filters, cap=10_000)
    assert sub.reached == len(want) and not sub.omitted
    assert {n.id: n.distance for n in sub.nodes} == {i: d for i, (d, _) in want.items()}


def test_a_capped_view_keeps_the_nearest_then_best_linked_then_most_sourced_nodes(store):
    want = expected(store, OUTPATIENT, 2)
    cards = {n.id: n for n in network.nodes(store, list(want))}
    rank = lambda i: (want[i][0], -len(want[i][1]), -cards[i].sources, cards[i].label.lower(), i)
    for cap in (12, 40, 90):
        sub = network.neighbourhood(store, OUTPATIENT, 2, cap=cap)
        assert [n.id for n in sub.nodes] == sorted(want, key=rank)[:cap]
        assert sub.reached == len(want) and sub.omitted == len(want) - cap
        assert [(n.label, n.sources) for n in sub.nodes] == [(cards[i].label, cards[i].sources) for i in sorted(want, key=rank)[:cap]]


def test_the_narrowings_name_the_most_numerous_kind_and_the_best_setting(store):
    sub = network.neighbourhood(store, AUTONOMY, 3, cap=30)
    want = expected(store, AUTONOMY, 3)
    kinds = {n.id: n.kind_label for n in network.nodes(store, list(want))}
    counts = defaultdict(int)
    for i in want:
        if i != AUTONOMY:
            counts[kinds[i]] += 1
    label, count = max(counts.items(), key=lambda kv: kv[1])
    assert f"leave out the {count} {label.lower()} nodes" in [n.description for n in sub.narrowings]


def _objects(store, predicate):
    """subject -> objects of one predicate, with the graphs they are in."""
    found, graphs = defaultdict(set), set()
    for q in store.quads_for_pattern(None, ox.NamedNode(RG + predicate), None, None):
        found[q.subject.value].add(q.object.value)
        graphs.add(q.graph_name)
    return found, graphs


def test_the_links_are_symmetric_between_stand_ins_and_only_in_the_network_index_graph(built):
    links, graphs = _objects(built.store, "linkedTo")
    list_of, list_graphs = _objects(built.store, "networkLinks")
    stand_in, stand_in_graphs = _objects(built.store, "networkStandIn")
    node_of, node_graphs = _objects(built.store, "standsFor")
    owner = {next(iter(lists)): node for node, lists in list_of.items()}
    pairs = {(owner[a], next(iter(node_of[b]))) for a, bs in links.items() for b in bs}
    assert pairs and all((b, a) in pairs for a, b in pairs) and all(a != b for a, b in pairs)
    assert all(len(v) == 1 for v in (*list_of.values(), *stand_in.values(), *node_of.values()))
    assert {next(iter(node_of[next(iter(s))])) for s in stand_in.values()} == set(stand_in)
    assert graphs | list_graphs | stand_in_graphs | node_graphs == {ox.NamedNode(str(NETWORK_INDEX_GRAPH))}


def test_no_node_a_view_shows_is_either_end_of_a_link(built):
    """The cause of a 10x slowdown once: Oxigraph's in-memory store walks a node's whole list of
    triples to find one of them, so links written on the nodes made every label lookup on a
    well-linked node walk thousands of links (graph/build.py)."""
    links, _ = _objects(built.store, "linkedTo")
    order, _ = _objects(built.store, "networkOrder")
    ends = set(links) | {b for bs in links.values() for b in bs}
    assert links and order and not ends & set(order)


def test_every_focus_option_has_one_network_order(store, built):
    order = ox.NamedNode(RG + "networkOrder")
    places = defaultdict(list)
    for q in built.store.quads_for_pattern(None, order, None, None):
        places[q.subject.value].append(int(q.object.value))
    assert set(places) == {n.id for n in network.focus_options(store)}
    assert sorted(p for v in places.values() for p in v) == list(range(len(places)))


def test_a_store_built_without_network_links_says_to_rebuild(built):
    old = ox.Store()
    written = {RG + p for p in ("networkOrder", "networkLinks", "networkStandIn", "standsFor", "linkedTo")}
    old.extend(q for q in built.store if q.predicate.value not in written)
    with pytest.raises(NetworkError, match=r"built by an older version; rebuild it"):
        network.neighbourhood(OxigraphStore(old), FAMILY_THERAPY, 2)


def test_the_step_and_node_queries_answer_the_same_on_rdflib(built, store):
    baseline = RdflibStore(to_rdflib(built.store))
    nodes = [AUTONOMY, OUTPATIENT, FAMILY_THERAPY, expand("rgt:family")]
    for name, params in (("network-step", {"nodes": nodes}),
                         ("network-step", {"nodes": nodes, "setting": OUTPATIENT, "kinds": [RG + "EthicalDilemma", RG + "Theme"]}),
                         ("network-step", {"nodes": [AUTONOMY], "theme": expand("rgt:family")}),
                         ("network-step", {"nodes": [AUTONOMY], "document": expand("rgd:d002")}),
                         ("network-nodes", {"nodes": nodes}),
                         ("network-node", {"node": FAMILY_THERAPY})):
        ours, theirs = store.select(name, **params).rows, baseline.select(name, **params).rows
        assert ours and ours == theirs, (name, params)
