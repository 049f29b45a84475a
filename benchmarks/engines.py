"""Which embedded engine? Build time and every named query, pyoxigraph vs rdflib's Memory store,
on the curated seed graph, measured side by side in one run."""

from __future__ import annotations

import time

from graph import queries as query_library
from graph.build import build, to_rdflib
from graph.store import OxigraphStore, RdflibStore

from .common import median_ms, table

SAMPLE_PARAMS = {
    "concept": "rgc:family-therapy",
    "document": "rgd:d000",
}


def params_for(named) -> dict:
    return {p.name: SAMPLE_PARAMS[p.name] for p in named.params if p.required and p.name in SAMPLE_PARAMS}


def run(repeat: int = 15) -> str:
    started = time.perf_counter()
    result = build()
    ox_build = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    dataset = to_rdflib(result.store)
    rdflib_load = (time.perf_counter() - started) * 1000
    ox_store, rdf_store = OxigraphStore(result.store), RdflibStore(dataset)

    rows = [{"what": "build (parse + derive) / load", "oxigraph_ms": ox_build, "rdflib_ms": rdflib_load,
             "rdflib/oxigraph": rdflib_load / ox_build}]
    for named in query_library.listed():
        params = params_for(named)
        ox_ms = median_ms(lambda: ox_store.run(named, **params), repeat)
        rdf_ms = median_ms(lambda: rdf_store.run(named, **params), max(3, repeat // 3))
        rows.append({"what": named.name, "oxigraph_ms": ox_ms, "rdflib_ms": rdf_ms, "rdflib/oxigraph": rdf_ms / ox_ms})
    return f"Embedded engine: {len(result.store)} quads\n" + table(rows)


if __name__ == "__main__":
    print(run())
