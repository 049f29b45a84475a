"""The network view's core without Streamlit: neighbourhoods, filters, the cap, paths, rendering,
escaping, tours and the continuum, on the real graph built from data/."""

import re
import subprocess
import sys

import networkx as nx
import pytest

from graph import continuum, network, paths, render, tours
from graph.build import to_rdflib
from graph.errors import DataFileError, NetworkError
from graph.namespaces import expand
from graph.network import Edge, Filters, Node, Subgraph, View
from graph.store import RdflibStore

RG = "https://w3id.org/recovery-graph/def#"
FAMILY_THERAPY = expand("rgc:family-therapy")
AUTONOMY = expand("rgt:autonomy")
OUTPATIENT = expand("rgc:outpatient")
HOSTILE = "<img src=x onerror=alert(1)>"


def ids(sub):
    return {n.id for n in sub.nodes}


def test_family_therapy_one_step_out_shows_its_settings_and_themes(store):
    sub = network.neighbourhood(store, "rgc:family-therapy", 1)
    assert sub.focus.label == "Family therapy" and sub.focus.distance == 0
    assert expand("rgt:family") in ids(sub)
    assert {n.kind for n in sub.nodes} >= {RG + "CareSetting", RG + "Theme"}
    assert all(n.distance == 1 for n in sub.nodes if n.id != FAMILY_THERAPY)
    assert all({e.source, e.target} <= ids(sub) for e in sub.edges)


def test_source_documents_are_left_out_unless_asked_for(store):
    default = network.neighbourhood(store, "rgc:family-therapy", 1)
    assert RG + "SourceDocument" not in {n.kind for n in default.nodes}
    every = tuple(k.id for k in network.kinds_in(store))
    with_documents = network.neighbourhood(store, "rgc:family-therapy", 1, Filters(kinds=every))
    assert sum(n.kind == RG + "SourceDocument" for n in with_documents.nodes) == with_documents.focus.sources == 3


def test_each_step_outward_reaches_further(store):
    sizes = [len(network.neighbourhood(store, "rgt:autonomy", d).nodes) for d in (1, 2, 3)]
    assert sizes[0] < sizes[1] < sizes[2]
    sub = network.neighbourhood(store, "rgt:autonomy", 2)
    assert max(n.distance for n in sub.nodes) == 2 and sub.levels[0] == 1


def test_kind_filter_keeps_only_the_chosen_kinds(store):
    sub = network.neighbourhood(store, "rgt:autonomy", 1, Filters(kinds=(RG + "EthicalDilemma",)))
    assert len(sub.nodes) > 3
    assert {n.kind for n in sub.nodes if n.id != AUTONOMY} == {RG + "EthicalDilemma"}


def test_no_kinds_at_all_leaves_the_focus_alone(store):
    sub = network.neighbourhood(store, "rgt:autonomy", 2, Filters(kinds=()))
    assert ids(sub) == {AUTONOMY} and sub.edges == []


def test_setting_filter_keeps_concepts_for_that_setting_and_no_other_setting(store):
    sub = network.neighbourhood(store, "rgt:autonomy", 2, Filters(setting=OUTPATIENT))
    settings = {n.id for n in sub.nodes if n.kind == RG + "CareSetting"}
    assert settings == {OUTPATIENT}
    concepts = [n for n in sub.nodes if n.kind not in (RG + "CareSetting", RG + "Theme")]
    assert concepts
    for n in concepts:
        applies = {r["setting"] for r in store.select("concept-settings", concept=n.id).rows}
        assert OUTPATIENT in applies, n.label


def test_theme_filter_keeps_concepts_that_carry_the_theme(store):
    family = expand("rgt:family")
    sub = network.neighbourhood(store, "rgc:outpatient", 1, Filters(theme=family))
    concepts = [n for n in sub.nodes if n.kind not in (RG + "CareSetting", RG + "Theme")]
    assert len(concepts) >= 5
    for n in concepts:
        themes = network.neighbourhood(store, n.id, 1, Filters(kinds=(RG + "Theme",)))
        assert family in ids(themes), n.label


def test_document_filter_keeps_concepts_the_document_names(store):
    d002 = expand("rgd:d002")
    sub = network.neighbourhood(store, "rgt:autonomy", 1, Filters(document=d002))
    concepts = [n for n in sub.nodes if n.id != AUTONOMY]
    assert concepts
    for n in concepts:
        assert d002 in {r["document"] for r in store.select("concept-sources", concept=n.id).rows}, n.label


