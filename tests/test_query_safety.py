"""Read-only, no SERVICE, bound parameters, time limit and row cap: on the embedded store, the CLI
and the HTTP endpoint. Each refusal is a sentence that says what to do."""

from __future__ import annotations

import io
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from graph import cli, guard, lexer
from graph import queries as query_library
from graph.errors import QueryError
from graph.namespaces import expand
from graph.remote import RemoteStore, bind

EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
EXPLOSIVE_ROWS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
UPDATES = {
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }": "INSERT DATA",
    "DELETE DATA { <urn:a> <urn:b> <urn:c> }": "DELETE DATA",
    "DELETE WHERE { ?s ?p ?o }": "DELETE WHERE",
    "WITH <urn:g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }": "INSERT/DELETE",
    "LOAD <http://example.org/data.ttl>": "LOAD",
    "CLEAR ALL": "CLEAR",
    "DROP GRAPH <urn:g>": "DROP",
    "CREATE GRAPH <urn:g>": "CREATE",
    "ADD DEFAULT TO <urn:g>": "ADD",
    "MOVE <urn:a> TO <urn:b>": "MOVE",
    "COPY <urn:a> TO <urn:b>": "COPY",
}
SERVICE = "SELECT * WHERE {\n  SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o }\n}"


# ------------------------------------------------------------------ inspecting text

@pytest.mark.parametrize("text,operation", UPDATES.items(), ids=lambda x: x.split()[0] if " " in x else x)
def test_every_update_operation_is_refused_and_named(text, operation):
    with pytest.raises(QueryError) as caught:
        guard.check(text, guard.Limits())
    message = str(caught.value)
    assert message.startswith(f"Refused: this is a SPARQL update ({operation}")
    assert "the graph is read-only here" in message and "recovery-graph load" in message
    assert caught.value.line == 1 and caught.value.column == 1


def test_keywords_inside_literals_iris_comments_and_names_are_not_mistaken_for_syntax():
    harmless = [
        'SELECT ?label WHERE { ?c skos:prefLabel ?label FILTER(CONTAINS(LCASE(?label), "drop")) }',
        "SELECT * WHERE { <http://example.org/delete/insert> ?p ?o } # SERVICE and LOAD in a comment",
        "SELECT ?service ?load WHERE { ?service ?load ?copy }",
        "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:insert ex:SERVICE }",
        "SELECT * WHERE { ?s ?p '''a\nDELETE WHERE { ?s ?p ?o }''' }",
        "SELECT * WHERE { ?s rg:contrastsWith ?o }",
    ]
    for text in harmless:
        guard.check(text, guard.Limits())


def test_service_is_refused_unless_configuration_allows_it(monkeypatch):
    with pytest.raises(QueryError) as caught:
        guard.check(SERVICE, guard.Limits())
    assert str(caught.value).startswith("Refused: SERVICE <http://127.0.0.1:9/sparql> would make the server fetch")
    assert "RECOVERY_GRAPH_ALLOW_SERVICE=1" in str(caught.value) and "--allow-service" in str(caught.value)
    assert (caught.value.line, caught.value.column) == (2, 3)
    guard.check(SERVICE, guard.Limits(allow_service=True))
    monkeypatch.setenv("RECOVERY_GRAPH_ALLOW_SERVICE", "1")
    guard.check(SERVICE)


def test_service_spelt_with_codepoint_escapes_is_still_refused():
    with pytest.raises(QueryError, match="Refused: SERVICE"):
        guard.check(r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }", guard.Limits())


def test_a_comment_ends_at_a_carriage_return_as_it_does_for_oxigraph():
    # Oxigraph reads "# note" as the whole comment and runs what follows the CR
    text = "# note\rSELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"
    with pytest.raises(QueryError, match="Refused: SERVICE"):
        guard.check(text, guard.Limits())
    with pytest.raises(QueryError, match="Refused: this is a SPARQL update"):
        guard.check("#+ title: t\rDROP ALL", guard.Limits())


