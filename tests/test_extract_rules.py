"""The extractor's reading rules, each on a few lines of our own: how labels are found in running text,
which settings a sentence is about, what a sub-point or a list may name, matching by definition."""

from pathlib import Path

import pytest

from graph.extract import Extractor
from graph.extract_classify import is_marker_key
from graph.extract_text import stem
from graph.namespaces import expand

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"
INPATIENT, PHP, IOP, OUTPATIENT = (expand(f"rgc:{s}") for s in (
    "inpatient-residential", "partial-hospitalization", "intensive-outpatient", "outpatient"))


@pytest.fixture(scope="module")
def extractor(store):
    return Extractor.from_store(store)


def found(extractor, text):
    return {h.concept.rsplit("/", 1)[-1] for h in extractor.lexicon.find(text)}


def draft_of(extractor, text):
    return extractor.extract_text(text, "rules.md")


def test_a_list_of_modifiers_names_every_therapy_it_lists(extractor):
    assert {"individual-therapy", "group-therapy", "family-therapy"} <= found(
        extractor, "The program combines individual, group, and family therapy every week.")


def test_a_plural_is_not_a_modifier_and_a_long_gap_needs_a_list(extractor):
    assert "individual-therapy" not in found(extractor, "Many individuals in outpatient therapy work full time.")
    assert "individual-therapy" not in found(extractor, "Each individual finds that weekly outpatient therapy helps.")


def test_two_labels_sharing_their_head_word_are_both_found(extractor):
    assert {"severe-addiction", "co-occurring-disorders"} <= found(
        extractor, "It suits people with severe substance use or psychiatric disorders.")


def test_the_stemmer_meets_word_forms_of_one_root():
    assert stem("combined") == stem("combination") == stem("combining")
    assert stem("equipping") == stem("equip") and stem("planning") == stem("plan")
    assert stem("stress") == stem("stresses") and stem("skilled") == "skill"


def test_a_setting_marker_opens_with_the_setting_and_adds_one_word_at_most(extractor):
    rows = extractor.kind_rows
    assert is_marker_key("Outpatient Focus", extractor.lexicon, rows)
    assert is_marker_key("Inpatient Treatment", extractor.lexicon, rows)
    assert not is_marker_key("Transition to Outpatient", extractor.lexicon, rows)
    assert not is_marker_key("Aftercare Planning and Outpatient Services", extractor.lexicon, rows)


def test_a_sub_point_never_repeats_the_concept_of_its_item(extractor):
    draft = draft_of(extractor, "# Notes on day programs\n\n## Advantages of a day program\n\n"
                                "1. **Peer support**\n"
                                "   - **Peer support:** people at the same stage of recovery meet every day.\n"
                                "   - **Shared meals:** lunch is eaten together on site.\n")
    item, first = (next(c for c in draft.candidates if c.id == cid) for cid in ("s02-i1", "s02-i1-1"))
    assert item.match == expand("rgc:peer-support-community")
    assert first.match != item.match
    assert all(c.match != item.match for c in draft.candidates if c.sub_item)


def test_a_heading_of_another_judgement_in_a_closed_list_is_not_taken(extractor):
    draft = draft_of(extractor, "# Living in a residential program\n\n## Disadvantages of residential care\n\n"
                                "1. **Less independence than at home**\n"
                                "   - House rules decide when people get up, eat and go out.\n")
    assert expand("rgc:greater-independence") not in {c.match for c in draft.candidates}


def test_a_sentence_set_against_another_setting_is_about_its_main_clause(extractor):
    draft = draft_of(extractor, "# Two kinds of care\n\n## How the two compare\n\n"
                                "While residential programs suit people who need round-the-clock care, outpatient "
                                "care keeps the flexibility to keep daily commitments.\n")
    flexible = next(c for c in draft.candidates if c.match == expand("rgc:flexibility-daily-life"))
    assert flexible.settings == (OUTPATIENT,)


def test_a_sentence_names_its_own_setting_or_points_back_or_falls_to_the_section(extractor):
    draft = draft_of(extractor, "# Outpatient and residential care\n\n## Outpatient care\n\n"
                                "Residential programs are costly. They offer 24-hour care. "
                                "Group therapy is part of most plans.\n")
    by = {c.match: c.settings for c in draft.candidates}
    assert by[expand("rgc:round-the-clock-care")] == (INPATIENT,)  # "They" points back to the sentence before
    assert by[expand("rgc:group-therapy")] == (OUTPATIENT,)  # no setting of its own: the section's


def test_levels_of_care_speaks_of_every_setting(extractor):
    draft = draft_of(extractor, "# Moving through care\n\n## Over time\n\n"
                                "Many people move between levels of care over the months of their recovery, and "
                                "continuity of care matters at every move.\n")
    continuity = next(c for c in draft.candidates if c.match == expand("rgc:continuity-of-care"))
    assert continuity.settings == (INPATIENT, PHP, IOP, OUTPATIENT)


