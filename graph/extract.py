"""From a new document to a draft: sections classified, items turned into candidate concepts.

``extract_file`` reads a plain-text or Markdown document (graph.extract_input), finds its shape
(graph.extract_parse), decides what each section and list is about (graph.extract_classify) and
matches every item, sub-point and passage to the concepts the graph already has
(graph.extract_match); graph.extract_items reads lists and graph.extract_prose paragraphs. The result is a Draft (graph.draft): labels, references and match
scores, which a reviewer accepts or corrects before graph.overlay merges it. Nothing here writes.
"""

from __future__ import annotations

import re
from pathlib import Path

from .draft import Draft, DraftSection, short_label, slug
from .extract_assign import load_evidence
from .extract_classify import OPEN_KINDS, kind_cues, kind_of, sentences, stance_of
from .extract_input import check_shape, read_document
from .extract_items import ItemReader
from .extract_match import Lexicon, load_lexicon
from .extract_parse import ItemList, Outline, Paragraph, Section, parse
from .extract_prose import ProseReader
from .extract_reader import Context

# a question heading that points back ("What is hard about it?") asks about what the question before it
# named, not about the document as a whole
POINTS_BACK = re.compile(r"\b(it|its|them|they|this|that|these|those)\b[^?]*\?\s*$", re.IGNORECASE)


class Extractor(ItemReader, ProseReader):
    """One lexicon (read once from the graph), applied to any number of documents."""

    def __init__(self, lexicon: Lexicon, kind_rows: list[dict]):
        self.lexicon = lexicon
        self.kind_rows = kind_rows
        self.cues = kind_cues(kind_rows)
        self._slots = None

    @classmethod
    def from_store(cls, store) -> "Extractor":
        mentions = store.select("document-mentions").rows
        lexicon = load_lexicon(store, mentions)
        lexicon.evidence = load_evidence(mentions)
        return cls(lexicon, store.select("concept-kinds").rows)

    # ------------------------------------------------------------------ documents

    def extract_file(self, path: Path | str) -> Draft:
        path = Path(path)
        return self.extract_text(read_document(path), path.name, source=path)

    def extract_text(self, text: str, file_name: str, source=None) -> Draft:
        outline = parse(text)
        check_shape(outline, text, source or file_name)
        title = outline.title or Path(file_name).stem.replace("_", " ").replace("-", " ").strip().capitalize()
        draft = Draft(slug(Path(file_name).stem), file_name, short_label(title, 9), len(text.splitlines()))
        own_prefix = draft.new_concept_prefix
        if any(iri.startswith(own_prefix) for iri in self.lexicon.concepts):
            # the same document is already in the overlay: match against the graph without its own part
            full, self.lexicon = self.lexicon, self.lexicon.without_document(draft.document_iri, own_prefix)
            try:
                return self._extract(outline, text, draft, source or file_name)
            finally:
                self.lexicon = full
        return self._extract(outline, text, draft, source or file_name)

    def _extract(self, outline: Outline, text: str, draft: Draft, source) -> Draft:
        scope = self._document_settings(outline)
        enclosing: list[tuple[int, tuple[str, ...], bool]] = []  # (level, settings, named?) of open headings
        previous = None  # (level, settings, named?) of the section just closed
        for section in outline.sections:
            while enclosing and enclosing[-1][0] >= section.level:
                previous = enclosing.pop()
            inherited, named = enclosing[-1][1:] if enclosing else (scope, False)
            if previous and previous[0] == section.level and previous[2] and POINTS_BACK.search(section.title) \
                    and not self.lexicon.settings_in(section.title):
                inherited, named = previous[1:]
            enclosing.append((section.level, *self._section(draft, section, inherited, named)))
        self._read_broadly(draft, text)
        _merge_duplicates(draft)
        if not draft.candidates:
            draft.notes.append("No item or passage named a concept; check that the document is about care settings.")
        return draft

    def _read_broadly(self, draft: Draft, text: str) -> None:
        """A setting the document names only by its bare word also covers the narrower settings that
        word heads, where the document names them (graph.extract_settings: broad_readings)."""
        broad = self.lexicon.broad_readings(text)
        if not broad:
            return
        order = list(self.lexicon.settings)
        for c in draft.candidates:
            extra = [s for plain in c.settings for s in broad.get(plain, ())]
            if extra:
                c.settings = tuple(sorted(set(c.settings) | set(extra), key=order.index))

    def _document_settings(self, outline: Outline) -> tuple[str, ...]:
        """The settings the whole document is about: those its title and opening paragraph name."""
        found = self.lexicon.settings_in(outline.title)
        if not found and outline.sections and outline.sections[0].paragraphs:
            found = self.lexicon.settings_in(outline.sections[0].paragraphs[0].text)
        if not found:
            found = self.lexicon.settings_in(" ".join(p.text for s in outline.sections[:3] for p in s.paragraphs))
        return tuple(found)

    # ------------------------------------------------------------------ sections

    def _section(self, draft: Draft, section: Section, scope: tuple[str, ...],
                 scope_named: bool = False) -> tuple[tuple[str, ...], bool]:
        """Read one section; return the settings it is about and whether a heading named them, for the
        sections nested under it.

        A heading's settings are those it names, else its enclosing heading's, else the document's
        (``scope`` is the nearest of the last two; ``scope_named`` when a heading named it): "What do
        people like about them?" under "## Day programs" is about day programs, whatever else the
        document covers, and an item comparing them with another setting is still about them."""
        cue = kind_of(section.title, self.cues)
        named = tuple(self.lexicon.settings_in(section.title))
        draft.sections.append(DraftSection(section.order, short_label(section.title), section.line_start,
                                           section.line_end, cue.kind if cue else None, named or scope))
        paragraph_number = 0
        for block in section.blocks:
            if isinstance(block, Paragraph):
                paragraph_number += 1
                self._paragraph(draft, section, block, paragraph_number, named or scope, cue.kind if cue else None)
            elif isinstance(block, ItemList):
                self._list(draft, section, block, self._list_context(section, block, scope, scope_named))
        return named or scope, bool(named) or scope_named

    def _list_context(self, section: Section, block: ItemList, scope, scope_named: bool = False) -> Context:
        intro = sentences(block.intro)[-1] if block.intro else ""
        cues = [c for c in (kind_of(t, self.cues) for t in (section.title, intro)) if c]
        cue = max(cues, key=lambda c: c.strength, default=None) or kind_of(block.intro, self.cues)
        named = next((tuple(found) for found in map(self.lexicon.settings_in, (intro, block.intro, section.title))
                      if found), ())
        kind = cue.kind if cue else None
        return Context(kind, bool(kind) and kind not in OPEN_KINDS, named or scope, bool(named) or scope_named,
                       stance_of(intro or section.title))

def _merge_duplicates(draft: Draft) -> None:
    """One mention per passage and concept: a concept found twice in the same lines keeps the first."""
    seen, kept = set(), []
    for c in draft.candidates:
        key = (c.line_start, c.sub_item, draft.concept_of(c))
        if key in seen:
            continue
        seen.add(key)
        kept.append(c)
    draft.candidates = kept


def extract_file(path: Path | str, store=None) -> Draft:
    """Draft the contribution of one document, matched against the graph in ``store`` (default: open_store())."""
    if store is None:
        from .store import open_store

        store = open_store()
    return Extractor.from_store(store).extract_file(path)
