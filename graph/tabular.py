"""Write query results as a text table, CSV, TSV or JSON (CLI output and app downloads)."""

from __future__ import annotations

import csv
import io
import json

from .namespaces import shorten
from .store import IRI, Result

FORMATS = ("table", "csv", "tsv", "json")


def _cell(value, short: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, IRI):
        return shorten(value) if short else str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render(result: Result, fmt: str = "table") -> str:
    if fmt == "json":
        return json.dumps(
            {"columns": result.columns, "rows": [{c: row.get(c) for c in result.columns} for row in result.rows]},
            indent=1, ensure_ascii=False,
        )
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow([_cell(row.get(c), short=False) for c in result.columns])
        return buffer.getvalue()
    if fmt != "table":
        raise ValueError(f"Unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    cells = [[_cell(row.get(c), short=True) for c in result.columns] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(result.columns, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines)
