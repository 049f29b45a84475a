"""Home: what the graph holds at a glance, and the ways in (setting, kind, theme, search)."""

import pandas as pd
import streamlit as st

from graph.namespaces import shorten
from graph.ui import common

st.title("Recovery Graph")
st.write(
    "What five source documents say about care settings for substance use and opioid use disorder: "
    "inpatient/residential, partial hospitalization, intensive outpatient and outpatient care, as linked "
    "concepts, each with its sources."
)
with st.form("home-search", border=False):
    text = st.text_input("Search concepts", placeholder="e.g. crisis, confidentiality, family therapy",
                         label_visibility="collapsed")
    if st.form_submit_button("Search", icon=":material/search:") and text.strip():
        st.switch_page(common.PAGES["search"], query_params={"q": text.strip()})

o = common.overview()
cols = st.columns(4)
cols[0].metric("Concepts", o.concepts)
cols[1].metric("Mentions (evidence)", o.mentions)
cols[2].metric("Source documents", o.documents)
cols[3].metric("Statements (triples)", o.triples,
               help=f"Not counting the {o.index_triples:,} triples of the search, network and overview indexes the build adds.")

st.subheader("By care setting")
setting_cols = st.columns(len(o.settings))
for col, c in zip(setting_cols, o.settings):
    with col:
        with st.container(border=True):
            st.page_link(common.PAGES["setting"], label=f"**{c.label}**", query_params={"id": shorten(c.iri)})
            st.caption(f"Step {c.extra['rank']} of {len(o.settings)} · {c.count} concepts · {c.extra['mentions']} mentions")
st.page_link(common.PAGES["compare"], label="Compare settings side by side", icon=":material/compare_arrows:")
st.page_link(common.PAGES["fit"], label="What do the documents say for a client's situation?", icon=":material/checklist:")

left, right = st.columns(2)
with left:
    st.subheader("By kind")
    for c in o.kinds:
        st.page_link(common.PAGES["search"], label=f"{c.label} ({c.count})", query_params={"kind": shorten(c.iri)})
with right:
    st.subheader("By theme")
    for c in o.themes:
        st.page_link(common.PAGES["theme"], label=f"{c.label} ({c.count})", query_params={"id": shorten(c.iri)})

st.subheader("By source document")
st.dataframe(
    pd.DataFrame([{"Document": c.label, "File": c.extra["identifier"], "Sections": c.extra["sections"],
                   "Mentions": c.extra["mentions"], "Concepts": c.count} for c in o.document_counts]),
    hide_index=True, width="stretch",
)
st.info(common.DISCLAIMER, icon=":material/info:")
