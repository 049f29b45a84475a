"""Run every benchmark and print its table: python -m benchmarks [name ...]."""

import sys

from . import engines

SUITES = {"engines": engines.run}

if __name__ == "__main__":
    chosen = sys.argv[1:] or list(SUITES)
    for name in chosen:
        print(f"== {name}")
        print(SUITES[name]())
        print()
