"""How fast is the network view? Fetching real neighbourhoods by query, building the HTML for views of
50, 300 and 1,000 nodes, and the browser's time to a stable drawing (vis-network's 'stabilized').

The seed graph holds about 310 nodes, so the 1,000-node view is synthesised in our own ontology: concepts
of every kind hanging off the four settings and a set of themes, with a few related links, stepped out
to depth 3 so physics lays it out as a real deep view would be.
"""

from __future__ import annotations

import random
import shutil
import statistics
import tempfile
from pathlib import Path

from graph import network, render
from graph.build import build
from graph.namespaces import PREFIXES
from graph.network import Edge, Filters, Node, Subgraph
from graph.store import OxigraphStore

from .common import median_ms, table

RG, RGC, RGT = PREFIXES["rg"], PREFIXES["rgc"], PREFIXES["rgt"]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
KINDS = [("Advantage", "Advantage"), ("Disadvantage", "Disadvantage"), ("EthicalDilemma", "Ethical dilemma"),
         ("SelfManagementStrategy", "Self-management strategy"), ("FamilySupportStrategy", "Family-support strategy"),
         ("CommunityResource", "Community resource"), ("SuitabilityCriterion", "Suitability criterion"),
         ("Therapy", "Therapy"), ("ProgramFeature", "Program feature")]
REAL_VIEWS = [("rgc:family-therapy", 1), ("rgt:autonomy", 2), ("rgc:family-therapy", 2), ("rgc:outpatient", 3)]


def synthetic(size: int, seed: int = 1) -> Subgraph:
    """A view of ``size`` nodes: a setting as focus, the other settings and some themes, then concepts."""
    rng = random.Random(seed)
    settings = [Node(f"{RGC}bench-setting-{i}", f"Synthetic setting {i}", RG + "CareSetting", "Care setting", 0, min(i, 1))
                for i in range(4)]
    themes = [Node(f"{RGT}bench-theme-{i}", f"Synthetic theme {i}", RG + "Theme", "Theme", 0, 2)
              for i in range(max(3, size // 25))]
    concepts = []
    for i in range(size - len(settings) - len(themes)):
        kind, label = KINDS[i % len(KINDS)]
        concepts.append(Node(f"{RGC}bench-{i}", f"Synthetic {label.lower()} number {i}", RG + kind, label,
                             rng.randint(1, 5), 1 if i < size // 3 else 3))
    edges = []
    for c in concepts:
        for s in rng.sample(settings, rng.randint(1, 2)):
            edges.append(Edge(c.id, s.id, RG + "appliesTo", "applies to"))
        for t in rng.sample(themes, rng.randint(1, 2)):
            edges.append(Edge(c.id, t.id, RG + "hasTheme", "has theme"))
    for _ in range(size // 4):
        a, b = rng.sample(concepts, 2)
        edges.append(Edge(a.id, b.id, "http://www.w3.org/2004/02/skos/core#related", "related"))
    for a, b in zip(settings, settings[1:]):
        edges.append(Edge(a.id, b.id, RG + "stepsDownTo", "steps down to"))
    nodes = settings + themes + concepts
    sub = Subgraph(settings[0], 3, Filters(), nodes, edges, cap=max(size, network.DEFAULT_CAP), reached=size)
    sub.nodes = network.with_degrees(sub)
    return sub


def browser_stable_ms(html: str, loads: int = 3, patience_s: int = 30) -> dict | None:
    """Median times in Debian's chromium, from the page script's start: to the end of the stabilisation
    iterations (where the app freezes the layout and the drawing holds still) and to vis-network's
    'stabilized' event (physics left running until every node is at rest; None if not within
    ``patience_s``). Returns None without chromium."""
    if not Path(CHROMIUM).exists():
        return None
    from playwright.sync_api import TimeoutError as Timeout, sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        page_file = Path(folder) / "view.html"
        page_file.write_text(html, encoding="utf-8")
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        runs = []
        for _ in range(loads):
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(page_file.as_uri())
            page.wait_for_selector("body[data-laid-out=true]", timeout=120_000)
            if page.evaluate("rgNetwork.physics.physicsEnabled"):
                try:
                    page.wait_for_selector("body[data-stabilized=true]", timeout=patience_s * 1000)
                except Timeout:
                    pass
            else:  # a wheel: drawn in place, nothing left to settle
                page.evaluate("rgTimings.stabilized = rgTimings.laidOut")
            runs.append(page.evaluate("window.rgTimings"))
            page.close()
        browser.close()
    settled = [r["stabilized"] for r in runs if "stabilized" in r]
    return {"laid out (frozen)": statistics.median(r["laidOut"] for r in runs),
            "stabilized": statistics.median(settled) if len(settled) == len(runs) else f"> {patience_s} s"}


def run(repeat: int = 5, browser: bool = True) -> str:
    store = OxigraphStore(build().store)
    real = []
    for focus, depth in REAL_VIEWS:
        sub = network.neighbourhood(store, focus, depth)
        row = {"view": f"{focus} depth {depth}", "nodes": len(sub.nodes), "links": len(sub.edges),
               "omitted": sub.omitted,
               "fetch_ms": median_ms(lambda: network.neighbourhood(store, focus, depth), repeat),
               "html_ms": median_ms(lambda: render.network_html(sub), repeat)}
        timings = browser_stable_ms(render.network_html(sub, render.RenderOptions(freeze=False))) if browser else None
        row["browser_laid_out_ms"] = timings["laid out (frozen)"] if timings else "n/a"
        row["browser_stabilized_ms"] = timings["stabilized"] if timings else "n/a"
        real.append(row)
    synth = []
    for size in (50, 300, 1000):
        sub = synthetic(size)
        options = render.RenderOptions(freeze=False)
        html = render.network_html(sub, options)
        row = {"synthetic view": f"{size} nodes", "links": len(sub.edges),
               "html_ms": median_ms(lambda: render.network_html(sub, options), repeat), "html_kb": len(html) // 1024}
        timings = browser_stable_ms(html, loads=1 if size > 300 else 3) if browser else None
        row["browser_laid_out_ms"] = timings["laid out (frozen)"] if timings else "n/a"
        row["browser_stabilized_ms"] = timings["stabilized"] if timings else "n/a"
        synth.append(row)
    return ("Real views of the seed graph (fetch = named queries + networkx; html = pyvis + template; browser = "
            "chromium from script start; a depth-1 view is a fixed wheel, drawn at once):\n" + table(real)
            + "\n\nSynthetic views in our ontology (random links, harder to settle than the real graph):\n" + table(synth))


if __name__ == "__main__":
    print(run())
