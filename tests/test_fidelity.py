"""Fidelity: the graph says what the documents say. Each check was written from a reading of the
source documents (../shared/seeds/), not from the data files."""

import pytest

RGC = "https://w3id.org/recovery-graph/id/concept/"
RG = "https://w3id.org/recovery-graph/def#"
INPATIENT, PHP, IOP, OUTPATIENT = (RGC + s for s in (
    "inpatient-residential", "partial-hospitalization", "intensive-outpatient", "outpatient"))


def items(store, document, section_word, kind=None, setting=None):
    """Distinct numbered items (not sub-points) of a document's section whose title holds section_word."""
    params = {"document": document}
    if kind:
        params["kind"] = RG + kind
    if setting:
        params["setting"] = setting
    rows = store.select("mentions-by-document", **params).rows
    return {r["item"] for r in rows
            if section_word.lower() in r["sectionTitle"].lower() and r["item"] is not None and r["subItem"] is None}


def settings_of(store, concept):
    return {r["setting"] for r in store.select("concept-settings", concept=RGC + concept).rows}


def sources_of(store, concept):
    return store.select("concept-sources", concept=RGC + concept).rows


# -- the first document (000): inpatient vs outpatient, list by list

def test_outpatient_ethical_dilemmas_in_first_document_are_exactly_four(store):
    assert items(store, "rgd:d000", "Ethical Dilemmas of Outpatient", "EthicalDilemma", OUTPATIENT) == {1, 2, 3, 4}


def test_inpatient_ethical_dilemmas_in_first_document_are_six(store):
    assert items(store, "rgd:d000", "Ethical Dilemmas of Inpatient", "EthicalDilemma", INPATIENT) == set(range(1, 7))


@pytest.mark.parametrize("section,kind,setting,count", [
    ("Advantages of Inpatient", "Advantage", INPATIENT, 10),
    ("Advantages of Outpatient", "Advantage", OUTPATIENT, 6),
    ("Disadvantages of Inpatient", "Disadvantage", INPATIENT, 9),
    ("Disadvantages of Outpatient", "Disadvantage", OUTPATIENT, 6),
    ("Self-Management Strategies for Inpatient", "SelfManagementStrategy", INPATIENT, 8),
    ("Self-Management Strategies for Outpatient", "SelfManagementStrategy", OUTPATIENT, 7),
    ("Family Support Strategies for Inpatient", "FamilySupportStrategy", INPATIENT, 8),
    ("Family Support Strategies for Outpatient", "FamilySupportStrategy", OUTPATIENT, 7),
    ("Strategies for Inpatient", "CommunityResource", INPATIENT, 8),
    ("Strategies for Outpatient", "CommunityResource", OUTPATIENT, 8),
    ("Comprehensive and Immersive", "SuitabilityCriterion", INPATIENT, 7),
    ("Flexible and Accessible", "SuitabilityCriterion", OUTPATIENT, 6),
])
def test_every_list_of_the_first_document_is_complete(store, section, kind, setting, count):
    assert items(store, "rgd:d000", section, kind, setting) == set(range(1, count + 1))


# -- one concept, many settings and sources

def test_family_therapy_is_one_concept_linked_to_three_settings(store):
    assert settings_of(store, "family-therapy") == {INPATIENT, IOP, OUTPATIENT}
    documents = {r["file"] for r in sources_of(store, "family-therapy")}
    assert {"000_43c7f7d007e7bc6a.txt", "002_8f57209d3b99d392.txt", "004_b24309c0650797f0.txt"} <= documents


def test_privacy_and_confidentiality_is_a_dilemma_for_outpatient_and_iop(store):
    assert settings_of(store, "privacy-confidentiality") == {OUTPATIENT, IOP}
    kinds = store.select("concepts-by-kind", kind=RG + "EthicalDilemma").column("concept")
    assert RGC + "privacy-confidentiality" in kinds
    files = {r["file"] for r in sources_of(store, "privacy-confidentiality") if r["item"] is not None}
    assert files == {"000_43c7f7d007e7bc6a.txt", "002_8f57209d3b99d392.txt"}


def test_every_concept_has_a_source_document(store):
    total = store.select("stats-total").rows[0]["concepts"]
    sourced = store.select("concepts-in-several-documents", minimum=1).rows
    assert len(sourced) == total


def test_narcotics_anonymous_is_named_by_two_documents(store):
    files = {r["file"] for r in sources_of(store, "narcotics-anonymous")}
    assert files == {"000_43c7f7d007e7bc6a.txt", "002_8f57209d3b99d392.txt"}


# -- the IOP document (002): numbered items with "Key: explanation" sub-points

def test_iop_document_has_eight_ethical_dilemmas_each_with_two_sub_points(store):
    rows = store.select("mentions-by-document", document="rgd:d002", kind=RG + "EthicalDilemma").rows
    rows = [r for r in rows if "Ethical" in r["sectionTitle"] and r["item"] is not None]
    assert {r["item"] for r in rows if r["subItem"] is None} == set(range(1, 9))
    pairs = {(r["item"], r["subItem"]) for r in rows if r["subItem"] is not None}
    assert pairs == {(i, s) for i in range(1, 9) for s in (1, 2)}
    assert {r["mentionSetting"] for r in rows} == {IOP}


