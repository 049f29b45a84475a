"""The network page's cached views, kept apart from the page so a benchmark can empty them between runs.

Streamlit runs a page file as a script, so importing the page would draw it; these are the functions
the page reads through Streamlit's caches, each keyed by the view (every part of the address is in it).
"""

from __future__ import annotations

import streamlit as st

from graph import network, paths, render, tours
from graph.ui import common

LISTED_MAX = 1500  # a graph with more nodes lists only the view's own in the focus and path pickers


class FocusIndex:
    """Every node a view can start from, by id and by kind, read once per store and shared by every
    session. Kept as a resource, not st.cache_data, which unpickled a copy on every call: three
    copies of 33,000 nodes a run at a million triples."""

    def __init__(self, store):
        self.store = store
        self.nodes = network.focus_options(store)
        self.by_id = {n.id: n for n in self.nodes}
        self.by_kind: dict[str, list[str]] = {}
        for n in self.nodes:
            self.by_kind.setdefault(n.kind, []).append(n.id)


@st.cache_resource(show_spinner=False, max_entries=1)
def _focus_index(_store) -> FocusIndex:
    return FocusIndex(_store)


def focus_index() -> FocusIndex:
    """The index of the store in use (rebuilt when the graph is reloaded after adding a document)."""
    store = common.store()
    index = _focus_index(store)
    if index.store is not store:
        _focus_index.clear()
        index = _focus_index(store)
    return index


@st.cache_data(show_spinner=False)
def ties(view: network.View, cap: int):
    """The connectors of a view (betweenness over its 300 nodes takes a second: once per view)."""
    return network.connectors(neighbourhood(view, cap))


@st.cache_data(show_spinner=False)
def kinds():
    return network.kinds_in(common.store())


@st.cache_data(show_spinner=False)
def view_problems(view: network.View) -> list[str]:
    return network.view_problems(common.store(), view)


@st.cache_data(show_spinner=False)
def all_tours():
    return tours.load_tours()


@st.cache_data(show_spinner="Fetching the neighbourhood…")
def neighbourhood(view: network.View, cap: int):
    return network.neighbourhood(common.store(), view.focus, view.depth, view.filters, cap)


@st.cache_data(show_spinner="Looking for connecting paths…")
def connecting(start: str, end: str, filters: network.Filters):
    return paths.connecting_paths(common.store(), start, end, filters)


@st.cache_data(show_spinner=False, max_entries=32)
def drawing(sub, options: render.RenderOptions) -> str:
    return render.network_html(sub, options)
