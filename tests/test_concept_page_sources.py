"""The concept page lists a concept's sources a page at a time, and the page is in the address."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from graph import source_pages
from test_explorer_pages import open_page


@pytest.fixture
def pages_of_three(monkeypatch):
    """Pages of 3 mentions, so family therapy's 7 make three pages (the seed graph has no concept
    with more than 50)."""
    monkeypatch.setattr(source_pages, "PAGE_SIZE", 3)
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def open_concept(**params) -> AppTest:
    return open_page("concept", **params)


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_choosing_a_page_shows_its_mentions_and_puts_it_in_the_address(pages_of_three):
    at = open_concept(id="rgc:family-therapy")
    picker = at.selectbox(key="sources-rgc:family-therapy")
    assert picker.options == ["1\u20133", "4\u20136", "7\u20137"]
    assert "Mentions 1\u20133 of 7, in reading order" in captions(at)
    first = list(at.dataframe[0].value["File"])
    assert len(first) == 3 and first[0] == "000_43c7f7d007e7bc6a.txt"
    picker.select_index(2).run()
    assert "Mentions 7\u20137 of 7, in reading order" in captions(at)
    assert list(at.dataframe[0].value["File"]) == ["004_b24309c0650797f0.txt"]
    assert at.query_params["sources"] == "3"


def test_an_address_with_a_page_opens_that_page(pages_of_three):
    at = open_concept(id="rgc:family-therapy", sources="2")
    assert "Mentions 4\u20136 of 7, in reading order" in captions(at)
    assert at.selectbox(key="sources-rgc:family-therapy").value == 1


def test_a_concept_with_one_page_of_sources_shows_them_all_without_a_picker():
    st.cache_data.clear()
    at = open_concept(id="rgc:family-therapy")
    assert len(at.selectbox) == 0
    assert len(at.dataframe[0].value) == 7
    assert "Family-support strategy \u00b7 7 mention(s) in 3 document(s)" in captions(at)
