"""The overview counts the build writes (graph.build.add_overview) against the graph, counted here
from its quads in Python, and what a store without them says."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib.namespace import RDF

from graph import stats
from graph.build import build
from graph.errors import StoreError
from graph.namespaces import INDEX_GRAPHS, OVERVIEW_GRAPH, RG
from graph.store import OxigraphStore

TYPE = ox.NamedNode(str(RDF.type))


def subjects(store: ox.Store, kind) -> set:
    return {q.subject for q in store.quads_for_pattern(None, TYPE, ox.NamedNode(str(kind)))}


def test_the_totals_are_the_graph_s_own_counts(built, store):
    quads = list(built.store)
    indexes = {ox.NamedNode(str(g)) for g in INDEX_GRAPHS}
    total = store.select("stats-total").rows[0]
    assert total["triples"] == sum(1 for q in quads if q.graph_name not in indexes)
    # the overview's own triples are index triples too: knowledge plus indexes is every triple
    assert total["indexTriples"] == sum(1 for q in quads if q.graph_name in indexes) == len(quads) - total["triples"]
    assert total["documents"] == len(subjects(built.store, RG.SourceDocument)) == 5
    assert total["mentions"] == len(subjects(built.store, RG.Mention)) > 500


def test_per_setting_mentions_and_per_document_sections_match_the_quads(built, store):
    mentions = subjects(built.store, RG.Mention)
    for row in store.select("stats-settings").rows:
        named = {q.subject for q in built.store.quads_for_pattern(None, ox.NamedNode(str(RG.setting)),
                                                                  ox.NamedNode(row["setting"]))}
        assert row["mentions"] == len(named & mentions), row["settingLabel"]
    sections = subjects(built.store, RG.Section)
    part_of = ox.NamedNode("http://purl.org/dc/terms/isPartOf")
    for row in store.select("stats-documents").rows:
        own = {q.subject for q in built.store.quads_for_pattern(None, part_of, ox.NamedNode(row["document"]))}
        assert row["sections"] == len(own & sections) > 0, row["identifier"]


def test_the_overview_is_an_index_left_out_of_the_knowledge(built):
    graph = ox.NamedNode(str(OVERVIEW_GRAPH))
    counted = list(built.store.quads_for_pattern(None, None, None, graph))
    assert counted and all(q.predicate.value.startswith(str(RG._NS) + "counted") for q in counted)
    assert OVERVIEW_GRAPH in INDEX_GRAPHS  # so exports and SHACL leave it out


def test_a_store_without_the_overview_says_how_to_rebuild_it():
    old = build(user_dir=False).store
    old.remove_graph(ox.NamedNode(str(OVERVIEW_GRAPH)))
    with pytest.raises(StoreError, match=r"no overview counts .* Rebuild it with `recovery-graph build --store DIR`"):
        stats.overview(OxigraphStore(old))
    with pytest.raises(StoreError, match="no overview counts"):
        OxigraphStore(old).triple_count()
