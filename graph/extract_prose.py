"""Reading prose: the concepts a paragraph names, each for the settings its sentence is about.

A paragraph is not a list: it has no heading to match and no kind of its own beyond its section's,
so only concepts named by label or altLabel count, and the setting comes from the sentence (or the
one before it), else the section, else the document.
"""

from __future__ import annotations

import re

from .draft import Candidate, Draft, short_label
from .extract_classify import OPEN_KINDS, sentences, stance_of
from .extract_match import Match, tokens
from .extract_parse import Paragraph, Section
from .extract_reader import Context, Reader
from .namespaces import RG


# a sentence opening with one of these sets a clause against the main one: "While some thrive in
# residential care, outpatient programs offer ..." is about outpatient care
CONCESSIVE = re.compile(r"^(while|although|though|whereas|unlike|compared (to|with)|in contrast to|rather than)\b", re.I)
# a sentence that opens by pointing back ("They can be ...") is about what the sentence before was about
ANAPHOR = re.compile(r"^(it|its|they|their|them|this|these|those|such|both|either|each)\b", re.I)
# phrasings that speak of every setting at once ("moving between levels of care")
ALL_SETTINGS = re.compile(r"\b(levels of care|(all|every|each|any) (care )?(settings?|levels?)|across (care )?settings)\b", re.I)


# clauses of a sentence: "fits people whose X, who Y and who Z" names one criterion per clause
CLAUSE = re.compile(r"[,;:]|\b(?:who|whose|when|if|because|but|and (?=who|whose|when|if))\b", re.I)
CLAUSE_THRESHOLD = 0.3  # cosine (graph.extract_describe); above its item threshold, as prose says more in passing
CLAUSE_MARGIN = 0.05

JUDGEMENTS = {str(RG.Advantage), str(RG.Disadvantage), str(RG.EthicalDilemma), str(RG.DecisionFactor)}


def fits_section(kind: str, section_kind: str | None) -> bool:
    """Whether a paragraph in a section of ``section_kind`` names an idea of ``kind`` rather than borrowing
    its words. A decision factor is a consideration when choosing: prose names one where it talks about
    choosing (a section on the choice, or one of no particular kind), not where it describes a program's
    strategies or resources. In a section weighing one kind of judgement (advantages, dilemmas), a label of
    another judgement kind is borrowed in passing, as the item reader holds for lists of one kind."""
    if section_kind is None or kind == section_kind:
        return True
    if kind == str(RG.DecisionFactor):
        return False
    return not (kind in JUDGEMENTS and section_kind in JUDGEMENTS)


class ProseReader(Reader):
    """Turns paragraphs into candidates (mixed into graph.extract.Extractor)."""

    def _paragraph(self, draft: Draft, section: Section, paragraph: Paragraph, number: int,
                   settings: tuple[str, ...], section_kind: str | None) -> None:
        """Concepts a prose paragraph names, each for the settings its sentence (or the one before) names."""
        found: dict[str, Candidate] = {}
        previous: tuple[str, ...] = ()
        base_id = f"s{section.order:02d}-p{number}"
        heading = short_label(section.title, 6)
        for sentence in sentences(paragraph.text):
            named = self._sentence_settings(sentence) or (previous if ANAPHOR.match(sentence) else ()) or settings
            previous = named
            matches = [Match(hit.concept, hit.kind, self.lexicon.concepts[hit.concept].label, 0.9, _named(hit))
                       for hit in self._hits(sentence, section_kind, prose=True) if fits_section(hit.kind, section_kind)]
            for match in matches + self._described(sentence, section_kind if section.title.endswith("?") else None):
                known = found.get(match.concept)
                if known:
                    known.settings = tuple(dict.fromkeys(known.settings + named))
                    continue
                cid = base_id if not found else f"{base_id}-{match.concept.rsplit('/', 1)[-1]}"
                candidate = Candidate(cid, section.order, paragraph.line_start, paragraph.line_end, heading,
                                      match.label, match.kind, named, found_by="text")
                self._decide(candidate, match, None, Context(section_kind, False, named, True, stance_of(sentence)),
                             sentence)
                found[match.concept] = candidate
        draft.candidates.extend(found.values())

    def _described(self, sentence: str, section_kind: str | None) -> list[Match]:
        """Ideas of a section's own kind that a clause describes in words no label uses. A section headed
        by a question ("Who is outpatient counseling for?") answers it in prose, one idea per clause
        ("whose problem is mild, who can get to each appointment"), so each clause is matched by
        description (graph.extract_describe) against that kind only, with a clear lead required. The
        settings' own words are left out: they say where, not what. Under a heading that is no question,
        prose strays from the heading's kind too often for this (measured on the seed documents)."""
        if not section_kind or section_kind in OPEN_KINDS:
            return []
        out = []
        for clause in CLAUSE.split(sentence):
            kept = " ".join(w for w in (clause or "").split() if not set(tokens(w)) <= self.lexicon._setting_words)
            if len(tokens(kept)) < 2:
                continue
            ranked = self.lexicon.descriptions.closest(kept, "", {section_kind})[:2]
            if not ranked or ranked[0][0] < CLAUSE_THRESHOLD:
                continue
            if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < CLAUSE_MARGIN:
                continue
            score, concept = ranked[0]
            info = self.lexicon.concepts[concept]
            out.append(Match(concept, info.kind, info.label, round(score, 3),
                             f"a clause ('{clause.strip()}') shares the most telling words with its labels and "
                             f"definition"))
        return out

    def _sentence_settings(self, sentence: str) -> tuple[str, ...]:
        """The settings a sentence is about: those it names, less the one a concessive opening sets
        aside ("while ..., outpatient care ...") or a comparison measures against ("X costs less than Y");
        every setting when it speaks of levels of care in general."""
        if ALL_SETTINGS.search(sentence):
            return tuple(self.lexicon.settings)
        named = self.lexicon.settings_in(sentence)
        if len(named) > 1 and CONCESSIVE.match(sentence) and "," in sentence:
            main = self.lexicon.settings_in(sentence.split(",", 1)[1])
            return tuple(main or named)
        return tuple(self.lexicon.settings_in(sentence, first_only_when_compared=True))


def _named(hit) -> str:
    """The reason a reviewer reads; a hidden label is a phrasing recorded for the concept, not a name."""
    if hit.source == "hiddenLabel":
        return f"the paragraph says '{hit.text}', a phrasing recorded for this concept (its skos:hiddenLabel)"
    return f"the paragraph names its label or altLabel '{hit.text}'"
