"""What the item and prose readers share: a list's context, the kinds a passage may name, and how a
found concept becomes a candidate (its match, themes and stance).

graph.extract_items reads lists, graph.extract_prose reads paragraphs; graph.extract puts both
into the Extractor, which reads a whole document.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .draft import Candidate
from .extract_classify import stance_of
from .extract_match import Hit, Lexicon, Match
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
    walk: tuple[Hit, ...] = ()  # what a list that walks through the settings is about (see _walk)



class Reader:
    """The lexicon a reader matches against, and the steps every reader shares."""

    lexicon: Lexicon

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

    def _hits(self, text: str, context_kind: str | None, prose: bool = False) -> list[Hit]:
        """Concepts named in a text; where one label names several concepts, the one of the context's kind."""
        hits = self.lexicon.find(text, prose=prose)
        by_span: dict[tuple[int, int], list[Hit]] = {}
        for h in hits:
            by_span.setdefault((h.start, h.end), []).append(h)
        chosen = []
        family = kind_family(context_kind) or set()
        for span in sorted(by_span):
            group = by_span[span]
            group.sort(key=lambda h: (h.kind not in family, h.concept))
            chosen.append(group[0])
        return chosen


def kind_family(kind: str | None) -> set[str] | None:
    if not kind:
        return None
    return THERAPY_KINDS if kind in THERAPY_KINDS else {kind}


def closest_kind(match: Match | None) -> str | None:
    return match.kind if match else None
