"""Matching a document's wording to the concepts the graph already has.

The lexicon is read from the graph by two named queries (``concept-labels``: every label and
altLabel of every concept, setting and theme, with its definition for graph.extract_describe;
``document-mentions``: every item heading already curated), so a label added by a curator, or by
a user's earlier document, improves the next extraction without code. Matching is token-based
(graph.extract_text) with rarity weights, plus ``difflib``'s ratio for near spellings; a setting's
own words count for little, since naming the same setting is not naming the same idea. Every match
carries its score and a reason a reviewer can check ("same words as the altLabel 'Peer support'").
"""

from __future__ import annotations

import difflib
import math
from collections import defaultdict
from dataclasses import dataclass, field

from .extract_describe import Descriptions
from .extract_settings import VARIANT, SettingFinder, setting_variants
from .extract_text import label_plurals, ordered_match, tokens, words
from .namespaces import PREFIXES

RG = PREFIXES["rg"]
MATCH_THRESHOLD = 0.72  # below this a candidate is proposed as a new concept (its closest match is still shown)
# In a list of one kind the choice is among that kind's concepts only, so a lower bar suffices when the
# best is clearly ahead of the next (measured on headings whose own curation was held out).
LIST_THRESHOLD = 0.55
LIST_MARGIN = 0.1
SETTING_WORD_WEIGHT = 0.25
COVERAGE = 0.7  # share of a label's weight a sentence must hold to name it without its exact words


# A concept's own names before the headings curators linked to it, when scores tie.
SOURCE_RANK = {"prefLabel": 0, "altLabel": 1, "hiddenLabel": 2, "heading": 3}
NAMES = ("prefLabel", "altLabel")  # a concept's names; a hidden label is a phrasing for prose, a heading evidence
# how a reason names the kind of entry a match came from
SOURCE_NAME = {"prefLabel": "label", "altLabel": "altLabel", "hiddenLabel": "hidden label", "heading": "curated heading"}


@dataclass(frozen=True)
class Entry:
    """One way of naming a concept: its prefLabel, an altLabel, a hiddenLabel (a phrasing recorded for
    finding it in running text) or a heading a curator linked to it."""

    concept: str
    kind: str
    text: str
    source: str  # "prefLabel" | "altLabel" | "hiddenLabel" | "heading"
    stems: tuple[str, ...]
    document: str | None = None
    plurals: tuple[bool, ...] = ()  # which label words are plurals (a modifier in the text must agree)


@dataclass
class ConceptInfo:
    iri: str
    kind: str
    label: str
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    concept: str
    kind: str
    label: str
    score: float
    reason: str
    shared: int = 0  # words the wording and the label have in common


@dataclass(frozen=True)
class Hit:
    """A concept named in running text, with the token span where it was found."""

    concept: str
    kind: str
    text: str  # the label found, not the document's words
    start: int
    end: int
    positions: tuple[int, ...] = ()  # the words the label took (a list's members may sit between)
    source: str = "prefLabel"  # the kind of entry found (Entry.source)


