"""Search: labels, synonyms, definitions and themes, forgiving plurals and typos; or browse a kind."""

import streamlit as st

from graph.errors import RecoveryGraphError
from graph.namespaces import expand, shorten
from graph.ui import common

st.title("Search")
kind_id = st.query_params.get("kind")
text = st.text_input("Search labels, synonyms and definitions", value=st.query_params.get("q", ""),
                     placeholder="e.g. crisis, confidentiality, family therapy")
if text != st.query_params.get("q", ""):
    st.query_params["q"] = text
    st.query_params.pop("kind", None)
    kind_id = None

if kind_id and not text:
    kinds = {shorten(k.iri): k for k in common.kinds()}
    if kind_id not in kinds:
        st.error(f"{kind_id} is not a concept kind; choose one on the Home page.")
        st.stop()
    kind = kinds[kind_id]
    st.subheader(f"{kind.label} ({kind.count})")
    for row in common.concepts_of_kind(expand(kind_id)):
        with st.container(border=True):
            st.page_link(common.PAGES["concept"], label=f"**{row['label']}**", query_params={"id": shorten(row["concept"])})
            st.caption(f"{row['settings'] or 'No particular setting'} · {row['mentions'] or 0} mention(s)")
            st.write(row["definition"])
    st.stop()

if not text.strip():
    st.caption("Type a word or phrase. Matching ignores case and plurals and corrects small typos.")
    st.stop()

try:
    results = common.search(text)
except RecoveryGraphError as exc:
    st.error(str(exc))
    st.stop()
if results.plan.corrections:
    fixed = ", ".join(f"“{typed}” → “{used}”" for typed, used in results.plan.corrections.items())
    st.info(f"Showing results for corrected spelling: {fixed}", icon=":material/spellcheck:")
if not results.count:
    st.warning("Nothing matches. Try a shorter word, or browse by kind or theme from the Home page.")
    st.stop()
if results.total > results.count:
    st.caption(f"The best {results.count} of {results.total} results, in {len(results.groups)} kind(s); add a word to narrow them")
else:
    st.caption(f"{results.count} result(s) in {len(results.groups)} kind(s), best matches first")
for kind, hits in results.groups.items():
    st.subheader(f"{kind} ({len(hits)})")
    for hit in hits:
        with st.container(border=True):
            common.page_link(hit.concept, label=f"**{hit.concept.label}**")
            where = f"matched in its {hit.matched_in}"
            st.caption(f"{hit.settings or 'No particular setting'} · {where}")
            if hit.definition:
                st.write(hit.definition)
