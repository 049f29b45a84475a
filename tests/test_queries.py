"""The query library: every named query runs on the seed graph and returns what its header promises."""

from __future__ import annotations

import pytest

from graph import queries as query_library
from graph.namespaces import expand, shorten
from graph.store import Result

#: A value for every parameter name the library uses, for queries without a default.
SAMPLE_PARAMS = {
    "concept": "rgc:family-therapy",
    "node": "rgc:family-therapy",
    "document": "rgd:d000",
    "text": "family",
    "pattern": "crisis|emergenc",
    "nodes": f"{expand('rgc:family-therapy')} {expand('rgc:outpatient')}",
    "source": "rgc:family-therapy, rgc:outpatient rgt:family",  # a list: spaces or commas
    "target": [expand("rgc:family-therapy"), "rgc:outpatient", "rgt:family"],
    "concepts": "rgc:family-therapy rgc:outpatient",
    "graphs": "https://w3id.org/recovery-graph/graph/source/000_43c7f7d007e7bc6a",  # the first document's graph
    "mentions": "rgd:d000-s24-i4 rgd:d000-s23-i2",
}
#: Queries that rightly return nothing on the seed graph (it holds no user additions).
EMPTY_ON_SEED = {"overlay-documents"}


def sample_params(named) -> dict:
    """Sample values for the required parameters that have no default."""
    params = {}
    for p in named.params:
        if p.required and p.default is None:
            assert p.name in SAMPLE_PARAMS, f"add a sample value for parameter '{p.name}' of {named.name} to SAMPLE_PARAMS"
            params[p.name] = SAMPLE_PARAMS[p.name]
    return params


def short_rows(result: Result) -> list[dict]:
    return [{k: shorten(v) if isinstance(v, str) and v.startswith("http") else v for k, v in r.items()}
            for r in result.rows]


@pytest.mark.parametrize("named", query_library.listed(), ids=lambda q: q.name)
def test_every_named_query_runs_on_the_seed_graph_and_projects_its_parameters(store, named):
    assert named.title and named.title != named.name, f"{named.name} needs a title in its #+ header"
    assert named.description, f"{named.name} needs a description in its #+ header"
    answer = store.run(named, **sample_params(named))
    assert isinstance(answer, Result)
    for p in named.params:
        assert p.name in answer.columns, f"{named.name}: parameter ?{p.name} must be in the SELECT projection"
    if named.name not in EMPTY_ON_SEED:
        assert answer.rows, f"{named.name} returned no rows with {sample_params(named)}"


def test_the_library_answers_the_issues_questions():
    names = {q.name for q in query_library.listed()}
    assert {"concepts-by-kind", "settings-on-theme", "concepts-shared-by-settings", "dilemmas-by-theme", "continuum",
            "concept-sources", "concepts-in-several-documents", "disagreements", "suitability",
            "concept-neighbourhood", "search-labels", "counts"} <= names


def test_parameters_have_types_defaults_and_descriptions():
    for named in query_library.listed():
        for p in named.params:
            assert p.description, f"{named.name}: describe parameter {p.name}"
            if p.default is not None and p.type == "iri":
                expand(p.default)  # a default must be a usable IRI or prefixed name


# ------------------------------------------------------------------ content, query by query

def test_settings_on_theme_lines_up_autonomy_from_residential_to_outpatient(store):
    rows = short_rows(store.select("settings-on-theme"))
    assert {r["theme"] for r in rows} == {"rgt:autonomy"}
    ranks = [r["rank"] for r in rows]
    assert ranks == sorted(ranks)
    found = {(r["setting"], r["concept"], r["kind"]) for r in rows}
    assert ("rgc:outpatient", "rgc:greater-independence", "rg:Advantage") in found
    assert ("rgc:outpatient", "rgc:reliance-on-self-motivation", "rg:Disadvantage") in found
    assert any(r["setting"] == "rgc:inpatient-residential" for r in rows)
    cost = short_rows(store.select("settings-on-theme", theme="rgt:cost"))
    assert ("rgc:intensive-outpatient", "rgc:insurance-limitations") in {(r["setting"], r["concept"]) for r in cost}


def test_dilemmas_by_theme_lists_only_ethical_dilemmas_under_their_themes(store):
    every = short_rows(store.select("dilemmas-by-theme"))
    dilemmas = {r["concept"] for r in short_rows(store.select("concepts-by-kind", kind="rg:EthicalDilemma"))}
    assert {r["dilemma"] for r in every} == dilemmas
    assert len({r["themeLabel"] for r in every}) >= 10
    privacy = short_rows(store.select("dilemmas-by-theme", theme="rgt:privacy"))
    assert privacy and {r["theme"] for r in privacy} == {"rgt:privacy"}
    assert {r["dilemma"] for r in privacy} < dilemmas
    transition = {r["dilemma"]: r for r in short_rows(store.select("dilemmas-by-theme", theme="rgt:transition"))}
    assert "Inpatient / residential treatment" in transition["rgc:transition-readiness-dilemma"]["settings"]


