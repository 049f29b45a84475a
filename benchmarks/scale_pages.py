"""Server-side time of the app's pages on a large store (Streamlit AppTest, in this process).

The app is pointed at the graph through its own settings, exactly as a deployment would be, in either
of two ways (point_app_at): the prebuilt on-disk store (RECOVERY_GRAPH_BACKEND=disk) or the data folder
built into memory at start (RECOVERY_GRAPH_BACKEND=memory, RECOVERY_GRAPH_DATA). Each page is timed
three ways:

- cold (new session): a new AppTest per run, for a different concept, setting, word or focus each
  time. Every new AppTest compiles the script and rescans the installed components (the "bare page"
  row), which a running server does once, so this figure carries a harness floor of 100+ ms;
- rerun (new input): one open session, and each run a different input, as a user gives it: another
  concept, setting or focus in the address (what following a link does) or another word typed into
  the search box. The page's own cached views are emptied before each run and the input differs from
  the one before, so nothing the run needs comes from a cache: this is what a user waits for;
- warm: the same page rerun with the same input (a click elsewhere), its views from Streamlit's cache.

The store itself and the search vocabulary stay cached across runs (st.cache_resource), as in the app.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE_PAGE = "import streamlit as st\nst.title('bare')"


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
    """The cached views a page reads, emptied before every uncached run (the store stays open)."""
    from graph.ui import common

    caches = {"concept": [common.concept_view, common.concept_sources, common.neighbourhood_drawing],
              "setting": [common.setting_statements, common.setting_profile, common.setting_rows, common.setting_table],
              "compare": [common.comparison, common.setting_statements], "search": [common.search]}.get(page, [])
    if page == "network":
        from graph.ui import network_views

        caches = [network_views.neighbourhood, network_views.view_problems, network_views.drawing, network_views.ties]
    return caches


def _empty(page: str) -> None:
    for cached in _page_caches(page):
        cached.clear()


def _give(at, params: dict, typed: str | None) -> None:
    """Give the open session a new input: typed into the page's text box for ``typed`` (the search
    word), else as the address a link would open."""
    if typed:
        at.text_input[0].input(params[typed])
    else:
        at.query_params.clear()
        at.query_params.update(params)


def _timed_run(at) -> float:
    started = time.perf_counter()
    at.run()
    return (time.perf_counter() - started) * 1000


def time_page(page: str, param_sets: list[dict], repeat: int, timeout: float = 120, typed: str | None = None) -> dict:
    """Median times (ms) of one page, new session, rerun with a new input and warm, and any exception
    or st.error it showed. ``typed`` names the parameter a user types into the page's text box."""
    problems: list[str] = []
    runs = (param_sets * repeat)[:repeat]
    cold = []
    for params in runs:
        _empty(page)
        at = _apptest(page, params, timeout)
        cold.append(_timed_run(at))
        problems += _problems(at)
    at = _apptest(page, param_sets[-1], timeout)
    at.run()
    given = param_sets[-1]
    rerun = []
    for i, params in enumerate(runs):
        if params == given:  # the same input again would be no change: go elsewhere first, untimed
            elsewhere = param_sets[(i + 1) % len(param_sets)] if len(param_sets) > 1 else {}
            _give(at, elsewhere, typed if elsewhere else None)
            at.run()
        _give(at, params, typed)
        given = params
        _empty(page)
        rerun.append(_timed_run(at))
        problems += _problems(at)
    warm = [_timed_run(at) for _ in range(repeat)]
    problems += _problems(at)
    return {"cold_ms": statistics.median(cold), "rerun_ms": statistics.median(rerun), "warm_ms": statistics.median(warm),
            "runs": repeat, "problems": sorted(set(problems))}


def bare_page(repeat: int) -> dict:
    """The floor: a page that only writes a title, in a new AppTest each run (cold) and rerun in one
    (rerun, warm). Each new AppTest rescans the installed packages for components (75-190 ms on
    these machines), which a running server does once at start; a page's own cost is its time
    above this row."""
    from streamlit.testing.v1 import AppTest

    cold = [_timed_run(AppTest.from_string(BARE_PAGE, default_timeout=60)) for _ in range(repeat)]
    at = AppTest.from_string(BARE_PAGE, default_timeout=60)
    at.run()
    rerun = [_timed_run(at) for _ in range(repeat)]
    return {"page": "bare page (title only): the AppTest floor", "cold_ms": statistics.median(cold),
            "rerun_ms": statistics.median(rerun), "warm_ms": statistics.median(rerun), "runs": repeat, "problems": []}


