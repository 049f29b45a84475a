"""Recovery Graph: care settings for substance use disorder as a linked, sourced RDF graph.

The package is the core: it builds the graph from ``data/``, answers named SPARQL queries from
``queries/`` through one store interface, and never imports Streamlit (only ``graph.ui`` does).
"""

__version__ = "0.1.0"
