"""The named queries that feed the extractor's lexicon answer unordered sets, so the lexicon must
come out the same, in the same order, whichever engine answers them."""

from __future__ import annotations

import pytest

from graph.build import to_rdflib
from graph.extract_match import load_lexicon
from graph.namespaces import RG
from graph.store import RdflibStore


@pytest.fixture(scope="module")
def rdflib_store(built):
    return RdflibStore(to_rdflib(built.store))


def as_set(result) -> set:
    return {tuple(sorted(r.items())) for r in result.rows}


@pytest.mark.parametrize("name", ["document-mentions", "concept-labels"])
def test_the_extractor_queries_answer_the_same_rows_on_both_engines(store, rdflib_store, name):
    ours = store.select(name)
    assert ours.rows and len(as_set(ours)) == len(ours.rows)  # no duplicate rows
    assert as_set(ours) == as_set(rdflib_store.select(name))


def test_the_lexicon_is_the_same_in_the_same_order_on_both_engines(store, rdflib_store):
    ours, theirs = load_lexicon(store), load_lexicon(rdflib_store)
    assert ours.entries == theirs.entries
    assert list(ours.definitions.items()) == list(theirs.definitions.items())


def test_curated_headings_carry_the_kind_of_their_concept_and_are_sorted(store):
    lexicon = load_lexicon(store)
    headings = [e for e in lexicon.entries if e.source == "heading"]
    assert headings and all(e.kind == lexicon.concepts[e.concept].kind for e in headings)
    assert all(e.kind not in (RG + "CareSetting", RG + "Theme") for e in headings)
    keys = [(e.text, e.concept, e.document) for e in headings]
    assert keys == sorted(set(keys))


def test_definitions_are_kept_only_for_concepts_with_labels(store):
    lexicon = load_lexicon(store)
    rows = store.select("concept-labels").rows
    defined = {str(r["concept"]) for r in rows if r["definition"]}
    assert set(lexicon.definitions) == defined & set(lexicon.concepts)
    assert defined - set(lexicon.concepts)  # the query also answers settings and themes, left out here
    some = next(r for r in rows if str(r["concept"]) in lexicon.concepts and r["definition"])
    assert lexicon.definitions[str(some["concept"])] == some["definition"]


def test_every_label_row_of_a_concept_carries_its_one_definition(store):
    by_concept: dict[str, set] = {}
    for row in store.select("concept-labels").rows:
        by_concept.setdefault(str(row["concept"]), set()).add(row["definition"])
    assert by_concept and all(len(found) == 1 and None not in found for found in by_concept.values())


def test_the_mentions_feed_both_the_headings_and_the_settings_evidence(store):
    from graph.extract_assign import load_evidence

    mentions = store.select("document-mentions").rows
    assert any(r["heading"] is None for r in mentions) or all(r["heading"] for r in mentions)
    evidence = load_evidence(mentions)
    placed = {(str(r["document"]), str(r["concept"]), str(r["setting"])) for r in mentions if r["setting"]}
    assert placed and placed == {(d, c, s) for d, found in evidence.items() for c, settings in found.items() for s in settings}
    lexicon = load_lexicon(store, mentions)
    assert lexicon.entries == load_lexicon(store).entries


def test_a_concept_s_own_label_beats_a_heading_curated_to_another_concept_on_a_tie(store):
    """The curated graph links a list item worded "Family therapy" to family communication, while
    another concept is labelled "Family therapy": both match the wording exactly, and the label wins."""
    lexicon = load_lexicon(store)
    rgc = "https://w3id.org/recovery-graph/id/concept/"
    exact: dict[str, set] = {}
    for e in lexicon.entries:
        if e.text.lower() == "family therapy":
            exact.setdefault(e.concept, set()).add(e.source)
    assert exact[rgc + "family-communication"] == {"heading"} and "prefLabel" in exact[rgc + "family-therapy"]
    found = lexicon.match("Family therapy")
    assert [m.concept for m in found[:2]] == [rgc + "family-therapy", rgc + "family-communication"]
    assert found[0].score == found[1].score == 1.0 and "its label" in found[0].reason
