"""The search index the build writes (graph/tokens.py) and the search that reads it (graph/search.py)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from streamlit.testing.v1 import AppTest
from conftest import store_with_overlay

from graph import search, tokens
from graph.build import build, to_rdflib
from graph.errors import StoreError
from graph.namespaces import RG, SEARCH_INDEX_GRAPH
from graph.remote import RemoteStore
from graph.store import OxigraphStore, RdflibStore

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SKOS = "http://www.w3.org/2004/02/skos/core#"
FIELD_OF = {str(RG.labelToken): 0, str(RG.altLabelToken): 1, str(RG.definitionToken): 2}
TEXT_FIELDS = {SKOS + "prefLabel": 0, SKOS + "altLabel": 1, SKOS + "hiddenLabel": 1, SKOS + "definition": 2}


def labels(results: search.Results) -> list[str]:
    return [h.concept.label for hits in results.groups.values() for h in hits]


# ------------------------------------------------------------------ words and stems

def test_words_are_lower_case_without_stopwords_and_hyphenated_words_count_whole_and_in_parts():
    assert tokens.words("Self-management of a Crisis, with AA") == ["self-management", "self", "management", "crisis", "aa"]
    assert tokens.typed_words("the self-management plan") == ["self-management", "plan"]


@pytest.mark.parametrize("plural,singular", [("strategies", "strategy"), ("crises", "crisis"), ("approaches", "approach"),
                                             ("headaches", "headache"), ("boxes", "box"), ("processes", "process"),
                                             ("statuses", "status"), ("costs", "cost"), ("families", "family")])
def test_a_plural_and_its_singular_share_a_stem(plural, singular):
    assert tokens.stem(plural) == tokens.stem(singular)


@pytest.mark.parametrize("a,b", [("care", "car"), ("process", "proces"), ("status", "stat"), ("plan", "planning")])
def test_different_words_keep_different_stems(a, b):
    assert tokens.stem(a) != tokens.stem(b)


# ------------------------------------------------------------------ the index in the built graph

def test_index_holds_every_word_of_every_searchable_item_once_under_its_best_field(built):
    """Read back from the store: each item's words (label, synonyms, definition) against its index."""
    store = built.store
    indexed: dict[str, dict[str, int]] = {}
    for predicate, rank in FIELD_OF.items():
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None):
            assert quad.graph_name == ox.NamedNode(str(SEARCH_INDEX_GRAPH))
            words = indexed.setdefault(quad.subject.value, {})
            assert quad.object.value not in words, f"{quad.subject.value} has '{quad.object.value}' twice"
            words[quad.object.value] = rank
    expected: dict[str, dict[str, int]] = {}
    for item in indexed:
        best = expected.setdefault(item, {})
        for predicate, rank in TEXT_FIELDS.items():
            for quad in store.quads_for_pattern(ox.NamedNode(item), ox.NamedNode(predicate), None):
                for word in tokens.words(quad.object.value):
                    best[word] = min(best.get(word, 3), rank)
    assert indexed == expected
    searchable = OxigraphStore(store).select(
        "SELECT DISTINCT ?item WHERE { { ?item a rg:CareSetting } UNION { ?item a rg:Theme } "
        "UNION { ?item a ?kind . ?kind rdfs:subClassOf+ rg:Concept } }").column("item")
    assert set(indexed) == set(searchable) and len(searchable) > 300


def test_index_covers_concepts_settings_and_themes_but_not_ontology_terms(store):
    family = store.select("search", text="family").column("kind")
    assert "https://w3id.org/recovery-graph/def#FamilySupportStrategy" in family
    assert store.select("search", text="outpatient").column("concept").count(
        "https://w3id.org/recovery-graph/id/concept/outpatient") == 1
    assert "https://w3id.org/recovery-graph/def#Theme" in store.select("search", text="autonomy").column("kind")
    # the ontology defines its terms with skos:definition too, but a class is not a search result
    assert not store.select("search", text="subclass").rows