def test_the_cap_keeps_the_nearest_nodes_and_says_what_was_left_out(store):
    sub = network.neighbourhood(store, "rgc:outpatient", 3, cap=50)
    assert len(sub.nodes) == 50 and sub.omitted == sub.reached - 50 > 0
    assert sub.nodes[0].id == OUTPATIENT
    assert [n.distance for n in sub.nodes] == sorted(n.distance for n in sub.nodes)
    text = sub.summary()
    assert f"Showing 50 nodes and {len(sub.edges)} links; {sub.omitted} more nodes were left out" in text
    assert "to keep the view under 50 nodes. Narrow the view: " in text
    assert any(n.description.startswith("leave out the ") for n in sub.narrowings)
    for narrowing in sub.narrowings:
        narrower = network.neighbourhood(store, narrowing.view.focus, narrowing.view.depth, narrowing.view.filters, cap=10_000)
        assert narrower.reached < sub.reached


def test_a_view_under_the_cap_omits_nothing(store):
    sub = network.neighbourhood(store, "rgc:family-therapy", 1)
    assert sub.omitted == 0 and sub.narrowings == []
    assert sub.summary() == f"Showing {len(sub.nodes)} nodes and {len(sub.edges)} links."


def test_degrees_count_distinct_neighbours_on_show(store):
    sub = network.neighbourhood(store, "rgt:autonomy", 1)
    graph = nx.Graph(network.to_networkx(sub))
    assert {n.id: n.degree for n in sub.nodes} == dict(graph.degree())
    assert next(n for n in sub.nodes if n.id == AUTONOMY).degree == len(sub.nodes) - 1


def test_unknown_focus_says_what_to_do(store):
    with pytest.raises(NetworkError) as err:
        network.neighbourhood(store, "rgc:no-such-idea", 1)
    assert str(err.value) == ("'rgc:no-such-idea' is not a concept, setting, theme or document of the graph; "
                              "pick one from the focus list or search for it")


def test_depth_out_of_range_is_refused(store):
    with pytest.raises(NetworkError, match=r"^depth 4 is out of range; use 1, 2 or 3$"):
        network.neighbourhood(store, "rgt:autonomy", 4)


@pytest.mark.parametrize("params, message", [
    ({}, "the address: no focus; add focus=rgc:family-therapy (a concept, setting or theme id)"),
    ({"focus": "rgt:autonomy", "depth": "two"}, "the address: depth 'two' is not a number; use 1, 2 or 3"),
    ({"focus": "rgt:autonomy", "depth": "0"}, "the address: depth 0 is out of range; use 1, 2 or 3"),
    ({"focus": "rgt:autonomy", "size": "weight"}, "the address: size 'weight' is not known; use size=degree or size=sources"),
    ({"focus": "nope:autonomy"}, "the address: focus: 'nope:autonomy' is neither a full IRI nor a known prefixed name"),
])
def test_bad_deep_links_name_the_parameter(params, message):
    with pytest.raises(NetworkError) as err:
        network.parse_view(params)
    assert str(err.value).startswith(message)


def test_deep_links_round_trip():
    view = View(FAMILY_THERAPY, 2, Filters((RG + "EthicalDilemma", RG + "Disadvantage"), OUTPATIENT, AUTONOMY), "sources")
    assert view.link() == ("network?focus=rgc:family-therapy&depth=2&kinds=EthicalDilemma,Disadvantage"
                           "&setting=rgc:outpatient&theme=rgt:autonomy&size=sources")
    assert network.parse_view(view.query()) == view
    assert network.parse_view({"focus": "rgc:family-therapy"}) == View(FAMILY_THERAPY)


def test_path_between_family_therapy_and_isolation_reads_as_a_sentence(store):
    found = paths.connecting_paths(store, "rgc:family-therapy", "rgc:isolation-from-support-networks")
    assert found.length == 2
    assert ("Family therapy → theme: Support network → Isolation from support networks" in found.sentences())
    assert found.message() == (f"{len(found.paths)} shortest paths of 2 link(s) between Family therapy and "
                               "Isolation from support networks.")
    for path, links in zip(found.paths, found.links):
        assert len(links) == len(path) - 1
    nodes, pairs = found.highlight()
    assert FAMILY_THERAPY in nodes and frozenset((FAMILY_THERAPY, expand("rgt:support-network"))) in pairs
    assert paths.explain(found)[0].startswith("Family therapy — ")