def page_plan(samples: dict, network_foci: list[str]) -> list[tuple[str, str, list[dict], str | None]]:
    """(row name, page, a list of query-parameter sets to cycle through, the parameter a user types
    into the page rather than follows a link to) for every page measured."""
    settings = samples["settings"]
    pairs = [f"{settings[i]},{settings[(i + 1) % len(settings)]}" for i in range(len(settings))]
    themes = ",".join(samples["themes"][:4])
    return [
        ("home", "home", [{}], None),
        ("concept (typical)", "concept", [{"id": c} for c in samples["concepts"]], None),
        ("concept (most mentioned)", "concept", [{"id": samples["busiest_concept"]}], None),
        ("setting", "setting", [{"id": s} for s in settings], None),
        ("theme (the 8 largest synthetic themes: 1,076-6,440 concepts)", "theme", [{"id": t} for t in samples["themes"]], None),
        ("compare (2 settings, 4 themes)", "compare", [{"settings": p, "themes": themes} for p in pairs], None),
        ("search (one word)", "search", [{"q": w} for w in samples["words"]], "q"),
        ("search (two words)", "search", [{"q": f"{a} {b}"} for a, b in zip(samples["words"], samples["words"][1:])], "q"),
        ("network (300 nodes, depth 2)", "network", [{"focus": f, "depth": "2"} for f in network_foci], None),
    ]


BACKENDS = ("disk", "memory")


def point_app_at(backend: str, folder: Path, user_dir: Path) -> None:
    """The app's own settings for one of the two ways a deployment serves a large graph: ``disk`` opens
    the prebuilt on-disk store (``folder``/store: starts at once, but each query reads RocksDB, which
    was 3-5x slower per query at a million triples), ``memory`` builds the data folder (``folder``/data)
    into memory when the app starts (about 10 s and 0.5 GB at a million triples). ``user_dir`` is an
    empty overlay folder, so no one's merged documents join the measured graph."""
    if backend not in BACKENDS:
        raise ValueError(f"Unknown page backend '{backend}'; use one of {', '.join(BACKENDS)}")
    os.environ["RECOVERY_GRAPH_BACKEND"] = backend
    os.environ["RECOVERY_GRAPH_STORE"] = str(folder / "store")
    os.environ["RECOVERY_GRAPH_DATA"] = str(folder / "data")
    os.environ["RECOVERY_GRAPH_USER_DIR"] = str(user_dir)


def run_pages(folder: Path, samples: dict, network_foci: list[str], repeat: int, backend: str = "disk") -> list[dict]:
    """Every page of page_plan on the scale folder's graph, served the ``backend`` way (point_app_at);
    the first run (store opening or building, the Home overview) is timed on its own as
    'first page after start'. Each row names its backend."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="rg-pages-user-") as user_dir:
        point_app_at(backend, Path(folder), Path(user_dir))
        return [{"backend": backend, **row} for row in _run_pages(samples, network_foci, repeat)]


def _run_pages(samples: dict, network_foci: list[str], repeat: int) -> list[dict]:
    _clear_caches()
    rows = []
    at = _apptest("home", {}, 600)
    started = time.perf_counter()
    at.run()
    rows.append({"page": "first page after start (opens store, overview)", "cold_ms": (time.perf_counter() - started) * 1000,
                 "rerun_ms": None, "warm_ms": None, "runs": 1, "problems": _problems(at)})
    floor = bare_page(repeat)
    rows.append(floor)
    for name, page, param_sets, typed in page_plan(samples, network_foci):
        row = {"page": name, **time_page(page, param_sets, repeat, typed=typed)}
        row["cold_above_floor_ms"] = row["cold_ms"] - floor["cold_ms"]
        row["rerun_above_floor_ms"] = row["rerun_ms"] - floor["rerun_ms"]
        rows.append(row)
    _clear_caches()
    return rows
