"""Setting page: the profile of one care setting on the continuum."""

import streamlit as st

from graph.namespaces import shorten
from graph.ui import common
from graph.ui.sources_table import sources_list

LOCATOR = "https://findtreatment.gov/"

choices = {shorten(s.iri): s.label for s in common.settings()}
setting_id = common.url_id(choices)
picked = st.segmented_control("Care setting", list(choices), format_func=choices.get, default=setting_id,
                              label_visibility="collapsed")
if picked and picked != setting_id:
    setting_id = picked
st.query_params["id"] = setting_id
p = common.load_or_stop(common.setting_profile, setting_id)

st.title(p.label)
st.write(p.definition)
if p.alt_labels:
    st.caption("Also called: " + "; ".join(p.alt_labels))

nav = st.columns(3)
with nav[0]:
    if p.up:
        common.page_link(p.up, label=f"More intensive: {p.up.label}", icon=":material/arrow_upward:")
with nav[1]:
    st.markdown(f"**Step {p.rank} of {len(choices)}** on the step-down continuum")
with nav[2]:
    if p.down:
        common.page_link(p.down, label=f"Next step down: {p.down.label}", icon=":material/arrow_downward:")

info, find = st.columns([3, 2])
with info:
    st.subheader("Dose")
    if p.doses:
        for dose in p.doses:
            st.markdown(f"- {dose.summary()} — *{dose.document_title}*")
    else:
        st.caption("The documents give no figures for this setting.")
    if p.mappings:
        st.caption("Known elsewhere as: " + "; ".join(p.mappings))
with find:
    st.subheader("Find this care")
    code = f" (service code {p.locator_code})" if p.locator_code else ""
    st.link_button("Open FindTreatment.gov", LOCATOR, icon=":material/open_in_new:")
    st.caption(f"The public treatment locator; filter by this type of care{code}. Opens an outside website.")


def pager(group: str, total: int, noun: str) -> int:
    """The 0-based page of a long list to show (a picker only when there is more than one page)."""
    size = common.SETTING_PAGE_SIZE
    pages = max(1, -(-total // size))
    if pages == 1:
        return 0
    number = st.selectbox(f"{noun} shown", range(pages), key=f"page-{setting_id}-{group}", width=220,
                          format_func=lambda i: f"{i * size + 1:,}\u2013{min((i + 1) * size, total):,} of {total:,}")
    return number or 0


def statement_list(group: str, total: int):
    number = pager(group, total, "Criteria")
    for st_ in common.setting_rows(setting_id, group, number):
        with st.expander(f"{st_.concept.label} · {len(st_.sources)} source(s)"):
            if st_.definition:
                st.write(st_.definition)
            common.page_link(st_.concept, label="Open this concept", icon=":material/open_in_new:")
            sources_list(st_.sources)


who, not_who = st.columns(2)
with who:
    st.subheader(f"Whom it suits ({len(p.suits):,})")
    statement_list("suits", len(p.suits))
with not_who:
    st.subheader(f"Whom it may not suit ({len(p.does_not_suit):,})")
    if p.does_not_suit:
        statement_list("not", len(p.does_not_suit))
    else:
        st.caption("No document says this setting is a poor fit for a particular circumstance.")

if p.by_kind:
    st.subheader("What the documents say")
    st.caption("Select a row to open that concept with all its sources.")
    # Only the open tab is built (on_change="rerun"): at a million triples a setting has thousands of
    # statements in a dozen kinds, and each shown row reads its sources.
    tabs = st.tabs([f"{kind} ({len(items):,})" for kind, items in p.by_kind.items()], key=f"kinds-{setting_id}",
                   on_change="rerun")
    for tab, (kind, items) in zip(tabs, p.by_kind.items()):
        if tab.open is False:
            continue
        with tab:
            number = pager(kind, len(items), "Rows")
            frame = common.setting_table(setting_id, kind, number)
            event = st.dataframe(frame, hide_index=True, width="stretch", on_select="rerun",
                                 selection_mode="single-row", key=f"kind-{kind}-{number}")
            if event.selection.rows:
                common.open_concept(items[number * common.SETTING_PAGE_SIZE + event.selection.rows[0]].concept)
st.caption(common.DISCLAIMER)