@pytest.mark.parametrize("start, end", [
    ("rgc:family-therapy", "rgc:autonomy-and-restrictions"),
    ("rgt:privacy", "rgc:inpatient-residential"),
    ("rgc:severe-addiction", "rgt:cost"),
])
def test_paths_are_the_shortest_in_the_whole_graph(store, start, end):
    """Checked against networkx over every link (documents left out, as the default view does)."""
    whole = nx.Graph()
    for r in store.select("export-edges").rows:
        if RG + "SourceDocument" not in (r["sourceKind"], r["targetKind"]):
            whole.add_edge(r["source"], r["target"])
    expected = nx.shortest_path_length(whole, expand(start), expand(end))
    found = paths.connecting_paths(store, start, end, limit=50)
    assert found.length == expected
    assert len(found.paths) == min(50, len(list(nx.all_shortest_paths(whole, expand(start), expand(end)))))


def test_no_path_through_no_kinds_says_so(store):
    found = paths.connecting_paths(store, "rgc:family-therapy", "rgt:cost", Filters(kinds=()))
    assert found.paths == [] and found.length is None
    assert found.message() == ("No connection between Family therapy and Cost within 6 links through the kinds "
                               "shown; include more kinds (or source documents) and try again.")


def test_path_subgraph_draws_only_the_paths(store):
    found = paths.connecting_paths(store, "rgc:family-therapy", "rgc:isolation-from-support-networks")
    sub = paths.path_subgraph(store, found)
    assert ids(sub) == {n.id for p in found.paths for n in p}


def hostile_subgraph() -> Subgraph:
    focus = Node("https://example.org/hostile", HOSTILE, RG + "EthicalDilemma", "Ethical dilemma</b>", 2)
    other = Node("https://example.org/quote", 'A "quoted" </script><script>alert(2)</script>', RG + "Theme", "Theme", 0, 1)
    sub = Subgraph(focus, 1, Filters(), [focus, other],
                   [Edge(focus.id, other.id, RG + "hasTheme", "has <b>theme</b>")], reached=2)
    sub.nodes = network.with_degrees(sub)
    return sub


def test_labels_and_tooltips_are_escaped_in_the_html():
    page = render.network_html(hostile_subgraph(), render.RenderOptions(title=HOSTILE, caption=HOSTILE, note=HOSTILE))
    page = page.replace(render.VIS_JS.read_text(encoding="utf-8"), "")  # the library's own code mentions <b>
    assert "<img" not in page and "<script>alert" not in page and "</b>" not in page
    assert page.count("&lt;img src=x onerror=alert(1)&gt;") == 5  # <title>, heading, caption, note, aria-label
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page  # inside the JSON data block
    assert "Content-Security-Policy" in page and "script-src 'nonce-" in page


def test_the_page_references_nothing_outside_itself(store):
    page = render.network_html(network.neighbourhood(store, "rgt:autonomy", 1))
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    assert "cdn" not in page.lower()
    assert len(page) > 400_000  # vis-network itself is inline
    assert "default-src 'none'" in page


def test_colours_follow_kind_with_the_okabe_ito_palette_and_a_legend(store):
    sub = network.neighbourhood(store, "rgt:autonomy", 1)
    entries = render.legend(sub)
    labels = [e.label for e in entries]
    assert labels[0] == "Theme" and "Ethical dilemma" in labels and "Advantage" in labels
    palette = set(render.OKABE_ITO.values())
    assert all(e.colour in palette for e in entries if e.shape not in ("line", "dashes"))
    pairs = [(c, s) for c, s in render.KIND_STYLE.values()]
    assert len(pairs) == len(set(pairs)), "every kind has its own colour and shape"


def test_size_by_sources_uses_source_counts(store):
    sub = network.neighbourhood(store, "rgt:family", 1)
    net = render.build_network(sub, render.RenderOptions(size_by="sources"))
    values = {n["id"]: n["value"] for n in net.nodes}
    for n in sub.nodes:
        if n.kind_name not in render.KIND_HUBS:
            assert values[n.id] == n.sources
    by_degree = render.build_network(sub, render.RenderOptions())
    assert {n["id"]: n["value"] for n in by_degree.nodes} == {n.id: n.degree for n in sub.nodes}


def test_shipped_tours_load_and_match_the_graph(store):
    shipped = tours.load_tours()
    assert {"autonomy-across-settings", "family-across-the-continuum", "ethics-of-each-setting"} <= {t.name for t in shipped}
    for tour in shipped:
        assert tour.title and tour.summary and len(tour.steps) >= 3
        assert tours.check(store, tour) == []
        for step in tour.steps:
            assert step.caption and network.neighbourhood(store, step.view.focus, step.view.depth, step.view.filters).nodes


