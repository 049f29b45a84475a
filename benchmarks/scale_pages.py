"""Server-side time of the app's pages on a large store (Streamlit AppTest, in this process).

The app is pointed at a prebuilt on-disk store through its own settings (RECOVERY_GRAPH_BACKEND=disk,
RECOVERY_GRAPH_STORE), exactly as a deployment would be. Each page is timed two ways:

- cold: every run opens the page for a different concept, setting, word or focus, so the page's own
  cached views miss and the queries run, as when many counselors open different pages;
- warm: the same page rerun (a widget click), when its views come from Streamlit's cache.

The store itself and the search vocabulary stay cached across runs (st.cache_resource), as in the app.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def _apptest(page: str, params: dict, timeout: float):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page(f"graph/ui/{page}.py")
    return at


def _problems(at) -> list[str]:
    found = [str(e.value)[:160] for e in at.exception]
    found += [f"st.error: {e.value}"[:160] for e in at.error]
    return found


def _page_caches(page: str) -> list:
    """The cached views a page reads, emptied before a cold run (the store stays open)."""
    from graph.ui import common

    return {"concept": [common.concept_view], "setting": [common.setting_profile, common.setting_tables],
            "compare": [common.comparison], "search": [common.search]}.get(page, [])


def time_page(page: str, param_sets: list[dict], repeat: int, timeout: float = 120) -> dict:
    """Median cold and warm times (ms) of one page, and any exception or st.error it showed."""
    problems: list[str] = []
    cold = []
    for params in (param_sets * repeat)[:repeat]:
        for cached in _page_caches(page):
            cached.clear()
        at = _apptest(page, params, timeout)
        started = time.perf_counter()
        at.run()
        cold.append((time.perf_counter() - started) * 1000)
        problems += _problems(at)
    at = _apptest(page, param_sets[0], timeout)
    at.run()
    warm = []
    for _ in range(repeat):
        started = time.perf_counter()
        at.run()
        warm.append((time.perf_counter() - started) * 1000)
    problems += _problems(at)
    return {"cold_ms": statistics.median(cold), "warm_ms": statistics.median(warm), "runs": repeat,
            "problems": sorted(set(problems))}


def bare_page(repeat: int) -> dict:
    """The floor of a cold run: a fresh AppTest of a page that only writes a title. Each AppTest
    rescans the installed packages for components (75-190 ms on these machines), which a running
    server does once at start; a page's own cost is its time above this row."""
    from streamlit.testing.v1 import AppTest

    cold = []
    for _ in range(repeat):
        at = AppTest.from_string("import streamlit as st\nst.title('bare')", default_timeout=60)
        started = time.perf_counter()
        at.run()
        cold.append((time.perf_counter() - started) * 1000)
    return {"page": "bare page (title only): the AppTest floor", "cold_ms": statistics.median(cold),
            "warm_ms": None, "runs": repeat, "problems": []}


def page_plan(samples: dict, network_foci: list[str]) -> list[tuple[str, str, list[dict]]]:
    """(row name, page, a list of query-parameter sets to cycle through) for every page measured."""
    settings = samples["settings"]
    pairs = [f"{settings[i]},{settings[(i + 1) % len(settings)]}" for i in range(len(settings))]
    themes = ",".join(samples["themes"][:4])
    return [
        ("home", "home", [{}]),
        ("concept (typical)", "concept", [{"id": c} for c in samples["concepts"]]),
        ("concept (most mentioned)", "concept", [{"id": samples["busiest_concept"]}]),
        ("setting", "setting", [{"id": s} for s in settings]),
        ("compare (2 settings, 4 themes)", "compare", [{"settings": p, "themes": themes} for p in pairs]),
        ("search (one word)", "search", [{"q": w} for w in samples["words"]]),
        ("search (two words)", "search", [{"q": f"{a} {b}"} for a, b in zip(samples["words"], samples["words"][1:])]),
        ("network (300 nodes, depth 2)", "network", [{"focus": f, "depth": "2"} for f in network_foci]),
    ]


def run_pages(store_path: Path, samples: dict, network_foci: list[str], repeat: int) -> list[dict]:
    """Every page of page_plan on the store at ``store_path``; the first run (store opening, the
    Home overview) is timed on its own as 'first page after start'."""
    os.environ["RECOVERY_GRAPH_BACKEND"] = "disk"
    os.environ["RECOVERY_GRAPH_STORE"] = str(store_path)
    _clear_caches()
    rows = []
    at = _apptest("home", {}, 600)
    started = time.perf_counter()
    at.run()
    rows.append({"page": "first page after start (opens store, overview)", "cold_ms": (time.perf_counter() - started) * 1000,
                 "warm_ms": None, "runs": 1, "problems": _problems(at)})
    floor = bare_page(repeat)
    rows.append(floor)
    for name, page, param_sets in page_plan(samples, network_foci):
        row = {"page": name, **time_page(page, param_sets, repeat)}
        row["cold_above_floor_ms"] = row["cold_ms"] - floor["cold_ms"]
        rows.append(row)
    _clear_caches()
    return rows
