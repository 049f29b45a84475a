"""The explorer's pages through AppTest: widgets and URLs drive the right results."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_page(page: str, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"graph/ui/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [s.value for s in at.subheader] + [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts)


def test_concept_page_opened_by_url_shows_settings_and_sources():
    at = open_page("concept", id="rgc:privacy-confidentiality")
    assert at.title[0].value == "Privacy and confidentiality"
    table = at.dataframe[0].value
    assert set(table["File"]) == {"000_43c7f7d007e7bc6a.txt", "002_8f57209d3b99d392.txt"}
    assert "Ethical dilemma" in texts(at)


def test_unknown_concept_shows_a_message_not_a_traceback():
    at = open_page("concept", id="rgc:nothing-here")
    assert at.error[0].value.startswith("Nothing in the graph is called rgc:nothing-here")


def test_search_page_groups_results_by_kind():
    at = open_page("search", q="crisis")
    subheaders = [s.value for s in at.subheader]
    assert any(s.startswith("Community resource") for s in subheaders)
    assert any(s.startswith("Self-management strategy") for s in subheaders)


def test_search_box_updates_the_url():
    at = open_page("search")
    at.text_input[0].input("confidentiality").run()
    assert at.query_params["q"] == ["confidentiality"] or at.query_params["q"] == "confidentiality"
    assert "Privacy and confidentiality" in texts(at) or any(
        "Privacy and confidentiality" in str(getattr(e, "label", "")) for e in at.get("page_link"))


def test_setting_page_switches_setting_and_keeps_it_in_the_url():
    at = open_page("setting", id="rgc:outpatient")
    assert at.title[0].value == "Outpatient treatment"
    assert "Step 4 of 4" in texts(at)
    at.get("button_group")[0].set_value("rgc:inpatient-residential").run()
    assert at.title[0].value == "Inpatient / residential treatment"
    assert at.query_params["id"] in ("rgc:inpatient-residential", ["rgc:inpatient-residential"])


def test_compare_inpatient_and_outpatient_shows_cost_on_both_sides():
    at = open_page("compare", settings="rgc:inpatient-residential,rgc:outpatient", themes="rgt:cost")
    links = {str(p.proto.label).strip("*"): p.proto.page for p in at.get("page_link")}
    assert "Higher cost" in links and "Lower cost than residential care" in links
    assert "concept" in links["Higher cost"]
    downloads = at.get("download_button")
    assert len(downloads) == 2


def test_fit_ticking_limited_support_raises_inpatient_and_keeps_url_clean():
    at = open_page("fit")
    assert "not a clinical assessment" in at.warning[0].value
    box = next(c for c in at.checkbox if c.label == "Limited support at home")
    box.check().run()
    links = [str(p.proto.label) for p in at.get("page_link")]
    ranked = [label for label in links if label.startswith("**")]
    assert ranked[0] == "**1. Inpatient / residential treatment**"
    assert dict(at.query_params) == {}


@pytest.mark.parametrize("page,params", [("home", {}), ("theme", {"id": "rgt:cost"}), ("search", {"kind": "rg:Advantage"})])
def test_other_pages_render(page, params):
    at = open_page(page, **params)
    assert at.title