def write(tmp_path, text, name="tour.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD_STEP = "  - focus: rgt:autonomy\n    caption: Look here.\n"


@pytest.mark.parametrize("text, message", [
    ("title: T\nsteps:\n  - focus: [\n", "is not valid YAML"),
    ("- a\n- b\n", ":1: must be a mapping with title, summary and steps"),
    ("steps:\n" + GOOD_STEP, ":1: has no title; add a line such as `title: Autonomy across settings`"),
    ("title: T\nsteps: []\n", ":1: has no steps; add `steps:` with at least one"),
    ("title: T\nstep:\n" + GOOD_STEP, ":1: unknown key(s) step; a tour has steps, summary, title"),
    ("title: T\nsteps:\n" + GOOD_STEP + "  - fokus: rgt:autonomy\n    caption: x\n",
     ":5: step 2: unknown key(s) fokus; a step takes"),
    ("title: T\nsteps:\n  - focus: rgt:autonomy\n", ":3: step 1: no caption; add `caption: ...`"),
    ("title: T\nsteps:\n  - focus: rgt:autonomy\n    depth: 5\n    caption: x\n",
     ":3: step 1: depth 5 is out of range; use 1, 2 or 3"),
    ("title: T\nsteps:\n  - focus: xx:autonomy\n    caption: x\n", ":3: step 1: focus: 'xx:autonomy' is neither"),
    ("title: T\nsteps:\n  - focus: rgt:autonomy\n    kinds: EthicalDilemma\n    caption: x\n",
     ":3: step 1: kinds must be a list such as [EthicalDilemma, Disadvantage]"),
])
def test_bad_tour_files_name_file_line_and_step(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(DataFileError) as err:
        tours.load_tour(path)
    assert str(err.value).startswith(str(path)) and message in str(err.value)


def test_tour_check_names_what_the_graph_lacks(tmp_path, store):
    path = write(tmp_path, "title: T\nsteps:\n" + GOOD_STEP +
                 "  - focus: rgc:not-here\n    kinds: [EthicalDilemma, Dilemma]\n    setting: rgt:cost\n    caption: x\n")
    problems = tours.check(store, tours.load_tour(path))
    assert problems[0].startswith(f"{path}:5: step 2: focus 'rgc:not-here' is not a concept")
    assert problems[1].startswith(f"{path}:5: step 2: kind 'Dilemma' is not a kind of the graph; use one of Advantage")
    assert problems[2] == f"{path}:5: step 2: setting 'rgt:cost' is a theme, not a setting"


def test_continuum_runs_from_residential_to_outpatient_with_doses_and_features(store):
    steps = continuum.levels(store)
    assert [s.short_id for s in steps] == ["rgc:inpatient-residential", "rgc:partial-hospitalization",
                                           "rgc:intensive-outpatient", "rgc:outpatient"]
    assert [s.next for s in steps[:-1]] == [s.setting for s in steps[1:]]
    assert steps[0].dose_summary()[:2] == ["lives on site", "care around the clock"]
    assert "3–5 sessions a week" in steps[2].dose_summary()
    assert all(len(s.features) <= 3 and s.features for s in steps)
    assert steps[0].suits[0].label == "Severe substance use disorder"
    svg = continuum.diagram_svg(steps, lambda level: f"setting?id={level.short_id}")
    assert svg.count('class="rg-step"') == 4 and 'href="setting?id=rgc:outpatient"' in svg
    assert "no dose stated in the sources" in svg  # partial hospitalization


def test_continuum_diagram_escapes_text():
    level = continuum.Level("https://example.org/x", HOSTILE, 1, features=[continuum.Feature("x", HOSTILE, 1, 1)])
    svg = continuum.diagram_svg([level], lambda l: 'x" onmouseover="alert(1)')
    assert "<img" not in svg and 'href="x&quot; onmouseover=&quot;alert(1)"' in svg


def test_network_queries_answer_the_same_on_rdflib(built, store):
    baseline = RdflibStore(to_rdflib(built.store))
    for name, params in (("network-neighbours", {"nodes": AUTONOMY, "setting": OUTPATIENT}),
                         ("network-edges", {"source": [AUTONOMY, OUTPATIENT, FAMILY_THERAPY, expand("rgt:family")],
                                            "target": [AUTONOMY, OUTPATIENT, FAMILY_THERAPY, expand("rgt:family")]}),
                         ("network-node", {"node": FAMILY_THERAPY})):
        ours = sorted(map(repr, (sorted(r.items()) for r in store.select(name, **params).rows)))
        theirs = sorted(map(repr, (sorted(r.items()) for r in baseline.select(name, **params).rows)))
        assert ours == theirs and ours, name


def test_network_modules_do_not_import_streamlit():
    code = ("import sys, graph.network, graph.render, graph.paths, graph.tours, graph.continuum;"
            "print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
