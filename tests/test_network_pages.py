"""The network and continuum pages through Streamlit's AppTest: deep links, errors, tours, paths."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_page(page: str, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.switch_page(page)
    at.query_params.update(params)
    at.run()
    assert not at.exception, at.exception
    return at


def drawing(at) -> str:
    frames = at.get("iframe")
    assert len(frames) == 1
    return frames[0].proto.srcdoc


def test_deep_link_reopens_the_view():
    at = open_page("graph/ui/network.py", focus="rgc:family-therapy", depth="2", kinds="CareSetting,Theme,FamilySupportStrategy")
    assert at.selectbox(key="net_focus").value.endswith("/concept/family-therapy")
    assert at.multiselect(key="net_kinds").value == [
        "https://w3id.org/recovery-graph/def#CareSetting", "https://w3id.org/recovery-graph/def#Theme",
        "https://w3id.org/recovery-graph/def#FamilySupportStrategy"]
    assert dict(at.query_params) == {"focus": "rgc:family-therapy", "depth": "2", "kinds": "CareSetting,Theme,FamilySupportStrategy"}
    assert "Showing 38 nodes" in drawing(at)


def test_a_bad_deep_link_says_what_is_wrong():
    at = open_page("graph/ui/network.py", focus="rgc:nope", kinds="Dilemma")
    assert at.error[0].value == (
        "This view cannot be drawn: focus 'rgc:nope' is not a concept, setting, theme or document of the graph; "
        "pick one from the focus list or search for it; kind 'Dilemma' is not a kind of the graph; use one of "
        "Advantage, CareSetting, CommunityResource, DecisionFactor, Disadvantage, EthicalDilemma, "
        "FamilySupportStrategy, Medication, Organization, ProgramFeature, SelfManagementStrategy, SourceDocument, "
        "SuitabilityCriterion, Theme, Therapy.")
    assert drawing(at)  # and the page still draws its default view


def test_a_tour_step_shows_its_caption_and_view():
    at = open_page("graph/ui/network.py", tour="ethics-of-each-setting", step="2")
    text = " ".join(m.value for m in at.markdown)
    assert "**The ethics of each setting** · step 2 of 4: Intensive outpatient care" in text
    assert at.selectbox(key="net_focus").value.endswith("/concept/intensive-outpatient")
    assert at.query_params["tour"] == "ethics-of-each-setting" and at.query_params["step"] == "2"


def test_an_unknown_tour_is_named():
    at = open_page("graph/ui/network.py", tour="no-such-tour")
    assert at.error[0].value == "There is no tour 'no-such-tour'; pick one under Tours below"


def test_a_path_deep_link_reads_the_path_aloud():
    at = open_page("graph/ui/network.py", focus="rgc:family-therapy", path="rgc:family-therapy,rgc:isolation-from-support-networks")
    text = " ".join(m.value for m in at.markdown)
    assert "Family therapy → theme: Support network → Isolation from support networks" in text
    assert '"width": 6' in drawing(at)  # the path's links are drawn thick


def test_an_over_full_view_offers_narrower_ones():
    at = open_page("graph/ui/network.py", focus="rgc:outpatient", depth="3")
    assert "6 more nodes were left out" in at.warning[0].value
    labels = [str(p.proto.label) for p in at.get("page_link")]
    assert "Depth 2 shows 277 nodes" in labels


def test_presentation_mode_has_no_controls():
    at = open_page("graph/ui/network.py", focus="rgt:autonomy", present="1")
    assert len(at.selectbox) == 0 and at.button(key="exit_present")
    assert "Need help now?" in " ".join(c.value for c in at.caption)


def test_continuum_page_draws_four_levels():
    at = open_page("graph/ui/continuum.py")
    svg = next(m.value for m in at.markdown if m.value.startswith("<svg"))
    assert svg.count('class="rg-step"') == 4
    assert at.dataframe[0].value["Setting"].tolist()[0] == "Inpatient / residential treatment"


def test_a_large_graph_s_pickers_list_settings_themes_and_the_view_s_nodes(monkeypatch):
    from graph.ui import network_views

    everything = open_page("graph/ui/network.py", focus="rgc:family-therapy", depth="1")
    all_nodes = everything.selectbox(key="net_focus").options
    monkeypatch.setattr(network_views, "LISTED_MAX", 10)  # as if the graph were larger than the pickers can list
    at = open_page("graph/ui/network.py", focus="rgc:family-therapy", depth="1")
    at_options = at.selectbox(key="net_focus").options
    assert 10 < len(at_options) < len(all_nodes)
    assert "Family therapy (family-support strategy)" in at_options
    assert "Outpatient treatment (care setting)" in at_options and "Autonomy (theme)" in at_options
    assert at.selectbox(key="net_path_from").options[1:] == at_options
    assert "Showing" in drawing(at)
    at.selectbox(key="net_focus").select_index(0).run()  # a setting: the view moves there
    assert not at.exception and at.query_params["focus"] == "rgc:inpatient-residential"
