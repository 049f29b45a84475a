"""The query library on every path a query can take: median time of each named query on the
embedded store (in this process), in a forked guard worker (how the page and the CLI run text a
person wrote), and over HTTP through `recovery-graph serve` (the guard in front of the Oxigraph
server), with the Oxigraph server asked directly to show what the guard costs."""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from graph import guard, queries as query_library
from graph.build import build_to_disk
from graph.remote import RemoteStore
from graph.server import start
from graph.store import OxigraphStore

from .common import median_ms, table

SAMPLE_PARAMS = {
    "concept": "rgc:family-therapy",
    "node": "rgc:family-therapy",
    "document": "rgd:d000",
    "text": "family",
    "pattern": "crisis|emergenc",
    "nodes": "https://w3id.org/recovery-graph/id/concept/family-therapy https://w3id.org/recovery-graph/id/concept/outpatient",
    "source": "rgc:family-therapy rgc:outpatient rgt:family",
    "target": "rgc:family-therapy rgc:outpatient rgt:family",
    "concepts": "rgc:family-therapy rgc:outpatient",
    "graphs": "https://w3id.org/recovery-graph/graph/source/000_43c7f7d007e7bc6a",
}


def params_for(named) -> dict:
    return {p.name: SAMPLE_PARAMS[p.name] for p in named.params if p.required and p.default is None}


def run(repeat: int = 15) -> str:
    limits = guard.Limits(timeout=30, max_rows=10**9)
    with tempfile.TemporaryDirectory(prefix="rg-bench-") as folder:
        result = build_to_disk(Path(folder) / "store")
        embedded = OxigraphStore(result.store)
        with start(Path(folder) / "store", limits=limits) as endpoint:
            guarded = RemoteStore(endpoint.query_url)
            direct = RemoteStore(endpoint.upstream_url + "/query")
            rows = []
            for named in query_library.listed():
                params = params_for(named)
                bound = named.coerce(params)
                row = {"query": named.name,
                       "rows": len(embedded.select(named, **params).rows),
                       "embedded_ms": median_ms(lambda: embedded.select(named, **params), repeat),
                       "worker_ms": median_ms(lambda: guard.run(embedded, named, params, limits), max(5, repeat // 2)),
                       "endpoint_ms": median_ms(lambda: guarded.run_capped(named, bound, None), repeat),
                       "oxigraph_direct_ms": median_ms(lambda: direct.run_capped(named, bound, None), repeat)}
                row["endpoint/embedded"] = row["endpoint_ms"] / row["embedded_ms"]
                rows.append(row)
    totals = {k: sum(r[k] for r in rows) for k in ("embedded_ms", "worker_ms", "endpoint_ms", "oxigraph_direct_ms")}
    ratio = statistics.median(r["endpoint/embedded"] for r in rows)
    rows.append({"query": f"sum of {len(rows)} queries", "rows": sum(r["rows"] for r in rows), **totals,
                 "endpoint/embedded": totals["endpoint_ms"] / totals["embedded_ms"]})
    return (f"Named queries, {len(result.store)} quads; median of {repeat} runs each "
            f"(median endpoint/embedded ratio {ratio:.1f})\n" + table(rows) + "\n\n" + guard_check_costs())


def guard_check_costs(rounds: int = 200) -> str:
    """The endpoint guard's look at each request (graph/guard.py ``check``), per named query as the
    endpoint receives it (our prefixes added, a new parameter value each time, so no cache helps),
    against tokenizing the whole text as the guard did before (the baseline, same run)."""
    import time

    from graph import lexer
    from graph.remote import bind

    def per_check_us(fn, texts) -> float:
        lexer._tokens.cache_clear()
        lexer.keywords.cache_clear()
        started = time.process_time()
        for text in texts:
            fn(text)
        return (time.process_time() - started) / len(texts) * 1e6

    limits = guard.Limits()
    watched = {"SERVICE", *lexer.UPDATE_KEYWORDS}
    rows, skipped = [], []
    for named in query_library.listed():
        try:
            params = params_for(named)
        except KeyError:  # a parameter SAMPLE_PARAMS has no value for yet
            skipped.append(named.name)
            continue
        texts = [bind(named.text, named.coerce(params))[0] + f"\n# request {i}" for i in range(rounds)]
        rows.append({"query": named.name, "chars": len(texts[0]),
                     "check_us": per_check_us(lambda t: guard.check(t, limits), texts),
                     "tokenize_all_us": per_check_us(
                         lambda t: [x for x in lexer.tokens(lexer.decode_escapes(t)) if x.keyword in watched], texts)})
    mean = {k: statistics.mean(r[k] for r in rows) for k in ("check_us", "tokenize_all_us")}
    rows.append({"query": f"mean of {len(rows)} queries", "chars": "-", **mean})
    return (f"Guard check per request (CPU microseconds, {rounds} distinct texts per query, caches cleared)\n"
            + table(rows) + (f"\nSkipped (no sample parameters): {', '.join(skipped)}" if skipped else ""))


if __name__ == "__main__":
    print(run())