@pytest.mark.parametrize("text", [
    "#+ title: a header\n#+ description: with words\nPREFIX a: <http://example.org/>\nDROP GRAPH <urn:g>",
    "PREFIX a: <http://example.org/>DELETE WHERE { ?s ?p ?o }",
    "PREFIX drop: <http://example.org/> prefix b: <urn:b> CLEAR ALL",
    "\t# a header\r\n  PREFIX a: <urn:a>\r\nINSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "#+ title: t\n1DROP ALL",
])
def test_what_follows_the_prologue_is_always_read(text):
    """The guard skips spaces, comments and PREFIX declarations at the start without tokenizing:
    an update right after them, however they are written, is still refused."""
    with pytest.raises(QueryError, match="Refused"):
        guard.check(text, guard.Limits())


def test_keywords_reads_the_same_words_as_the_tokens():
    texts = [q.text for q in query_library.listed()] + list(UPDATES) + [SERVICE, "SELECT * WHERE { ?s ?p 1DROP }"]
    for text in texts:
        assert lexer.keywords(text) == {t.keyword for t in lexer.tokens(text) if t.keyword}, text[:60]
    with pytest.raises(QueryError, match="line 1, column 10"):
        lexer.keywords("SELECT * ~")


def test_the_tokenizer_skips_strings_iris_and_comments_and_knows_positions():
    toks = lexer.tokens('SELECT * WHERE {\n  ?s ?p "x # DROP" . # CLEAR\n  FILTER(?o < 3) }')
    assert [t.kind for t in toks if t.kind != "punct"] == ["word", "word", "var", "var", "string", "word", "var", "number"]
    assert next(t for t in toks if t.kind == "string").line == 2
    with pytest.raises(QueryError, match="line 1, column 10"):
        lexer.tokens("SELECT * ~")


def test_limits_come_from_the_environment(monkeypatch):
    assert guard.Limits.from_env() == guard.Limits(10.0, 10_000, False)
    monkeypatch.setenv("RECOVERY_GRAPH_QUERY_TIMEOUT", "2.5")
    monkeypatch.setenv("RECOVERY_GRAPH_MAX_ROWS", "50")
    assert guard.Limits.from_env(max_rows=7) == guard.Limits(2.5, 7, False)


# ------------------------------------------------------------------ running on the embedded store

def test_a_runaway_query_is_stopped_at_the_time_limit_and_the_store_keeps_serving(store):
    started = time.perf_counter()
    with pytest.raises(QueryError) as caught:
        guard.run(store, EXPLOSIVE, limits=guard.Limits(timeout=1.5))
    elapsed = time.perf_counter() - started
    assert "stopped after the time limit of 1.5 s" in str(caught.value) and "add LIMIT" in str(caught.value)
    assert elapsed < 4, f"took {elapsed:.1f} s"
    assert store.select("stats-total").rows[0]["documents"] == 5


def test_the_row_cap_stops_reading_a_huge_answer_early(store):
    started = time.perf_counter()
    outcome = guard.run(store, EXPLOSIVE_ROWS, limits=guard.Limits(timeout=10, max_rows=500))
    assert outcome.truncated and len(outcome.answer.rows) == 500
    assert time.perf_counter() - started < 5  # 9,000^2 rows exist; only 501 were read
    small = guard.run(store, "help-lines", limits=guard.Limits(max_rows=500), isolate=False)
    assert not small.truncated and small.answer.rows


def test_without_fork_a_thread_still_answers_at_the_deadline(store, monkeypatch):
    monkeypatch.setattr("multiprocessing.get_all_start_methods", lambda: ["spawn"])
    assert guard.run(store, "stats-total", limits=guard.Limits()).answer.rows[0]["documents"] == 5
    started = time.perf_counter()
    # a query of about a second: the thread cannot stop the engine, so it must end by itself
    with pytest.raises(QueryError, match="time limit of 0.2 s"):
        guard.run(store, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d a ?k }", limits=guard.Limits(timeout=0.2))
    assert time.perf_counter() - started < 0.6


def test_syntax_errors_keep_their_line_and_column_through_the_worker(store):
    with pytest.raises(QueryError) as caught:
        guard.run(store, "SELECT ?s WHERE {\n  ?s ?p \n}", limits=guard.Limits())
    assert (caught.value.line, caught.value.column) == (3, 2)
    assert str(caught.value).startswith("SPARQL syntax error")


