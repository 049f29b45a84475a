"""The app's pages through Streamlit's AppTest (page logic, no browser)."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run_app():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def test_home_shows_what_the_graph_holds(store):
    at = run_app()
    metrics = {m.label: m.value for m in at.metric}
    total = store.select("stats-total").rows[0]
    assert metrics["Concepts"] == str(total["concepts"])
    assert metrics["Source documents"] == "5"
    # the knowledge, not the search index the build adds
    assert metrics["Statements (triples)"] == str(total["triples"])
    everything = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]
    assert 0 < total["indexTriples"] and total["triples"] + total["indexTriples"] == everything
    links = [str(p.proto.label) for p in at.get("page_link")]
    settings = [label.strip("*") for label in links if label.startswith("**")]
    assert settings == [
        "Inpatient / residential treatment", "Partial hospitalization program",
        "Intensive outpatient program", "Outpatient treatment"]
    assert any(label.startswith("Ethical dilemma (") for label in links)
    assert any(label.startswith("Autonomy (") for label in links)


def test_help_panel_lists_crisis_lines_from_the_graph():
    at = run_app()
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    assert "988 Suicide & Crisis Lifeline" in sidebar and "call 988" in sidebar
    assert "1-800-662-4357" in sidebar and "call 911" in sidebar
    assert "not clinical advice" in " ".join(c.value for c in at.sidebar.caption)
