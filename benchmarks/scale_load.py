"""Load one size into one engine in a fresh process and report time and memory as JSON.

A fresh process per load keeps the memory figures honest: the resident set after loading, less the
resident set of the same interpreter with the same imports before it.

    python -m benchmarks.scale_load oxigraph-build build/scale/1m
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time
from pathlib import Path

import psutil

ENGINES = ("oxigraph-build", "oxigraph-nquads", "rdflib-nquads")


def load(engine: str, folder: Path) -> dict:
    import pyoxigraph as ox
    from rdflib import Dataset

    from graph.build import build

    gc.collect()
    before = psutil.Process().memory_info().rss
    started = time.perf_counter()
    cpu = time.process_time()
    if engine == "oxigraph-build":
        result = build(folder / "data", user_dir=False)
        size = len(result.store)
    elif engine == "oxigraph-nquads":
        store = ox.Store()
        store.load(path=str(folder / "dump.nq"), format=ox.RdfFormat.N_QUADS)
        size = len(store)
    elif engine == "rdflib-nquads":
        dataset = Dataset(default_union=True)
        dataset.parse(str(folder / "dump.nq"), format="nquads")
        size = len(dataset)
    else:
        raise SystemExit(f"unknown engine {engine}; use one of {', '.join(ENGINES)}")
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    gc.collect()
    after = psutil.Process().memory_info().rss
    return {"engine": engine, "quads": size, "seconds": seconds, "cpu_seconds": cpu,
            "rss_mb": (after - before) / 2**20, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


if __name__ == "__main__":
    print(json.dumps(load(sys.argv[1], Path(sys.argv[2]))))
