"""Streamlit pages. The only part of the package that imports Streamlit; pages arrange widgets
around functions of ``graph`` and hold no SPARQL and no business logic."""
