"""The SPARQL page: its logic in graph/sparql.py, and the page itself through AppTest."""

from __future__ import annotations

import json
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from graph import guard, sparql
from graph import queries as query_library
from graph.namespaces import expand
from graph.store import IRI

APP = str(Path(__file__).resolve().parent.parent / "app.py")
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def open_query_page(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page("graph/ui/query_page.py")
    at.run()
    assert not at.exception, at.exception
    return at


# ------------------------------------------------------------------ logic (no Streamlit)

def test_editor_loads_a_named_query_with_its_parameters():
    editor = sparql.editor("suitability")
    assert editor.text == query_library.get("suitability").text
    assert [p.name for p in editor.params] == ["setting"]
    assert sparql.params_of(editor.text) == editor.params
    assert sparql.editor(None).name is None and "SELECT" in sparql.editor(None).text


def test_links_open_concept_setting_and_theme_pages(store):
    settings = sparql.setting_iris(store)
    assert sparql.page_link(IRI(expand("rgc:family-therapy")), settings) == "concept?id=rgc:family-therapy"
    assert sparql.page_link(IRI(expand("rgc:outpatient")), settings) == "setting?id=rgc:outpatient"
    assert sparql.page_link(IRI(expand("rgt:cost")), settings) == "theme?id=rgt:cost"
    assert sparql.page_link(IRI(expand("rg:Advantage")), settings) is None
    assert sparql.page_link("rgc:family-therapy", settings) is None  # text, not an IRI


def test_execute_shapes_rows_links_and_downloads(store):
    run = sparql.execute(store, query_library.get("suitability").text, {"setting": "rgc:outpatient"}, "suitability")
    assert run.ok and run.row_count > 5 and run.summary().startswith(f"{run.row_count} rows · ")
    table = sparql.table(run, sparql.setting_iris(store))
    assert {"setting", "criterion"} <= set(table.link_columns) and "stance" not in table.link_columns
    first = table.rows[0]
    assert first["setting"] == "setting?id=rgc:outpatient" and first["criterion"].startswith("concept?id=rgc:")
    assert first["stance"] == "rg:Favours"
    assert sparql.download(run, "csv").splitlines()[0].startswith("setting,settingLabel,rank,stance")
    assert json.loads(sparql.download(run, "json"))["rows"][0]["setting"] == expand("rgc:outpatient")


def test_execute_reports_instead_of_raising(store):
    bad = sparql.execute(store, "SELECT ?s WHERE {\n  ?s ?p \n}")
    assert not bad.ok and (bad.line, bad.column) == (3, 2) and bad.error_text().startswith("Line 3, column 2: SPARQL syntax error")
    refused = sparql.execute(store, "DROP ALL")
    assert refused.error.startswith("Refused: this is a SPARQL update (DROP)")
    missing = sparql.execute(store, query_library.get("concept-sources").text, {}, "concept-sources")
    assert missing.missing == ("concept",) and missing.error is None
    started = time.perf_counter()
    slow = sparql.execute(store, EXPLOSIVE, limits=guard.Limits(timeout=1))
    assert "stopped after the time limit of 1 s" in slow.error and time.perf_counter() - started < 4
    ask = sparql.execute(store, "ASK { rgc:family-therapy rg:hasTheme rgt:support-network }")
    assert ask.form == "ASK" and ask.boolean is True and ask.summary().startswith("true")
    construct = sparql.execute(store, "CONSTRUCT { ?t a rg:Theme } WHERE { ?t a rg:Theme }")
    assert construct.columns == ["subject", "predicate", "object"] and construct.row_count >= 10


# ------------------------------------------------------------------ the page

def test_query_page_reopens_a_named_query_from_its_url():
    at = open_query_page(name="suitability")
    assert at.title[0].value == "SPARQL"
    assert at.selectbox(key="query-name").value == "suitability"
    assert at.text_area[0].value == query_library.get("suitability").text
    assert [t.label for t in at.text_input] == ["setting"]
    frame = at.dataframe[0].value
    assert {"setting", "criterion", "stance", "documents"} <= set(frame.columns)
    assert "concept?id=rgc:limited-support-at-home" in set(frame["criterion"])
    assert any(c.value.endswith("ms") and "rows" in c.value for c in at.caption)


def test_parameters_become_widgets_and_narrow_the_answer():
    at = open_query_page(name="suitability")
    every = len(at.dataframe[0].value)
    at.text_input[0].input("rgc:outpatient").run()
    frame = at.dataframe[0].value
    assert 0 < len(frame) < every and set(frame["setting"]) == {"setting?id=rgc:outpatient"}
    at = open_query_page(name="concepts-shared-by-settings")
    assert at.number_input[0].value == 2
    at.number_input[0].set_value(3).run()
    assert all(n >= 3 for n in at.dataframe[0].value["settings"])


def test_picking_a_query_updates_the_url():
    at = open_query_page()
    assert at.selectbox(key="query-name").value == ""
    at.selectbox(key="query-name").set_value("disagreements").run()
    assert at.query_params["name"] == "disagreements"
    frame = at.dataframe[0].value
    pairs = set(zip(frame["one"], frame["other"]))
    assert ("concept?id=rgc:insurance-coverage", "concept?id=rgc:insurance-limitations") in pairs


def test_errors_show_line_and_column_never_a_traceback():
    at = open_query_page()
    at.text_area[0].input("SELECT ?s WHERE {\n  ?s ?p \n}").run()
    assert not at.exception
    assert at.error[0].value.startswith("Line 3, column 2: SPARQL syntax error")
    at.text_area[0].input("PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }").run()
    assert at.error[0].value.startswith("Line 2, column 1: Refused: this is a SPARQL update (INSERT DATA)")
    at.text_area[0].input("SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }").run()
    assert "Refused: SERVICE" in at.error[0].value and "RECOVERY_GRAPH_ALLOW_SERVICE=1" in at.error[0].value


def test_a_runaway_query_is_stopped_and_the_page_keeps_serving(monkeypatch):
    monkeypatch.setenv("RECOVERY_GRAPH_QUERY_TIMEOUT", "1")
    at = open_query_page()
    started = time.perf_counter()
    at.text_area[0].input(EXPLOSIVE).run()
    assert time.perf_counter() - started < 6
    assert "stopped after the time limit of 1 s" in at.error[0].value
    at.selectbox(key="query-name").set_value("continuum").run()
    assert not at.error and len(at.dataframe[0].value) >= 4


def test_required_parameter_asks_rather_than_fails_and_unknown_names_warn():
    at = open_query_page(name="concept-sources")
    assert not at.error and "Give a value for concept" in at.info[0].value
    at.text_input[0].input("rgc:family-therapy").run()
    assert len(at.dataframe[0].value) >= 3
    at = open_query_page(name="no-such-query")
    assert "There is no named query 'no-such-query'" in at.warning[0].value


def test_downloads_offer_csv_and_json():
    at = open_query_page(name="continuum")
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["CSV", "JSON"]
