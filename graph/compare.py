"""Compare two to four settings side by side, aligned by theme, each cell the statements the
documents make with their sources; exportable as CSV and as a Markdown handout."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from .errors import RecoveryGraphError
from .explore import Link, Statement, statements, with_sources
from .explore import settings as all_settings
from .namespaces import expand

# Statements of a cell the comparison page shows with their sources (the curated graph's fullest cell
# has 38). A million-triple graph puts hundreds in a cell: the page shows these and says how many
# more there are, and the CSV and Markdown exports hold every statement with all its sources.
CELL_SHOWN = 40


@dataclass
class Row:
    theme: Link
    cells: list[list[Statement]]  # one list per compared setting, in the same order


@dataclass
class Comparison:
    settings: list[Link]
    rows: list[Row]
    shown: int | None = None  # statements per cell that carry their sources; None: all of them


def compare(store, setting_ids: list[str], theme_ids: list[str] | None = None, shown: int | None = None,
            statements_of: Callable[[str], list[Statement]] | None = None) -> Comparison:
    """Statements per theme for each setting; themes in `theme_ids` order, or every theme with
    statements on at least two of the compared settings first. The first `shown` statements of each
    cell (every one when None) come with their sources.

    `statements_of(setting_iri)` gives a setting's statements (explore.statements by default); the
    app passes its cache, so a comparison reuses what the setting pages computed. Themes are read
    once per setting (setting-themes), not grouped onto each mention."""
    iris = list(dict.fromkeys(expand(s) for s in setting_ids))
    known = {link.iri: link for link in all_settings(store)}
    unknown = [s for s in iris if s not in known]
    if unknown:
        raise RecoveryGraphError(f"Not a care setting: {', '.join(unknown)}; choose from {', '.join(l.label for l in known.values())}")
    if not 2 <= len(iris) <= 4:
        raise RecoveryGraphError("Pick two to four settings to compare")
    chosen = sorted((known[i] for i in iris), key=lambda link: list(known).index(link.iri))
    statements_of = statements_of or (lambda iri: statements(store, iri))
    wanted = [expand(t) for t in theme_ids] if theme_ids else None
    themes: dict[str, Link] = {}
    table: dict[str, list[list[Statement]]] = {}
    for col, setting in enumerate(chosen):
        of_concept: dict[str, list[str]] = {}
        params = {"themes": wanted} if wanted else {}
        for r in store.select("setting-themes", setting=setting.iri, **params).rows:
            themes.setdefault(r["theme"], Link(r["theme"], r["themeLabel"], "Theme"))
            of_concept.setdefault(r["concept"], []).append(r["theme"])
        for st in statements_of(setting.iri):
            for theme in of_concept.get(st.concept.iri, ()):
                table.setdefault(theme, [[] for _ in chosen])[col].append(st)
    if wanted:
        order = [t for t in dict.fromkeys(wanted) if t in table]
    else:
        order = sorted(table, key=lambda t: (-sum(1 for c in table[t] if c), themes[t].label.lower()))
    rows = [Row(themes[t], table[t]) for t in order]
    _add_sources(store, chosen, rows, shown)
    return Comparison(chosen, rows, shown)


def _add_sources(store, chosen: list[Link], rows: list[Row], shown: int | None) -> None:
    """Put the sources on the statements shown: one setting-sources query per setting, for those only."""
    for col, setting in enumerate(chosen):
        needed = {id(st): st for row in rows for st in row.cells[col][:shown]}
        sourced = dict(zip(needed, with_sources(store, setting.iri, list(needed.values()))))
        for row in rows:
            cell = row.cells[col]
            cell[:shown] = [sourced[id(st)] for st in cell[:shown]]


def _cell_text(cell: list[Statement], markdown: bool) -> str:
    parts = []
    for st in cell:
        cites = "; ".join(f"{s.file[:3]} \u00a7{s.section_title}" + (f" {s.locator}" if s.locator else "") for s in st.sources)
        stance = f" [{st.stance}]" if st.stance else ""
        label = f"**{st.concept.label}**" if markdown else st.concept.label
        parts.append(f"{label} ({st.concept.kind}){stance}: {cites}")
    return ("<br>" if markdown else "\n").join(parts)


def _complete(comparison: Comparison) -> None:
    if comparison.shown is not None:
        raise RecoveryGraphError("An export lists every statement with its sources: compare with shown=None to export")


def to_csv(comparison: Comparison) -> str:
    _complete(comparison)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["Theme", *[s.label for s in comparison.settings]])
    for row in comparison.rows:
        writer.writerow([row.theme.label, *[_cell_text(c, markdown=False) for c in row.cells]])
    return buffer.getvalue()


def to_markdown(comparison: Comparison, sources_note: str = "") -> str:
    _complete(comparison)

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