@dataclass
class Lexicon(SettingFinder):
    concepts: dict[str, ConceptInfo] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    settings: dict[str, ConceptInfo] = field(default_factory=dict)
    setting_entries: list[Entry] = field(default_factory=list)
    themes: dict[str, ConceptInfo] = field(default_factory=dict)
    theme_entries: list[Entry] = field(default_factory=list)
    definitions: dict[str, str] = field(default_factory=dict)  # concept -> skos:definition
    weights: dict[str, float] = field(default_factory=dict)
    _by_first: dict = field(default_factory=dict, repr=False)
    descriptions: Descriptions | None = field(default=None, repr=False)
    # document -> concept -> settings its mentions there are for (graph.extract_assign: load_evidence);
    # filled by graph.extract.Extractor.from_store, empty when unknown
    evidence: dict[str, dict[str, set[str]]] = field(default_factory=dict, repr=False)

    def weight(self, token: str) -> float:
        """Rarity of a word among labels; a setting's own words ("outpatient", "program") say which setting
        a passage is about, not which idea it names, so they count for little."""
        found = self.weights.get(token, self._unseen)
        return found * SETTING_WORD_WEIGHT if token in self._setting_words else found

    def finish(self) -> "Lexicon":
        """Rarity weights (inverse document frequency over labels) and the first-token index. The weights
        and the descriptions are the names' only: hidden labels are phrasings for prose, and counting
        them moved item matching (held-out items 92.2/94.0 -> 92.0/93.8 recall/precision)."""
        df = defaultdict(int)
        labels = [e.stems for e in self.entries if e.source in NAMES]
        for stems in labels:
            for t in set(stems):
                df[t] += 1
        n = max(1, len(labels))
        self.weights = {t: 1.0 + math.log(n / c) for t, c in df.items()}
        self._unseen = 1.0 + math.log(n)
        self._setting_words = {t for e in self.setting_entries if e.source != VARIANT for t in e.stems}
        self.descriptions = Descriptions.build([e for e in self.entries if e.source != "hiddenLabel"], self.definitions,
                                               {c: info.kind for c, info in self.concepts.items()})
        self._by_first = defaultdict(list)
        for e in self.entries:
            if e.source != "heading" and e.stems:
                self._by_first[e.stems[0]].append(e)
        return self

    def without_document(self, document: str, concept_prefix: str | None = None) -> "Lexicon":
        """The same lexicon minus the headings curated from one document (for held-out scoring), and
        minus the concepts whose IRI starts with ``concept_prefix`` (a user document's own new concepts,
        which a re-extraction must propose again rather than link to, since a merge replaces them)."""
        own = (lambda iri: iri.startswith(concept_prefix)) if concept_prefix else (lambda iri: False)
        concepts = {iri: info for iri, info in self.concepts.items() if not own(iri)}
        entries = [e for e in self.entries if e.document != document and not own(e.concept)]
        copy = Lexicon(concepts, entries, self.settings, self.setting_entries, self.themes, self.theme_entries,
                       {c: d for c, d in self.definitions.items() if c in concepts})
        copy.evidence = {d: found for d, found in self.evidence.items() if d != document}
        return copy.finish()

    # -------------------------------------------------------------- matching a heading

    def match(self, text: str, kinds: set[str] | None = None, limit: int = 3) -> list[Match]:
        """The best existing concepts for a candidate's wording, best first, optionally of given kinds."""
        query = tokens(text)
        if not query:
            return []
        best: dict[str, Match] = {}
        named_by: dict[str, int] = {}  # concept -> rank of the kind of entry its best score came from
        for entry in self.entries:
            if (kinds and entry.kind not in kinds) or entry.source == "hiddenLabel":  # a phrasing, not a name
                continue
            score, why = self._similarity(query, entry)
            if score <= 0:
                continue
            known = best.get(entry.concept)
            source = SOURCE_RANK[entry.source]
            if known is None or score > known.score or (score == known.score and source < named_by[entry.concept]):
                info = self.concepts[entry.concept]
                best[entry.concept] = Match(entry.concept, entry.kind, info.label, round(score, 3), why,
                                            len(set(query) & set(entry.stems)))
                named_by[entry.concept] = source
        # on a tie, a concept's own name beats a heading another document's curator linked to a
        # different concept: "Family therapy" is the concept labelled so, not the one a list item
        # worded "Family therapy ..." was curated to
        return sorted(best.values(), key=lambda m: (-m.score, named_by[m.concept], m.label))[:limit]

    def _similarity(self, query: list[str], entry: Entry) -> tuple[float, str]:
        other = list(entry.stems)
        if not other:
            return 0.0, ""
        what = SOURCE_NAME[entry.source]
        if query == other:
            return 1.0, f"same words as its {what} '{entry.text}'"
        a, b = set(query), set(other)
        shared = a & b
        if not shared - self._setting_words:  # naming the same setting is not naming the same idea
            return 0.0, ""
        wa, wb, ws = (sum(self.weight(t) for t in s) for s in (a, b, shared))
        dice = 2 * ws / (wa + wb)
        ratio = difflib.SequenceMatcher(None, " ".join(query), " ".join(other)).ratio()
        score = 0.75 * dice + 0.25 * ratio
        # one wording inside the other is strong evidence, unless it is a single word lost in a longer
        # phrase ("Challenges" inside "Addressing challenges like depression")
        small = min(len(a), len(b))
        if (a <= b or b <= a) and (small > 1 or max(len(a), len(b)) <= 2):
            score = max(score, 0.5 + 0.5 * dice)
        word_list = ", ".join(sorted({w for w in shared}))
        return score, f"shares '{word_list}' with its {what} '{entry.text}'"

    def covering(self, text: str, kinds: set[str] | None = None) -> list[tuple[Match, float]]:
        """Concepts whose label a sentence holds most of, though not word for word ("building trust and
        communication within a community" holds most of "building trust and communication in groups"),
        with the weight of the words shared; best first. At least two words besides a setting's name and
        ``COVERAGE`` of the label's weight must be there."""
        query = set(tokens(text))
        best: dict[str, tuple[Match, float]] = {}
        for entry in self.entries:
            if (kinds and entry.kind not in kinds) or entry.source == "hiddenLabel":
                continue
            label = set(entry.stems)
            shared = query & label
            if len(shared - self._setting_words) < 2:
                continue
            weight = sum(self.weight(t) for t in shared)
            coverage = weight / sum(self.weight(t) for t in label)
            if coverage < COVERAGE or (entry.concept in best and best[entry.concept][1] >= weight):
                continue
            what = SOURCE_NAME[entry.source]
            match = Match(entry.concept, entry.kind, self.concepts[entry.concept].label, round(0.5 + 0.4 * coverage, 3),
                          f"holds '{', '.join(sorted(shared))}' of its {what} '{entry.text}'")
            best[entry.concept] = (match, weight)
        return sorted(best.values(), key=lambda mw: (-mw[1], mw[0].label))

    def containing(self, label: str, kinds: set[str]) -> Entry | None:
        """The entry of one of ``kinds`` whose label holds every word of ``label`` and the fewest others."""
        words = set(tokens(label))
        found = [e for e in self.entries if e.kind in kinds and e.source in NAMES and words <= set(e.stems)]
        return min(found, key=lambda e: (len(e.stems), e.text), default=None)

    def weight_of(self, text: str) -> float:
        return sum(self.weight(t) for t in set(tokens(text)))

    # -------------------------------------------------------------- finding labels in text

    def find(self, text: str, kinds: set[str] | None = None, prose: bool = False) -> list[Hit]:
        """Concepts whose label or altLabel appears in the text (in order, one word may sit between),
        longest labels first and without overlaps; one-word labels count only when the word is rare.
        ``prose``: running text, where a hidden label (a phrasing such as "sessions a week") names its
        concept too; an item's heading or explanation is matched by names only, since a list item is
        about one idea and a phrasing in passing would compete with the name it gives."""
        found = words(text)
        raw = text.lower()
        hits: list[Hit] = []
        candidates = []
        for i, word in enumerate(found):
            for entry in self._by_first.get(word.stem, ()):
                if (kinds and entry.kind not in kinds) or (entry.source == "hiddenLabel" and not prose):
                    continue
                positions = ordered_match(found, raw, i, entry.stems, entry.plurals)
                if positions is None:
                    continue
                if len(entry.stems) == 1 and not self._distinctive(entry):
                    continue
                candidates.append((-len(positions), positions[-1] - i, i, positions, entry))
        for _, _, start, positions, entry in sorted(candidates, key=lambda c: c[:3]):
            if any(_blocks(h, positions) for h in hits):
                continue
            hits.append(Hit(entry.concept, entry.kind, entry.text, start, positions[-1] + 1, positions, entry.source))
        unique = {}
        for h in sorted(hits, key=lambda h: h.start):
            unique.setdefault((h.concept, h.start), h)
        return list(unique.values())

    def _distinctive(self, entry: Entry) -> bool:
        token = entry.stems[0]
        return entry.text.isupper() or (len(token) >= 6 and self.weight(token) >= 0.8 * self._unseen)

    # -------------------------------------------------------------- settings and themes