def test_a_list_walking_through_the_settings_is_a_step_down_for_each(extractor):
    draft = draft_of(extractor, "# A path through care\n\n## The usual path\n\n"
                                "Treatment often means stepping down over time, for example:\n\n"
                                "- A few weeks in a residential program first.\n"
                                "- Then a partial hospitalization program.\n"
                                "- Then an intensive outpatient program.\n"
                                "- Finally weekly outpatient counseling.\n")
    steps = {c.settings for c in draft.candidates if c.item and c.match == expand("rgc:step-down-care")}
    assert steps == {(INPATIENT,), (PHP,), (IOP,), (OUTPATIENT,)}
    assert not any(c.is_new for c in draft.candidates if c.item)


def test_a_heading_worded_unlike_any_label_is_matched_by_its_explanation_and_the_definitions(extractor):
    draft = draft_of(extractor, "# Drawbacks of an intensive outpatient program\n\n"
                                "## Disadvantages of an intensive outpatient program\n\n"
                                "- **Hidden extras:** childcare, travel and lost hours at work add to the price.\n")
    hidden = next(c for c in draft.candidates if c.item == 1)
    assert hidden.match == expand("rgc:indirect-expenses")
    assert "definition" in hidden.reason


def test_a_heading_matching_nothing_stays_new(extractor):
    draft = draft_of(extractor, "# Drawbacks of an intensive outpatient program\n\n"
                                "## Disadvantages of an intensive outpatient program\n\n"
                                "- **Parking:** the lot fills up early on group evenings.\n")
    assert next(c for c in draft.candidates if c.item == 1).is_new


def test_a_decision_factor_counts_in_prose_only_where_the_text_is_about_choosing(extractor):
    """A section on local resources that mentions cost and insurance coverage describes a resource, while
    the same sentence under a heading about choosing names the factor (graph.extract_prose.fits_section)."""
    sentence = ("Ask each service about cost and insurance coverage before the first visit, and keep a list of "
                "the answers so that the family can compare them later.")
    for heading, expected in (("Community resources near you", False), ("Things to weigh when choosing", True)):
        draft = draft_of(extractor, f"# Outpatient treatment\n\n## {heading}\n\n{sentence}\n")
        named = {c.match.rsplit("/", 1)[-1] for c in draft.candidates if c.match}
        assert ("cost-and-insurance-factor" in named) is expected, (heading, named)


def test_an_everyday_synonym_lets_an_item_meet_a_definition_worded_otherwise(extractor, monkeypatch):
    """"Fares" and "journey" share no word with the concept of indirect costs, whose definition speaks
    of travel; the synonym list (data/extract/synonyms.txt) bridges them, and without it the item is new."""
    text = ("# Day program\n\n## Disadvantages of a day program\n\n"
            "1. **Bus and train fares**: a journey to the program each weekday costs money.\n"
            "2. **Long waiting lists**: a place can take weeks to come free.\n")
    matched = {c.label: c.match for c in draft_of(extractor, text).candidates if c.item == 1}
    assert matched == {"Bus and train fares": expand("rgc:indirect-expenses")}
    monkeypatch.setattr("graph.extract_describe.synonyms", lambda: {})
    assert [c.match for c in draft_of(extractor, text).candidates if c.item == 1] == [None]


