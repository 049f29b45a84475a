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
from .extract_classify import sentences
from .extract_input import decode_document
from .extract_match import Lexicon
from .extract_parse import BULLET, MD_HEADING, NUMBERED, plain
from .namespaces import shorten

NEW = "(new concept)"
# the reviewer's decision first: what the passage says and the concept it was linked to
COLUMNS = ["id", "accept", "passage", "text", "link", "kind", "settings", "label", "definition", "score", "reason",
           "lines"]
EXCERPT = 160  # characters of a passage the table shows; the whole line range is in the document


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


def read_upload(extractor: Extractor, file_name: str, data: bytes) -> tuple[Draft, dict[str, str]]:
    """The draft of an uploaded or pasted document, and what each candidate's passage says (from the
    extractor's reading of the bytes, so that line numbers agree). The passages are worked out once
    here, not on each rerun of the review page: every edit in the table reruns it."""
    text = decode_document(file_name, data)
    draft = extractor.extract_text(text, file_name)
    return draft, passages(draft, text, extractor.lexicon)


def passages(draft: Draft, text: str, lexicon: Lexicon | None = None) -> dict[str, str]:
    """Candidate id -> what its lines say; with the extractor's ``lexicon``, a paragraph's candidate
    gets the sentence that names its concept. Only shown: a draft keeps labels and line references,
    never the document's sentences."""
    lines = text.splitlines()
    return {c.id: excerpt(lines, c.line_start, c.line_end, concept=c.match if c.item is None else None,
                          lexicon=lexicon) for c in draft.candidates}


def excerpt(lines: list[str], start: int, end: int, limit: int = EXCERPT, concept: str | None = None,
            lexicon: Lexicon | None = None) -> str:
    """What the document says at lines ``start``-``end`` (1-based), on one line and cut at ``limit``.
    Given the ``concept`` a paragraph was read as naming, and the ``lexicon`` that read it, the
    sentence that names it: a paragraph yields several candidates, and its opening words would show
    the same text on each row, often without the words that were matched."""
    text = " ".join(" ".join(_content(line) for line in lines[max(start, 1) - 1:end]).split())
    if concept and lexicon:
        text = next((s for s in sentences(text) if any(h.concept == concept for h in lexicon.find(s, prose=True))),
                    text)
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"


def _content(line: str) -> str:
    """A line without its Markdown: heading marks, list markers and emphasis."""
    match = MD_HEADING.match(line) or NUMBERED.match(line)
    body = match.group(2) if match else line
    bullet = BULLET.match(body)
    return plain(bullet.group(1) or "" if bullet else body)


def editor_rows(draft: Draft, options: ReviewOptions, said: dict[str, str] | None = None) -> list[dict]:
    """One row per candidate with labels for every choice (what st.data_editor shows). ``said``: what
    each candidate's passage says (:func:`passages`); a reviewer judges a match against the passage,
    not against line numbers."""
    names = {iri: label for label, iri in options.settings.items()}
    said = said or {}
    rows = []
    for c in draft.candidates:
        rows.append({
            "id": c.id, "accept": c.accept, "passage": c.heading, "text": said.get(c.id, ""),
            "lines": f"{c.line_start}-{c.line_end}",
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
