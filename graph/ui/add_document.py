"""Add a document: upload (or paste) it, review what the extractor found, save it to your overlay.

The page arranges widgets only: extraction (graph.extract), the review table's labels
(graph.review) and the merge into the user overlay (graph.overlay) are core calls. Nothing here can
touch the curated data: a merge writes the user's own overlay folder, all or nothing.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph import overlay, review
from graph.errors import RecoveryGraphError
from graph.extract import Extractor
from graph.extract_input import MAX_MB
from graph.ui import common
from graph.userdata import overlay_dir

STATE = "add_document_draft"
PASSAGES = "add_document_passages"
SAVED = "add_document_saved"


@st.cache_resource(show_spinner="Reading the graph's labels…")
def extractor() -> Extractor:
    return Extractor.from_store(common.store())


def refresh_graph() -> None:
    """The app sees a merge or removal at once: the cached store and results are rebuilt."""
    common.store.clear()
    extractor.clear()
    st.cache_data.clear()


st.title("Add a document")
st.write(
    "Give the tool an article or an agency guide about care settings (plain text or Markdown). It finds the "
    "sections and items, proposes a concept for each (an existing one when the idea is already in the graph) "
    "and lets you accept or correct them before they join **your own overlay**, which never changes the "
    "curated data and can be removed again."
)

if SAVED in st.session_state:
    st.success(st.session_state.pop(SAVED))

upload, paste = st.tabs(["Upload a file", "Paste text"])
with upload:
    # the widget's own limit, so the browser refuses a larger file before sending it and shows the
    # real figure instead of Streamlit's default 200 MB
    uploaded = st.file_uploader("Document (.txt or .md)", type=["txt", "md", "markdown"],
                                max_upload_size=MAX_MB,
                                help=f"Up to {MAX_MB} MB of UTF-8 text.")
with paste:
    pasted_name = st.text_input("Name for the pasted document", value="pasted-document.md")
    pasted = st.text_area("Document text", height=200, placeholder="# Title\n\n## Advantages of ...\n1. ...")

source = None
if uploaded is not None:
    source = (uploaded.name, uploaded.getvalue())
elif pasted.strip():
    source = (pasted_name.strip() or "pasted-document.md", pasted.encode("utf-8"))

if st.button("Extract", type="primary", disabled=source is None):
    try:
        # what each passage says is kept for the table, in this session only, and never saved
        st.session_state[STATE], st.session_state[PASSAGES] = review.read_upload(extractor(), *source)
    except RecoveryGraphError as exc:
        st.session_state.pop(STATE, None)
        st.session_state.pop(PASSAGES, None)
        st.error(str(exc))

draft = st.session_state.get(STATE)
if draft is not None:
    options = review.review_options(extractor())
    new = sum(1 for c in draft.candidates if c.is_new)
    st.subheader(f"Review: {draft.title}")
    st.caption(f"{draft.file_name} · {len(draft.sections)} sections · {len(draft.candidates)} candidates "
               f"({len(draft.candidates) - new} matched to existing concepts, {new} new). Untick a row to leave "
               "it out, change its kind or settings, link it to an existing concept, or name a new one and write "
               "its definition in your own words (left empty, a marked placeholder is saved).")
    for note in draft.notes:
        st.info(note)
    edited = st.data_editor(
        pd.DataFrame(review.editor_rows(draft, options, st.session_state.get(PASSAGES)), columns=review.COLUMNS),
        key=f"review-{draft.doc_id}", hide_index=True, width="stretch", num_rows="fixed",
        column_order=[c for c in review.COLUMNS if c != "id"],
        disabled=["passage", "text", "lines", "score", "reason"],
        column_config={
            "accept": st.column_config.CheckboxColumn("Accept", width="small"),
            "passage": st.column_config.TextColumn("Passage (document's heading)"),
            "text": st.column_config.TextColumn("What the document says", width="medium",
                                                help="The passage's lines, shown to judge the match; not saved"),
            "lines": st.column_config.TextColumn("Lines", width="small"),
            "kind": st.column_config.SelectboxColumn("Kind", options=list(options.kinds), required=True),
            "settings": st.column_config.MultiselectColumn("Settings", options=list(options.settings)),
            "link": st.column_config.SelectboxColumn(
                "Concept", options=[review.NEW, *options.concepts], required=True,
                help="An existing concept for the same idea, or a new concept"),
            "label": st.column_config.TextColumn("New concept's label"),
            "definition": st.column_config.TextColumn("Definition (your words)"),
            "score": st.column_config.NumberColumn("Match", format="%.2f", width="small"),
            "reason": st.column_config.TextColumn("Why"),
        },
    )
    replace = st.checkbox("Replace this document's earlier contribution if it is already in the overlay")
    if st.button("Save to my overlay", type="primary"):
        try:
            reviewed = review.apply_editor_rows(draft, edited.to_dict("records"), options)
            result = overlay.merge(reviewed, replace=replace)
        except RecoveryGraphError as exc:
            st.error(str(exc))
        else:
            st.session_state.pop(STATE, None)
            st.session_state.pop(PASSAGES, None)
            st.session_state[SAVED] = (f"Saved '{result.doc_id}': {result.mentions} mentions ({result.linked} of "
                                       f"existing concepts, {result.new_concepts} new) in {result.path}. "
                                       "Every page sees it now.")
            refresh_graph()
            st.rerun()

st.divider()
st.subheader("Your overlay")
documents = overlay.listing(common.store())
if not documents:
    st.caption(f"Empty. Saved documents go to {overlay_dir()}.")
for doc in documents:
    left, right = st.columns([5, 1])
    left.markdown(f"**{doc.title}** · `{doc.doc_id}` · {doc.file} · {doc.mentions} mentions, "
                  f"{doc.new_concepts} new concepts")
    if right.button("Remove", key=f"remove-{doc.doc_id}"):
        try:
            overlay.remove(doc.doc_id)
        except RecoveryGraphError as exc:
            st.error(str(exc))
        else:
            refresh_graph()
            st.rerun()
