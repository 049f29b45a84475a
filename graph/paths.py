"""How two ideas are linked: the shortest connecting paths between two nodes.

A bidirectional breadth-first search, one ``network-neighbours`` query per level on each side, so only
the nodes near the two ends are ever fetched; once the two searches meet, networkx lists every shortest
path through what was explored (which holds them all: each one crosses the meeting level). The path is
shown highlighted in the network and read out as a sentence a trainer can say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

import networkx as nx

from .errors import NetworkError
from .network import DEFAULT_CAP, Edge, Filters, Node, Subgraph, edges_among, node, with_degrees
from .store import Store

MAX_LENGTH = 6


@dataclass
class PathView:
    start: Node
    end: Node
    paths: list[list[Node]] = field(default_factory=list)
    links: list[list[Edge]] = field(default_factory=list)  # the link taken at each step of each path
    max_length: int = MAX_LENGTH

    @property
    def length(self) -> int | None:
        return len(self.paths[0]) - 1 if self.paths else None

    def sentences(self) -> list[str]:
        return [sentence(p) for p in self.paths]

    def message(self) -> str:
        if not self.paths:
            return (f"No connection between {self.start.label} and {self.end.label} within {self.max_length} "
                    "links through the kinds shown; include more kinds (or source documents) and try again.")
        many = f"{len(self.paths)} shortest paths" if len(self.paths) > 1 else "One shortest path"
        return f"{many} of {self.length} link(s) between {self.start.label} and {self.end.label}."

    def highlight(self) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        """Node ids and (unordered) node pairs on any of the paths, for the renderer."""
        nodes = frozenset(n.id for p in self.paths for n in p)
        pairs = frozenset(frozenset((a.id, b.id)) for p in self.paths for a, b in zip(p, p[1:]))
        return nodes, pairs


def sentence(path: list[Node]) -> str:
    """'Family therapy → theme: Support network → Isolation from support networks': the ends plainly,
    every node between them with its kind, so the room hears what kind of link it is."""
    parts = []
    for i, n in enumerate(path):
        inner = 0 < i < len(path) - 1
        parts.append(f"{n.kind_label.lower()}: {n.label}" if inner else n.label)
    return " → ".join(parts)


def connecting_paths(store: Store, start: str, end: str, filters: Filters = Filters(),
                     max_length: int = MAX_LENGTH, limit: int = 5) -> PathView:
    a, b = node(store, start), node(store, end)
    view = PathView(a, b, max_length=max_length)
    if a.id == b.id:
        raise NetworkError(f"Pick two different nodes to connect; both ends are {a.label}")
    params = filters.query_params()
    explored = nx.Graph()
    explored.add_node(a.id, node=a)
    explored.add_node(b.id, node=b)
    sides = [{a.id: 0}, {b.id: 0}]
    frontiers = [[a.id], [b.id]]
    steps = 0
    while steps < max_length and not (sides[0].keys() & sides[1].keys()):
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1  # grow the smaller search
        if not frontiers[side]:
            side = 1 - side
            if not frontiers[side]:
                break
        found = []
        for r in store.select("network-neighbours", nodes=frontiers[side], **params).rows:
            to = r["to"]
            if to not in explored:
                explored.add_node(to, node=Node(to, r["label"], r["kind"], r["kindLabel"], r["sources"]))
            explored.add_edge(r["from"], to)
            if to not in sides[side]:
                sides[side][to] = sides[side][r["from"]] + 1
                found.append(to)
        frontiers[side] = found
        steps += 1
    if not (sides[0].keys() & sides[1].keys()):
        return view
    for ids in islice(nx.all_shortest_paths(explored, a.id, b.id), limit):
        view.paths.append([explored.nodes[i]["node"] for i in ids])
    for path in view.paths:
        ids = [n.id for n in path]
        links = {frozenset((e.source, e.target)): e for e in edges_among(store, ids)}
        view.links.append([links[frozenset((x, y))] for x, y in zip(ids, ids[1:]) if frozenset((x, y)) in links])
    return view


def path_subgraph(store: Store, view: PathView, filters: Filters = Filters()) -> Subgraph:
    """The nodes of every shortest path and the links among them, as a view the renderer draws."""
    ordered: dict[str, Node] = {}
    for path in view.paths or [[view.start, view.end]]:
        for i, n in enumerate(path):
            ordered.setdefault(n.id, Node(n.id, n.label, n.kind, n.kind_label, n.sources, i))
    nodes = list(ordered.values())
    sub = Subgraph(view.start, max(1, view.length or 1), filters, nodes, edges_among(store, list(ordered)),
                   DEFAULT_CAP, len(nodes))
    sub.nodes = with_degrees(sub)
    return sub


def explain(view: PathView) -> list[str]:
    """Each step of the first path in words: 'Family therapy — has theme — Support network'."""
    if not view.paths:
        return []
    path, links = view.paths[0], view.links[0] if view.links else []
    by_pair = {frozenset((e.source, e.target)): e for e in links}
    lines = []
    for x, y in zip(path, path[1:]):
        e = by_pair.get(frozenset((x.id, y.id)))
        if e is None:
            lines.append(f"{x.label} — linked to — {y.label}")
        elif e.source == x.id:
            lines.append(f"{x.label} — {e.relation_label} — {y.label}")
        else:
            lines.append(f"{y.label} — {e.relation_label} — {x.label}")
    return lines

