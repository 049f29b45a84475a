"""Bad data gets a message naming the file, line or concept, and nothing is left half-built."""

import re

import pytest

from graph import cli
from graph.build import build, build_to_disk
from graph.errors import DataFileError
from graph.store import open_store
from graph.validate import validate


def break_line(path, line_no, text):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line_no - 1] = text
    path.write_text("".join(lines), encoding="utf-8")


def test_turtle_syntax_error_names_file_and_line(data_copy):
    target = data_copy / "themes.ttl"
    break_line(target, 9, 'rgt:autonomy a rg:Theme ; skos:prefLabel "unterminated .\n')
    with pytest.raises(DataFileError) as err:
        build(data_copy)
    assert err.value.path.endswith("themes.ttl")
    assert err.value.line == 9
    assert "Turtle syntax error" in str(err.value) and "fix the file" in str(err.value)


def test_cli_validate_reports_syntax_error_with_file_line(data_copy, capsys):
    break_line(data_copy / "settings.ttl", 7, "rgc:inpatient-residential a rg:CareSetting ;;; ]\n")
    assert cli.main(["validate", "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"settings\.ttl:7(:\d+)?: Turtle syntax error", err), err


def test_missing_ontology_says_what_to_do(data_copy):
    (data_copy / "ontology.ttl").unlink()
    with pytest.raises(DataFileError, match="missing: every build needs the ontology; restore it from git"):
        build(data_copy)


def test_missing_data_folder_says_what_to_do(tmp_path):
    with pytest.raises(DataFileError, match="no such data folder; pass --data"):
        build(tmp_path / "nowhere")


def test_concept_without_definition_is_named_by_label_and_file(data_copy):
    shared = data_copy / "concepts" / "shared.ttl"
    text = shared.read_text(encoding="utf-8")
    cut = text.replace(
        '    skos:definition "Sessions in which the person and relatives work with a therapist on trust, '
        'communication and family patterns that affect recovery."@en ;\n', "")
    assert cut != text
    shared.write_text(cut, encoding="utf-8")
    messages = [str(v) for v in validate(build(data_copy))]
    assert any(
        m.endswith('shared.ttl: FamilySupportStrategy "Family therapy" (rgc:family-therapy) has no definition '
                   "(skos:definition): add one sentence in your own words")
        for m in messages
    ), messages


def test_concept_without_theme_or_source_is_reported(data_copy):
    extra = data_copy / "concepts" / "zz-extra.ttl"
    extra.write_text(
        "@prefix rg: <https://w3id.org/recovery-graph/def#> .\n"
        "@prefix rgc: <https://w3id.org/recovery-graph/id/concept/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        'rgc:orphan a rg:Advantage ; skos:inScheme rgc:scheme ; skos:prefLabel "Orphan idea"@en ;\n'
        '    skos:definition "An idea nobody wrote about."@en .\n',
        encoding="utf-8",
    )
    messages = [str(v) for v in validate(build(data_copy))]
    orphan = [m for m in messages if '"Orphan idea"' in m]
    assert any("needs at least one theme" in m for m in orphan), orphan
    assert any("has no source: no mention in data/sources/*.ttl names it" in m for m in orphan), orphan
    assert any("has no care setting" in m for m in orphan), orphan
    assert all(m.startswith(str(extra)) for m in orphan)


def test_cli_validate_exits_nonzero_on_violations(data_copy, capsys):
    (data_copy / "concepts" / "zz.ttl").write_text(
        "@prefix rg: <https://w3id.org/recovery-graph/def#> .\n"
        "<https://w3id.org/recovery-graph/id/concept/nameless> a rg:Therapy .\n", encoding="utf-8")
    assert cli.main(["validate", "--data", str(data_copy)]) == 1
    captured = capsys.readouterr()
    assert "needs exactly one label" in captured.out
    assert "violation(s) of data/shapes.ttl" in captured.err


def test_broken_file_leaves_existing_disk_store_untouched(data_copy, tmp_path):
    target = tmp_path / "store"
    build_to_disk(target, data_copy)
    before = sorted(p.name for p in target.iterdir())
    good = open_store("disk", path=target).triple_count()
    break_line(data_copy / "themes.ttl", 9, "this is not turtle\n")
    with pytest.raises(DataFileError):
        build_to_disk(target, data_copy)
    assert sorted(p.name for p in target.iterdir()) == before
    assert open_store("disk", path=target).triple_count() == good
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".store-")] == []


def test_broken_file_leaves_existing_dump_untouched(data_copy, tmp_path):
    out = tmp_path / "graph.nq"
    assert cli.main(["build", "--data", str(data_copy), "--out", str(out)]) == 0
    before = out.read_bytes()
    break_line(data_copy / "themes.ttl", 9, "this is not turtle\n")
    assert cli.main(["build", "--data", str(data_copy), "--out", str(out)]) == 1
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["graph.nq"]


def test_disk_backend_without_store_says_how_to_make_one(tmp_path, capsys):
    assert cli.main(["stats", "--backend", "disk", "--store-path", str(tmp_path / "none")]) == 1
    assert f"run `recovery-graph build --store {tmp_path / 'none'}` first" in capsys.readouterr().err
