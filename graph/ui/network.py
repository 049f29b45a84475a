"""Network page: how things connect around a focus, with paths, tours, presentation mode and exports.

Everything that reopens the view is in the address (focus, depth, kinds, setting, theme, document,
size, click, path, inside, tour, step, present), so a trainer can bookmark a view or put it on a slide.
"""

from __future__ import annotations

import html
from dataclasses import replace
from urllib.parse import urlencode

import streamlit as st

from graph import network, paths, render
from graph.errors import NetworkError, RecoveryGraphError
from graph.explore import page_for
from graph.namespaces import expand, shorten
from graph.ui import common
from graph.ui.network_views import (
    LISTED_MAX,
    FocusIndex,
    all_tours,
    connecting,
    drawing,
    focus_index,
    kinds,
    neighbourhood,
    ties,
    view_problems,
)

KEYS = ("focus", "depth", "kinds", "setting", "theme", "document", "size", "click", "path", "inside",
        "tour", "step", "present")
PAGE = "graph/ui/network.py"


def default_kinds() -> list[str]:
    return [k.id for k in kinds() if k.id != network.DOCUMENT_KIND]


def node_links(sub, view: network.View, click: str) -> dict:
    """Where a click on each node goes: its own page, or this page refocused on it."""
    links = {}
    for n in sub.nodes:
        if click == "open" and n.kind_name != "SourceDocument":
            links[n.id] = f"{page_for(n.kind_label)}?{urlencode({'id': n.short_id}, safe=':')}"
        else:
            links[n.id] = replace(view, focus=n.id).link()
    return links


def read_address(params: dict):
    """The view, the path ends and the tour step the address asks for."""
    tour = step = None
    if params.get("tour"):
        found = [t for t in all_tours() if t.name == params["tour"]]
        if not found:
            raise RecoveryGraphError(f"There is no tour '{params['tour']}'; pick one under Tours below")
        tour = found[0]
        number = int(params["step"]) if str(params.get("step", "")).isdigit() else 1
        step = tour.steps[min(max(1, number), len(tour.steps)) - 1]
    view = step.view if step else network.parse_view(params) if params.get("focus") else network.View(focus_index().nodes[0].id)
    problems = view_problems(view)
    if problems:
        raise NetworkError("This view cannot be drawn: " + "; ".join(problems) + ".")
    ends = params.get("path", "").split(",")
    ends = (expand(ends[0]), expand(ends[1])) if len(ends) == 2 and all(ends) else (None, None)
    known = focus_index().by_id
    for end in ends:
        if end and end not in known:
            raise NetworkError(f"path: '{shorten(end)}' is not a concept, setting, theme or document of the graph; "
                               "pick both ends from the lists under Path between two ideas")
    return view, ends, tour, step


def sync_widgets(params: dict, view: network.View, ends) -> None:
    """When the address changed from outside (a deep link, a tour step, a narrower view), the widgets
    take their values from it; otherwise they keep what the user chose."""
    if st.session_state.get("net_params") == params and "net_focus" in st.session_state:
        return
    st.session_state.net_focus = view.focus
    st.session_state.net_depth = view.depth
    st.session_state.net_size = view.size_by
    st.session_state.net_kinds = list(view.filters.kinds) if view.filters.kinds is not None else default_kinds()
    for key in ("setting", "theme", "document"):
        st.session_state[f"net_{key}"] = getattr(view.filters, key)
    st.session_state.net_click = params.get("click", "open")
    st.session_state.net_path_from, st.session_state.net_path_to = ends
    st.session_state.net_inside = params.get("inside") == "1"


def listed(index: FocusIndex, shown: network.View) -> list[str]:
    """The nodes the focus and path pickers offer: all of them in a graph of up to LISTED_MAX, else
    the settings, the themes and the nodes of the view on show (a picker of 33,000 entries is no
    use to a person and sent megabytes to the browser each run); Search and every concept page
    open the network on any other node."""
    if len(index.nodes) <= LISTED_MAX:
        return list(index.by_id)
    chosen = [st.session_state.get(k) for k in ("net_focus", "net_path_from", "net_path_to")]
    try:
        in_view = [n.id for n in neighbourhood(shown, network.DEFAULT_CAP).nodes]
    except RecoveryGraphError:
        in_view = []
    wanted = (index.by_kind.get(network.SETTING_KIND, []) + index.by_kind.get(network.THEME_KIND, []) + in_view
              + [i for i in chosen if i])
    return [i for i in dict.fromkeys(wanted) if i in index.by_id]


