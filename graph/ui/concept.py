"""Concept page: what it is, where it applies, what it links to, and every source, a page at a time."""

import streamlit as st

from graph import source_pages
from graph.explore import NotFound, browsable
from graph.ui import common
from graph.ui.sources_table import sources_table

concept_id = st.query_params.get("id")
if not concept_id:
    st.title("Concept")
    st.info("Open a concept from Search, a setting or a theme; its address then reopens it.")
    st.stop()
try:
    view = common.concept_view(concept_id)
except (NotFound, ValueError) as exc:
    common.show_error(exc)
    st.stop()

st.title(view.label)
st.caption(f"{view.kind_label} · {view.mentions:,} mention(s) in {len(view.documents):,} document(s)")
if view.definition:
    st.markdown(f"{view.definition}")
if view.alt_labels:
    st.caption("Also called: " + "; ".join(view.alt_labels))

if view.settings:
    st.subheader("Settings")
    cols = st.columns(len(view.settings))
    for col, use in zip(cols, view.settings):
        with col, st.container(border=True):
            common.page_link(use.setting, label=f"**{use.setting.label}**")
            verdict = " · speaks for this setting" if use.suits else ""
            verdict += " · speaks against this setting" if use.does_not_suit else ""
            st.caption(f"{use.mentions} mention(s){verdict}")

if view.links:
    st.subheader("Linked concepts")
    cols = st.columns(min(3, len(view.links)))
    for i, (relation, links) in enumerate(view.links.items()):
        with cols[i % len(cols)]:
            st.markdown(f"**{relation}**")
            for link in links:
                if browsable(link.iri):
                    suffix = f" · {link.kind}" if link.kind and relation != "Theme" else ""
                    common.page_link(link, label=link.label + suffix)
                else:
                    st.markdown(f"- {link.label}", help=link.iri)

st.subheader("Neighbourhood")
st.iframe(common.neighbourhood_drawing(concept_id), height=440)
st.page_link("graph/ui/network.py", label="Open in the network view (deeper, filters, paths)", icon=":material/hub:",
             query_params={"focus": concept_id, "depth": "2"})

st.subheader("Where it comes from")
shown = view.first_sources
if shown.pages > 1:
    size = source_pages.PAGE_SIZE
    number = st.selectbox(
        "Mentions shown", range(shown.pages),
        index=source_pages.page_from_address(st.query_params.get("sources"), shown.pages),
        format_func=lambda i: f"{i * size + 1:,}\u2013{min((i + 1) * size, shown.total):,}",
        key=f"sources-{concept_id}", width=220,
    )
    if number:
        st.query_params["sources"] = str(number + 1)
    else:
        st.query_params.pop("sources", None)
    shown = common.concept_sources(concept_id, number)
if shown.pages > 1:
    st.caption(f"Mentions {shown.first:,}\u2013{shown.last:,} of {shown.total:,}, in reading order")
if shown.sources:
    sources_table(shown.sources)
else:
    st.caption("No source document mentions it.")
st.caption(common.DISCLAIMER)
