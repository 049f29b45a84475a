"""Hidden labels (data/concepts/cues.ttl): phrasings that find a concept in prose and in search, never
shown as its names and never used to name a list item."""

from __future__ import annotations

import pytest
from conftest import store_with_overlay

from graph import explore, search
from graph.build import build
from graph.extract import Extractor
from graph.extract_match import load_lexicon
from graph.namespaces import expand

SESSIONS = expand("rgc:session-frequency")
# our own wording: an evening programme, its schedule said in a sentence and again in a list item
EVENING = """# Our evening program

## What to expect

The evening program is an intensive outpatient option. Groups meet for three hours, four days a week.

## Features of the program

- Groups meet four days a week.
- Each evening ends with a short check-in.
"""


@pytest.fixture(scope="module")
def lexicon(store):
    return load_lexicon(store)


def test_the_lexicon_holds_hidden_labels_apart_from_the_names(lexicon):
    hidden = {e.text for e in lexicon.entries if e.concept == SESSIONS and e.source == "hiddenLabel"}
    names = {e.text for e in lexicon.entries if e.concept == SESSIONS and e.source in ("prefLabel", "altLabel")}
    assert "days a week" in hidden and "Weekly session schedule" in names and not hidden & names


def test_a_hidden_label_names_its_concept_in_prose_but_not_in_a_list_item(store):
    draft = Extractor.from_store(store).extract_text(EVENING, "evening.md")
    paragraph = [c for c in draft.candidates if c.item is None and c.match == SESSIONS]
    assert paragraph and paragraph[0].settings == (expand("rgc:intensive-outpatient"),)
    assert "'days a week'" in paragraph[0].reason and "hiddenLabel" in paragraph[0].reason
    item = [c for c in draft.candidates if c.item is not None]
    assert item and all(c.match != SESSIONS for c in item)


def test_matching_a_heading_ignores_hidden_labels(lexicon):
    """A heading is a name: "Days a week" finds the concept only through a name, not the phrasing."""
    found = lexicon.match("days a week")
    assert all("hidden" not in m.reason for m in found)
    assert not any(m.concept == SESSIONS and m.score == 1.0 for m in found)
    # the fewest-word entry holding "sessions" would be the phrasing "sessions a week"
    assert lexicon.containing("sessions", {lexicon.concepts[SESSIONS].kind}).source in ("prefLabel", "altLabel")


def test_hidden_labels_never_show_as_a_concept_s_names(store):
    view = explore.concept(store, "rgc:session-frequency")
    assert "Scheduled therapy sessions" in view.alt_labels
    assert "days a week" not in view.alt_labels and view.label == "Weekly session schedule"


def test_a_hidden_label_is_no_name_of_any_concept(lexicon):
    """A phrasing that is also a concept's label or altLabel would make the concept a sentence names
    depend on the alphabet (the rule at the head of cues.ttl); a duplicate of its own name adds nothing."""
    names: dict[str, set] = {}
    for e in lexicon.entries:
        if e.source in ("prefLabel", "altLabel"):
            names.setdefault(e.stems, set()).add(e.concept)
    clashes = [(e.text, sorted(names[e.stems])) for e in lexicon.entries
               if e.source == "hiddenLabel" and e.stems in names]
    assert not clashes
    hidden = [e for e in lexicon.entries if e.source == "hiddenLabel"]
    assert len(hidden) > 50 and all(len(e.stems) >= 1 for e in hidden)


def test_search_finds_a_concept_by_its_hidden_label_as_a_synonym(tmp_path):
    with_overlay = store_with_overlay(tmp_path, "quibbit", (
        "rgc:quibbit-hour a rg:CommunityResource ; skos:inScheme rgc:scheme ;\n"
        '    skos:prefLabel "Quibbit hour"@en ; skos:hiddenLabel "zorblax meetup"@en ;\n'
        '    skos:definition "A made-up peer group that meets on Tuesdays."@en ; rg:hasTheme rgt:cost .\n'))
    hits = search.search(with_overlay, "zorblax")
    assert [h.concept.label for group in hits.groups.values() for h in group] == ["Quibbit hour"]
    assert hits.groups["Community resource"][0].matched_in == "synonym"


def test_a_hidden_label_without_a_language_tag_is_refused_by_the_rules(data_copy):
    from graph.validate import validate

    with (data_copy / "concepts" / "cues.ttl").open("a", encoding="utf-8") as handle:
        handle.write('rgc:session-frequency skos:hiddenLabel "twice weekly" .\n')
    messages = {str(v) for v in validate(build(data_copy, user_dir=False))}
    assert any("hidden label without a language tag" in m and "session-frequency" in m for m in messages), messages
