"""Turn a network view into one self-contained HTML page with pyvis and vis-network.

pyvis builds the node and edge records; our own template (graph/templates/network.html) then inlines
the vis-network script that pyvis ships, because pyvis's own template links Bootstrap from a CDN
whatever ``cdn_resources`` says. The same string is embedded in the app (``st.iframe``) and offered
as the standalone export, so the export looks the same and opens offline.

Colour follows kind with the Okabe-Ito palette, which stays distinct for the common forms of colour
blindness; each kind also has its own (colour, shape) pair, so no reader depends on colour alone.
Text from the graph is escaped by Jinja's autoescape in the HTML and by ``tojson`` in the data block.
"""

from __future__ import annotations

import functools
import html
import math
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pyvis.edge import Edge as PyvisEdge
from pyvis.network import Network

from .network import Node, Subgraph

TEMPLATES = Path(__file__).resolve().parent / "templates"
VIS_JS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"

OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7",
    "grey": "#999999",
}
# kind (local name) -> (colour, vis shape); hubs get shapes of their own, concept kinds mostly dots
KIND_STYLE = {
    "CareSetting": (OKABE_ITO["black"], "diamond"),
    "Theme": (OKABE_ITO["yellow"], "triangle"),
    "SourceDocument": (OKABE_ITO["grey"], "square"),
    "Advantage": (OKABE_ITO["bluish green"], "dot"),
    "Disadvantage": (OKABE_ITO["vermillion"], "dot"),
    "EthicalDilemma": (OKABE_ITO["reddish purple"], "dot"),
    "SelfManagementStrategy": (OKABE_ITO["orange"], "dot"),
    "FamilySupportStrategy": (OKABE_ITO["sky blue"], "dot"),
    "SuitabilityCriterion": (OKABE_ITO["blue"], "dot"),
    "ProgramFeature": (OKABE_ITO["grey"], "dot"),
    "CommunityResource": (OKABE_ITO["bluish green"], "square"),
    "Organization": (OKABE_ITO["bluish green"], "hexagon"),
    "Therapy": (OKABE_ITO["sky blue"], "square"),
    "Medication": (OKABE_ITO["sky blue"], "hexagon"),
    "DecisionFactor": (OKABE_ITO["blue"], "square"),
}
FALLBACK_STYLE = ("#777777", "triangleDown")
KIND_HUBS = ("CareSetting", "Theme", "SourceDocument")
# links drawn dashed: the ones that pull apart rather than together
DASHED_RELATIONS = ("contrastsWith", "doesNotSuit")
PATH_COLOUR = OKABE_ITO["black"]
FADED = "#E4E4E4"


@dataclass(frozen=True)
class RenderOptions:
    title: str = ""
    caption: str = ""
    note: str = ""
    size_by: str = "degree"  # or "sources"
    presentation: bool = False
    freeze: bool = True  # stop the physics once laid out, so the picture holds still
    controls: bool = True
    links: dict = field(default_factory=dict)  # node id -> URL a click opens; empty: a click shows details
    highlight_nodes: frozenset = frozenset()
    highlight_pairs: frozenset = frozenset()  # frozenset({a, b}) per highlighted link
    seed: int = 7
    png_name: str = "recovery-graph-network.png"


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str
    shape: str

    @property
    def svg(self) -> Markup:
        """A small swatch of the node's shape in its colour (no text from the graph inside)."""
        c, s = html.escape(self.colour), 9
        shapes = {
            "dot": f'<circle cx="10" cy="10" r="{s}"/>',
            "square": f'<rect x="2" y="2" width="16" height="16"/>',
            "diamond": '<polygon points="10,1 19,10 10,19 1,10"/>',
            "triangle": '<polygon points="10,1 19,18 1,18"/>',
            "triangleDown": '<polygon points="1,2 19,2 10,19"/>',
            "hexagon": '<polygon points="5,2 15,2 19,10 15,18 5,18 1,10"/>',
            "star": '<polygon points="10,1 12.5,7 19,7.5 14,12 15.5,19 10,15.5 4.5,19 6,12 1,7.5 7.5,7"/>',
        }
        if self.shape in ("line", "dashes"):
            dash = ' stroke-dasharray="5,4"' if self.shape == "dashes" else ""
            body = f'<line x1="0" y1="10" x2="26" y2="10" stroke="{c}" stroke-width="3"{dash}/>'
            return Markup(f'<svg width="26" height="20" aria-hidden="true">{body}</svg>')
        body = shapes.get(self.shape, shapes["dot"])
        return Markup(f'<svg width="20" height="20" aria-hidden="true" fill="{c}" stroke="#222" stroke-width="1.5">{body}</svg>')


