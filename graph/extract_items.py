"""Reading lists: numbered items, list entries and their sub-points, each turned into candidates.

An item's heading (or key, "Key: explanation") names its main concept; a one-sentence item names it
somewhere in its sentence; sub-points say more about their item; an explanation names things in
passing. Which concepts count depends on the list's kind (graph.extract_classify) and on the
conventions of curation (docs/curation.md): a list of one kind holds that kind, a sub-point never
repeats its item's concept, a list that walks through the settings is about the process its
introduction names.
"""

from __future__ import annotations

from .draft import Candidate, Draft, clean_label, label_from_sentence
from .extract_assign import Slot, applies_to, assign
from .extract_classify import is_marker_key
from .extract_match import LIST_MARGIN, LIST_THRESHOLD, MATCH_THRESHOLD, Hit, Match, tokens
from .extract_parse import Item, ItemList, Section
from .extract_reader import CONCRETE_KINDS, PASSING_KINDS, Context, Reader, closest_kind, kind_family
from .namespaces import RG


class ItemReader(Reader):
    """Turns the items of a list into candidates (mixed into graph.extract.Extractor)."""

    kind_rows: list[dict]

    def _list(self, draft: Draft, section: Section, block: ItemList, ctx: Context) -> None:
        ctx.walk = self._walk(block)
        start, self._slots = len(draft.candidates), {}
        try:
            for item in block.items:
                self._item(draft, section, item, ctx)
            if ctx.kind:
                self._assign(draft.candidates[start:], ctx)
        finally:
            self._slots = None

    def _assign(self, listed: list[Candidate], ctx: Context) -> None:
        """The list's items still proposed as new concepts, assigned one to one among the concepts of the
        list's kind and setting that its other items do not name (graph.extract_assign)."""
        kinds = kind_family(ctx.kind)
        slots = [self._slots[c.id] for c in listed if c.match is None and c.id in self._slots]
        if not kinds or not slots:
            return
        taken = {c.match for c in listed if c.match}
        evidence = self.lexicon.evidence
        if getattr(self, "_applies", (None,))[0] is not evidence:
            self._applies = (evidence, applies_to(evidence))
        found = assign(self.lexicon.descriptions, slots, kinds, taken, self._applies[1], self.lexicon.concepts)
        for c in listed:
            if c.id in found:
                match = found[c.id]
                c.kind = match.kind
                self._decide(c, match, None, ctx, self._slots[c.id].text)

    def _walk(self, block: ItemList) -> tuple[Hit, ...]:
        """A list whose items each name one setting, a different one each ("start in residential care",
        "move to a day program", "then outpatient") walks along the continuum: every item is a step of the
        process its introduction names (stepping down, a continuum of care), for the item's own setting."""
        if not block.intro or len(block.items) < 3:
            return ()
        named = [self.lexicon.settings_in(item.text) for item in block.items]
        if any(len(found) != 1 for found in named) or len({found[0] for found in named}) < 3:
            return ()
        return tuple(h for h in self.lexicon.find(block.intro) if h.kind == str(RG.ProgramFeature))

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
        own_text = " ".join([heading or body, item.explanation if heading else ""]
                            + [b.text for b in item.bullets if b not in sub_bullets])
        found_by = "item" if item.numbered else "list entry"
        base = dict(section=section.order, line_start=item.line_start, line_end=item.line_end, item=item.number,
                    settings=settings, found_by=found_by)
        if heading:
            main = self._candidate(item_id, clean_label(heading), ctx, base, stance_text=own_text)
            hits = self._heading_hits(heading, ctx) + self._passing_hits(own_text, ctx, item.explanation)
        else:
            hits = self._in_kind(self._hits(body, ctx.kind), ctx)
            main = self._main_from_hits(item_id, body, hits, ctx, base)
        if main.is_new and ctx.walk:  # a step of the walk names nothing new: it is the walk, for its setting
            step = ctx.walk[0]
            main.kind, main.label = step.kind, self.lexicon.concepts[step.concept].label
            self._decide(main, Match(step.concept, step.kind, main.label, 0.8,
                                     f"a step of the list its introduction calls '{step.text}'"), None, ctx, body)
        draft.candidates.append(main)
        self._extras(draft, main, hits + [h for h in ctx.walk if h.concept not in {x.concept for x in hits}],
                     ctx, base, own_text)
        for number, bullet in enumerate(item.bullets, start=1):
            if bullet not in sub_bullets:
                continue
            sub = dict(base, line_start=bullet.line_start, line_end=bullet.line_end, sub_item=number, found_by="sub-point")
            candidate = self._candidate(f"{item_id}-{number}", clean_label(bullet.key), ctx, sub,
                                        stance_text=bullet.text, parent=main.id, avoid=frozenset({main.match}))
            draft.candidates.append(candidate)
            hits = self._heading_hits(bullet.key, ctx) + self._passing_hits(bullet.text, ctx, bullet.text)
            self._extras(draft, candidate, hits, ctx, sub, bullet.text, also_seen={main.match})

    def _candidate(self, cid: str, label: str, ctx: Context, base: dict, stance_text: str = "",
                   parent: str | None = None, avoid: frozenset = frozenset()) -> Candidate:
        chosen, closest = self._choose(label, ctx, stance_text, avoid)
        kind = chosen.kind if chosen else (ctx.kind or closest_kind(closest) or str(RG.ProgramFeature))
        candidate = Candidate(cid, heading=label, label=label, kind=kind, parent=parent, **base)
        self._decide(candidate, chosen, closest, ctx, stance_text)
        if chosen is None and getattr(self, "_slots", None) is not None:
            self._slots[cid] = Slot(cid, label, stance_text, candidate.settings)
        return candidate

    def _choose(self, label: str, ctx: Context, body: str = "", avoid: frozenset = frozenset()
                ) -> tuple[Match | None, Match | None]:
        """The existing concept a heading names (None for a new one) and the closest concept seen.

        ``avoid`` holds concepts the heading cannot be (a sub-point never repeats its item's concept:
        it says something more about it). A heading matched to nothing may still name, in a list of one
        kind, the one of that kind it is clearly closest to (a lower bar, since the list's kind leaves few
        concepts to choose from, but two words in common), the one its heading and explanation (``body``)
        describe (graph.extract_describe), or the one its explanation names by label."""
        kinds = kind_family(ctx.kind)
        same = [m for m in self.lexicon.match(label, kinds, limit=4) if m.concept not in avoid] if kinds else []
        if same and same[0].score >= MATCH_THRESHOLD:
            return same[0], same[0]
        anywhere = [m for m in self.lexicon.match(label, limit=4) if m.concept not in avoid]
        closest = max(same[:1] + anywhere[:1], key=lambda m: m.score, default=None)
        if not ctx.closed and anywhere and anywhere[0].score >= MATCH_THRESHOLD:
            return anywhere[0], anywhere[0]
        if ctx.closed and same:
            second = same[1].score if len(same) > 1 else 0.0
            if same[0].score >= LIST_THRESHOLD and same[0].score - second >= LIST_MARGIN and same[0].shared > 1:
                return same[0], same[0]
        if kinds and body:
            described = self.lexicon.descriptions.best(label, body, kinds, avoid)
            if described:
                score, concept = described
                info = self.lexicon.concepts[concept]
                return Match(concept, info.kind, info.label, round(score, 3),
                             "its heading and explanation share the most telling words with this concept's "
                             "labels and definition"), closest
            named = [h for h in self._hits(body, ctx.kind) if h.kind in kinds and h.concept not in avoid]
            if named:
                hit = named[0]
                return Match(hit.concept, hit.kind, self.lexicon.concepts[hit.concept].label, 0.8,
                             f"its explanation names the label or altLabel '{hit.text}'"), closest
        return None, closest

    def _main_from_hits(self, item_id: str, body: str, hits: list[Hit], ctx: Context, base: dict) -> Candidate:
        """An item written as one sentence: the concept it opens with (its subject), else the concept whose
        label it holds most of, else the first concept it names (of the list's kind when the list has
        one), else its opening words matched as a heading or proposed as a new concept."""
        kinds = kind_family(ctx.kind)
        preferred = [h for h in hits if not kinds or h.kind in kinds] or ([] if ctx.closed else hits)
        label = label_from_sentence(body)
        covering = self.lexicon.covering(body, kinds if ctx.closed else None)
        match = None
        if preferred and (preferred[0].start == 0 or not covering
                          or covering[0][1] <= self.lexicon.weight_of(preferred[0].text)):
            hit = preferred[0]
            match = Match(hit.concept, hit.kind, self.lexicon.concepts[hit.concept].label, 0.95,
                          f"the item names its label or altLabel '{hit.text}'")
        elif preferred:
            match = covering[0][0]
        else:
            match = self._choose(label, ctx, body)[0] or (covering[0][0] if covering else None)
        if match is None:
            return self._candidate(item_id, label, ctx, base, stance_text=body)
        candidate = Candidate(item_id, heading=label, label=label, kind=match.kind, **base)
        self._decide(candidate, match, match, ctx, body)
        return candidate

    def _heading_hits(self, heading: str, ctx: Context) -> list[Hit]:
        """Concepts a heading names besides its own idea. A judgement (an advantage, a criterion...) whose
        label covers the whole heading is the heading's own idea under another kind, not a second idea;
        a concrete thing (a program feature, a therapy) named by the whole heading is kept. In a list of
        one kind (disadvantages, dilemmas...) a judgement of another kind is a word borrowed in passing
        ("Restricted Independence" is no advantage), so only the list's kind, concrete things and the
        conditions a person brings (suitability criteria: "Treatment for Co-Occurring Disorders") count."""
        size = len(tokens(heading))
        family = kind_family(ctx.kind) or set()
        return [h for h in self._hits(heading, ctx.kind)
                if (h.kind in CONCRETE_KINDS or not (h.start == 0 and h.end >= size))
                and (not ctx.closed or h.kind in family or h.kind in CONCRETE_KINDS or (h.kind == str(RG.SuitabilityCriterion) and len(h.positions) > 1))]

    def _in_kind(self, hits: list[Hit], ctx: Context) -> list[Hit]:
        """Hits of a one-sentence item in a list of one kind: that kind and named things only. A judgement
        of another kind is read as the list's kind when a concept of that kind holds all its words
        ("a structured environment" in a list of who benefits is the criterion of needing one)."""
        family = kind_family(ctx.kind) or set()
        if not ctx.closed:
            return hits
        kept = []
        for h in hits:
            if h.kind in family or h.kind in PASSING_KINDS:
                kept.append(h)
                continue
            wider = self.lexicon.containing(h.text, family)
            if wider:
                kept.append(Hit(wider.concept, wider.kind, wider.text, h.start, h.end, h.positions))
        return kept

    def _passing_hits(self, text: str, ctx: Context, gloss: str = "") -> list[Hit]:
        """Concepts an explanation names in passing: named things (a therapy, a group) anywhere in it, and
        ideas of the list's own kind in the gloss on the heading's own line ("Challenges: weighing current
        barriers" names a second factor), not in the paragraphs that elaborate it."""
        family = kind_family(ctx.kind) or set()
        found = [h for h in self._hits(text, ctx.kind) if h.kind in PASSING_KINDS]
        if gloss and family:
            found += [h for h in self._hits(gloss, ctx.kind) if h.kind in family and h.kind not in PASSING_KINDS]
        return found

    def _extras(self, draft: Draft, main: Candidate, hits: list[Hit], ctx: Context, base: dict, text: str,
                also_seen: set = frozenset()) -> None:
        """The other concepts an item names in passing (a therapy, a medication, a group): one mention each,
        none repeating what the item itself (for a sub-point) already names."""
        seen = {main.match} | set(also_seen)
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
