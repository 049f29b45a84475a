"""Explorer logic without Streamlit: concept and setting views, search, comparison, fit."""

import csv
import io

import pytest

from graph import compare, explore, fit, search
from graph.explore import NotFound

RGC = "https://w3id.org/recovery-graph/id/concept/"
INPATIENT, PHP, IOP, OUTPATIENT = (RGC + s for s in (
    "inpatient-residential", "partial-hospitalization", "intensive-outpatient", "outpatient"))


@pytest.fixture(scope="module")
def words(store):
    return search.vocabulary(store)


def test_concept_view_has_settings_themes_links_and_cited_sources(store):
    view = explore.concept(store, "rgc:family-therapy")
    assert view.kind_label == "Family-support strategy"
    assert [u.setting.iri for u in view.settings] == [INPATIENT, IOP, OUTPATIENT]
    assert {t.label for t in view.themes} == {"Family involvement", "Support network"}
    assert "Includes" in view.links
    cites = [s.cite() for s in view.sources]
    assert any(c.startswith("Inpatient vs Outpatient drug rehab (000_43c7f7d007e7bc6a.txt), section") and "item 2" in c
               for c in cites), cites


def test_unknown_concept_says_what_to_do(store):
    with pytest.raises(NotFound, match="Nothing in the graph is called rgc:no-such; search for it by name instead"):
        explore.concept(store, "rgc:no-such")


def test_setting_profile_has_continuum_neighbours_dose_and_suitability(store):
    p = explore.setting(store, "rgc:intensive-outpatient")
    assert (p.up.iri, p.down.iri, p.rank, p.locator_code) == (PHP, OUTPATIENT, 3, "OIT")
    assert any("3\u20135 sessions a week; 2\u20134 hours a session" in d.summary() for d in p.doses)
    assert "Severe substance use disorder" in {s.concept.label for s in p.does_not_suit}
    assert "Mild to moderate substance use disorder" in {s.concept.label for s in p.suits}
    assert {"Advantage", "Disadvantage", "Ethical dilemma", "Family-support strategy"} <= set(p.by_kind)
    privacy = [s for s in p.by_kind["Ethical dilemma"] if s.concept.label == "Privacy and confidentiality"]
    assert privacy and not privacy[0].sources  # the profile lists statements; sources come for those shown
    sourced = explore.with_sources(store, p.iri, privacy)
    assert sourced[0].sources[0].file == "002_8f57209d3b99d392.txt"
    assert sourced[0].concept == privacy[0].concept and not privacy[0].sources  # the listed one is left as it was


def test_theme_view_ties_kinds_together(store):
    view = explore.theme(store, "rgt:autonomy")
    assert {"Advantage", "Disadvantage", "Ethical dilemma"} <= set(view.by_kind)


def test_a_theme_lists_each_concept_s_settings_along_the_continuum(store):
    order = [link.label for link in explore.settings(store)]
    listed = [text.split(", ") for entries in explore.theme(store, "rgt:autonomy").by_kind.values() for _, text in entries]
    several = [labels for labels in listed if len(labels) > 1]
    assert several, "autonomy has concepts of several settings"
    assert all(label in order for labels in listed for label in labels if label)
    assert all(labels == sorted(labels, key=order.index) for labels in several)


def test_search_crisis_finds_strategies_and_resources_in_several_documents(store, words):
    results = search.search(store, "crisis", words)
    kinds = set(results.groups)
    assert {"Self-management strategy", "Family-support strategy", "Community resource"} <= kinds
    labels = {h.concept.label for hits in results.groups.values() for h in hits}
    assert {"Personal crisis management plan", "Family crisis plan", "Crisis intervention services"} <= labels


def test_search_confidentiality_finds_privacy_dilemmas_even_misspelt(store, words):
    for text in ("confidentiality", "CONFIDENTALITY"):
        results = search.search(store, text, words)
        dilemmas = {h.concept.label for h in results.groups.get("Ethical dilemma", [])}
        assert "Privacy and confidentiality" in dilemmas, text
    assert search.search(store, "confidentality", words).plan.corrections == {"confidentality": "confidentiality"}


def test_search_plurals_and_phrases(store, words):
    assert "Family therapy" in {h.concept.label for hits in search.search(store, "family therapies", words).groups.values() for h in hits}
    assert [h.concept.iri for h in search.search(store, "intensive outpatient rehab", words).groups["Care setting"]] == [IOP]


def test_compare_inpatient_outpatient_shows_cost_statements_on_both_sides(store):
    c = compare.compare(store, ["rgc:inpatient-residential", "rgc:outpatient"], ["rgt:cost", "rgt:autonomy"])
    assert [r.theme.label for r in c.rows] == ["Cost", "Autonomy"]
    cost = c.rows[0]
    assert "Higher cost" in {s.concept.label for s in cost.cells[0]}
    assert "Lower cost than residential care" in {s.concept.label for s in cost.cells[1]}
    rows = list(csv.reader(io.StringIO(compare.to_csv(c))))
    assert rows[0] == ["Theme", "Inpatient / residential treatment", "Outpatient treatment"]
    assert "Higher cost (Disadvantage): 000 \u00a7Disadvantages of Inpatient OUD Therapy item 5" in rows[1][1]
    md = compare.to_markdown(c)
    assert md.startswith("# Comparing Inpatient / residential treatment, Outpatient treatment")
    assert "| Cost |" in md and "not clinical advice" in md


def test_compare_needs_two_to_four_known_settings(store):
    with pytest.raises(Exception, match="Pick two to four settings"):
        compare.compare(store, ["rgc:outpatient"])
    with pytest.raises(Exception, match="Not a care setting"):
        compare.compare(store, ["rgc:outpatient", "rgc:family-therapy"])


def test_fit_limited_support_at_home_raises_inpatient(store):
    baseline = {f.setting.iri: f.score for f in fit.assess(store, [])}
    ranked = fit.assess(store, ["rgc:limited-support-at-home"])
    scores = {f.setting.iri: f.score for f in ranked}
    assert ranked[0].setting.iri == INPATIENT
    assert scores[INPATIENT] > baseline[INPATIENT]
    assert scores[OUTPATIENT] < 0 and scores[IOP] < 0
    outpatient = next(f for f in ranked if f.setting.iri == OUTPATIENT)
    assert any(r.via_opposite and r.via_opposite.label.startswith("Stable, supportive home") for r in outpatient.reasons_against)


def test_fit_work_obligations_and_stable_home_favour_outpatient_then_iop(store):
    ranked = fit.assess(store, ["rgc:daily-obligations", "rgc:stable-supportive-home"])
    assert [f.setting.iri for f in ranked[:2]] == [OUTPATIENT, IOP]
    assert all(r.sources for f in ranked for r in f.reasons_for + f.reasons_against)


def test_fit_circumstances_come_from_the_graph(store):
    labels = {c.label for c in fit.circumstances(store)}
    assert {"Limited support at home", "Receiving medication-assisted treatment", "Reliable transport",
            "Unstable housing", "Limited finances", "Co-occurring mental health disorder"} <= labels
