"""Recovery Graph: page configuration and navigation only; pages live in graph/ui/."""

import streamlit as st

from graph.ui import common

st.set_page_config(page_title="Recovery Graph", page_icon=":material/hub:", layout="wide")
common.help_panel()
page = st.navigation([
    st.Page("graph/ui/home.py", title="Home", icon=":material/home:", default=True),
])
page.run()
