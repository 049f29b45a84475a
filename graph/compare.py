"""Compare two to four settings side by side, aligned by theme, each cell the statements the
documents make with their sources; exportable as CSV and as a Markdown handout."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .errors import RecoveryGraphError
from .explore import Link, Statement, settings as all_settings, statements
from .namespaces import expand


@dataclass
class Row:
    theme: Link
    cells: list[list[Statement]]  # one list per compared setting, in the same order


@dataclass
class Comparison:
    settings: list[Link]
    rows: list[Row]


def compare(store, setting_ids: list[str], theme_ids: list[str] | None = None) -> Comparison:
    """Statements per theme for each setting; themes in `theme_ids` order, or every theme with
    statements on at least two of the compared settings first."""
    iris = list(dict.fromkeys(expand(s) for s in setting_ids))
    known = {link.iri: link for link in all_settings(store)}
    unknown = [s for s in iris if s not in known]
    if unknown:
        raise RecoveryGraphError(f"Not a care setting: {', '.join(unknown)}; choose from {', '.join(l.label for l in known.values())}")
    if not 2 <= len(iris) <= 4:
        raise RecoveryGraphError("Pick two to four settings to compare")
    chosen = sorted((known[i] for i in iris), key=lambda link: list(known).index(link.iri))
    per_setting = [statements(store, s.iri) for s in chosen]
    themes: dict[str, Link] = {}
    table: dict[str, list[list[Statement]]] = {}
    for col, stmts in enumerate(per_setting):
        for st in stmts:
            for theme in st.themes:
                themes.setdefault(theme.iri, theme)
                table.setdefault(theme.iri, [[] for _ in chosen])[col].append(st)
    if theme_ids:
        order = [expand(t) for t in theme_ids if expand(t) in table]
    else:
        order = sorted(table, key=lambda t: (-sum(1 for c in table[t] if c), themes[t].label.lower()))
    return Comparison(chosen, [Row(themes[t], table[t]) for t in order])


def _cell_text(cell: list[Statement], markdown: bool) -> str:
    parts = []
    for st in cell:
        cites = "; ".join(f"{s.file[:3]} \u00a7{s.section_title}" + (f" {s.locator}" if s.locator else "") for s in st.sources)
        stance = f" [{st.stance}]" if st.stance else ""
        label = f"**{st.concept.label}**" if markdown else st.concept.label
        parts.append(f"{label} ({st.concept.kind}){stance}: {cites}")
    return ("<br>" if markdown else "\n").join(parts)


def to_csv(comparison: Comparison) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["Theme", *[s.label for s in comparison.settings]])
    for row in comparison.rows:
        writer.writerow([row.theme.label, *[_cell_text(c, markdown=False) for c in row.cells]])
    return buffer.getvalue()


def to_markdown(comparison: Comparison, sources_note: str = "") -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [f"# Comparing {', '.join(s.label for s in comparison.settings)}", ""]
    if sources_note:
        lines += [sources_note, ""]
    lines.append("| Theme | " + " | ".join(esc(s.label) for s in comparison.settings) + " |")
    lines.append("|---" * (len(comparison.settings) + 1) + "|")
    for row in comparison.rows:
        lines.append(f"| {esc(row.theme.label)} | " + " | ".join(esc(_cell_text(c, markdown=True)) or "\u2014" for c in row.cells) + " |")
    lines += ["", "Sources are cited as document file prefix, \u00a7 section, item and lines.",
              "This handout summarises source documents; it is not clinical advice."]
    return "\n".join(lines) + "\n"
