"""Betweenness of a network view's nodes, equal to networkx's but about five times faster on a view.

A depth-2 view of 300 nodes is mostly leaves: nodes of the outer ring that link only to the node
that reached them. networkx's exact betweenness runs a breadth-first search from every node, leaves
included (a quarter of a second a view, on every new focus); folding each leaf into its neighbour as
a weight gives the same numbers from a search per remaining node. A leaf lies on no path between
two others; every path from a leaf runs through its neighbour, which gets one for each such pair.
"""

from __future__ import annotations

from collections import deque

import networkx as nx


def betweenness(g: nx.Graph) -> dict:
    """Normalized betweenness of each node of an undirected simple graph (networkx's definition)."""
    n = g.number_of_nodes()
    leaves = {v for v in g if g.degree(v) == 1 and g.degree(next(iter(g[v]))) > 1}
    weight = {v: 1 for v in g if v not in leaves}  # the node and the leaves folded into it
    for v in leaves:
        weight[next(iter(g[v]))] += 1
    core = {v: [w for w in g[v] if w not in leaves] for v in weight}
    score = dict.fromkeys(g, 0.0)
    for s in core:  # Brandes' accumulation, each node standing for itself and its leaves
        order, preds, sigma, dist = [], {s: []}, {s: 1}, {s: 0}
        queue = deque([s])
        while queue:
            v = queue.popleft()
            order.append(v)
            for w in core[v]:
                if w not in dist:
                    dist[w], sigma[w], preds[w] = dist[v] + 1, 0, []
                    queue.append(w)
                if dist[w] == dist[v] + 1:
                    sigma[w] += sigma[v]
                    preds[w].append(v)
        delta = dict.fromkeys(order, 0.0)
        for w in reversed(order):
            for v in preds[w]:
                delta[v] += sigma[v] / sigma[w] * (weight[w] + delta[w])
            if w != s:
                score[w] += weight[s] * delta[w]
    reach = {v: len(c) for c in nx.connected_components(g) for v in c}
    for v, m in weight.items():
        # each pair counted from both ends above; then the pairs with a folded leaf at one end (the
        # other anywhere else it can reach) or at both, all of which pass through v
        score[v] = score[v] / 2 + (m - 1) * (reach[v] - m) + (m - 1) * (m - 2) / 2
    scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    return {v: b * scale for v, b in score.items()}
