"""The graph over HTTP: `recovery-graph serve` (the real Oxigraph server) on a free loopback port,
asked through standard clients, gives the embedded store's answers; loading a writable server is
one command."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
import rdflib
from SPARQLWrapper import JSON, SPARQLWrapper

from graph import cli, queries as query_library
from graph.errors import StoreError
from graph.remote import RemoteStore, bind, graph_store_url, load_endpoint
from graph.server import free_port, oxigraph_binary, wait_until_up
from graph.store import IRI, open_store

from test_queries import sample_params

XSD = "http://www.w3.org/2001/XMLSchema#"
NAMED = query_library.listed()


def normal(value):
    """One comparable form for a value from either side: numbers as numbers, and text with its
    comma-, semicolon- or bar-separated parts sorted (GROUP_CONCAT order is up to the engine)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("num", round(float(value), 9))
    kind = "iri" if isinstance(value, IRI) else "text"
    return (kind, tuple(sorted(re.split(r"\s*[,;|]\s*|\s+(?=https?://)", str(value)))))


def wrapper_value(binding: dict | None):
    if binding is None:
        return None
    if binding["type"] == "uri":
        return IRI(binding["value"])
    datatype = binding.get("datatype", "")
    if datatype in (XSD + "integer", XSD + "int", XSD + "long", XSD + "nonNegativeInteger"):
        return int(binding["value"])
    if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
        return float(binding["value"])
    if datatype == XSD + "boolean":
        return binding["value"] in ("true", "1")
    return binding["value"]


def as_bag(columns, rows) -> Counter:
    return Counter(tuple(normal(row.get(c)) for c in columns) for row in rows)


@pytest.mark.parametrize("named", NAMED, ids=lambda q: q.name)
def test_every_named_query_through_sparqlwrapper_equals_the_embedded_answer(sparql_endpoint, store, named):
    params = sample_params(named)
    embedded = store.select(named, **params)
    text, _ = bind(named.text, named.coerce(params))
    # SPARQLWrapper guesses the query type with a regular expression that misses every other line of
    # a run of comments (the "#+" header), so a word such as "add-document" in a description makes it
    # send the query as an update; a developer strips the header, as here.
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    client = SPARQLWrapper(sparql_endpoint)
    client.setMethod("POST")
    client.setQuery(text)
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    assert answer["head"]["vars"] == embedded.columns
    remote_rows = [{v: wrapper_value(b.get(v)) for v in answer["head"]["vars"]} for b in answer["results"]["bindings"]]
    assert as_bag(embedded.columns, remote_rows) == as_bag(embedded.columns, embedded.rows)


@pytest.mark.parametrize("named", NAMED, ids=lambda q: q.name)
def test_every_named_query_through_the_remote_store_equals_the_embedded_answer(sparql_endpoint, store, named):
    params = sample_params(named)
    embedded, remote = store.select(named, **params), RemoteStore(sparql_endpoint).select(named, **params)
    assert remote.columns == embedded.columns
    assert as_bag(remote.columns, remote.rows) == as_bag(embedded.columns, embedded.rows)
    assert len(remote.rows) == len(embedded.rows)


def test_the_remote_backend_is_chosen_by_setting_or_environment(sparql_endpoint, monkeypatch):
    assert isinstance(open_store("remote", endpoint=sparql_endpoint), RemoteStore)
    monkeypatch.setenv("RECOVERY_GRAPH_ENDPOINT", sparql_endpoint)
    chosen = open_store()
    assert isinstance(chosen, RemoteStore) and chosen.endpoint == sparql_endpoint
    assert chosen.triple_count() == open_store("memory").triple_count()
    monkeypatch.delenv("RECOVERY_GRAPH_ENDPOINT")
    with pytest.raises(StoreError, match="needs an endpoint: pass --endpoint URL or set RECOVERY_GRAPH_ENDPOINT"):
        open_store("remote")


def test_cli_query_against_the_endpoint_prints_the_same_table(sparql_endpoint, capsys):
    args = ["query", "suitability", "--param", "setting=rgc:outpatient", "--format", "csv"]
    assert cli.main(args) == 0
    local = capsys.readouterr().out
    assert cli.main([*args, "--endpoint", sparql_endpoint]) == 0
    assert capsys.readouterr().out == local


def test_an_unreachable_endpoint_says_how_to_start_one():
    with pytest.raises(StoreError, match=r"Cannot reach the SPARQL endpoint http://127.0.0.1:\d+/query .*recovery-graph serve"):
        RemoteStore(f"http://127.0.0.1:{free_port()}/query").select("stats-total")


