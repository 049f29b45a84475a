"""List parameters (``list: true``): several values bound as VALUES rows, the same on every engine."""

from __future__ import annotations

import csv
import io
import re

import pytest

from graph import cli
from graph import queries as query_library
from graph.build import to_rdflib
from graph.errors import QueryError
from graph.namespaces import expand
from graph.remote import RemoteStore, bind
from graph.store import RdflibStore, _anchored

FAMILY_THERAPY, OUTPATIENT, AUTONOMY = expand("rgc:family-therapy"), expand("rgc:outpatient"), expand("rgt:autonomy")

LABELS = """#+ title: Labels of concepts
#+ description: The preferred label of each given concept.
#+ params:
#+   concept:
#+     type: iri
#+     list: true
#+     required: true
#+     description: The concepts.
SELECT ?concept ?label WHERE { ?concept skos:prefLabel ?label }
"""

#: A list used in a sub-SELECT, in both branches of a UNION with a FILTER, and in an EXISTS.
NESTED = """#+ title: Settings of concepts, the long way
#+ description: For each given concept, the settings it applies to or suits.
#+ params:
#+   concept:
#+     type: iri
#+     list: true
#+     required: true
#+     description: The concepts.
SELECT ?concept ?setting WHERE {
  { SELECT ?concept ?setting WHERE {
      { ?c rg:appliesTo ?setting FILTER(?c = ?concept) } UNION { ?concept rg:suits ?setting }
  } }
  FILTER EXISTS { ?concept skos:prefLabel ?any }
}
"""


@pytest.fixture(scope="module")
def rdflib_store(built):
    return RdflibStore(to_rdflib(built.store))


def rows(result) -> set:
    return {tuple(sorted(r.items())) for r in result.rows}


# ------------------------------------------------------------------ the header and the values

def test_a_list_parameter_is_declared_in_the_header():
    nodes = {p.name: p for p in query_library.get("network-neighbours").params}["nodes"]
    assert nodes.is_list and nodes.type == "iri" and nodes.type_label == "iri list"
    with pytest.raises(QueryError, match=r"parameter concept has list: 'yes please'; write list: true or leave it out"):
        query_library.from_text("x", LABELS.replace("list: true", "list: yes please"))


def test_a_list_is_taken_from_text_with_spaces_or_commas_or_from_a_python_list():
    named = query_library.from_text("labels", LABELS)
    both = ("iri", (FAMILY_THERAPY, OUTPATIENT))
    assert named.coerce({"concept": "rgc:family-therapy rgc:outpatient"})["concept"] == both
    assert named.coerce({"concept": " rgc:family-therapy,rgc:outpatient , "})["concept"] == both
    assert named.coerce({"concept": [FAMILY_THERAPY, "rgc:outpatient", FAMILY_THERAPY]})["concept"] == both  # once each
    assert named.coerce({"concept": "<http://example.org/a,b> rgc:outpatient"})["concept"] == (
        "iri", ("http://example.org/a,b", OUTPATIENT))
    words = query_library.from_text("w", LABELS.replace("type: iri", "type: string"))
    assert words.coerce({"concept": "family therapy, relapse"})["concept"] == ("string", ("family therapy", "relapse"))


def test_an_empty_list_is_left_out_when_typed_and_matches_nothing_when_given(store):
    required = query_library.from_text("labels", LABELS)
    for empty in ("", " , ", []):
        with pytest.raises(QueryError, match=r"needs --param concept=\.\.\. \(The concepts\.\)"):
            required.coerce({"concept": empty})
    optional = query_library.from_text("labels", LABELS.replace("required: true", "required: false"))
    assert optional.coerce({"concept": " "}) == {}
    assert optional.coerce({"concept": []}) == {"concept": ("iri", ())}
    assert store.select(optional, concept=[]).rows == []
    assert len(store.select(optional).rows) > 100  # left out: every concept


def test_a_bad_item_names_the_parameter_and_a_one_valued_parameter_refuses_a_list():
    named = query_library.from_text("labels", LABELS)
    with pytest.raises(QueryError, match=r"parameter concept: 'nope:x' is neither a full IRI nor a known prefixed name"):
        named.coerce({"concept": "rgc:family-therapy nope:x"})
    with pytest.raises(QueryError, match=r"parameter concept takes one iri, not a list of 2; give it once"):
        query_library.get("concept-sources").coerce({"concept": [FAMILY_THERAPY, OUTPATIENT]})
    with pytest.raises(QueryError, match=r"Parameter concept: .* is not a valid iri"):
        bind(named.text, {"concept": ("iri", (FAMILY_THERAPY, "http://example.org/a b"))})


# ------------------------------------------------------------------ the answers

@pytest.mark.parametrize("text", [LABELS, NESTED], ids=["flat", "nested"])
def test_a_list_answers_as_the_union_of_one_value_at_a_time_on_every_engine(store, rdflib_store, text):
    named = query_library.from_text("q", text)
    values = [FAMILY_THERAPY, OUTPATIENT, expand("rgc:lower-cost")]
    one_by_one = set().union(*(rows(store.select(named, concept=[v])) for v in values))
    assert one_by_one and {r[0][1] for r in one_by_one} >= {FAMILY_THERAPY, expand("rgc:lower-cost")}
    assert rows(store.select(named, concept=values)) == one_by_one
    assert rows(rdflib_store.select(named, concept=values)) == one_by_one
    remote_text, _ = bind(named.text, named.coerce({"concept": values}))
    assert rows(store.select(remote_text)) == one_by_one  # what a remote endpoint is sent


