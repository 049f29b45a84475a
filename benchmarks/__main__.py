"""Run every benchmark and print its table: python -m benchmarks [name ...]."""

import sys

from . import engines, extraction, network, pages, queries, scale

SUITES = {"engines": engines.run, "pages": pages.run, "extraction": extraction.run, "network": network.run, "scale": scale.run, "queries": queries.run}

if __name__ == "__main__":
    chosen = sys.argv[1:] or list(SUITES)
    for name in chosen:
        print(f"== {name}")
        print(SUITES[name]())
        print()