def test_concepts_shared_by_settings_respects_the_minimum_and_the_kind(store):
    three = short_rows(store.select("concepts-shared-by-settings", minimum=3))
    assert three and all(r["settings"] >= 3 for r in three)
    assert "rgc:family-therapy" in {r["concept"] for r in three}
    two = store.select("concepts-shared-by-settings")
    assert len(two.rows) > len(three) and all(r["settings"] >= 2 for r in two.rows)
    family = short_rows(store.select("concepts-shared-by-settings", kind="rg:FamilySupportStrategy"))
    assert family and {r["conceptKind"] for r in family} == {"rg:FamilySupportStrategy"}
    therapies = short_rows(store.select("concepts-shared-by-settings", kind="rg:Therapy", minimum=1))
    assert "rg:Medication" in {r["conceptKind"] for r in therapies}  # sub-kinds count


def test_disagreements_pair_insurance_coverage_with_its_limits(store):
    rows = short_rows(store.select("disagreements"))
    pairs = {(r["one"], r["other"]): r for r in rows}
    insurance = pairs[("rgc:insurance-coverage", "rgc:insurance-limitations")]
    assert (insurance["oneKind"], insurance["otherKind"]) == ("rg:Advantage", "rg:Disadvantage")
    assert "Intensive outpatient program" in insurance["oneSettings"]
    assert "Intensive Outpatient Program" in insurance["otherDocuments"]
    assert ("rgc:limited-support-at-home", "rgc:stable-supportive-home") in pairs
    links = store.select("counts").rows
    stored = next(r["count"] for r in links if r["term"].endswith("#contrastsWith"))
    assert len(rows) == len(pairs) == stored  # each stored link once, never twice
    one = short_rows(store.select("disagreements", concept="rgc:lower-cost"))
    assert {r["one"] for r in one} | {r["other"] for r in one} >= {"rgc:lower-cost", "rgc:higher-cost", "rgc:cost-considerations"}
    assert all("rgc:lower-cost" in (r["one"], r["other"]) for r in one)


def test_suitability_gives_criteria_for_and_against_each_setting(store):
    rows = short_rows(store.select("suitability", setting="rgc:inpatient-residential"))
    criteria = {r["criterion"]: r for r in rows}
    home = criteria["rgc:limited-support-at-home"]
    assert (home["stance"], home["stanceLabel"]) == ("rg:Favours", "favours")
    assert home["documents"] == 3 and home["mentions"] >= home["documents"]
    outpatient = {(r["criterion"], r["stance"]) for r in short_rows(store.select("suitability", setting="rgc:outpatient"))}
    assert ("rgc:needs-medical-supervision", "rg:Disfavours") in outpatient
    assert ("rgc:stable-supportive-home", "rg:Favours") in outpatient
    every = short_rows(store.select("suitability"))
    assert {r["stance"] for r in every} == {"rg:Favours", "rg:Disfavours"}
    assert [r["rank"] for r in every] == sorted(r["rank"] for r in every)


def test_concept_neighbourhood_reads_both_directions(store):
    rows = short_rows(store.select("concept-neighbourhood"))
    links = {(r["direction"], r["relation"], r["neighbour"]) for r in rows}
    assert ("out", "rg:hasTheme", "rgt:support-network") in links
    assert ("out", "rg:appliesTo", "rgc:outpatient") in links
    assert ("in", "skos:broader", "rgc:family-conflict-resolution") in links
    assert any(d == "in" and rel == "rg:mentions" for d, rel, _ in links)
    theme = next(r for r in rows if r["neighbour"] == "rgt:support-network")
    assert (theme["neighbourLabel"], theme["neighbourKind"], theme["relationLabel"]) == ("Support network", "rg:Theme", "has theme")


def test_counts_agree_with_the_size_of_the_graph(store):
    counts = {(r["category"], shorten(r["term"])): r["count"] for r in store.select("counts").rows}
    total = store.select("stats-total").rows[0]
    assert counts[("class", "rg:Mention")] == total["mentions"]
    assert counts[("class", "rg:SourceDocument")] == total["documents"] == 5
    assert counts[("property", "rdf:type")] > counts[("property", "rg:mentions")] > 0


def test_the_foundation_queries_return_what_they_promise(store):
    continuum = store.select("continuum")
    assert [shorten(s) for s in dict.fromkeys(continuum.column("setting"))] == [
        "rgc:inpatient-residential", "rgc:partial-hospitalization", "rgc:intensive-outpatient", "rgc:outpatient"]
    sources = store.select("concept-sources", concept="rgc:family-therapy")
    assert {"000_43c7f7d007e7bc6a.txt", "004_b24309c0650797f0.txt"} <= set(sources.column("file"))
    several = store.select("concepts-in-several-documents", minimum=4)
    assert several.rows and all(r["documents"] >= 4 for r in several.rows)
    found = short_rows(store.select("search-labels", text="confidential"))
    assert "rgc:privacy-confidentiality" in {r["concept"] for r in found}
    assert "988" in " ".join(str(x) for x in store.select("help-lines").column("phone"))
    outline = store.select("document-outline", document="rgd:d002")
    assert [r["order"] for r in outline.rows] == sorted(r["order"] for r in outline.rows)
    dilemmas = short_rows(store.select("concepts-by-kind", kind="rg:EthicalDilemma", setting="rgc:outpatient"))
    assert dilemmas and all("Outpatient treatment" in r["settings"] for r in dilemmas)
