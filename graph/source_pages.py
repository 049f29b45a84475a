"""A concept's sources one page at a time, so a concept named thousands of times opens as fast as one named twice.

The concept page used to list every mention (queries/concept-sources.rq): 2,278 rows and most of a
second for the busiest concept of a million-triple graph, most of it spent walking each mention to
its section and document only to sort them. Here the graph first counts the mentions per document
(concept-documents, one index read per mention), which gives the total, the number of documents
and where each page starts; then only the documents a page falls in are opened (concept-mentions)
and only their mentions are described and sorted (mention-sources).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .sources import Source, from_row
from .store import Store

PAGE_SIZE = 50  # mentions per page of sources


@dataclass(frozen=True)
class DocumentMentions:
    document: str  # IRI of the source document
    graph: str  # IRI of the named graph that holds its triples
    mentions: int  # how many times it mentions the concept


@dataclass
class SourcePage:
    sources: list[Source]  # one per mention, in reading order
    first: int  # 1-based number of the first mention shown (0 when there are none)
    total: int  # mentions of the concept in every document
    number: int  # 0-based page number
    pages: int

    @property
    def last(self) -> int:
        return self.first + len(self.sources) - 1 if self.sources else 0


def documents(store: Store, concept_iri: str) -> list[DocumentMentions]:
    """The documents that mention the concept, in reading order, with their mention counts."""
    return [DocumentMentions(r["document"], r["graph"], r["mentions"])
            for r in store.select("concept-documents", concept=concept_iri).rows]


def page_from_address(value: str | None, pages: int) -> int:
    """The 0-based page a 1-based ``sources=N`` in the address asks for, kept within the pages there
    are: a link copied from a graph that has since changed, or typed by hand, still opens a page."""
    asked = int(value) if value and value.isdigit() else 1
    return min(max(asked, 1), pages) - 1


def page_count(docs: list[DocumentMentions], size: int | None = None) -> int:
    return max(1, -(-sum(d.mentions for d in docs) // (size or PAGE_SIZE)))


def page(store: Store, concept_iri: str, docs: list[DocumentMentions], number: int = 0,
         size: int | None = None) -> SourcePage:
    """Page ``number`` (0-based, clamped to the pages there are) of the concept's sources: mentions
    ``number * size + 1`` to ``(number + 1) * size`` in reading order (document, section, line).

    A mention that applies to several settings is one source naming them all (the full list,
    concept-sources, has a row per mention and setting)."""
    size = size or PAGE_SIZE
    total = sum(d.mentions for d in docs)
    pages = page_count(docs, size)
    number = min(max(number, 0), pages - 1)
    start, stop = number * size, min((number + 1) * size, total)
    graphs, seen, skip = [], 0, 0
    for d in docs:
        if seen + d.mentions > start and seen < stop:
            if not graphs:
                skip = start - seen
            graphs.append(d.graph)
        seen += d.mentions
    sources: list[Source] = []
    if graphs:
        mentions = [r["mention"] for r in store.select("concept-mentions", concept=concept_iri, graphs=graphs).rows]
        sources = _merged(store.select("mention-sources", mentions=mentions).rows)[skip:skip + size]
    return SourcePage(sources, start + 1 if sources else 0, total, number, pages)


def _merged(rows: list[dict]) -> list[Source]:
    """One source per mention, in the rows' order, naming all its settings; when they differ in
    stance, each setting carries its own ('Outpatient (favours); Inpatient (disfavours)')."""
    by_mention: dict[str, list[dict]] = {}
    for r in rows:
        by_mention.setdefault(r["mentions"], []).append(r)
    merged = []
    for group in by_mention.values():
        source = from_row(group[0])
        if len(group) > 1:
            parts = [from_row(r) for r in group]
            stances = {p.stance for p in parts}
            labels = [p.setting_label + (f" ({p.stance})" if len(stances) > 1 and p.stance else "")
                      for p in parts if p.setting_label]
            source = replace(source, setting_label="; ".join(dict.fromkeys(labels)) or None,
                             stance=source.stance if len(stances) == 1 else None)
        merged.append(source)
    return merged