def test_iop_dose_is_three_to_five_sessions_of_two_to_four_hours(store):
    doses = [r for r in store.select("continuum").rows if r["setting"] == IOP and r["sessionsMin"] is not None]
    assert len(doses) == 1
    dose = doses[0]
    assert (dose["sessionsMin"], dose["sessionsMax"], dose["hoursMin"], dose["hoursMax"]) == (3, 5, 2, 4)
    assert dose["documentTitle"] == "Intensive Outpatient Program"
    assert dose["residential"] is False


# -- the continuum

def test_step_down_continuum_runs_inpatient_php_iop_outpatient(store):
    rows = {r["setting"]: r for r in store.select("continuum").rows}
    order = sorted(rows, key=lambda s: rows[s]["rank"])
    assert order == [INPATIENT, PHP, IOP, OUTPATIENT]
    assert [rows[s]["next"] for s in order] == [PHP, IOP, OUTPATIENT, None]
    assert [rows[s]["locatorCode"] for s in order] == ["RES", "ODT", "OIT", "ORT"]


def test_partial_hospitalization_appears_in_the_step_down_list_of_the_fifth_document(store):
    rows = store.select("mentions-by-document", document="rgd:d004", setting=PHP).rows
    assert rows and all("Step" in r["sectionTitle"] or "Levels of Care" in r["sectionTitle"] for r in rows)


def test_inpatient_stay_lasts_weeks_to_months_and_is_round_the_clock(store):
    doses = [r for r in store.select("continuum").rows if r["setting"] == INPATIENT]
    assert all(r["hoursPerDay"] == 24 and r["residential"] is True for r in doses)
    assert any(r["weeksMin"] and r["weeksMax"] and r["weeksMin"] < r["weeksMax"] for r in doses)


# -- disagreements and suitability

def test_insurance_disagreement_is_recorded_not_resolved(store):
    edges = store.select("export-edges").rows
    contrasts = {(r["source"], r["target"]) for r in edges if r["relation"] == RG + "contrastsWith"}
    coverage, limits = RGC + "insurance-coverage", RGC + "insurance-limitations"
    assert (coverage, limits) in contrasts or (limits, coverage) in contrasts
    assert IOP in settings_of(store, "insurance-coverage") and IOP in settings_of(store, "insurance-limitations")
    assert {r["file"] for r in sources_of(store, "insurance-coverage")} >= {"004_b24309c0650797f0.txt"}
    assert {r["file"] for r in sources_of(store, "insurance-limitations")} == {"002_8f57209d3b99d392.txt"}


def test_severe_addiction_suits_inpatient_and_not_iop(store):
    rows = {r["setting"]: r for r in store.select("concept-settings", concept=RGC + "severe-addiction").rows}
    assert rows[INPATIENT]["suits"] is True and rows[INPATIENT]["doesNotSuit"] is False
    assert rows[IOP]["doesNotSuit"] is True


def test_limited_support_at_home_is_raised_for_inpatient_by_three_documents(store):
    favouring = {r["file"] for r in sources_of(store, "limited-support-at-home")
                 if r["setting"] == INPATIENT and r["stance"] == RG + "Favours"}
    assert {"000_43c7f7d007e7bc6a.txt", "001_96b445a17f156b78.txt", "004_b24309c0650797f0.txt"} <= favouring


def test_methadone_and_buprenorphine_are_medications_of_mat_mapped_to_rxnorm(store):
    edges = store.select("export-edges").rows
    broader = {(r["source"], r["target"]) for r in edges if r["relation"].endswith("#broader")}
    assert (RGC + "methadone", RGC + "mat") in broader and (RGC + "buprenorphine", RGC + "mat") in broader
    meds = store.select("concepts-by-kind", kind=RG + "Medication").column("label")
    assert sorted(meds) == ["Buprenorphine", "Methadone"]


def test_iop_is_known_by_its_synonyms(store):
    labels = store.select("search-labels", text="intensive outpatient rehab").column("concept")
    assert IOP in labels
    assert IOP in store.select("search-labels", text="IOP").column("concept")


def test_every_document_is_described_with_its_sections_in_order(store):
    docs = store.select("stats-documents").rows
    assert [d["identifier"] for d in docs] == [
        "000_43c7f7d007e7bc6a.txt", "001_96b445a17f156b78.txt", "002_8f57209d3b99d392.txt",
        "003_ed146162ebbfe88d.txt", "004_b24309c0650797f0.txt"]
    for d in docs:
        outline = store.select("document-outline", document=d["document"]).rows
        assert [r["order"] for r in outline] == list(range(1, len(outline) + 1))
        starts = [r["lineStart"] for r in outline]
        assert starts == sorted(starts)
