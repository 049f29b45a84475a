"""Recovery Graph: page configuration and navigation only; pages live in graph/ui/."""

import streamlit as st

from graph.ui import common

st.set_page_config(page_title="Recovery Graph", page_icon=":material/hub:", layout="wide")
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
})
page.run()
