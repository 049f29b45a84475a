"""Which rules `validate` checks a data folder against: its own shapes.ttl, else the package's."""

from graph import cli
from graph.build import build
from graph.datafiles import DEFAULT_DATA_DIR
from graph.validate import rules_for, validate

NAMELESS_THERAPY = (
    "@prefix rg: <https://w3id.org/recovery-graph/def#> .\n"
    "<https://w3id.org/recovery-graph/id/concept/nameless> a rg:Therapy .\n"
)


def test_the_curated_folder_uses_its_own_shapes_without_a_note(built):
    rules = rules_for(built)
    assert rules.path == DEFAULT_DATA_DIR / "shapes.ttl" and rules.note == ""


def test_a_folder_without_shapes_is_checked_against_the_package_rules_and_says_so(data_copy):
    (data_copy / "shapes.ttl").unlink()
    (data_copy / "concepts" / "zz.ttl").write_text(NAMELESS_THERAPY, encoding="utf-8")
    result = build(data_copy, user_dir=False)
    rules = rules_for(result)
    assert rules.path == DEFAULT_DATA_DIR / "shapes.ttl"
    assert "has no shapes.ttl of its own; checked against the package's rules in" in rules.note
    assert any("needs exactly one label" in str(v) for v in validate(result))


def test_cli_validate_of_a_folder_without_shapes_passes_with_a_note(data_copy, capsys):
    (data_copy / "shapes.ttl").unlink()
    assert cli.main(["validate", "--data", str(data_copy)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Valid: ")
    assert captured.err.startswith("Note: ") and "has no shapes.ttl of its own" in captured.err


def test_a_folder_with_its_own_shapes_is_checked_against_them(data_copy):
    (data_copy / "shapes.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix rg: <https://w3id.org/recovery-graph/def#> .\n"
        "<urn:x:every-setting-has-a-phone> a sh:NodeShape ; sh:targetClass rg:CareSetting ;\n"
        "    sh:property [ sh:path rg:phone ; sh:minCount 1 ; sh:message \"has no phone\" ] .\n",
        encoding="utf-8")
    result = build(data_copy, user_dir=False)
    rules = rules_for(result)
    assert rules.path == data_copy / "shapes.ttl" and rules.note == ""
    messages = {v.message for v in validate(result)}
    assert messages == {"has no phone"}


def test_the_search_index_is_not_part_of_what_the_rules_check(built):
    from graph.validate import _union_ntriples

    import pyoxigraph as ox

    checked = list(ox.parse(_union_ntriples(built.store), format=ox.RdfFormat.N_TRIPLES))
    predicates = {t.predicate.value.rsplit("#", 1)[-1] for t in checked}
    assert "prefLabel" in predicates and "mentions" in predicates
    assert not predicates & {"labelToken", "altLabelToken", "definitionToken", "searchWord"}