def test_vocabulary_is_every_indexed_word_listed_once(built, store):
    words = store.select("search-vocabulary").column("word")
    indexed = {q.object.value for p in FIELD_OF for q in built.store.quads_for_pattern(None, ox.NamedNode(p), None)}
    assert sorted(words) == sorted(indexed)
    assert {"crisis", "confidentiality", "self-management", "management"} <= set(words)


def test_overlay_documents_are_indexed_with_the_curated_data(tmp_path):
    with_overlay = store_with_overlay(tmp_path, "zorblax", (
        "rgc:zorblax-circle a rg:CommunityResource ; skos:inScheme rgc:scheme ;\n"
        '    skos:prefLabel "Zorblax circle"@en ; skos:altLabel "Weekly quibbit"@en ;\n'
        '    skos:definition "A made-up peer group that meets on Tuesdays."@en ; rg:hasTheme rgt:cost .\n'))
    assert labels(search.search(with_overlay, "zorblax")) == ["Zorblax circle"]
    assert search.search(with_overlay, "quibbits").groups["Community resource"][0].matched_in == "synonym"
    assert not search.search(OxigraphStore(build(user_dir=False).store), "zorblax").count


def test_a_store_built_without_the_index_says_how_to_rebuild_it():
    old = build(user_dir=False).store
    old.remove_graph(ox.NamedNode(str(SEARCH_INDEX_GRAPH)))
    with pytest.raises(StoreError, match=r"no search index .* Rebuild it with `recovery-graph build --store DIR`, "
                                         r"or reload the endpoint with `recovery-graph load`"):
        search.vocabulary(OxigraphStore(old))


# ------------------------------------------------------------------ the search reads the index

def test_plan_folds_plurals_completes_starts_and_corrects_typos(store):
    words = search.vocabulary(store)
    p = search.plan("crises strateg confidentalty", words)
    assert p.terms == ["crises", "strateg", "confidentiality"]
    assert {"crisis", "crises"} <= set(p.lookups["crises"])
    assert p.lookups["strateg"] and all(w.startswith("strateg") for w in p.lookups["strateg"])
    assert p.corrections == {"confidentalty": "confidentiality"}


def test_start_of_a_word_finds_what_the_whole_word_finds(store):
    words = search.vocabulary(store)
    assert "Privacy and confidentiality" in labels(search.search(store, "confidential", words))
    assert labels(search.search(store, "crises", words)) == labels(search.search(store, "crisis", words))


def test_a_common_word_returns_the_best_hits_and_counts_the_rest(store):
    words = search.vocabulary(store)
    every = search.search(store, "family", words, shown=None)
    few = search.search(store, "family", words, shown=5)
    assert few.count == 5 and few.total == every.total == every.count > 5
    order = ["label", "synonym", "definition", "theme"]
    ranked = sorted((h for hits in every.groups.values() for h in hits),
                    key=lambda h: (order.index(h.matched_in), h.concept.label.lower()))
    assert {h.concept.iri for hits in few.groups.values() for h in hits} == {h.concept.iri for h in ranked[:5]}


def test_search_page_says_when_it_shows_only_the_best_hits(store):
    total = search.search(store, "family", search.vocabulary(store), shown=None).total
    assert total > search.SHOWN
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["q"] = "family"
    at.switch_page("graph/ui/search.py")
    at.run()
    assert not at.exception, at.exception
    assert f"The best {search.SHOWN} of {total} results" in "\n".join(c.value for c in at.caption)


def test_search_answers_the_same_on_rdflib_and_over_http(store, sparql_endpoint):
    rdflib_store = RdflibStore(to_rdflib(build(user_dir=False).store))
    remote = RemoteStore(sparql_endpoint)
    for text in ("crisis", "family therapies", "confidentality"):
        expected = labels(search.search(store, text))
        assert expected
        assert labels(search.search(rdflib_store, text)) == expected, text
        assert labels(search.search(remote, text)) == expected, text
