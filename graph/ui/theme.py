"""Theme page: concepts of every kind and setting that share one cross-cutting idea."""

import streamlit as st

from graph.namespaces import shorten
from graph.ui import common

choices = {shorten(link.iri): link.label for link, _ in common.themes()}
theme_id = common.url_id(choices, preferred="rgt:autonomy")
picked = st.selectbox("Theme", list(choices), index=list(choices).index(theme_id), format_func=choices.get)
if picked != theme_id:
    theme_id = picked
st.query_params["id"] = theme_id
view = common.load_or_stop(common.theme_view, theme_id)

st.title(view.label)
st.write(view.definition)
if view.alt_labels:
    st.caption("Also: " + "; ".join(view.alt_labels))
total = sum(len(v) for v in view.by_kind.values())
st.caption(f"{total} concept(s) of {len(view.by_kind)} kind(s) carry this theme")
cols = st.columns(2)
for i, (kind, items) in enumerate(view.by_kind.items()):
    with cols[i % 2], st.container(border=True):
        st.markdown(f"**{kind}** ({len(items)})")
        for link, settings in items:
            common.page_link(link, label=f"{link.label} — {settings or 'no particular setting'}")
