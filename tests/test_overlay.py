"""The user overlay: merge a reviewed draft, see it in queries at once, list it, remove it, and
never leave it half-written or touch the curated data."""

import hashlib
from pathlib import Path

import pytest

from graph import cli
from graph.datafiles import DEFAULT_DATA_DIR
from graph.draft_io import read_draft, write_draft
from graph.errors import OverlayError
from graph.extract import Extractor
from graph.namespaces import expand
from graph.overlay import listing, merge, remove
from graph.store import open_store
from graph.userdata import USER_GRAPH_PREFIX

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"
GUIDE = FIXTURES / "day-program-guide.md"
NOTES = FIXTURES / "stepping-down-notes.md"


@pytest.fixture
def user(tmp_path, monkeypatch):
    folder = tmp_path / "user"
    monkeypatch.setenv("RECOVERY_GRAPH_USER_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def extractor(store):
    return Extractor.from_store(store)


@pytest.fixture
def draft(extractor):
    return extractor.extract_file(GUIDE)


def data_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(DEFAULT_DATA_DIR.rglob("*")):
        if path.is_file():
            digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


def overlay_files(user) -> list[str]:
    folder = user / "overlay"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_merge_writes_one_named_graph_that_queries_see_at_once(user, draft):
    before = data_fingerprint()
    result = merge(draft)
    assert (result.doc_id, result.mentions, result.new_concepts, result.linked) == ("day-program-guide", 21, 11, 10)
    assert result.path == user / "overlay" / "day-program-guide.ttl"
    assert overlay_files(user) == ["day-program-guide.ttl"]
    assert data_fingerprint() == before
    store = open_store()
    documents = listing(store)
    assert [(d.doc_id, d.file, d.mentions, d.new_concepts) for d in documents] == [
        ("day-program-guide", "day-program-guide.md", 21, 11)]
    rows = store.select("overlay-documents").rows
    assert rows[0]["graph"] == USER_GRAPH_PREFIX + "day-program-guide"
    sources = store.select("concept-sources", concept="rgc:lower-cost").rows
    assert any(r["file"] == "day-program-guide.md" and r["subItem"] == 2 and r["lineStart"] == 19 for r in sources)
    new = store.select("concept-sources", concept="rgc:u-day-program-guide-long-days").rows
    assert [(r["item"], r["setting"]) for r in new] == [(1, expand("rgc:partial-hospitalization"))]


def test_merged_overlay_is_valid_and_removal_restores_the_graph(user, draft, capsys):
    curated = open_store().triple_count()
    merge(draft)
    assert cli.main(["validate"]) == 0
    assert open_store().triple_count() > curated
    remove("day-program-guide")
    assert overlay_files(user) == []
    assert open_store().triple_count() == curated


def test_merge_keeps_only_accepted_rows_and_writes_the_reviewers_definition(user, draft):
    for c in draft.candidates:
        c.accept = c.id in ("s04-i1", "s03-i3")
    long_days = next(c for c in draft.candidates if c.id == "s04-i1")
    long_days.definition = "Treatment takes up most of each weekday."
    result = merge(draft)
    assert (result.mentions, result.new_concepts) == (2, 1)
    text = result.path.read_text(encoding="utf-8")
    assert '"Treatment takes up most of each weekday."@en' in text and "Placeholder" not in text


def test_merging_the_same_document_twice_needs_replace(user, draft):
    merge(draft)
    with pytest.raises(OverlayError) as caught:
        merge(draft)
    assert str(caught.value) == (
        f"'day-program-guide' is already in the overlay ({user / 'overlay' / 'day-program-guide.ttl'}); merge with "
        "--replace to update it, or run `recovery-graph remove day-program-guide` first")
    draft.candidates = draft.candidates[:3]
    assert merge(draft, replace=True).replaced is True
    assert listing(open_store())[0].mentions == 3


def test_a_failed_write_leaves_the_overlay_as_it_was(user, draft, extractor, monkeypatch):
    merge(draft)
    before = (user / "overlay" / "day-program-guide.ttl").read_bytes()

    def broken_rename(self, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", broken_rename)
    with pytest.raises(OverlayError) as caught:
        merge(extractor.extract_file(NOTES))
    assert str(caught.value).startswith("Could not write ") and str(caught.value).endswith(
        "stepping-down-notes.ttl (No space left on device); the overlay is unchanged")
    with pytest.raises(OverlayError):
        merge(draft, replace=True)
    monkeypatch.undo()
    assert overlay_files(user) == ["day-program-guide.ttl"]  # no temporary file left behind
    assert (user / "overlay" / "day-program-guide.ttl").read_bytes() == before
    assert [p.name for p in user.iterdir()] == ["overlay"]  # no staging folder left behind


def test_a_broken_link_or_kind_is_refused_and_nothing_is_written(user, draft):
    draft.candidates[0].match = expand("rgc:no-such-concept")
    draft.candidates[5].kind = expand("rg:Theme")
    with pytest.raises(OverlayError) as caught:
        merge(draft)
    message = str(caught.value)
    assert message.startswith("day-program-guide.md cannot be merged: row s02-i1 links to rgc:no-such-concept, "
                              "which is not a concept of the graph (pick one the page offers, or leave match empty "
                              "for a new concept); row s03-i1-1 has kind rg:Theme, which is not a concept kind")
    assert message.endswith(". Nothing was changed")
    assert overlay_files(user) == []


def test_integrity_rules_are_checked_before_anything_is_written(user, draft):
    draft.candidates[5].themes = ()  # SHACL: every concept needs a theme
    draft.candidates[5].definition = ""
    for c in draft.candidates:
        if c.is_new and c.id != "s03-i1-1":
            c.accept = False
    with pytest.raises(OverlayError) as caught:
        merge(draft)
    assert "would break 1 integrity rule(s): " in str(caught.value)
    assert "needs at least one theme (rg:hasTheme rgt:...) that exists in data/themes.ttl" in str(caught.value)
    assert str(caught.value).endswith("Nothing was changed; fix the review table and try again")
    assert overlay_files(user) == [] and [p.name for p in user.iterdir()] == []


def test_removal_is_refused_while_another_document_relies_on_its_concepts(user, draft, extractor):
    merge(draft)
    other = extractor.extract_file(NOTES)
    other.candidates[0].match = expand("rgc:u-day-program-guide-long-days")
    merge(other)
    with pytest.raises(OverlayError) as caught:
        remove("day-program-guide")
    assert "Removing day-program-guide would break" in str(caught.value)
    assert overlay_files(user) == ["day-program-guide.ttl", "stepping-down-notes.ttl"]
    remove("stepping-down-notes")
    remove("day-program-guide")
    assert overlay_files(user) == []


def test_user_folder_inside_data_is_refused(draft, monkeypatch):
    monkeypatch.setenv("RECOVERY_GRAPH_USER_DIR", str(DEFAULT_DATA_DIR / "mine"))
    with pytest.raises(OverlayError) as caught:
        merge(draft)
    assert "lies inside the curated data/ folder; set RECOVERY_GRAPH_USER_DIR (or --user-dir)" in str(caught.value)
    assert not (DEFAULT_DATA_DIR / "mine").exists()


def test_cli_extract_review_merge_list_and_remove(user, tmp_path, capsys, extractor):
    drafts = tmp_path / "drafts"
    assert cli.main(["extract", str(GUIDE), "-o", str(drafts)]) == 0
    table = drafts / "day-program-guide.review.csv"
    text = table.read_text(encoding="utf-8").replace("s04-i3-1,yes,", "s04-i3-1,no,")
    table.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["merge", str(drafts / "day-program-guide.ttl")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Merged day-program-guide.md as 'day-program-guide': 20 mentions (10 of existing concepts, "
                          "10 new concepts) in ")
    assert cli.main(["overlay"]) == 0
    assert "day-program-guide  day-program-guide.md  \"Choosing a day program: a guide for families\"  20 mentions" \
           in capsys.readouterr().out
    assert cli.main(["merge", str(drafts / "day-program-guide.ttl")]) == 1
    assert "is already in the overlay" in capsys.readouterr().err
    assert cli.main(["remove", "day-program-guide"]) == 0
    assert capsys.readouterr().out.startswith("Removed 'day-program-guide' from the overlay (")
    assert cli.main(["remove", "day-program-guide"]) == 1
    assert "No document 'day-program-guide' in the overlay at " in capsys.readouterr().err
    assert cli.main(["overlay"]) == 0
    assert "is empty" in capsys.readouterr().out


def test_cli_user_dir_option_points_at_another_overlay(tmp_path, capsys, draft):
    other = tmp_path / "elsewhere"
    ttl, _ = write_draft(draft, tmp_path / "drafts")
    assert cli.main(["merge", str(ttl), "--user-dir", str(other)]) == 0
    assert (other / "overlay" / "day-program-guide.ttl").is_file()
    assert read_draft(ttl).doc_id == "day-program-guide"
    assert cli.main(["remove", "day-program-guide", "--user-dir", str(other)]) == 0


def test_extracting_a_merged_document_again_does_not_link_to_its_own_concepts(user, draft):
    merge(draft)
    again = Extractor.from_store(open_store()).extract_file(GUIDE)
    own = again.new_concept_prefix
    assert not any((c.match or "").startswith(own) for c in again.candidates)
    assert sum(1 for c in again.candidates if c.is_new) == 11
    assert merge(again, replace=True).new_concepts == 11
