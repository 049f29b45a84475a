"""Continuum page: the step-down path from residential care to outpatient care, as a diagram."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from graph import continuum, network
from graph.ui import common


@st.cache_data(show_spinner=False)
def levels():
    return continuum.levels(common.store())


def setting_link(level) -> str:
    return f"setting?{urlencode({'id': level.short_id}, safe=':')}"


steps = levels()
st.title("The step-down continuum")
st.caption("From the most intensive level of care to the least, as the sources describe them. Click a level "
           "to open its page. Where sources give different figures, the diagram shows the full range and "
           "the table below keeps each source's own statement.")
st.markdown(continuum.diagram_svg(steps, setting_link), unsafe_allow_html=True)  # st.html drops SVG; every text in it is escaped

st.download_button("Download the diagram (SVG)", continuum.diagram_svg(steps), file_name="recovery-graph-continuum.svg",
                   mime="image/svg+xml", icon=":material/download:", on_click="ignore")

st.subheader("How much care, source by source")
st.dataframe(
    pd.DataFrame([{"Setting": level.label, "Source": dose.document, "Dose": dose.text()}
                  for level in steps for dose in level.doses]),
    hide_index=True, width="stretch",
)
cols = st.columns(len(steps))
for col, level in zip(cols, steps):
    col.page_link("graph/ui/network.py", label=f"{level.label} in the network", icon=":material/hub:",
                  query_params=network.View(level.setting).query())
