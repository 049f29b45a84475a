"""A draft: what the extractor proposes from one document, before a reviewer accepts it.

Plain dataclasses shared by the extractor, the CLI, the review page and the overlay. A draft
holds labels and references (document, section, item, sub-item, line range), never the
document's sentences: a new concept's definition stays a marked placeholder until a reviewer
writes one in their own words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .extract_parse import plain
from .namespaces import PREFIXES, expand, shorten

# where a one-sentence item's label stops ("Access to medication management if needed" -> "... management")
LINKING_WORDS = {"to", "for", "with", "that", "which", "who", "whose", "but", "when", "while", "if", "so", "by", "through",
                 "because", "as", "in", "where"}
PLACEHOLDER = "[Placeholder: the reviewer writes a one-sentence definition in their own words.]"


@dataclass
class DraftSection:
    order: int
    title: str  # the document's heading, shortened to nine words
    line_start: int
    line_end: int
    kind: str | None = None  # class IRI the heading points to, such as rg:Advantage
    settings: tuple[str, ...] = ()


@dataclass
class Candidate:
    """One proposed mention: a passage of the document naming a concept, existing or new."""

    id: str  # local mention id, such as "s03-i1", "s03-i1-2" (sub-point) or "s03-p1-cbt"
    section: int
    line_start: int
    line_end: int
    heading: str  # short label of the passage: the item heading, bullet key or a shortened item
    label: str  # the label a new concept would get
    kind: str  # class IRI
    settings: tuple[str, ...] = ()
    item: int | None = None
    sub_item: int | None = None
    parent: str | None = None  # id of the item's candidate, for sub-points
    match: str | None = None  # existing concept proposed; None means a new concept
    score: float = 0.0
    reason: str = ""
    closest: str | None = None  # best existing concept even below the threshold
    closest_score: float = 0.0
    themes: tuple[str, ...] = ()
    stance: str | None = None  # rg:Favours / rg:Disfavours for suitability criteria
    found_by: str = "item"  # item | sub-point | list entry | text
    accept: bool = True
    definition: str = ""  # written by the reviewer for a new concept

    @property
    def is_new(self) -> bool:
        return self.match is None


@dataclass
class Draft:
    doc_id: str  # slug used in IRIs and as the overlay file name
    file_name: str
    title: str
    lines: int
    sections: list[DraftSection] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def document_iri(self) -> str:
        return PREFIXES["rgd"] + f"u-{self.doc_id}"

    def section_iri(self, order: int) -> str:
        return f"{self.document_iri}-s{order:02d}"

    def mention_iri(self, candidate: Candidate) -> str:
        return f"{self.document_iri}-{candidate.id}"

    @property
    def new_concept_prefix(self) -> str:
        return PREFIXES["rgc"] + f"u-{self.doc_id}-"

    def new_concept_iri(self, candidate: Candidate) -> str:
        return self.new_concept_prefix + slug(candidate.label, 48)

    def concept_of(self, candidate: Candidate) -> str:
        return candidate.match or self.new_concept_iri(candidate)

    def accepted(self) -> list[Candidate]:
        return [c for c in self.candidates if c.accept]


def slug(text: str, limit: int = 40) -> str:
    """A lowercase, hyphenated ASCII name for IRIs and files."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text[:limit].rstrip("-") or "document"


def short_label(text: str, words: int = 9) -> str:
    """At most ``words`` words, so a label never carries a run of the document's sentence."""
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def clean_label(heading: str) -> str:
    """An item heading or bullet key as a label: plain text, no trailing colon, at most nine words."""
    return short_label(plain(heading).strip().rstrip(":").strip(), 9)


def label_from_sentence(text: str) -> str:
    """A short label from a one-sentence item: its opening words, up to the first linking word."""
    words = plain(text).rstrip(".").split()
    while words and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    label = []
    for word in words:
        bare = word.strip(",;()").lower()
        if label and (bare in LINKING_WORDS and len(label) >= 2 or word.endswith((",", ";"))):
            if word.endswith((",", ";")) and bare not in LINKING_WORDS:
                label.append(word.rstrip(",;"))
            break
        label.append(word)
        if len(label) >= 6:
            break
    text = " ".join(label).strip(",;:")
    return text[:1].upper() + text[1:] if text else "Untitled item"


def iri_or_none(value) -> str | None:
    """A reviewer's cell (prefixed name or IRI) as a full IRI; blank means none."""
    value = (value or "").strip() if isinstance(value, str) else value
    if not value:
        return None
    return expand(str(value))


def short(iri: str | None) -> str:
    return shorten(iri) if iri else ""