def controls(shown: network.View) -> None:
    index = focus_index()
    options = index.by_id
    focusable = listed(index, shown)
    kind_by_id = {k.id: k for k in kinds()}
    name = lambda i: "—" if i is None else f"{options[i].label} ({options[i].kind_label.lower()})"
    c1, c2, c3, c4 = st.columns([4, 2, 2, 3])
    c1.selectbox("Focus", focusable, key="net_focus", format_func=name,
                 help=None if len(focusable) == len(options) else
                 "Settings, themes and the nodes on show; open any other concept's network from its page or from Search")
    c2.segmented_control("Depth (links out)", [1, 2, 3], key="net_depth")
    c3.segmented_control("Size by", ["degree", "sources"], key="net_size",
                         format_func={"degree": "links", "sources": "sources"}.get)
    c4.segmented_control("A click", ["open", "refocus"], key="net_click",
                         format_func={"open": "opens its page", "refocus": "refocuses here"}.get)
    with st.expander("Filters: kinds, setting, theme, document"):
        st.multiselect("Kinds to show", list(kind_by_id), key="net_kinds", format_func=lambda k: kind_by_id[k].label)
        of_kind = lambda kind: [None] + index.by_kind.get(kind, [])
        plain = lambda i: "any" if i is None else options[i].label
        f1, f2, f3 = st.columns(3)
        f1.selectbox("Only concepts for the setting", of_kind(network.SETTING_KIND), key="net_setting", format_func=plain)
        f2.selectbox("Only concepts with the theme", of_kind(network.THEME_KIND), key="net_theme", format_func=plain)
        f3.selectbox("Only concepts from the document", of_kind(network.DOCUMENT_KIND), key="net_document", format_func=plain)
    with st.expander("Path between two ideas"):
        p1, p2, p3 = st.columns([4, 4, 2])
        p1.selectbox("From", [None] + focusable, key="net_path_from", format_func=name)
        p2.selectbox("To", [None] + focusable, key="net_path_to", format_func=name)
        p3.checkbox("Inside the network", key="net_inside", help="Draw the path within the focus's neighbourhood")


def view_from_widgets():
    chosen = st.session_state.get("net_kinds") or []
    filters = network.Filters(None if sorted(chosen) == sorted(default_kinds()) else tuple(chosen),
                              st.session_state.get("net_setting"), st.session_state.get("net_theme"),
                              st.session_state.get("net_document"))
    view = network.View(st.session_state.net_focus, int(st.session_state.get("net_depth") or 1), filters,
                        st.session_state.get("net_size") or "degree")
    ends = (st.session_state.get("net_path_from"), st.session_state.get("net_path_to"))
    return view, ends, st.session_state.get("net_click") or "open", bool(st.session_state.get("net_inside"))


def address(view, ends, click, inside, tour, step, present) -> dict:
    state = view.query()
    extras = {
        "click": None if click == "open" else click,
        "path": ",".join(shorten(e) for e in ends) if all(ends) else None,
        "inside": "1" if inside and all(ends) else None,
        "tour": tour.name if step else None,
        "step": str(tour.steps.index(step) + 1) if step else None,
        "present": "1" if present else None,
    }
    return {**state, **{k: v for k, v in extras.items() if v}}


def presentation_style() -> None:
    st.html("""<style>
      header[data-testid="stHeader"], section[data-testid="stSidebar"],
      div[data-testid="stSidebarCollapsedControl"] { display: none; }
      [data-testid="stMainBlockContainer"] { padding-top: 0.8rem; max-width: 100%; }
    </style>""")


def tour_bar(tour, step, present) -> None:
    number = tour.steps.index(step) + 1
    st.markdown(f"**{tour.title}** · step {number} of {len(tour.steps)}: {step.title}")
    if present:
        st.markdown(f"<p style='font-size:1.8rem;line-height:1.35;margin:0.2rem 0 0.4rem 0'>{html.escape(step.caption)}</p>",
                    unsafe_allow_html=True)
    else:
        st.write(step.caption)
    b1, b2, b3, _ = st.columns([1, 1, 1, 5])
    for col, label, target, disabled in ((b1, "◀ Previous", number - 1, number == 1),
                                         (b2, "Next ▶", number + 1, number == len(tour.steps))):
        if col.button(label, disabled=disabled, key=f"tour_{target}_{label[0]}"):
            st.query_params.update({"step": str(target)})
            st.rerun()
    if b3.button("End tour", key="tour_end"):
        for key in ("tour", "step"):
            st.query_params.pop(key, None)
        st.rerun()


