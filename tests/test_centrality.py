"""The view's betweenness (graph/centrality.py) gives networkx's numbers, leaves folded or not."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph import network
from graph.centrality import betweenness


@pytest.mark.parametrize("seed", range(60))
def test_betweenness_equals_networkx_on_random_graphs_with_leaves(seed):
    rng = random.Random(seed)
    g = nx.gnm_random_graph(rng.randint(3, 50), rng.randint(2, 80), seed=seed)
    for i in range(rng.randint(0, 40)):
        g.add_edge(rng.choice(list(g)), f"leaf-{i}")
    if seed % 3 == 0:
        g.add_edge("pair-a", "pair-b")  # two nodes of one link each: neither is folded into the other
    want, got = nx.betweenness_centrality(g, normalized=True), betweenness(g)
    assert set(got) == set(want)
    assert all(got[v] == pytest.approx(want[v], abs=1e-12) for v in g)


@pytest.mark.parametrize("g", [nx.star_graph(6), nx.path_graph(5), nx.complete_graph(4), nx.Graph([(1, 2), (3, 4), (4, 5)])],
                         ids=["star", "path", "complete", "two parts"])
def test_betweenness_equals_networkx_on_small_shapes(g):
    want, got = nx.betweenness_centrality(g, normalized=True), betweenness(g)
    assert all(got[v] == pytest.approx(want[v], abs=1e-12) for v in g)


def test_connectors_of_a_real_view_are_networkx_s(store):
    sub = network.neighbourhood(store, "rgc:outpatient", 2)
    simple = nx.Graph(network.to_networkx(sub))
    scores = nx.betweenness_centrality(simple, normalized=True)
    by_id = {n.id: n for n in sub.nodes}
    want = sorted((i for i in scores if i != sub.focus.id and scores[i] > 0), key=lambda i: (-scores[i], by_id[i].label))[:5]
    assert [n.id for n, _ in network.connectors(sub)] == want and want
