"""Home: what the graph holds at a glance."""

import pandas as pd
import streamlit as st

from graph.ui import common

st.title("Recovery Graph")
st.write(
    "Care settings for substance use and opioid use disorder — inpatient/residential, partial "
    "hospitalization, intensive outpatient and outpatient — and what the source documents say about "
    "each, as linked concepts with their sources."
)
o = common.overview()
cols = st.columns(4)
cols[0].metric("Concepts", o.concepts)
cols[1].metric("Mentions (evidence)", o.mentions)
cols[2].metric("Source documents", o.documents)
cols[3].metric("Triples", o.triples)

left, right = st.columns(2)
with left:
    st.subheader("By care setting")
    st.dataframe(
        pd.DataFrame([{"Setting": c.label, "Concepts": c.count, "Mentions": c.extra["mentions"]} for c in o.settings]),
        hide_index=True, width="stretch",
    )
    st.subheader("By kind")
    st.dataframe(pd.DataFrame([{"Kind": c.label, "Concepts": c.count} for c in o.kinds]),
                 hide_index=True, width="stretch")
with right:
    st.subheader("By source document")
    st.dataframe(
        pd.DataFrame([{"Document": c.label, "File": c.extra["identifier"], "Concepts": c.count,
                       "Mentions": c.extra["mentions"]} for c in o.document_counts]),
        hide_index=True, width="stretch",
    )
    st.subheader("By theme")
    st.dataframe(pd.DataFrame([{"Theme": c.label, "Concepts": c.count, "Settings": c.extra["settings"]} for c in o.themes]),
                 hide_index=True, width="stretch")
st.info(common.DISCLAIMER)
