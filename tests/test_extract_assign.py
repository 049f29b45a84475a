"""One-to-one assignment of a list's paraphrased items (graph.extract_assign): the pool (kind, setting,
concepts the list's other items name), the lower bar with a lead, and one concept per item."""

import pytest

import graph.extract_assign as assign_module
from graph.extract import Extractor
from graph.extract_assign import Slot, applies_to, assign
from graph.extract_match import ConceptInfo
from graph.namespaces import expand

KIND = "urn:kind:drawback"
IOP, OUTPATIENT = expand("rgc:intensive-outpatient"), expand("rgc:outpatient")


class FakeDescriptions:
    """Fixed description scores per slot heading, in place of graph.extract_describe."""

    def __init__(self, table):
        self.table = table

    def closest(self, heading, explanation, kinds):
        return sorted(((s, c) for c, s in self.table[heading].items()), reverse=True)


CONCEPTS = {c: ConceptInfo(c, KIND, c.upper()) for c in ("a", "b", "c")}


def slot(name, settings=(IOP,)):
    return Slot(name, name, "", settings)


def run(table, slots, taken=(), applies=None):
    return {k: m.concept for k, m in assign(FakeDescriptions(table), slots, {KIND}, set(taken), applies or {},
                                            CONCEPTS).items()}


def test_a_clear_lead_is_accepted_below_the_bar_of_a_free_match():
    from graph.extract_describe import DESCRIBE_THRESHOLD

    score = (assign_module.ASSIGN_THRESHOLD + DESCRIBE_THRESHOLD) / 2
    assert run({"x": {"a": score, "b": 0.0}}, [slot("x")]) == {"x": "a"}
    assert run({"x": {"a": assign_module.ASSIGN_THRESHOLD - 0.01}}, [slot("x")]) == {}
    close = score - assign_module.ASSIGN_MARGIN / 2
    assert run({"x": {"a": score, "b": close}}, [slot("x")]) == {}


def test_a_concept_another_item_names_leaves_the_pool():
    table = {"x": {"a": 0.22, "b": 0.20}}
    assert run(table, [slot("x")]) == {}
    assert run(table, [slot("x")], taken={"a"}) == {"x": "b"}


def test_a_concept_the_documents_place_in_other_settings_only_leaves_the_pool():
    table = {"x": {"a": 0.22, "b": 0.20}}
    assert run(table, [slot("x")], applies={"b": {OUTPATIENT}}) == {"x": "a"}
    # a concept no document places yet stays in every pool, and so does every concept for an item
    # without a setting
    assert run(table, [slot("x")], applies={"b": set()}) == {}
    assert run(table, [slot("x", ())], applies={"b": {OUTPATIENT}}) == {}


def test_two_items_never_get_one_concept_and_the_other_items_choice_is_no_rival():
    """Both items are closest to a. The matching maximises the list's total (x-b, y-a: 0.46 against
    x-a, y-c: 0.35), and x's lead is measured against the concepts left to it: a is y's."""
    table = {"x": {"a": 0.30, "b": 0.21, "c": 0.0}, "y": {"a": 0.25, "c": 0.05}}
    assert run(table, [slot("x"), slot("y")]) == {"x": "b", "y": "a"}


def test_applies_to_unites_the_settings_of_every_document():
    evidence = {"d1": {"a": {IOP}}, "d2": {"a": {OUTPATIENT}, "b": set()}}
    assert applies_to(evidence) == {"a": {IOP, OUTPATIENT}, "b": set()}


@pytest.fixture(scope="module")
def extractor(store):
    return Extractor.from_store(store)


def test_a_document_held_out_does_not_vouch_for_its_own_concepts(extractor):
    lexicon = extractor.lexicon
    document = next(d for d, found in lexicon.evidence.items() if found)
    assert document not in lexicon.without_document(document).evidence
    assert set(lexicon.without_document(document).evidence) == set(lexicon.evidence) - {document}


DRAWBACKS = ("# Weekly evening groups\n\n## Drawbacks of intensive outpatient care\n\n"
             "- Less supervision: nobody checks in once the group is over.\n"
             "- Home pressures: relatives may not back the person's recovery.\n")


def test_a_paraphrased_item_in_a_list_of_one_kind_is_linked_by_assignment(extractor, monkeypatch):
    draft = extractor.extract_text(DRAWBACKS, "drawbacks.md")
    home = next(c for c in draft.candidates if c.item == 2)
    assert home.match == expand("rgc:dependence-on-home-support")
    assert "other items do not name" in home.reason
    # the same item with the assignment switched off stays a new concept
    monkeypatch.setattr(assign_module, "ASSIGN_THRESHOLD", 2.0)
    draft = extractor.extract_text(DRAWBACKS, "drawbacks.md")
    assert next(c for c in draft.candidates if c.item == 2).is_new
