"""The setting page and the comparison at any size: statements listed once per setting, sources read
for the statements shown (a page of a list, the first statements of a comparison's cell), every shown
statement with its sources, and the exports with every statement and source."""

import csv
import io

import pytest
import streamlit as st
from test_explorer_pages import open_page, texts

from graph import compare, explore
from graph.errors import RecoveryGraphError
from graph.ui import common

RGC = "https://w3id.org/recovery-graph/id/concept/"
IOP = RGC + "intensive-outpatient"


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 5 statements and comparison cells of 2, so the seed graph's lists run over several
    (its longest list has 29 statements, its fullest cell 38)."""
    monkeypatch.setattr(common, "SETTING_PAGE_SIZE", 5)
    monkeypatch.setattr(compare, "CELL_SHOWN", 2)
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def test_statements_list_every_concept_once_per_stance_in_kind_and_label_order(store):
    items = explore.statements(store, IOP)
    keys = [(s.concept.iri, s.stance) for s in items]
    assert len(keys) == len(set(keys)) > 100
    assert [(s.concept.kind, s.concept.label.lower()) for s in items] == sorted((s.concept.kind, s.concept.label.lower()) for s in items)
    both = {s.concept.label for s in items if s.stance == "favours"} & {s.concept.label for s in items if s.stance == "disfavours"}
    assert "Co-occurring mental health disorder" in both  # the documents say it both ways for this setting
    assert all(not s.sources and not s.definition for s in items)  # read for the statements shown only


def test_with_sources_gives_each_statement_its_own_mentions(store):
    items = explore.statements(store, IOP)
    criteria = [s for s in items if s.concept.label == "Co-occurring mental health disorder"]
    sourced = explore.with_sources(store, IOP, criteria)
    for st_ in sourced:
        assert st_.sources and st_.definition
        assert {s.stance for s in st_.sources} <= {st_.stance, None}, st_.stance
    assert sum(len(s.sources) for s in sourced) == len(store.select("setting-sources", setting=IOP, concepts=[criteria[0].concept.iri]).rows)
    whole = explore.with_sources(store, IOP, items)
    assert all(s.sources for s in whole), [s.concept.label for s in whole if not s.sources]  # every statement has a source
    assert explore.with_sources(store, IOP, []) == []


def test_comparison_shows_sources_for_the_first_statements_of_a_cell_and_exports_them_all(store):
    ids = ["rgc:inpatient-residential", "rgc:outpatient"]
    page = compare.compare(store, ids, shown=2)
    full = compare.compare(store, ids)
    assert [r.theme.iri for r in page.rows] == [r.theme.iri for r in full.rows]
    for row, whole in zip(page.rows, full.rows):
        for cell, whole_cell in zip(row.cells, whole.cells):
            assert [s.concept.iri for s in cell] == [s.concept.iri for s in whole_cell]
            assert all(s.sources for s in cell[:2]) and not any(s.sources for s in cell[2:])
            assert all(s.sources for s in whole_cell)
    with pytest.raises(RecoveryGraphError, match="compare with shown=None"):
        compare.to_csv(page)
    rows = list(csv.reader(io.StringIO(compare.to_csv(full))))
    cited = sum(cell.count("\u00a7") for row in rows[1:] for cell in row[1:])
    assert cited == sum(len(s.sources) for row in full.rows for cell in row.cells for s in cell)


def test_comparison_reuses_the_statements_it_is_given(store):
    asked = []

    def statements_of(iri):
        asked.append(iri)
        return explore.statements(store, iri)

    c = compare.compare(store, ["rgc:outpatient", "rgc:intensive-outpatient"], ["rgt:cost"], statements_of=statements_of)
    assert asked == [IOP, RGC + "outpatient"]  # once each, in continuum order
    assert [r.theme.label for r in c.rows] == ["Cost"]


def test_setting_page_pages_long_lists_and_shows_sources_for_every_row(small_pages):
    at = open_page("setting", id="rgc:intensive-outpatient")
    assert "Whom it suits (12)" in texts(at)
    suits = at.selectbox(key="page-rgc:intensive-outpatient-suits")
    assert suits.options == ["1\u20135 of 12", "6\u201310 of 12", "11\u201312 of 12"]
    first = [e.label for e in at.expander]
    assert len(first) == 5 + 4  # a page of whom it suits, and the four it may not suit
    suits.select_index(2).run()
    assert len(at.expander) == 2 + 4
    assert [e.label for e in at.expander] != first
    assert all(" 0 source(s)" not in e.label for e in at.expander)
    # only the open tab of kinds is built: one table, of one page of rows, each with its sources
    assert len(at.dataframe) == 1
    frame = at.dataframe[0].value
    assert len(frame) == 5 and all(frame["Sources"]) and all(frame["Definition"])


def test_comparison_page_says_how_many_more_and_offers_both_exports(small_pages):
    at = open_page("compare", settings="rgc:inpatient-residential,rgc:intensive-outpatient", themes="rgt:cost")
    assert not at.exception
    assert any("more statements" in c.value for c in at.caption)
    statement_links = [p for p in at.get("page_link") if "concept" in p.proto.page]
    assert 0 < len(statement_links) <= 2 * 2  # two settings, one theme, two statements a cell
    assert len(at.get("download_button")) == 2


def test_comparison_export_lists_every_statement_with_sources(small_pages):
    text = common.comparison_export(("rgc:inpatient-residential", "rgc:intensive-outpatient"), ("rgt:cost",), "markdown")
    full = compare.compare(common.store(), ["rgc:inpatient-residential", "rgc:intensive-outpatient"], ["rgt:cost"])
    for cell in full.rows[0].cells:
        for s in cell:
            assert f"**{s.concept.label}**" in text
    table = "\n".join(line for line in text.splitlines() if line.startswith("| "))
    assert table.count("\u00a7") == sum(len(s.sources) for cell in full.rows[0].cells for s in cell)