def test_construct_and_ask_run_guarded_too(store):
    ask = guard.run(store, "ASK { rgc:family-therapy rg:appliesTo rgc:outpatient }", limits=guard.Limits())
    assert ask.answer is True
    graph = guard.run(store, "CONSTRUCT { ?t a rg:Theme } WHERE { ?t a rg:Theme }", limits=guard.Limits(max_rows=3))
    assert graph.truncated and len(graph.answer) == 3


# ------------------------------------------------------------------ parameters are bound, never pasted

INJECTION = '"} } ; DROP ALL ; SELECT * { ?s ?p ?o } #\n\\ é'


def test_a_hostile_parameter_value_is_data_not_syntax(store):
    rows = store.select("search-labels", text=INJECTION).rows
    assert rows == []
    text, _ = bind("SELECT ?text WHERE { BIND(?text AS ?t) }", {"text": ("string", INJECTION)})
    echoed = store.select(text).rows
    assert echoed == [{"text": INJECTION}]
    with pytest.raises(QueryError, match="is not a valid iri"):
        bind("SELECT ?c WHERE { ?c ?p ?o }", {"c": ("iri", "http://example.org/a b")})


def test_values_go_at_the_start_of_the_where_group_not_after_the_query(store):
    """A trailing VALUES joins after GROUP BY and HAVING: the parameter is unbound while they run."""
    named_text = query_library.get("concepts-in-several-documents").text
    bound_text, _ = bind(named_text, {"minimum": ("integer", 4)})
    assert "WHERE { VALUES (?minimum) { (\"4\"^^<http://www.w3.org/2001/XMLSchema#integer>) }" in bound_text
    right = store.select(bound_text).rows
    assert right == store.select("concepts-in-several-documents", minimum=4).rows and right
    trailing = named_text + "\nVALUES ?minimum { 4 }"
    assert store.select(trailing).rows == []  # HAVING saw an unbound ?minimum and dropped every group


def test_a_sub_select_that_projects_a_parameter_gets_it_too(store):
    text = ("SELECT ?concept ?label WHERE {\n  { SELECT ?concept WHERE { ?concept rg:appliesTo ?s } GROUP BY ?concept }\n"
            "  ?concept skos:prefLabel ?label }")
    bound, _ = bind(text, {"concept": ("iri", expand("rgc:family-therapy"))})
    assert bound.count("VALUES (?concept)") == 2
    assert store.select(bound).rows == [{"concept": expand("rgc:family-therapy"), "label": "Family therapy"}]


def test_a_parameter_used_inside_union_branches_is_bound_in_each_branch(store):
    text = ("SELECT ?text ?c WHERE {\n  { ?c skos:prefLabel ?l FILTER(CONTAINS(LCASE(?l), ?text)) }\n"
            "  UNION { ?c skos:altLabel ?l FILTER(CONTAINS(LCASE(?l), ?text)) } VALUES ?x { 1 } }")
    bound, _ = bind(text, {"text": ("string", "family")})
    assert bound.count('VALUES (?text) { ("family") }') == 3  # the WHERE group and both branches
    assert "VALUES ?x { 1 }" in bound  # a VALUES data block is not a group
    rows = store.select(bound).rows
    assert rows and {r["text"] for r in rows} == {"family"}
    template = "CONSTRUCT { ?c rdfs:label ?text } WHERE { ?c skos:prefLabel ?text }"
    assert bind(template, {"text": ("string", "x")})[0].endswith(
        'CONSTRUCT { ?c rdfs:label ?text } WHERE { VALUES (?text) { ("x") }  ?c skos:prefLabel ?text }')


def test_where_group_is_found_for_every_query_form():
    for text in ("SELECT * { ?s ?p ?o }", "ASK WHERE { ?s ?p ?o }",
                 "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }",
                 "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }"):
        brace = lexer.where_group(lexer.tokens(text))
        assert text[brace.offset] == "{"
        assert text[: brace.offset].count("{") in (0, 1 if text.startswith("CONSTRUCT") else 0)
    with pytest.raises(QueryError, match="CONSTRUCT WHERE short form"):
        lexer.where_group(lexer.tokens("CONSTRUCT WHERE { ?s ?p ?o }"))


