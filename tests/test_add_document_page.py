"""The add-document page through Streamlit's AppTest: paste, extract, review, save, remove."""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
GUIDE = ROOT / "tests" / "fixtures" / "extract" / "day-program-guide.md"


@pytest.fixture
def user(tmp_path, monkeypatch):
    """An empty overlay of our own; the app's cached store is rebuilt before and after."""
    folder = tmp_path / "user"
    monkeypatch.setenv("RECOVERY_GRAPH_USER_DIR", str(folder))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield folder
    st.cache_resource.clear()
    st.cache_data.clear()


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()  # st.navigation registers the url_path "add-document" on the first run
    at.switch_page("graph/ui/add_document.py").run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def paste(at: AppTest, text: str, name: str = "day-program-guide.md") -> AppTest:
    at.text_input[0].set_value(name)
    at.text_area[0].set_value(text).run()
    button(at, "Extract").click().run()
    assert not at.exception, at.exception
    return at


def test_page_offers_upload_and_paste_and_shows_an_empty_overlay(user):
    at = open_page()
    assert at.title[0].value == "Add a document"
    assert [t.label for t in at.tabs] == ["Upload a file", "Paste text"]
    assert button(at, "Extract").disabled
    assert any(c.value == f"Empty. Saved documents go to {user / 'overlay'}." for c in at.caption)


def test_extract_review_and_save_a_document_to_the_overlay(user):
    at = paste(open_page(), GUIDE.read_text(encoding="utf-8"))
    assert at.subheader[0].value == "Review: Choosing a day program: a guide for families"
    table = at.dataframe[0].value
    assert len(table) == 21
    peer = table[table["passage"] == "Peer support"].iloc[0]
    assert (peer["kind"], peer["link"], peer["settings"]) == (
        "Advantage", "Peer support and sense of community (Advantage)", ["Partial hospitalization program"])
    new = table[table["passage"] == "Long days"].iloc[0]
    assert (new["link"], new["label"], bool(new["accept"])) == ("(new concept)", "Long days", True)
    button(at, "Save to my overlay").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [
        f"Saved 'day-program-guide': 21 mentions (10 of existing concepts, 11 new) in "
        f"{user / 'overlay' / 'day-program-guide.ttl'}. Every page sees it now."]
    assert (user / "overlay" / "day-program-guide.ttl").is_file()
    assert any("**Choosing a day program: a guide for families** · `day-program-guide`" in m.value
               for m in at.markdown)
    button(at, "Remove").click().run()
    assert not at.exception, at.exception
    assert not (user / "overlay" / "day-program-guide.ttl").exists()
    assert any(c.value.startswith("Empty. Saved documents go to") for c in at.caption)


def test_bad_input_is_shown_as_a_sentence_not_a_traceback(user):
    at = paste(open_page(), "Only a handful of words.", name="notes.md")
    assert [e.value for e in at.error] == [
        "notes.md: holds only 5 words; give a document with titled sections and items or paragraphs under them"]
    assert not at.dataframe


def test_saving_twice_asks_for_replace(user):
    at = paste(open_page(), GUIDE.read_text(encoding="utf-8"))
    button(at, "Save to my overlay").click().run()
    at = paste(at, GUIDE.read_text(encoding="utf-8"))
    button(at, "Save to my overlay").click().run()
    assert [e.value for e in at.error] == [
        f"'day-program-guide' is already in the overlay ({user / 'overlay' / 'day-program-guide.ttl'}); merge with "
        "--replace to update it, or run `recovery-graph remove day-program-guide` first"]
    at.checkbox[0].check().run()
    button(at, "Save to my overlay").click().run()
    assert not at.error and at.success, [e.value for e in at.error] + [c.label for c in at.checkbox]


def test_each_row_shows_what_its_lines_say_while_the_draft_keeps_none_of_it(user):
    """A reviewer judges a match against the passage itself; the draft keeps labels and line numbers."""
    text = GUIDE.read_text(encoding="utf-8")
    at = paste(open_page(), text)
    table = at.dataframe[0].value
    lines = text.splitlines()
    for _, row in table.iterrows():
        start, end = (int(n) for n in row["lines"].split("-"))
        passage = " ".join(lines[start - 1:end])
        assert row["text"] and all(word in passage for word in row["text"].rstrip("…").split()[:-1]), \
            (row["lines"], row["text"])
    long = table[table["passage"] == "Long days"].iloc[0]
    assert "Long days" in long["text"] and len(long["text"]) <= 160
    draft = at.session_state["add_document_draft"]
    assert not any("full day of treatment" in str(value) for c in draft.candidates for value in vars(c).values())


def test_an_excerpt_joins_the_passage_s_lines_and_cuts_at_a_word():
    from graph.review import excerpt

    lines = ["## Costs", "", "1. **Fees**", "   - **Daily fee:** the program bills each weekday it is attended."]
    assert excerpt(lines, 3, 4) == "Fees Daily fee: the program bills each weekday it is attended."
    assert excerpt(lines, 1, 1) == "Costs"
    cut = excerpt(lines, 3, 4, limit=30)
    assert len(cut) <= 30 and cut.endswith("…") and not cut[:-1].endswith(" ")
    assert excerpt(lines, 2, 2) == ""


def test_a_paragraph_row_shows_the_sentence_that_names_its_concept(store):
    from graph import review
    from graph.extract import Extractor

    extractor = Extractor.from_store(store)
    text = ("# Our evening program\n\n## What to expect\n\n"
            "The evening program is an intensive outpatient option for adults who work in the daytime. "
            "Groups meet for three hours, four days a week. Each person also has individual sessions "
            "with a counselor.\n")
    draft = extractor.extract_text(text, "evening.md")
    rows = {row["link"]: row["text"] for row in
            review.editor_rows(draft, review.review_options(extractor), review.passages(draft, text, extractor.lexicon))}
    schedule = next(t for link, t in rows.items() if link.startswith("Weekly session schedule"))
    therapy = next(t for link, t in rows.items() if link.startswith("Individual therapy"))
    assert schedule == "Groups meet for three hours, four days a week."
    assert therapy == "Each person also has individual sessions with a counselor."
    # without the lexicon, the paragraph's opening
    plain = review.editor_rows(draft, review.review_options(extractor), review.passages(draft, text))
    assert all(row["text"].startswith("The evening program") for row in plain)