def _blocks(hit: Hit, positions: tuple[int, ...]) -> bool:
    """Finds sharing a word exclude each other, except the same words (one label, several concepts)
    and two labels sharing only their head, the last word ("individual and group counseling" names both;
    so does "severe substance use or psychiatric disorders")."""
    shared = set(hit.positions) & set(positions)
    if not shared or hit.positions == positions:
        return False
    return not (shared == {positions[-1]} and hit.positions[-1] == positions[-1])



def load_lexicon(store, mentions: list[dict] | None = None) -> Lexicon:
    """Every concept, setting and theme label and definition, and every curated heading, from the graph
    (settings arrive in continuum order, as the query sorts them by rank). ``mentions``: the rows of
    ``document-mentions`` when the caller has read them already (graph.extract reads them once, for
    the headings here and the settings of graph.extract_assign)."""
    lexicon = Lexicon()
    for row in store.select("concept-labels").rows:
        iri, kind = str(row["concept"]), str(row["conceptKind"])
        info = ConceptInfo(iri, kind, row["prefLabel"], tuple((row["themes"] or "").split()))
        source = "prefLabel" if row["preferred"] else "hiddenLabel" if row["hidden"] else "altLabel"
        entry = Entry(iri, kind, row["label"], source, tuple(tokens(row["label"])), plurals=label_plurals(row["label"]))
        if kind == RG + "CareSetting":
            lexicon.settings.setdefault(iri, info)
            lexicon.setting_entries.append(entry)
        elif kind == RG + "Theme":
            lexicon.themes.setdefault(iri, info)
            lexicon.theme_entries.append(entry)
        else:
            lexicon.concepts.setdefault(iri, info)
            lexicon.entries.append(entry)
            if row["definition"]:
                lexicon.definitions.setdefault(iri, row["definition"])
    # the mentions come as an unordered set (sorting 80 k rows in SPARQL cost more than the query at a
    # million triples): sort here, so every engine gives the same lexicon
    if mentions is None:
        mentions = store.select("document-mentions").rows
    headings = {(row["heading"], str(row["concept"]), str(row["document"])) for row in mentions if row["heading"]}
    for heading, iri, document in sorted(headings):
        if iri in lexicon.concepts:
            lexicon.entries.append(Entry(iri, lexicon.concepts[iri].kind, heading, "heading",
                                         tuple(tokens(heading)), document, label_plurals(heading)))
    lexicon.setting_entries += setting_variants(lexicon.setting_entries)
    return lexicon.finish()