# ------------------------------------------------------------------ the CLI's default mode

def run_cli(capsys, monkeypatch, text, *args):
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code = cli.main(["query", "-", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_refuses_updates_and_service_with_line_and_column(capsys, monkeypatch):
    code, _, err = run_cli(capsys, monkeypatch, "PREFIX ex: <http://example.org/>\nDROP ALL")
    assert code == 1 and err.startswith("Error (line 2, column 1): Refused: this is a SPARQL update (DROP)")
    code, _, err = run_cli(capsys, monkeypatch, SERVICE)
    assert code == 1 and err.startswith("Error (line 2, column 3): Refused: SERVICE")


def test_cli_stops_a_runaway_query_and_caps_rows(capsys, monkeypatch):
    started = time.perf_counter()
    code, _, err = run_cli(capsys, monkeypatch, EXPLOSIVE, "--timeout", "1")
    assert code == 1 and "stopped after the time limit of 1 s" in err
    assert time.perf_counter() - started < 4
    code, out, err = run_cli(capsys, monkeypatch, EXPLOSIVE_ROWS, "--max-rows", "5", "--format", "csv")
    assert code == 0 and len(out.strip().splitlines()) == 6
    assert "Stopped at 5 rows (the row cap); raise it with --max-rows N." in err


# ------------------------------------------------------------------ the HTTP endpoint

def http(url, data: dict | None = None, accept="application/sparql-results+json", method=None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, method=method, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_endpoint_refuses_updates_with_a_sentence(sparql_endpoint):
    base = sparql_endpoint.rsplit("/", 1)[0]
    status, text = http(base + "/update", {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    assert status == 403 and text.startswith("Refused: this endpoint is read-only")
    status, text = http(sparql_endpoint, {"query": "CLEAR ALL"})
    assert status == 403 and text.startswith("Refused: this is a SPARQL update (CLEAR)")
    status, _ = http(base + "/store?default", {"x": "1"}, method="PUT")
    assert status == 403
    status, text = http(sparql_endpoint, {"query": "ASK { <urn:a> <urn:b> <urn:c> }"})
    assert status == 200 and '"boolean":false' in text.replace(" ", "")


def test_endpoint_refuses_service(sparql_endpoint):
    status, text = http(sparql_endpoint, {"query": SERVICE})
    assert status == 403
    assert text.startswith("Refused: SERVICE <http://127.0.0.1:9/sparql> would make the server fetch another URL")
    assert "(line 2, column 3)" in text


def test_endpoint_reports_a_malformed_query_with_line_and_column(sparql_endpoint):
    status, text = http(sparql_endpoint, {"query": "SELECT ?s WHERE {\n  ?s ?p \n}"})
    assert status == 400 and "3:2" in text
    with pytest.raises(QueryError) as caught:
        RemoteStore(sparql_endpoint).select("SELECT ?s WHERE {\n  ?s ?p \n}")
    assert (caught.value.line, caught.value.column) == (3, 2)  # our prefix lines are not counted


def test_endpoint_stops_a_runaway_query_in_time_and_keeps_serving(sparql_endpoint):
    started = time.perf_counter()
    status, text = http(sparql_endpoint, {"query": EXPLOSIVE})
    elapsed = time.perf_counter() - started
    assert status == 503 and text.startswith("The query was stopped after the time limit of 3 s")
    assert elapsed < 6, f"took {elapsed:.1f} s"
    remote = RemoteStore(sparql_endpoint)
    assert remote.select("stats-total").rows[0]["documents"] == 5
    with pytest.raises(QueryError, match="time limit"):
        guard.run(remote, EXPLOSIVE, limits=guard.Limits(timeout=1))
    assert remote.select("help-lines").rows


def test_remote_store_binds_a_hostile_value_as_data(sparql_endpoint, store):
    remote = RemoteStore(sparql_endpoint)
    assert remote.select("search-labels", text=INJECTION).rows == []
    assert remote.select("search-labels", text="Family").rows == store.select("search-labels", text="Family").rows
    assert remote.select("concept-settings", concept=expand("rgc:family-therapy")).rows == \
        store.select("concept-settings", concept="rgc:family-therapy").rows
