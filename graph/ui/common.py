"""What every page shares: the cached store, cached query results, and the help panel."""

from __future__ import annotations

import streamlit as st

from graph.store import open_store
from graph import stats

DISCLAIMER = (
    "Recovery Graph summarises what five public documents say about care settings. "
    "It is not clinical advice and does not replace an assessment by a qualified professional."
)


@st.cache_resource(show_spinner="Building the graph…")
def store():
    """One store per server process, shared by every session (the graph is read-only)."""
    return open_store()


@st.cache_data(show_spinner=False)
def overview():
    return stats.overview(store())


@st.cache_data(show_spinner=False)
def help_lines():
    return store().select("help-lines").rows


def help_panel() -> None:
    """Crisis lines, always visible in the sidebar."""
    with st.sidebar:
        st.markdown("#### Need help now?")
        for line in help_lines():
            parts = [f"**{line['label']}**"]
            if line["phone"]:
                parts.append(f"call {line['phone']}")
            if line["text"]:
                parts.append(f"text {line['text']}")
            st.markdown(" · ".join(parts), help=line["note"])
        st.caption("US services. " + DISCLAIMER)