def kind_style(kind_name: str) -> tuple[str, str]:
    return KIND_STYLE.get(kind_name, FALLBACK_STYLE)


def legend(sub: Subgraph) -> list[LegendEntry]:
    """One entry per kind on show (in the order they first appear by distance), then dashed links."""
    entries, seen = [], set()
    for n in sorted(sub.nodes, key=lambda n: (n.distance < 0, n.distance)):
        if n.kind not in seen:
            seen.add(n.kind)
            entries.append(LegendEntry(n.kind_label, *kind_style(n.kind_name)))
    dashed = sorted({e.relation_label for e in sub.edges if e.relation.rsplit("#", 1)[-1] in DASHED_RELATIONS})
    if dashed:
        entries.append(LegendEntry(" / ".join(dashed), "#555555", "dashes"))
    return entries


def _sizes(sub: Subgraph, size_by: str) -> dict[str, float]:
    if size_by == "sources":
        values = {n.id: n.sources for n in sub.nodes}
        top = max(values.values(), default=1) or 1
        # settings, themes and documents carry no sources of their own: draw them as large as the most cited
        return {n.id: top if n.kind_name in KIND_HUBS else values[n.id] for n in sub.nodes}
    return {n.id: n.degree for n in sub.nodes}


def _tooltip(n: Node) -> str:
    sources = f"{n.sources} source document{'s' if n.sources != 1 else ''}" if n.kind_name not in KIND_HUBS else ""
    facts = " · ".join(x for x in (n.kind_label, sources, f"{n.degree} link{'s' if n.degree != 1 else ''} on show") if x)
    return f"{n.label}\n{facts}"


def build_network(sub: Subgraph, options: RenderOptions = RenderOptions()) -> Network:
    """The pyvis network: one record per node and per pair of linked nodes."""
    net = Network(directed=False, cdn_resources="in_line")
    sizes = _sizes(sub, options.size_by)
    font_size = 36 if options.presentation else 30
    rings = is_one_ring(sub)
    positions = _start_positions(sub, font_size * 9 if rings else 0)
    highlighting = bool(options.highlight_nodes)
    for n in sub.nodes:
        colour, shape = kind_style(n.kind_name)
        faded = highlighting and n.id not in options.highlight_nodes
        is_focus = n.id == sub.focus.id
        hint = "\nClick to open." if options.links.get(n.id) else ""
        net.add_node(
            n.id, label=n.label, shape=shape, value=sizes[n.id], title=_tooltip(n) + hint, info=_tooltip(n),
            color={"background": FADED if faded else colour, "border": "#BBBBBB" if faded else "#1A1A1A",
                   "highlight": {"background": colour, "border": "#000000"},
                   "hover": {"background": colour, "border": "#000000"}},
            borderWidth=5 if is_focus else 1.5, borderWidthSelected=5,
            font={"color": "#A0A0A0" if faded else "#111111", **({"size": round(font_size * 1.3)} if is_focus and rings else {})},
            x=positions[n.id][0], y=positions[n.id][1],
        )
    by_pair: dict[frozenset, list] = defaultdict(list)
    for e in sub.edges:
        by_pair[frozenset((e.source, e.target))].append(e)
    for pair, links in by_pair.items():
        first = links[0]
        on_path = pair in options.highlight_pairs
        dashed = all(e.relation.rsplit("#", 1)[-1] in DASHED_RELATIONS for e in links)
        labels = {n.id: n.label for n in sub.nodes}
        title = "\n".join(f"{labels.get(e.source, '')} — {e.relation_label} — {labels.get(e.target, '')}" for e in links)
        colour = PATH_COLOUR if on_path else ("#EFEFEF" if highlighting else "#8C8C8C")
        # pyvis's add_edge scans every node per edge; records are built with its Edge class directly
        net.edges.append(PyvisEdge(first.source, first.target, False, title=title, dashes=dashed,
                                   width=6 if on_path else 1.4, color={"color": colour, "inherit": False}).options)
    net.options = vis_options(len(sub.nodes), font_size, options, physics=not rings)
    if rings:  # every label the same size, so the wheel's spacing holds for all of them
        net.options["nodes"]["widthConstraint"] = {"maximum": font_size * 8}
        net.options["nodes"]["scaling"]["label"]["enabled"] = False
    return net


def is_one_ring(sub: Subgraph) -> bool:
    """A focus and its direct neighbours: drawn as a wheel, which keeps every label clear, instead of
    letting physics pile them up."""
    return len(sub.nodes) > 2 and all(n.distance in (0, 1) for n in sub.nodes) and sub.nodes[0].distance == 0


