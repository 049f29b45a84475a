"""From a new document to a draft: sections classified, items turned into candidate concepts.

``extract_file`` reads a plain-text or Markdown document (graph.extract_input), finds its shape
(graph.extract_parse), decides what each section and list is about (graph.extract_classify) and
matches every item, sub-point and passage to the concepts the graph already has
(graph.extract_match). The result is a Draft (graph.draft): labels, references and match
scores, which a reviewer accepts or corrects before graph.overlay merges it. Nothing here writes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .draft import Candidate, Draft, DraftSection, clean_label, label_from_sentence, short_label, slug
from .extract_classify import OPEN_KINDS, is_marker_key, kind_cues, kind_of, sentences, stance_of
from .extract_input import check_shape, decode_document, read_document
from .extract_match import MATCH_THRESHOLD, Hit, Lexicon, Match, load_lexicon, tokens
from .extract_parse import Item, ItemList, Outline, Paragraph, Section, parse
from .namespaces import RG

THERAPY_KINDS = {str(RG.Therapy), str(RG.Medication)}
# An explanation names many ideas in passing; only named things (a therapy, a medication, a group or
# body) are taken from it as extra mentions. A heading or bullet key is short and on topic: all kinds.
PASSING_KINDS = THERAPY_KINDS | {str(RG.Organization)}
CONCRETE_KINDS = PASSING_KINDS | {str(RG.ProgramFeature)}


@dataclass
class Context:
    """What a list (or section) is about: its kind, whether items must keep that kind, its settings."""

    kind: str | None
    closed: bool  # items of a closed kind (advantages, dilemmas...) match only concepts of that kind
    settings: tuple[str, ...]
    explicit: bool  # the settings were named by the heading or introduction, not guessed from the document
    stance: str


class Extractor:
    """One lexicon (read once from the graph), applied to any number of documents."""

    def __init__(self, lexicon: Lexicon, kind_rows: list[dict]):
        self.lexicon = lexicon
        self.kind_rows = kind_rows
        self.cues = kind_cues(kind_rows)

    @classmethod
    def from_store(cls, store) -> "Extractor":
        return cls(load_lexicon(store), store.select("concept-kinds").rows)

    # ------------------------------------------------------------------ documents

    def extract_file(self, path: Path | str) -> Draft:
        path = Path(path)
        return self.extract_text(read_document(path), path.name, source=path)

    def extract_bytes(self, data: bytes, file_name: str) -> Draft:
        return self.extract_text(decode_document(file_name, data), file_name)

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
        for section in outline.sections:
            self._section(draft, section, scope)
        _merge_duplicates(draft)
        if not draft.candidates:
            draft.notes.append("No item or passage named a concept; check that the document is about care settings.")
        return draft

    def _document_settings(self, outline: Outline) -> tuple[str, ...]:
        """The settings the whole document is about: those its title and opening paragraph name."""
        found = self.lexicon.settings_in(outline.title)
        if not found and outline.sections and outline.sections[0].paragraphs:
            found = self.lexicon.settings_in(outline.sections[0].paragraphs[0].text)
        if not found:
            found = self.lexicon.settings_in(" ".join(p.text for s in outline.sections[:3] for p in s.paragraphs))
        return tuple(found)

    # ------------------------------------------------------------------ sections

    def _section(self, draft: Draft, section: Section, scope: tuple[str, ...]) -> None:
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
                self._list(draft, section, block, self._list_context(section, block, scope))

    def _list_context(self, section: Section, block: ItemList, scope) -> Context:
        intro = sentences(block.intro)[-1] if block.intro else ""
        cues = [c for c in (kind_of(t, self.cues) for t in (section.title, intro)) if c]
        cue = max(cues, key=lambda c: c.strength, default=None) or kind_of(block.intro, self.cues)
        named = next((tuple(found) for found in map(self.lexicon.settings_in, (intro, block.intro, section.title))
                      if found), ())
        kind = cue.kind if cue else None
        return Context(kind, bool(kind) and kind not in OPEN_KINDS, named or scope, bool(named),
                       stance_of(intro or section.title))

    # ------------------------------------------------------------------ lists

    def _list(self, draft: Draft, section: Section, block: ItemList, ctx: Context) -> None:
        for item in block.items:
            self._item(draft, section, item, ctx)

    def _item(self, draft: Draft, section: Section, item: Item, ctx: Context) -> None:
        heading, body = item.heading, item.text
        settings = ctx.settings
        if heading and is_marker_key(heading, self.lexicon, self.kind_rows):
            if not ctx.explicit:
                settings = tuple(self.lexicon.settings_in(heading)) or settings
            body = item.text.split(":", 1)[1] if ":" in item.text else item.text
            heading = None
        elif not ctx.explicit:
            settings = tuple(self.lexicon.settings_in(heading or body)) or settings
        item_id = f"s{section.order:02d}-i{item.number}"
        sub_bullets = [b for b in item.bullets if b.key and not is_marker_key(b.key, self.lexicon, self.kind_rows)]
        own_text = " ".join([heading or body] + [b.text for b in item.bullets if b not in sub_bullets])
        found_by = "item" if item.numbered else "list entry"
        base = dict(section=section.order, line_start=item.line_start, line_end=item.line_end, item=item.number,
                    settings=settings, found_by=found_by)
        if heading:
            main = self._candidate(item_id, clean_label(heading), ctx, base, stance_text=own_text)
            hits = self._heading_hits(heading, ctx.kind) + self._passing_hits(own_text, ctx.kind)
        else:
            hits = self._hits(body, ctx.kind)
            main = self._main_from_hits(item_id, body, hits, ctx, base)
        draft.candidates.append(main)
        self._extras(draft, main, hits, ctx, base, own_text)
        for number, bullet in enumerate(item.bullets, start=1):
            if bullet not in sub_bullets:
                continue
            sub = dict(base, line_start=bullet.line_start, line_end=bullet.line_end, sub_item=number, found_by="sub-point")
            candidate = self._candidate(f"{item_id}-{number}", clean_label(bullet.key), ctx, sub,
                                        stance_text=bullet.text, parent=main.id)
            draft.candidates.append(candidate)
            hits = self._heading_hits(bullet.key, ctx.kind) + self._passing_hits(bullet.text, ctx.kind)
            self._extras(draft, candidate, hits, ctx, sub, bullet.text)

    def _candidate(self, cid: str, label: str, ctx: Context, base: dict, stance_text: str = "",
                   parent: str | None = None) -> Candidate:
        chosen, closest = self._choose(label, ctx)
        kind = chosen.kind if chosen else (ctx.kind or _closest_kind(closest) or str(RG.ProgramFeature))
        candidate = Candidate(cid, heading=label, label=label, kind=kind, parent=parent, **base)
        self._decide(candidate, chosen, closest, ctx, stance_text)
        return candidate

    def _choose(self, label: str, ctx: Context) -> tuple[Match | None, Match | None]:
        """The existing concept a heading names (None for a new one) and the closest concept seen."""
        kinds = _kind_family(ctx.kind)
        same = self.lexicon.match(label, kinds) if kinds else []
        if same and same[0].score >= MATCH_THRESHOLD:
            return same[0], same[0]
        anywhere = self.lexicon.match(label)
        closest = max(same[:1] + anywhere[:1], key=lambda m: m.score, default=None)
        if not ctx.closed and anywhere and anywhere[0].score >= MATCH_THRESHOLD:
            return anywhere[0], anywhere[0]
        return None, closest

    def _decide(self, candidate: Candidate, chosen: Match | None, closest: Match | None, ctx: Context,
                stance_text: str) -> None:
        if chosen:
            candidate.match, candidate.score, candidate.reason = chosen.concept, chosen.score, chosen.reason
            candidate.themes = self.lexicon.concepts[chosen.concept].themes
        else:
            candidate.reason = "no existing concept is close enough; proposed as a new concept"
            candidate.themes = self._themes_for_new(candidate, closest)
        if closest:
            candidate.closest, candidate.closest_score = closest.concept, closest.score
        if candidate.kind == str(RG.SuitabilityCriterion):
            candidate.stance = ctx.stance if ctx.stance == str(RG.Disfavours) else stance_of(stance_text)

    def _themes_for_new(self, candidate: Candidate, closest: Match | None) -> tuple[str, ...]:
        themes = list(self.lexicon.themes_for(candidate.label))
        if closest:
            themes += [t for t in self.lexicon.concepts[closest.concept].themes if t not in themes]
        if not themes:
            counts = Counter(t for c in self.lexicon.concepts.values() if c.kind == candidate.kind for t in c.themes)
            themes = [t for t, _ in counts.most_common(1)]
        return tuple(themes[:3])

    def _main_from_hits(self, item_id: str, body: str, hits: list[Hit], ctx: Context, base: dict) -> Candidate:
        """An item written as one sentence: the first concept it names (of the list's kind when the list
        has one), else its opening words as a new concept."""
        kinds = _kind_family(ctx.kind)
        preferred = [h for h in hits if not kinds or h.kind in kinds] or ([] if ctx.closed else hits)
        label = label_from_sentence(body)
        if preferred:
            hit = preferred[0]
            candidate = Candidate(item_id, heading=label, label=label, kind=hit.kind, **base)
            match = Match(hit.concept, hit.kind, self.lexicon.concepts[hit.concept].label, 0.95,
                          f"the item names its label or altLabel '{hit.text}'")
            self._decide(candidate, match, match, ctx, body)
            return candidate
        return self._candidate(item_id, label, ctx, base, stance_text=body)

    def _heading_hits(self, heading: str, context_kind: str | None) -> list[Hit]:
        """Concepts a heading names besides its own idea. A judgement (an advantage, a criterion...) whose
        label covers the whole heading is the heading's own idea under another kind, not a second idea;
        a concrete thing (a program feature, a therapy) named by the whole heading is kept."""
        size = len(tokens(heading))
        return [h for h in self._hits(heading, context_kind)
                if h.kind in CONCRETE_KINDS or not (h.start == 0 and h.end >= size)]

    def _passing_hits(self, text: str, context_kind: str | None) -> list[Hit]:
        return [h for h in self._hits(text, context_kind) if h.kind in PASSING_KINDS]

    def _hits(self, text: str, context_kind: str | None) -> list[Hit]:
        """Concepts named in a text; where one label names several concepts, the one of the context's kind."""
        hits = self.lexicon.find(text)
        by_span: dict[tuple[int, int], list[Hit]] = {}
        for h in hits:
            by_span.setdefault((h.start, h.end), []).append(h)
        chosen = []
        family = _kind_family(context_kind) or set()
        for span in sorted(by_span):
            group = by_span[span]
            group.sort(key=lambda h: (h.kind not in family, h.concept))
            chosen.append(group[0])
        return chosen

    def _extras(self, draft: Draft, main: Candidate, hits: list[Hit], ctx: Context, base: dict, text: str) -> None:
        """The other concepts an item names in passing (a therapy, a medication, a group): one mention each."""
        seen = {main.match}
        for hit in hits:
            if hit.concept in seen:
                continue
            seen.add(hit.concept)
            info = self.lexicon.concepts[hit.concept]
            extra = Candidate(f"{main.id}-{hit.concept.rsplit('/', 1)[-1]}", heading=main.heading, label=info.label,
                              kind=hit.kind, **dict(base, found_by="text"))
            self._decide(extra, Match(hit.concept, hit.kind, info.label, 0.95,
                                      f"the passage names its label or altLabel '{hit.text}'"), None, ctx, text)
            draft.candidates.append(extra)

    # ------------------------------------------------------------------ prose

    def _paragraph(self, draft: Draft, section: Section, paragraph: Paragraph, number: int,
                   settings: tuple[str, ...], section_kind: str | None) -> None:
        """Concepts a prose paragraph names, each for the settings its sentence (or the one before) names."""
        found: dict[str, Candidate] = {}
        previous: tuple[str, ...] = ()
        base_id = f"s{section.order:02d}-p{number}"
        heading = short_label(section.title, 6)
        for sentence in sentences(paragraph.text):
            named = tuple(self.lexicon.settings_in(sentence, first_only_when_compared=True)) or previous or settings
            previous = named
            for hit in self._hits(sentence, section_kind):
                info = self.lexicon.concepts[hit.concept]
                known = found.get(hit.concept)
                if known:
                    known.settings = tuple(dict.fromkeys(known.settings + named))
                    continue
                cid = base_id if not found else f"{base_id}-{hit.concept.rsplit('/', 1)[-1]}"
                candidate = Candidate(cid, section.order, paragraph.line_start, paragraph.line_end, heading, info.label,
                                      hit.kind, named, found_by="text")
                self._decide(candidate, Match(hit.concept, hit.kind, info.label, 0.9,
                                              f"the paragraph names its label or altLabel '{hit.text}'"),
                             None, Context(section_kind, False, named, True, stance_of(sentence)), sentence)
                found[hit.concept] = candidate
        draft.candidates.extend(found.values())


def _kind_family(kind: str | None) -> set[str] | None:
    if not kind:
        return None
    return THERAPY_KINDS if kind in THERAPY_KINDS else {kind}


def _closest_kind(match: Match | None) -> str | None:
    return match.kind if match else None


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
