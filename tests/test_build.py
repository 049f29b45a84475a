"""The curated graph builds, validates, and keeps each document's contribution apart; the embedded
store can be built from another data folder."""

import json

import pyoxigraph as ox
import pytest

from graph import cli
from graph.datafiles import DEFAULT_DATA_DIR
from graph.errors import DataFileError
from graph.namespaces import (CONCEPTS_GRAPH, DERIVED_GRAPH, ONTOLOGY_GRAPH, PREFIXES, SEARCH_INDEX_GRAPH,
                              SOURCE_GRAPH_PREFIX)
from graph.store import OxigraphStore, open_store
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
    assert {str(ONTOLOGY_GRAPH), str(CONCEPTS_GRAPH), str(DERIVED_GRAPH), str(SEARCH_INDEX_GRAPH)} <= graphs


def test_derived_links_live_in_the_derived_graph_only(built):
    applies = ox.NamedNode("https://w3id.org/recovery-graph/def#appliesTo")
    graphs = {q.graph_name.value for q in built.store.quads_for_pattern(None, applies, None)}
    assert graphs == {str(DERIVED_GRAPH)}
    derived = ox.NamedNode(str(DERIVED_GRAPH))
    assert built.derived == sum(1 for _ in built.store.quads_for_pattern(None, None, None, derived))
    assert built.derived > 500


def test_the_search_index_has_its_own_graph_and_is_counted_apart_from_the_knowledge(built):
    index = ox.NamedNode(str(SEARCH_INDEX_GRAPH))
    in_index = {q.predicate.value.rsplit("#", 1)[1] for q in built.store.quads_for_pattern(None, None, None, index)}
    assert in_index == {"labelToken", "altLabelToken", "definitionToken", "searchWord"}
    elsewhere = {q.graph_name.value for p in in_index
                 for q in built.store.quads_for_pattern(None, ox.NamedNode(PREFIXES["rg"] + p), None)}
    assert elsewhere == {str(SEARCH_INDEX_GRAPH)}
    total = OxigraphStore(built.store).select("stats-total").rows[0]
    assert total["indexTriples"] == built.indexed > 3000
    assert total["triples"] + total["indexTriples"] == len(built.store)


# ------------------------------------------------------------------ another data folder

def test_the_embedded_store_builds_from_the_folder_in_recovery_graph_data(data_copy, monkeypatch, store):
    (data_copy / "sources" / "004_b24309c0650797f0.ttl").unlink()
    monkeypatch.setenv("RECOVERY_GRAPH_DATA", str(data_copy))
    documents = store.select("stats-total").rows[0]["documents"]
    assert open_store("memory").select("stats-total").rows[0]["documents"] == documents - 1
    assert open_store("rdflib").select("stats-total").rows[0]["documents"] == documents - 1
    # a folder named by the caller (--data) still comes first
    assert open_store("memory", data_dir=DEFAULT_DATA_DIR).select("stats-total").rows == store.select("stats-total").rows


def test_the_cli_builds_from_recovery_graph_data_unless_told_otherwise(data_copy, monkeypatch, capsys):
    (data_copy / "sources" / "004_b24309c0650797f0.ttl").unlink()
    monkeypatch.setenv("RECOVERY_GRAPH_DATA", str(data_copy))
    assert cli.main(["stats", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 4
    assert cli.main(["stats", "--format", "json", "--data", str(DEFAULT_DATA_DIR)]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 5


def test_a_missing_folder_in_recovery_graph_data_names_the_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("RECOVERY_GRAPH_DATA", str(tmp_path / "nowhere"))
    with pytest.raises(DataFileError, match="no such data folder; set RECOVERY_GRAPH_DATA to the folder that holds"):
        open_store("memory")


def test_the_network_index_has_its_own_graph_and_stays_out_of_exports_and_the_rules(built):
    """The network view's ranking and links are an index like the search's: counted apart from the
    knowledge, left out of an export unless asked, never checked by SHACL."""
    from graph.export import export
    from graph.namespaces import NETWORK_INDEX_GRAPH, OVERVIEW_GRAPH
    from graph.validate import _union_ntriples

    index = ox.NamedNode(str(NETWORK_INDEX_GRAPH))
    in_index = {q.predicate.value.rsplit("#", 1)[1] for q in built.store.quads_for_pattern(None, None, None, index)}
    assert in_index == {"networkOrder", "networkLinks", "networkStandIn", "standsFor", "linkedTo"}
    searched = sum(1 for _ in built.store.quads_for_pattern(None, None, None, ox.NamedNode(str(SEARCH_INDEX_GRAPH))))
    networked = sum(1 for _ in built.store.quads_for_pattern(None, None, None, index))
    counted = sum(1 for _ in built.store.quads_for_pattern(None, None, None, ox.NamedNode(str(OVERVIEW_GRAPH))))
    assert built.indexed == searched + networked + counted and networked > 1000 and counted > 50
    store = OxigraphStore(built.store)
    linked_to = PREFIXES["rg"] + "linkedTo"

    def links(data: bytes, fmt) -> int:
        return sum(1 for q in ox.parse(data, format=fmt) if q.predicate.value == linked_to)

    assert links(export(store, "nquads"), ox.RdfFormat.N_QUADS) == 0
    assert links(export(store, "nquads", indexes=True), ox.RdfFormat.N_QUADS) > 500
    assert links(_union_ntriples(built.store), ox.RdfFormat.N_TRIPLES) == 0
