"""Recovery Graph: page configuration and navigation only; pages live in graph/ui/."""

import streamlit as st

from graph.ui import common

st.set_page_config(page_title="Recovery Graph", page_icon="🕸️", layout="wide")
common.page_style()
common.help_panel()
page = st.navigation({
    "Explore": [
        st.Page("graph/ui/home.py", title="Home", icon=":material/home:", default=True),
        st.Page("graph/ui/search.py", title="Search", icon=":material/search:", url_path="search"),
        st.Page("graph/ui/setting.py", title="Settings", icon=":material/stairs:", url_path="setting"),
        st.Page("graph/ui/theme.py", title="Themes", icon=":material/category:", url_path="theme"),
        st.Page("graph/ui/compare.py", title="Compare", icon=":material/compare_arrows:", url_path="compare"),
        st.Page("graph/ui/fit.py", title="Client situation", icon=":material/checklist:", url_path="fit"),
        st.Page("graph/ui/concept.py", title="Concept", icon=":material/lightbulb:", url_path="concept"),
    ],
    "Show": [
        st.Page("graph/ui/network.py", title="Network", icon=":material/hub:", url_path="network"),
        st.Page("graph/ui/continuum.py", title="Continuum", icon=":material/trending_down:", url_path="continuum"),
    ],
    "Develop": [
        st.Page("graph/ui/query_page.py", title="SPARQL", icon=":material/terminal:", url_path="query"),
    ],
    "Add": [
        st.Page("graph/ui/add_document.py", title="Add a document", icon=":material/note_add:", url_path="add-document"),
    ],
})
page.run()
