"""The curated graph builds, validates, and keeps each document's contribution apart."""

import pyoxigraph as ox

from graph.namespaces import CONCEPTS_GRAPH, DERIVED_GRAPH, ONTOLOGY_GRAPH, SOURCE_GRAPH_PREFIX
from graph.validate import validate


def test_graph_builds_and_validates_without_violations(built):
    violations = validate(built)
    assert violations == [], "\n".join(map(str, violations))


def test_every_seed_document_has_its_own_named_graph(built):
    graphs = {g.value for g in built.store.named_graphs()}
    sources = {g for g in graphs if g.startswith(SOURCE_GRAPH_PREFIX)}
    assert {g.rsplit("/", 1)[1] for g in sources} == {
        "000_43c7f7d007e7bc6a", "001_96b445a17f156b78", "002_8f57209d3b99d392",
        "003_ed146162ebbfe88d", "004_b24309c0650797f0",
    }
    assert {str(ONTOLOGY_GRAPH), str(CONCEPTS_GRAPH), str(DERIVED_GRAPH)} <= graphs


def test_derived_links_live_in_the_derived_graph_only(built):
    applies = ox.NamedNode("https://w3id.org/recovery-graph/def#appliesTo")
    graphs = {q.graph_name.value for q in built.store.quads_for_pattern(None, applies, None)}
    assert graphs == {str(DERIVED_GRAPH)}
    assert built.derived > 500