def _start_positions(sub: Subgraph, label_width: float = 0) -> dict[str, tuple[float, float]]:
    """Rings by distance from the focus (kinds kept together on each ring): the final wheel when
    ``label_width`` is given (each label gets that much of the circle), otherwise a calm start for
    physics. Either way the same view starts from the same place, so it draws the same picture."""
    rings: dict[int, list[Node]] = defaultdict(list)
    for n in sub.nodes:
        rings[n.distance if n.distance >= 0 else max(1, sub.depth)].append(n)
    positions = {}
    for distance, ring in rings.items():
        ring.sort(key=lambda n: (n.kind_name, n.label.lower()))
        if label_width and distance:
            positions.update(_wheel(ring, label_width))
            continue
        radius = 0 if distance == 0 and len(ring) == 1 else 160 + 60 * math.sqrt(len(ring)) * max(1, distance) ** 0.5
        for i, n in enumerate(ring):
            angle = 2 * math.pi * i / len(ring)
            positions[n.id] = (round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1))
    return positions


WHEEL_ASPECT = 1.7  # screens and slides are wide: an ellipse fills them better than a circle


def _wheel(ring: list[Node], label_width: float) -> dict[str, tuple[float, float]]:
    """Neighbours on an ellipse around the focus; past 14 they alternate between an inner and an outer
    track, so each label has about twice the room and the picture can be drawn larger."""
    staggered = len(ring) > 14
    room = (len(ring) / 2 if staggered else len(ring)) * label_width
    b = max(260.0, room / (2 * math.pi * math.sqrt((WHEEL_ASPECT ** 2 + 1) / 2)))
    positions = {}
    for i, n in enumerate(ring):
        angle = 2 * math.pi * i / len(ring) - math.pi / 2
        scale = 1.3 if staggered and i % 2 else 1.0
        positions[n.id] = (round(WHEEL_ASPECT * b * scale * math.cos(angle), 1), round(b * scale * math.sin(angle), 1))
    return positions


def vis_options(count: int, font_size: int, options: RenderOptions, physics: bool = True) -> dict:
    label_max = font_size + 16
    return {
        "autoResize": True,
        "layout": {"randomSeed": options.seed, "improvedLayout": False},
        "physics": {
            "enabled": physics, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -180, "centralGravity": 0.01, "springLength": 140,
                                 "springConstant": 0.04, "damping": 0.55, "avoidOverlap": 1},
            "stabilization": {"enabled": True, "iterations": 400 if count > 150 else 600, "updateInterval": 100, "fit": True},
            "minVelocity": 1.5, "maxVelocity": 60, "timestep": 0.4,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "multiselect": False,
                        "keyboard": {"enabled": True, "bindToWindow": False}, "zoomSpeed": 0.6},
        "nodes": {
            "font": {"size": font_size, "face": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif",
                     "strokeWidth": 5, "strokeColor": "#FFFFFF"},
            "scaling": {"min": 12, "max": 44,
                        "label": {"enabled": True, "min": font_size, "max": label_max, "maxVisible": label_max + 8,
                                  "drawThreshold": 7}},
            "widthConstraint": {"maximum": font_size * 12},
        },
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 1.5},
    }


@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


@functools.lru_cache(maxsize=1)
def _scripts() -> tuple[Markup, Markup]:
    return (Markup(VIS_JS.read_text(encoding="utf-8")),
            Markup((TEMPLATES / "network.js").read_text(encoding="utf-8")))


def network_html(sub: Subgraph, options: RenderOptions = RenderOptions()) -> str:
    """The complete page: drawing, legend, caption and (unless presenting) Fit, Freeze and PNG buttons."""
    net = build_network(sub, options)
    nodes, edges, _heading, _height, _width, vis_opts = net.get_network_data()
    entries = legend(sub)
    payload = {
        "nodes": nodes, "edges": edges, "options": net.options, "freeze": options.freeze,
        "links": {k: v for k, v in options.links.items() if v} or None,
        "title": options.title, "pngName": options.png_name,
        "legend": [{"label": e.label, "colour": e.colour, "shape": e.shape} for e in entries],
    }
    vis_js, app_js = _scripts()
    return _environment().get_template("network.html").render(
        nonce=secrets.token_urlsafe(16), title=options.title, caption=options.caption, note=options.note,
        legend=entries, controls=options.controls and not options.presentation, payload=payload,
        text_size=26 if options.presentation else 16, vis_js=vis_js, app_js=app_js,
        aria_label=f"Network of {len(sub.nodes)} nodes around {sub.focus.label}",
    )