def test_a_list_is_written_into_sub_selects_and_union_branches_but_not_exists():
    named = query_library.from_text("q", NESTED)
    bound = named.coerce({"concept": [FAMILY_THERAPY, OUTPATIENT]})
    block = f"VALUES ?concept {{ <{FAMILY_THERAPY}> <{OUTPATIENT}> }}"
    for text in (_anchored(named.text, bound), bind(named.text, bound)[0]):
        assert text.count(block) == 3  # the sub-SELECT and both UNION branches
        assert "SELECT ?concept ?setting WHERE {\n" in text  # the sub-SELECT first: its answers hold only the values
        assert "VALUES" not in text[text.index("FILTER EXISTS"):]
        assert len(text.splitlines()) == len(named.text.splitlines()) + text.startswith("PREFIX")
    first = query_library.from_text("q", NESTED.replace("SELECT ?concept ?setting WHERE {\n",
                                                        "SELECT ?concept ?setting WHERE {\n  ?concept a ?k .\n"))
    assert _anchored(first.text, bound).count(block) == 4  # named before the sub-SELECT: the WHERE group too


def test_a_hostile_list_item_stays_data(store):
    hostile = '"} } ; DROP ALL ; SELECT * { ?s ?p ?o } #'
    named = query_library.from_text("w", LABELS.replace("type: iri", "type: string").replace(
        "?concept skos:prefLabel ?label", "BIND(?concept AS ?label)"))
    answer = store.select(named, concept=[hostile, "plain"])
    assert sorted(r["label"] for r in answer.rows) == sorted([hostile, "plain"])


def test_network_edges_go_from_the_sources_to_the_targets(store):
    both = store.select("network-edges", source=[FAMILY_THERAPY, OUTPATIENT], target=[FAMILY_THERAPY, OUTPATIENT]).rows
    assert {(r["source"], r["target"]) for r in both} == {(FAMILY_THERAPY, OUTPATIENT)}
    assert store.select("network-edges", source=[OUTPATIENT], target=[FAMILY_THERAPY]).rows == []


def test_network_neighbours_keeps_the_kinds_listed_and_none_for_an_empty_list(store):
    every = store.select("network-neighbours", nodes=[AUTONOMY]).rows
    dilemma = expand("rg:EthicalDilemma")
    only = store.select("network-neighbours", nodes=[AUTONOMY], kinds=[dilemma]).rows
    assert only and {r["kind"] for r in only} == {dilemma} and len(only) < len(every)
    assert {r["to"] for r in only} == {r["to"] for r in every if r["kind"] == dilemma}
    assert store.select("network-neighbours", nodes=[AUTONOMY], kinds=[]).rows == []


def test_no_named_query_matches_a_list_of_iris_inside_a_string():
    """A string of IRIs tested with CONTAINS scans every link of the store; use `list: true`."""
    for named in query_library.catalogue().values():
        for p in named.params:
            found = re.search(rf"CONCAT\(\s*\" \",\s*\?{p.name}\b", named.text)
            assert not found, f"{named.name}: parameter {p.name} is a list in a string; declare it with list: true"


# ------------------------------------------------------------------ the CLI and a remote endpoint

def test_the_cli_takes_a_list_as_one_text_or_a_repeated_param(capsys):
    args = ["query", "network-neighbours", "--format", "csv"]
    assert cli.main([*args, "--param", "nodes=rgt:autonomy,rgc:family-therapy"]) == 0
    joined = capsys.readouterr().out
    assert cli.main([*args, "--param", "nodes=rgt:autonomy", "--param", "nodes=rgc:family-therapy"]) == 0
    assert capsys.readouterr().out == joined
    assert {r["nodes"] for r in csv.DictReader(io.StringIO(joined))} == {AUTONOMY, FAMILY_THERAPY}
    assert cli.main(["query", "concept-sources", "--param", "concept=rgc:a", "--param", "concept=rgc:b"]) == 1
    assert "takes one iri, not a list of 2" in capsys.readouterr().err
    assert cli.main(["queries"]) == 0
    assert "nodes:iri list" in capsys.readouterr().out


def test_a_remote_endpoint_answers_a_list_as_the_embedded_store(sparql_endpoint, store):
    values = [AUTONOMY, FAMILY_THERAPY, OUTPATIENT]
    for name, params in (("network-neighbours", {"nodes": values, "kinds": [expand("rg:Theme"), expand("rg:CareSetting")]}),
                         ("network-step", {"nodes": values, "kinds": [expand("rg:Theme"), expand("rg:CareSetting")]}),
                         ("network-step", {"nodes": values, "setting": OUTPATIENT}),
                         ("network-nodes", {"nodes": values}),
                         ("network-edges", {"source": values, "target": values})):
        ours = store.select(name, **params)
        theirs = RemoteStore(sparql_endpoint).select(name, **params)
        assert ours.rows and rows(theirs) == rows(ours), name

