"""The network view's data: a bounded neighbourhood of one focus, fetched step by step by query.

A trainer starts from a concept, setting or theme and steps outward one to three links. Each step is
one call of the named query ``network-step`` for the whole frontier, given as a list parameter (a
VALUES row a node, so the engine looks each node up), along the links the build writes
(graph/build.py), so the view never loads the graph into Python; filters (kinds, setting, theme, document) run
inside that query, so a filtered-out node is neither shown nor stepped through. A step returns only
ids, kinds and each node's build-time rank: a view sends at most ``cap`` nodes to the browser, and
when more are reached it keeps the nearest and best-connected ones, fetches labels for those alone
(``network-nodes``), and says how many were left out and how to narrow the view. networkx works
only on what is shown (degree for sizing, connectors, paths).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

import networkx as nx

from . import centrality
from .errors import NetworkError
from .namespaces import PREFIXES, expand, shorten
from .store import Store

RG = PREFIXES["rg"]
SETTING_KIND, THEME_KIND, DOCUMENT_KIND = RG + "CareSetting", RG + "Theme", RG + "SourceDocument"
DEFAULT_CAP = 300
MAX_DEPTH = 3
SEARCH_LIMIT_FACTOR = 10  # stop stepping outward once this many times the cap is reached


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str
    kind_label: str
    sources: int = 0
    distance: int = 0
    degree: int = 0

    @property
    def short_id(self) -> str:
        return shorten(self.id)

    @property
    def kind_name(self) -> str:
        return self.kind.rsplit("#", 1)[-1]


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    relation: str
    relation_label: str


@dataclass(frozen=True)
class Filters:
    """What a view keeps. ``kinds=None`` keeps every kind except source documents, so stepping
    outward does not hop through a document to everything else it names."""

    kinds: tuple[str, ...] | None = None
    setting: str | None = None
    theme: str | None = None
    document: str | None = None

    def query_params(self) -> dict:
        """The parameters of ``network-step`` and ``network-neighbours``: ``kinds`` left out keeps every kind but
        documents (the query's own default), a list keeps those kinds, an empty one none."""
        kinds = None if self.kinds is None else tuple(self.kinds)
        return {"kinds": kinds, "setting": self.setting, "theme": self.theme, "document": self.document}


@dataclass(frozen=True)
class Kind:
    id: str
    label: str
    count: int

    @property
    def name(self) -> str:
        return self.id.rsplit("#", 1)[-1]


@dataclass(frozen=True)
class Narrowing:
    """One way to make an over-full view smaller, with the view it leads to."""

    description: str
    view: "View"


@dataclass
class Subgraph:
    focus: Node
    depth: int
    filters: Filters
    nodes: list[Node]
    edges: list[Edge]
    cap: int = DEFAULT_CAP
    reached: int = 0  # nodes reached before the cap (a lower bound when ``reached_is_lower_bound``)
    reached_is_lower_bound: bool = False
    levels: list[int] = field(default_factory=list)  # nodes reached at distance 0, 1, 2, ...
    narrowings: list[Narrowing] = field(default_factory=list)

    @property
    def omitted(self) -> int:
        return max(0, self.reached - len(self.nodes))

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    def summary(self) -> str:
        """One sentence for the page: how much is shown, and what was left out."""
        shown = f"{len(self.nodes)} nodes and {len(self.edges)} links"
        if not self.omitted:
            return f"Showing {shown}."
        more = "at least " if self.reached_is_lower_bound else ""
        text = (f"Showing {shown}; {more}{self.omitted} more nodes were left out to keep the view under "
                f"{self.cap} nodes.")
        if self.narrowings:
            text += " Narrow the view: " + "; or ".join(n.description for n in self.narrowings[:3]) + "."
        return text


@dataclass(frozen=True)
class View:
    """Everything that reopens a network view: the page's URL and each step of a tour hold one."""

    focus: str
    depth: int = 1
    filters: Filters = Filters()
    size_by: str = "degree"

    def query(self) -> dict:
        """The deep-link parameters, short forms only, defaults left out."""
        params = {"focus": shorten(self.focus), "depth": str(self.depth)}
        if self.filters.kinds is not None:
            params["kinds"] = ",".join(k.rsplit("#", 1)[-1] for k in self.filters.kinds) or "none"
        for key in ("setting", "theme", "document"):
            if getattr(self.filters, key):
                params[key] = shorten(getattr(self.filters, key))
        if self.size_by != "degree":
            params["size"] = self.size_by
        return params

    def link(self, page: str = "network") -> str:
        return f"{page}?{urlencode(self.query(), safe=':,')}"


def parse_view(params: dict, where: str = "the address") -> View:
    """A View from deep-link parameters (``focus``, ``depth``, ``kinds``, ``setting``, ``theme``,
    ``document``, ``size``), with errors that name the parameter and say what to write instead."""
    focus = params.get("focus")
    if not focus:
        raise NetworkError(f"{where}: no focus; add focus=rgc:family-therapy (a concept, setting or theme id)")
    depth = params.get("depth", 1)
    try:
        depth = int(depth)
    except (TypeError, ValueError):
        raise NetworkError(f"{where}: depth '{depth}' is not a number; use 1, 2 or 3") from None
    if not 1 <= depth <= MAX_DEPTH:
        raise NetworkError(f"{where}: depth {depth} is out of range; use 1, 2 or 3")
    kinds = params.get("kinds")
    if isinstance(kinds, str):
        kinds = [] if kinds in ("", "none") else kinds.split(",")
    size_by = params.get("size", "degree")
    if size_by not in ("degree", "sources"):
        raise NetworkError(f"{where}: size '{size_by}' is not known; use size=degree or size=sources")
    filters = Filters(
        kinds=None if kinds is None else tuple(_iri(k if ":" in k else f"rg:{k.strip()}", "kinds", where) for k in kinds),
        **{key: _iri(params[key], key, where) if params.get(key) else None for key in ("setting", "theme", "document")},
    )
    return View(_iri(focus, "focus", where), depth, filters, size_by)


def _iri(value: str, name: str, where: str) -> str:
    try:
        return expand(str(value).strip())
    except ValueError as exc:
        raise NetworkError(f"{where}: {name}: {exc}") from None


def view_problems(store: Store, view: View) -> list[str]:
    """What a view names that the graph does not hold (focus, kinds, setting, theme, document), each
    as a sentence that says what to use instead; empty when the view can be drawn."""
    problems = []
    try:
        node(store, view.focus)
    except NetworkError as exc:
        problems.append(f"focus {exc}")
    known = {k.id for k in kinds_in(store)}
    for kind in view.filters.kinds or ():
        if kind not in known:
            names = ", ".join(sorted(k.rsplit("#", 1)[-1] for k in known))
            problems.append(f"kind '{kind.rsplit('#', 1)[-1]}' is not a kind of the graph; use one of {names}")
    for key, kind in (("setting", SETTING_KIND), ("theme", THEME_KIND), ("document", DOCUMENT_KIND)):
        value = getattr(view.filters, key)
        if not value:
            continue
        try:
            found = node(store, value)
        except NetworkError:
            problems.append(f"{key} '{shorten(value)}' is not in the graph")
            continue
        if found.kind != kind:
            problems.append(f"{key} '{shorten(value)}' is a {found.kind_label.lower()}, not a {key}")
    return problems


def kinds_in(store: Store) -> list[Kind]:
    """Every kind a node can have, with how many the graph holds (for filters and the legend)."""
    return [Kind(r["kind"], r["kindLabel"], r["nodes"]) for r in store.select("network-kinds").rows]


def focus_options(store: Store) -> list[Node]:
    """Every node the view can start from: settings, themes, concepts, documents."""
    return [Node(r["node"], r["label"], r["kind"], r["kindLabel"]) for r in store.select("network-foci").rows]


def node(store: Store, node_id: str) -> Node:
    r = _node_row(store, node_id)
    return Node(r["node"], r["label"], r["kind"], r["kindLabel"], r["sources"])


def _node_row(store: Store, node_id: str) -> dict:
    rows = store.select("network-node", node=node_id).rows
    if not rows:
        raise NetworkError(
            f"'{shorten(expand(node_id))}' is not a concept, setting, theme or document of the graph; "
            "pick one from the focus list or search for it"
        )
    return rows[0]


def neighbourhood(store: Store, focus: str, depth: int = 1, filters: Filters = Filters(),
                  cap: int = DEFAULT_CAP) -> Subgraph:
    """The focus and what lies within ``depth`` links of it through nodes the filters keep.

    Nodes are ranked by distance, then by how many nodes one step nearer link to them, then by
    their build-time rg:networkOrder (more source documents, then label). Each step asks only for
    ids, kinds and that order (``network-step``); labels and source counts are fetched once, for
    the nodes kept (``network-nodes``): a depth-2 view reaches 11,000 nodes at a million triples,
    and reading all of theirs took seconds to draw 300."""
    if not 1 <= int(depth) <= MAX_DEPTH:
        raise NetworkError(f"depth {depth} is out of range; use 1, 2 or 3")
    if cap < 1:
        raise NetworkError(f"the node cap must be at least 1, not {cap}")
    row = _node_row(store, focus)
    if row.get("order") is None:
        raise NetworkError(
            f"the store has no network links for '{shorten(expand(focus))}': it was built by an older version; "
            "rebuild it (recovery-graph build --store PATH) and open it again"
        )
    start = Node(row["node"], row["label"], row["kind"], row["kindLabel"], row["sources"])
    params = filters.query_params()
    distance_of, kind_of, order_of = {start.id: 0}, {start.id: start.kind}, {start.id: -1}
    linked_from: dict[str, set] = {}
    frontier, levels, lower_bound = [start.id], [1], False
    for distance in range(1, depth + 1):
        found = []
        for r in store.select("network-step", nodes=frontier, **params).rows:
            to = r["to"]
            if distance_of.get(to, distance) < distance:
                continue
            if to not in distance_of:
                distance_of[to], kind_of[to], order_of[to] = distance, r["kind"], r["order"]
                found.append(to)
            linked_from.setdefault(to, set()).add(r["nodes"])
        levels.append(len(found))
        frontier = found
        if not frontier:
            break
        if len(distance_of) > cap * SEARCH_LIMIT_FACTOR and distance < depth:
            lower_bound = True
            break
    ranked = sorted(distance_of, key=lambda i: (distance_of[i], -len(linked_from.get(i, ())), order_of[i], i))
    kept = ranked[:cap]
    # beside the kept nodes, one of each kind reached and the best setting, which name the narrowings
    extra = list({kind_of[i]: i for i in reversed(ranked)}.values())
    extra += [i for i in ranked if kind_of[i] == SETTING_KIND and i != start.id][:1]
    cards = {c.id: c for c in nodes(store, list(dict.fromkeys(kept + extra)))}
    shown = [replace(cards[i], distance=distance_of[i]) for i in kept if i in cards]
    sub = Subgraph(start, depth, filters, shown, edges_among(store, [n.id for n in shown]), cap,
                   len(distance_of), lower_bound, levels)
    sub.nodes = with_degrees(sub)
    if sub.omitted:
        sub.narrowings = narrowings(sub, ranked, kind_of, cards)
    return sub


def nodes(store: Store, node_ids: list[str]) -> list[Node]:
    """Label, kind and source count of each of the given nodes (those the graph holds)."""
    rows = store.select("network-nodes", nodes=node_ids).rows if node_ids else []
    return [Node(r["nodes"], r["label"], r["kind"], r["kindLabel"], r["sources"]) for r in rows]


def edges_among(store: Store, node_ids: list[str]) -> list[Edge]:
    """The links between shown nodes; a link stated both ways is drawn once."""
    edges, seen = [], set()
    for r in store.select("network-edges", source=node_ids, target=node_ids).rows:
        key = (r["source"], r["relation"], r["target"])
        if (r["target"], r["relation"], r["source"]) in seen:
            continue
        seen.add(key)
        edges.append(Edge(r["source"], r["target"], r["relation"], r["relationLabel"]))
    return edges


def to_networkx(sub: Subgraph) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n in sub.nodes:
        g.add_node(n.id, label=n.label, kind=n.kind_name, sources=n.sources, distance=n.distance)
    for e in sub.edges:
        g.add_edge(e.source, e.target, relation=shorten(e.relation), label=e.relation_label)
    return g


def with_degrees(sub: Subgraph) -> list[Node]:
    """Nodes with their number of distinct neighbours on show (what 'size by links' draws)."""
    simple = nx.Graph(to_networkx(sub))
    return [replace(n, degree=simple.degree(n.id) if n.id in simple else 0) for n in sub.nodes]


def connectors(sub: Subgraph, top: int = 5) -> list[tuple[Node, float]]:
    """The nodes most paths of the view run through (betweenness), focus left out: the ideas that
    tie this picture together, worth naming aloud."""
    simple = nx.Graph(to_networkx(sub))
    if simple.number_of_nodes() < 3:
        return []
    scores = centrality.betweenness(simple)
    by_id = {n.id: n for n in sub.nodes}
    ranked = sorted((i for i in scores if i != sub.focus.id and scores[i] > 0), key=lambda i: (-scores[i], by_id[i].label))
    return [(by_id[i], scores[i]) for i in ranked[:top]]


def narrowings(sub: Subgraph, ranked: list[str], kind_of: dict[str, str], cards: dict[str, Node]) -> list[Narrowing]:
    """Ways to fit under the cap: one step less, leaving out the most numerous kind, or one setting.
    ``ranked`` holds every node reached, best first; ``cards`` the details of those it names."""
    view = View(sub.focus.id, sub.depth, sub.filters)
    found = []
    for depth in range(sub.depth - 1, 0, -1):
        count = sum(sub.levels[: depth + 1])
        if count <= sub.cap:
            found.append(Narrowing(f"depth {depth} shows {count} nodes", replace(view, depth=depth)))
            break
    by_kind = Counter(kind_of[i] for i in ranked if i != sub.focus.id)
    if len(by_kind) > 1:
        kind, count = by_kind.most_common(1)[0]
        label = next(c.kind_label for c in cards.values() if c.kind == kind)
        keep = tuple(k for k in by_kind if k != kind)
        found.append(Narrowing(f"leave out the {count} {label.lower()} nodes",
                               replace(view, filters=replace(sub.filters, kinds=keep))))
    settings = [i for i in ranked if kind_of[i] == SETTING_KIND and i != sub.focus.id and i in cards]
    if not sub.filters.setting and settings:
        found.append(Narrowing(f"keep one setting, such as {cards[settings[0]].label}",
                               replace(view, filters=replace(sub.filters, setting=settings[0]))))
    return found


def merge(sub: Subgraph, store: Store, extra: list[Node]) -> Subgraph:
    """The view with more nodes added (a path drawn inside a neighbourhood), links refetched."""
    known = {n.id for n in sub.nodes}
    nodes = sub.nodes + [replace(n, distance=-1) for n in extra if n.id not in known]
    merged = replace(sub, nodes=nodes, edges=edges_among(store, [n.id for n in nodes]))
    merged.nodes = with_degrees(merged)
    return merged
