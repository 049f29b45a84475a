"""`recovery-graph network` and `continuum`: the pictures a trainer puts in a deck, without the app."""

import xml.etree.ElementTree as ET

import networkx as nx

from graph import cli


def run(capsys, *argv):
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_network_writes_offline_html_of_the_focus_neighbourhood(capsys, tmp_path):
    out = tmp_path / "family.html"
    code, _, err = run(capsys, "network", "rgc:family-therapy", "-o", str(out))
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert "Family therapy" in page
    assert "vis.Network" in page or "new vis" in page  # the drawing script is inlined
    assert "https://" not in page.split("<script", 1)[0]  # nothing fetched from elsewhere
    assert "Showing" in err and "nodes" in err
    assert not list(tmp_path.glob(".*tmp"))


def test_network_graphml_holds_only_the_filtered_view(capsys, tmp_path):
    out = tmp_path / "outpatient.graphml"
    code, _, err = run(capsys, "network", "rgc:outpatient", "--kinds", "EthicalDilemma", "-o", str(out))
    assert code == 0, err
    g = nx.read_graphml(out)
    kinds = {data["kind"] for _, data in g.nodes(data=True)}
    assert kinds == {"CareSetting", "EthicalDilemma"}
    assert sum(1 for _, d in g.nodes(data=True) if d["kind"] == "EthicalDilemma") >= 4
    ET.parse(out)  # well-formed for Gephi and yEd


def test_network_depth_and_cap_bound_the_view(capsys, tmp_path):
    paths = [tmp_path / f"{n}.graphml" for n in ("one", "two", "capped")]
    assert run(capsys, "network", "rgc:family-therapy", "-o", str(paths[0]))[0] == 0
    assert run(capsys, "network", "rgc:family-therapy", "--depth", "2", "-o", str(paths[1]))[0] == 0
    assert run(capsys, "network", "rgc:outpatient", "--depth", "2", "--cap", "40", "-o", str(paths[2]))[0] == 0
    one, two, capped = (nx.read_graphml(p) for p in paths)
    assert max(int(d["distance"]) for _, d in one.nodes(data=True)) == 1
    assert max(int(d["distance"]) for _, d in two.nodes(data=True)) == 2
    assert two.number_of_nodes() > one.number_of_nodes()
    assert capped.number_of_nodes() == 40


def test_network_refuses_unknown_focus_wrong_filter_and_extension_without_writing(capsys, tmp_path):
    code, _, err = run(capsys, "network", "rgc:no-such-thing", "-o", str(tmp_path / "a.html"))
    assert code == 1 and "is not a concept, setting, theme or document" in err
    code, _, err = run(capsys, "network", "rgc:family-therapy", "--setting", "rgc:family-therapy")
    assert code == 1 and "not a setting" in err
    code, _, err = run(capsys, "network", "rgc:family-therapy", "-o", str(tmp_path / "a.pdf"))
    assert code == 1 and "name the file .html or .graphml" in err
    code, _, err = run(capsys, "network", "rgc:family-therapy", "--depth", "4")
    assert code == 1 and "use 1, 2 or 3" in err
    code, _, err = run(capsys, "network", "rgc:family-therapy", "-o", str(tmp_path / "missing" / "a.html"))
    assert code == 1 and "does not exist" in err
    assert list(tmp_path.iterdir()) == []


def test_continuum_writes_svg_with_every_level_in_step_down_order(capsys, tmp_path):
    out = tmp_path / "steps.svg"
    code, _, err = run(capsys, "continuum", "-o", str(out))
    assert code == 0, err
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")
    text = " ".join(t for t in root.itertext())
    positions = [text.find(label) for label in ("Inpatient", "Partial", "Intensive outpatient", "Outpatient")]
    assert -1 not in positions, text[:300]
    assert positions[:3] == sorted(positions[:3])