params = {k: st.query_params.get(k) for k in KEYS if st.query_params.get(k) is not None}
present = params.get("present") == "1"
try:
    view, ends, tour, step = read_address(params)
except (RecoveryGraphError, ValueError) as exc:
    common.show_error(exc)
    params, (view, ends, tour, step) = {}, read_address({})

if present:
    presentation_style()
    click, inside = params.get("click", "open"), params.get("inside") == "1"
else:
    sync_widgets(params, view, ends)
    st.title("Network")
    st.caption("Start from a concept, setting or theme and see what connects to it. Click a node to open it; "
               "drag to move, scroll to zoom.")
    controls(view)
    view, ends, click, inside = view_from_widgets()
    if step and step.view != view:
        tour = step = None  # the trainer changed the view: the tour caption no longer describes it

state = address(view, ends, click, inside, tour, step, present)
if state != params:
    st.query_params.from_dict(state)
st.session_state.net_params = state

try:
    sub = neighbourhood(view, network.DEFAULT_CAP)
    path_view, lit_nodes, lit_pairs = None, frozenset(), frozenset()
    if all(ends) and ends[0] != ends[1]:
        path_view = connecting(ends[0], ends[1], view.filters)
        if path_view.paths:
            lit_nodes, lit_pairs = path_view.highlight()
            on_path = [n for p in path_view.paths for n in p]
            sub = (network.merge(sub, common.store(), on_path) if inside
                   else paths.path_subgraph(common.store(), path_view, view.filters))
except RecoveryGraphError as exc:
    common.show_error(exc)
    st.stop()

if tour and step:
    tour_bar(tour, step, present)
if path_view is not None:
    if path_view.paths:
        st.markdown(f"**{path_view.message()}**\n\n" + "\n".join(f"- {s}" for s in path_view.sentences()))
    else:
        st.warning(path_view.message())

title = step.title if step else sub.focus.label
file_stem = f"recovery-graph-{shorten(view.focus).replace(':', '-')}"
options = render.RenderOptions(
    title=title if present else "", note=sub.summary(), size_by=view.size_by, presentation=present,
    links=node_links(sub, view, click), highlight_nodes=lit_nodes, highlight_pairs=lit_pairs,
    png_name=f"{file_stem}.png",
)
st.iframe(drawing(sub, options), height=860 if present else 720)

if sub.omitted:
    st.warning(sub.summary())
    for col, narrowing in zip(st.columns(max(1, len(sub.narrowings))), sub.narrowings):
        col.page_link(PAGE, label=narrowing.description.capitalize(), icon=":material/filter_alt:",
                      query_params=narrowing.view.query())

if present:
    lines = " · ".join(l["label"] + (f": {l['phone'] or l['text']}" if l["phone"] or l["text"] else "")
                       for l in common.help_lines())
    st.caption(f"Need help now? {lines}. {common.DISCLAIMER}")
    if st.button("Exit presentation", key="exit_present"):
        st.query_params.pop("present", None)
        st.rerun()
else:
    left, right = st.columns([3, 2])
    with left:
        tied = network.connectors(sub) if path_view is not None and path_view.paths else ties(view, network.DEFAULT_CAP)
        if tied:
            st.markdown("**What ties this view together** (most links between other nodes pass through these): "
                        + "; ".join(n.label for n, _ in tied))
    with right:
        export = drawing(sub, replace(options, links={}, title=title, caption=step.caption if step else ""))
        e1, e2 = st.columns(2)
        e1.download_button("Download HTML", export, file_name=f"{file_stem}.html", mime="text/html",
                           icon=":material/download:", on_click="ignore",
                           help="One file that opens offline in any browser and draws the same view")
        if e2.button("Presentation mode", icon=":material/slideshow:"):
            st.query_params["present"] = "1"
            st.rerun()
        st.caption("For a slide: **Download PNG** under the drawing saves the picture with its legend.")
    with st.expander("Tours", expanded=bool(tour)):
        for t in all_tours():
            st.page_link(PAGE, label=f"{t.title} ({len(t.steps)} steps)", icon=":material/tour:",
                         query_params={**t.steps[0].view.query(), "tour": t.name, "step": "1"})
            st.caption(t.summary)
