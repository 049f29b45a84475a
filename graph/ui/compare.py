"""Compare two to four settings side by side, aligned by theme, with sources; CSV and Markdown downloads."""

import streamlit as st

from graph.errors import RecoveryGraphError
from graph.namespaces import shorten
from graph.ui import common

st.title("Compare settings")
settings = {shorten(s.iri): s.label for s in common.settings()}
themes = {shorten(link.iri): link.label for link, _ in common.themes()}

wanted = [s for s in st.query_params.get("settings", "rgc:inpatient-residential,rgc:outpatient").split(",") if s in settings]
wanted_themes = [t for t in st.query_params.get("themes", "rgt:cost,rgt:supervision,rgt:autonomy,rgt:support-network").split(",")
                 if t in themes]
chosen = st.multiselect("Settings (two to four)", list(settings), default=wanted, format_func=settings.get, max_selections=4)
chosen_themes = st.multiselect("Themes (empty: every theme)", list(themes), default=wanted_themes, format_func=themes.get)
st.query_params["settings"] = ",".join(chosen)
st.query_params["themes"] = ",".join(chosen_themes)

if len(chosen) < 2:
    st.info("Pick at least two settings to compare.")
    st.stop()
try:
    comparison = common.comparison(tuple(chosen), tuple(chosen_themes))
except RecoveryGraphError as exc:
    common.show_error(exc)
    st.stop()

downloads = st.columns(2)
# The exports hold every statement with all its sources, so they are built on a click, not on every view
key = (tuple(chosen), tuple(chosen_themes))
downloads[0].download_button("Download CSV", lambda: common.comparison_export(*key, "csv"), "comparison.csv", "text/csv",
                             icon=":material/download:")
downloads[1].download_button("Download Markdown handout", lambda: common.comparison_export(*key, "markdown"),
                             "comparison.md", "text/markdown", icon=":material/download:")

header = st.columns([1] + [2] * len(comparison.settings))
header[0].markdown("**Theme**")
for col, s in zip(header[1:], comparison.settings):
    with col:
        common.page_link(s, label=f"**{s.label}**")
st.caption("Each statement links to its page with all its sources; under it, its kind and where the documents say it.")
for r, row in enumerate(comparison.rows):
    st.divider()
    cols = st.columns([1] + [2] * len(comparison.settings))
    with cols[0]:
        common.page_link(row.theme, label=f"**{row.theme.label}**")
    for c, (col, cell) in enumerate(zip(cols[1:], row.cells)):
        with col:
            if not cell:
                st.caption("Nothing in the documents.")
                continue
            for statement in cell[:comparison.shown]:
                common.page_link(statement.concept, label=f"**{statement.concept.label}**")
                st.caption(f"{statement.concept.kind}" + (f", {statement.stance}" if statement.stance else "") + ": "
                           + "; ".join(f"{s.document_title}, {s.locator or s.section_title}" for s in statement.sources))
            more = len(cell) - len(cell[:comparison.shown])
            if more:
                st.caption(f"\u2026 and {more:,} more {'statement' if more == 1 else 'statements'}: the downloads "
                           "list them all with their sources, "
                           "and the setting's page lists them by kind.")
if not comparison.rows:
    st.info("None of the chosen themes has statements for these settings; clear the theme filter to see all.")
st.caption(common.DISCLAIMER)