# ------------------------------------------------------------------ content negotiation (Oxigraph's)

SELECT_TEXT = bind(query_library.get("continuum").text, {})[0]
CONSTRUCT_TEXT = "CONSTRUCT { ?t a rg:Theme ; skos:prefLabel ?l } WHERE { ?t a rg:Theme ; skos:prefLabel ?l }"


def fetch(url, query, accept, method="GET"):
    if method == "GET":
        request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})
    else:
        request = urllib.request.Request(url, data=query.encode(), method="POST",
                                         headers={"Accept": accept, "Content-Type": "application/sparql-query"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers.get_content_type(), response.read().decode()


def test_select_results_come_as_json_xml_csv_and_tsv(sparql_endpoint, store):
    rows = len(store.select("continuum").rows)
    ctype, body = fetch(sparql_endpoint, SELECT_TEXT, "application/sparql-results+json")
    assert ctype == "application/sparql-results+json" and len(json.loads(body)["results"]["bindings"]) == rows
    ctype, body = fetch(sparql_endpoint, SELECT_TEXT, "application/sparql-results+xml", method="POST")
    results = ET.fromstring(body).findall(".//{http://www.w3.org/2005/sparql-results#}result")
    assert ctype == "application/sparql-results+xml" and len(results) == rows
    ctype, body = fetch(sparql_endpoint, SELECT_TEXT, "text/csv")
    table = list(csv.reader(io.StringIO(body)))
    assert ctype == "text/csv" and table[0][:3] == ["setting", "label", "rank"] and len(table) == rows + 1
    ctype, body = fetch(sparql_endpoint, SELECT_TEXT, "text/tab-separated-values")
    lines = body.strip("\n").split("\n")
    assert ctype == "text/tab-separated-values" and lines[0].startswith("?setting\t?label") and len(lines) == rows + 1


def test_graphs_come_as_turtle_and_n_triples(sparql_endpoint, store):
    expected = len(store.construct(CONSTRUCT_TEXT))
    for accept, parser in (("text/turtle", "turtle"), ("application/n-triples", "nt")):
        ctype, body = fetch(sparql_endpoint, bind(CONSTRUCT_TEXT, {})[0], accept)
        assert ctype == accept
        assert len(rdflib.Graph().parse(data=body, format=parser)) == expected


def test_rdflib_sparqlstore_reads_the_endpoint(sparql_endpoint, store):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(SPARQLStore(sparql_endpoint, returnFormat="json"))
    rows = list(graph.query(query_library.get("help-lines").text))
    assert len(rows) == len(store.select("help-lines").rows)


# ------------------------------------------------------------------ loading a writable server

@pytest.fixture
def writable_server(tmp_path):
    """A plain read-write Oxigraph server, without the union default graph, as a deployment might run."""
    port = free_port()
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_up(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_load_puts_every_named_graph_into_a_server_in_one_command(writable_server, store, capsys):
    assert graph_store_url(writable_server).endswith("/store")
    assert cli.main(["load", "--endpoint", writable_server, "--union-copy"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Loaded ") and "https://w3id.org/recovery-graph/graph/ontology" in out
    remote = RemoteStore(writable_server)
    # the server's default graph holds the union copy, so the named queries see everything
    assert remote.select("stats-total").rows == store.select("stats-total").rows
    assert remote.select("suitability").rows == store.select("suitability").rows
    again = load_endpoint(writable_server, union_copy=True)  # PUT replaces: loading twice changes nothing
    total = remote.select("stats-total").rows[0]
    assert again.graphs["(default graph)"] == total["triples"] + total["indexTriples"]
    graphs = remote.select("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0]["n"]
    assert graphs == len(again.graphs) - 1


def test_load_into_the_read_only_endpoint_says_why_it_cannot(sparql_endpoint):
    with pytest.raises(StoreError, match="HTTP 403 .*read-only"):
        load_endpoint(sparql_endpoint)


def test_load_into_a_store_folder_that_serve_can_publish(tmp_path, capsys):
    assert cli.main(["load", "--store", str(tmp_path / "store")]) == 0
    assert "recovery-graph serve --store" in capsys.readouterr().out
    assert (tmp_path / "store" / "CURRENT").exists()


def test_serve_help_names_the_defaults():
    out = subprocess.run([sys.executable, "-m", "graph.cli", "serve", "--help"], capture_output=True, text=True).stdout
    assert "127.0.0.1" in out and "7878" in out and "--allow-service" in out and "--timeout" in out
