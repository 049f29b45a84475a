"""Fit view: tick a client's circumstances, see what the documents say for and against each setting.

Nothing ticked here is stored, logged or put in the page address."""

import streamlit as st

from graph import fit as fit_core
from graph.ui import common
from graph.ui.sources_table import sources_list

st.title("What the documents say for a client's situation")
st.warning(
    "This view summarises what five source documents say. It is not a clinical assessment and does not "
    "replace one by a qualified professional. Nothing you tick is saved, logged or put in the address.",
    icon=":material/health_and_safety:",
)
circumstances = common.circumstances()
st.subheader("Circumstances")
cols = st.columns(3)
ticked = []
for i, c in enumerate(circumstances):
    with cols[i % 3]:
        if st.checkbox(c.label, key=f"fit-{c.iri}", help=c.definition):
            ticked.append(c.iri)

with st.expander("How the settings are ranked"):
    st.write(fit_core.RANKING_RULE)

if not ticked:
    st.info("Tick one or more circumstances to see the settings the documents speak for and against.")
    st.stop()

results = fit_core.assess(common.store(), ticked, common.suitability_evidence())
for position, result in enumerate(results, 1):
    with st.container(border=True):
        head = st.columns([3, 1])
        with head[0]:
            common.page_link(result.setting, label=f"**{position}. {result.setting.label}**")
        head[1].metric("Score", f"{result.score:+d}", label_visibility="visible")
        for title, reasons in (("For", result.reasons_for), ("Against", result.reasons_against)):
            if not reasons:
                continue
            st.markdown(f"**{title}**")
            for i, reason in enumerate(reasons):
                why = (f"{reason.criterion.label} (the documents favour this setting when the opposite holds: "
                       f"{reason.via_opposite.label})" if reason.via_opposite else reason.criterion.label)
                with st.expander(f"{why} · {reason.documents} document(s)"):
                    sources_list(reason.sources)
        if not result.reasons_for and not result.reasons_against:
            st.caption("The documents say nothing about this setting for the ticked circumstances.")
