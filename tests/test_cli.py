"""The CLI mirrors the library: build, validate, stats, export, queries, query."""

import io
import json

import networkx as nx
import rdflib

from graph import cli


def run(capsys, *argv):
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_validate_passes_on_the_curated_data(capsys):
    code, out, _ = run(capsys, "validate")
    assert code == 0
    assert out.startswith("Valid: ") and "no violations" in out


def test_build_writes_nquads_dump_and_disk_store(capsys, tmp_path):
    out_file, store_dir = tmp_path / "g.nq", tmp_path / "store"
    code, out, _ = run(capsys, "build", "--out", str(out_file), "--store", str(store_dir))
    assert code == 0, out
    dataset = rdflib.Dataset()
    dataset.parse(out_file, format="nquads")
    assert len(dataset) > 3000
    assert "derived, " in out and " of the search, network and overview indexes) in " in out
    code, out, _ = run(capsys, "stats", "--backend", "disk", "--store-path", str(store_dir), "--format", "json")
    assert code == 0
    assert json.loads(out)["documents"] == 5


def test_stats_lists_counts_per_kind_setting_document_and_theme(capsys):
    code, out, _ = run(capsys, "stats")
    assert code == 0
    for heading in ("Concepts per kind", "Concepts per setting", "Concepts per document", "Concepts per theme"):
        assert heading in out
    assert "Intensive outpatient program" in out and "000_43c7f7d007e7bc6a.txt" in out


def test_export_turtle_parses_back(capsys, tmp_path):
    target = tmp_path / "g.ttl"
    assert run(capsys, "export", "--format", "turtle", "-o", str(target))[0] == 0
    g = rdflib.Graph().parse(target, format="turtle")
    family = rdflib.URIRef("https://w3id.org/recovery-graph/id/concept/family-therapy")
    assert (family, rdflib.namespace.SKOS.prefLabel, rdflib.Literal("Family therapy", lang="en")) in g


def test_export_jsonld_and_nt_parse_back(capsys, tmp_path):
    for fmt, parser in (("jsonld", "json-ld"), ("nt", "nt")):
        target = tmp_path / f"g.{fmt}"
        assert run(capsys, "export", "--format", fmt, "-o", str(target))[0] == 0
        dataset = rdflib.Dataset() if fmt == "jsonld" else rdflib.Graph()
        dataset.parse(target, format=parser)
        assert len(dataset) > 3000 or sum(1 for _ in dataset.quads()) > 3000


def test_export_leaves_the_search_index_out_unless_asked(capsys, tmp_path, built):
    index = rdflib.URIRef("https://w3id.org/recovery-graph/graph/search-index")
    label_token = rdflib.URIRef("https://w3id.org/recovery-graph/def#labelToken")
    plain, full = tmp_path / "g.nq", tmp_path / "full.nq"
    assert run(capsys, "export", "--format", "nquads", "-o", str(plain))[0] == 0
    assert run(capsys, "export", "--format", "nquads", "--search-index", "-o", str(full))[0] == 0
    without, with_index = rdflib.Dataset(), rdflib.Dataset()
    without.parse(plain, format="nquads")
    with_index.parse(full, format="nquads")
    assert index not in {g.identifier for g in without.graphs()}
    assert not list(without.quads((None, label_token, None, None)))
    assert sum(1 for _ in with_index.quads()) == len(built.store)
    assert sum(1 for _ in without.quads()) == len(built.store) - built.indexed
    triples = rdflib.Graph().parse(data=run(capsys, "export", "--format", "nt")[1], format="nt")
    assert not list(triples.triples((None, label_token, None))) and len(triples) > 3000


def test_export_graphml_opens_in_networkx(capsys, tmp_path):
    target = tmp_path / "g.graphml"
    assert run(capsys, "export", "--format", "graphml", "-o", str(target))[0] == 0
    g = nx.read_graphml(target)
    family = "https://w3id.org/recovery-graph/id/concept/family-therapy"
    assert g.nodes[family]["label"] == "Family therapy"
    assert g.nodes[family]["kind"] == "FamilySupportStrategy"
    neighbours = {g.nodes[n]["label"] for n in g.successors(family)}
    assert {"Inpatient / residential treatment", "Intensive outpatient program", "Outpatient treatment"} <= neighbours


def test_queries_lists_named_queries_with_titles(capsys):
    code, out, _ = run(capsys, "queries")
    assert code == 0
    assert "concept-sources\n    Where a concept comes from" in out


def test_query_with_param_as_csv(capsys):
    code, out, _ = run(capsys, "query", "concept-settings", "--param", "concept=rgc:family-therapy", "--format", "csv")
    assert code == 0
    header, *rows = out.strip().splitlines()
    assert header.startswith("concept,setting,settingLabel,rank")
    assert [r.split(",")[2] for r in rows] == [
        "Inpatient / residential treatment", "Intensive outpatient program", "Outpatient treatment"]


def test_unknown_query_and_bad_param_say_what_to_do(capsys):
    code, _, err = run(capsys, "query", "no-such-query")
    assert code == 1 and "There is no named query 'no-such-query'" in err and "recovery-graph queries" in err
    code, _, err = run(capsys, "query", "concept-settings", "--param", "colour=blue")
    assert code == 1 and "has no parameter colour; it takes: concept" in err
    code, _, err = run(capsys, "query", "concept-settings")
    assert code == 1 and "needs --param concept=..." in err


def test_syntax_error_in_query_reports_line_and_column(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT ?s WHERE {\n  ?s ?p \n}\n"))
    code, _, err = run(capsys, "query", "-")
    assert code == 1
    assert "Error (line 3, column" in err and "SPARQL syntax error" in err
