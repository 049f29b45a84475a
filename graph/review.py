"""The review table of the add-document page, as plain rows of labels.

A reviewer reads labels, not IRIs: kinds, settings and existing concepts are offered by their
labels (all read from the graph), and the edited rows are turned back into the draft's IRIs here,
so the page only arranges widgets (st.data_editor) and the logic stays testable without Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

from .draft import Draft
from .draft_io import apply_review
from .extract import Extractor
from .namespaces import shorten

NEW = "(new concept)"
COLUMNS = ["id", "accept", "passage", "lines", "kind", "settings", "link", "label", "definition", "score", "reason"]


@dataclass
class ReviewOptions:
    kinds: dict[str, str]  # label -> class IRI
    settings: dict[str, str]  # label -> setting IRI, in continuum order
    concepts: dict[str, str]  # "label (kind)" -> concept IRI

    def kind_label(self, iri: str) -> str:
        return next((k for k, v in self.kinds.items() if v == iri), shorten(iri))

    def concept_label(self, iri: str | None) -> str:
        if not iri:
            return NEW
        return next((k for k, v in self.concepts.items() if v == iri), shorten(iri))


def review_options(extractor: Extractor) -> ReviewOptions:
    kinds = {row["label"]: str(row["kind"]) for row in extractor.kind_rows}
    labels = {iri: label for label, iri in kinds.items()}
    settings = {info.label: iri for iri, info in extractor.lexicon.settings.items()}
    concepts = {}
    for iri, info in sorted(extractor.lexicon.concepts.items(), key=lambda kv: kv[1].label.lower()):
        concepts[f"{info.label} ({labels.get(info.kind, shorten(info.kind))})"] = iri
    return ReviewOptions(kinds, settings, concepts)


def editor_rows(draft: Draft, options: ReviewOptions) -> list[dict]:
    """One row per candidate with labels for every choice (what st.data_editor shows)."""
    names = {iri: label for label, iri in options.settings.items()}
    rows = []
    for c in draft.candidates:
        rows.append({
            "id": c.id, "accept": c.accept, "passage": c.heading, "lines": f"{c.line_start}-{c.line_end}",
            "kind": options.kind_label(c.kind), "settings": [names.get(s, shorten(s)) for s in c.settings],
            "link": options.concept_label(c.match), "label": c.label if c.is_new else "",
            "definition": c.definition, "score": round(c.score, 2), "reason": c.reason,
        })
    return rows


def apply_editor_rows(draft: Draft, rows: list[dict], options: ReviewOptions) -> Draft:
    """The reviewer's edits (labels) applied to the draft (IRIs); raises DocumentError naming a bad row."""
    converted = []
    for row in rows:
        link = row.get("link") or NEW
        settings = row.get("settings") or []
        if isinstance(settings, str):
            settings = [s.strip() for s in settings.split(",") if s.strip()]
        converted.append({
            "id": row["id"], "accept": bool(row.get("accept")),
            "kind": options.kinds.get(row.get("kind") or "", row.get("kind") or ""),
            "settings": " ".join(options.settings.get(s, s) for s in settings),
            "match": "" if link == NEW else options.concepts.get(link, link),
            "label": row.get("label") or "", "definition": row.get("definition") or "",
        })
    return apply_review(draft, converted, "the review table")