def test_synonym_groups_are_read_stemmed_and_a_lone_word_is_an_error_naming_its_line(tmp_path):
    from graph.errors import DataFileError
    from graph.extract_synonyms import SYNONYMS_FILE, read_synonyms

    path = tmp_path / "synonyms.txt"
    path.write_text("# comment\ntravel, transport\n\ncost, prices  # a trailing comment\n", encoding="utf-8")
    groups = read_synonyms(path)
    assert groups[stem("transport")] == {stem("travel")} and groups[stem("price")] == {stem("cost")}
    path.write_text("travel, transport\njourney\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"synonyms.txt:2: a synonym group needs at least two"):
        read_synonyms(path)
    assert read_synonyms(SYNONYMS_FILE)  # the shipped list reads


@pytest.mark.parametrize("heading, kind", [
    ("What do people like about intensive outpatient care?", "Advantage"),
    ("What is hard about a day program?", "Disadvantage"),
    ("Who is weekly outpatient counseling for?", "SuitabilityCriterion"),
    ("When is residential treatment the safer choice?", "SuitabilityCriterion"),
    ("Who decides which level of care is right?", "DecisionFactor"),
    ("What can families do?", "FamilySupportStrategy"),
    ("How can I cope on my own?", "SelfManagementStrategy"),
    ("Is consent needed before records are shared?", "EthicalDilemma"),
    ("Where else can we find help?", "CommunityResource"),
])
def test_a_question_heading_announces_the_kind_its_cue_words_ask_about(extractor, heading, kind):
    from graph.extract_classify import kind_of

    cue = kind_of(heading, extractor.cues)
    assert cue is not None and cue.kind == expand(f"rg:{kind}"), (heading, cue)


def test_a_gap_in_a_cue_takes_a_few_words_only(extractor):
    from graph.extract_classify import MAX_GAP, kind_of

    assert kind_of("Who is it for?", extractor.cues).kind == expand("rg:SuitabilityCriterion")
    long_gap = "Who is " + " ".join(["very"] * (MAX_GAP + 1)) + " for?"
    assert kind_of(long_gap, extractor.cues) is None


def test_a_setting_with_a_generic_head_is_read_with_any_other_head(extractor):
    settings_in = extractor.lexicon.settings_in
    assert settings_in("the first week of a residential stay") == [INPATIENT]
    assert settings_in("residential care") == [INPATIENT]
    assert settings_in("intensive care") == []  # "Intensive outpatient" ends in a setting, not a head


def test_a_question_takes_its_own_setting_else_its_enclosing_headings_else_the_documents(extractor):
    text = ("# Outpatient and day programs\n\n"
            "## Day programs\n\n### What do people like about them?\n\n"
            "- It costs far less than a residential stay.\n\n"
            "## What are the downsides of weekly outpatient care?\n\n"
            "- Nobody is on hand at night to supervise.\n\n"
            "## What can families do?\n\n"
            "- Keep a substance-free home.\n")
    by_line = {c.line_start: c for c in draft_of(extractor, text).candidates if c.item}
    assert by_line[7].kind == expand("rg:Advantage") and by_line[7].settings == (PHP,)
    assert by_line[11].kind == expand("rg:Disadvantage") and by_line[11].settings == (OUTPATIENT,)
    assert by_line[15].kind == expand("rg:FamilySupportStrategy")
    assert set(by_line[15].settings) == {PHP, OUTPATIENT}


def test_prose_under_a_question_is_read_one_clause_at_a_time(extractor):
    """The answer to "Who is it for?" names criteria in words no label uses; under a heading that asks
    nothing, the same paragraph is only read by label."""
    answer = ("Weekly counseling fits people who need a dependable way of getting to each appointment, "
              "because missed sessions add up.\n")
    for heading, expected in (("Who is weekly outpatient counseling for?", True),
                              ("Weekly outpatient counseling suits some people", False)):
        draft = draft_of(extractor, f"# Outpatient care\n\n## {heading}\n\n{answer}")
        named = {c.match for c in draft.candidates}
        assert (expand("rgc:reliable-transport") in named) is expected, (heading, named)


def test_the_intensive_program_is_the_intensive_outpatient_program_but_intensive_treatment_is_not(extractor):
    settings_in = extractor.lexicon.settings_in
    assert settings_in("the benefits of the intensive program") == [IOP]
    assert settings_in("people who need more intensive treatment") == []


def test_bare_outpatient_in_a_guide_to_intensive_outpatient_care_covers_both(extractor):
    """A document naming intensive outpatient care and never "standard" or "weekly" outpatient care uses
    the bare word for both; once it marks the plain setting, the bare word means only that."""
    broad = extractor.lexicon.broad_readings
    guide = "Intensive outpatient programs meet most evenings. Outpatient rehab needs reliable transport."
    assert broad(guide) == {OUTPATIENT: (IOP,)}
    assert broad(guide + " Standard outpatient care meets once a week.") == {}
    assert broad(guide + " Weekly outpatient counseling is lighter still.") == {}
    assert broad("Outpatient rehab needs reliable transport.") == {}  # no narrower setting named
    text = f"# Intensive outpatient rehab\n\n## Who it suits\n\n{guide} Sessions run for three hours each time.\n"
    by_concept = {c.match: c for c in draft_of(extractor, text).candidates}
    assert set(by_concept[expand("rgc:reliable-transport")].settings) == {IOP, OUTPATIENT}


def test_a_question_pointing_back_asks_about_the_setting_of_the_question_before(extractor):
    text = ("# Our two programs: residential care and weekly outpatient counseling\n\n"
            "## What are the benefits of the day program?\n\n"
            "- It costs far less than a residential stay.\n\n"
            "## What is hard about it?\n\n"
            "- Nobody is on hand at night to supervise.\n\n"
            "## What is hard about weekly outpatient counseling?\n\n"
            "- Nobody is on hand at night to supervise.\n")
    by_line = {c.line_start: c for c in draft_of(extractor, text).candidates if c.item}
    assert by_line[9].kind == expand("rg:Disadvantage") and by_line[9].settings == (PHP,)
    assert by_line[13].settings == (OUTPATIENT,)


def test_a_comparison_is_about_the_setting_it_does_not_measure_against(extractor):
    """Our own wording: the compared settings follow "than", the subject comes after them."""
    settings_in = extractor.lexicon.settings_in
    sentence = ("Giving more hours than weekly outpatient counseling but fewer than residential care, "
                "intensive outpatient programs suit people who work.")
    assert settings_in(sentence, first_only_when_compared=True) == [IOP]
    assert settings_in("Outpatient care costs less than residential care.", first_only_when_compared=True) == [OUTPATIENT]
    assert settings_in("Compared with residential care, a day program leaves the evenings free.",
                       first_only_when_compared=True) == [PHP]
