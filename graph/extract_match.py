"""Matching a document's wording to the concepts the graph already has.

The lexicon is read from the graph by two named queries (``concept-labels``: every label and
altLabel of every concept, setting and theme; ``mention-headings``: every item heading already
curated), so a label added by a curator, or by a user's earlier document, improves the next
extraction without code. Matching is token-based with a light stemmer and rarity weights, plus
``difflib``'s ratio for near spellings; every match carries its score and a reason a reviewer can
check ("same words as the altLabel 'Peer support'").
"""

from __future__ import annotations

import difflib
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from .namespaces import PREFIXES

RG = PREFIXES["rg"]
STOPWORDS = frozenset(
    "a an the of for to and or in on with from by as at its their your you our his her them they this that these "
    "those is are be been being it into than then can may might will would should could do does did has have had "
    "who whom which what when where while how why all any each every both such some very "
    "also only just about over under up out so via per like".split()
)
# spelling variants the seed documents mix (British and American); applied before stemming
VARIANTS = {"behaviour": "behavior", "behavioural": "behavioral", "counselling": "counseling",
            "counsellor": "counselor", "counsellors": "counselors", "hospitalisation": "hospitalization",
            "individualised": "individualized", "personalised": "personalized", "organisation": "organization",
            "prioritise": "prioritize", "stigmatisation": "stigmatization", "practise": "practice",
            "practising": "practicing", "programme": "program", "programmes": "programs"}
TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
COMPARISON = re.compile(r"\b(than|unlike|compared|whereas|instead of|rather than|on the other hand)\b", re.I)
MATCH_THRESHOLD = 0.72  # below this a candidate is proposed as a new concept (its closest match is still shown)


def stem(word: str) -> str:
    """A deliberately light stemmer: enough to meet "therapies"/"therapy" and "supervised"/"supervision"."""
    word = VARIANTS.get(word, word).replace("’", "'").split("'")[0]
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, repl in (("ization", "ize"), ("ational", "ate"), ("iveness", "ive"), ("fulness", "ful"),
                         ("ousness", "ous"), ("ation", "ate"), ("ition", "it"), ("ities", "ity"), ("ies", "y"),
                         ("ness", ""), ("ment", ""), ("ing", ""), ("ion", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)] + repl
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def tokens(text: str, keep_stopwords: bool = False) -> list[str]:
    """Stemmed content words of a text, in order."""
    words = TOKEN.findall(text.lower().replace("24/7", "24 7"))
    return [stem(w) for w in words if keep_stopwords or w not in STOPWORDS]


@dataclass(frozen=True)
class Entry:
    """One way of naming a concept: its prefLabel, an altLabel, or a heading a curator linked to it."""

    concept: str
    kind: str
    text: str
    source: str  # "prefLabel" | "altLabel" | "heading"
    stems: tuple[str, ...]
    document: str | None = None


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


@dataclass(frozen=True)
class Hit:
    """A concept named in running text, with the token span where it was found."""

    concept: str
    kind: str
    text: str  # the label found, not the document's words
    start: int
    end: int


@dataclass
class Lexicon:
    concepts: dict[str, ConceptInfo] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    settings: dict[str, ConceptInfo] = field(default_factory=dict)
    setting_entries: list[Entry] = field(default_factory=list)
    themes: dict[str, ConceptInfo] = field(default_factory=dict)
    theme_entries: list[Entry] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)
    _by_first: dict = field(default_factory=dict, repr=False)

    def weight(self, token: str) -> float:
        return self.weights.get(token, self._unseen)

    def finish(self) -> "Lexicon":
        """Rarity weights (inverse document frequency over labels) and the first-token index."""
        df = defaultdict(int)
        labels = [e.stems for e in self.entries if e.source != "heading"]
        for stems in labels:
            for t in set(stems):
                df[t] += 1
        n = max(1, len(labels))
        self.weights = {t: 1.0 + math.log(n / c) for t, c in df.items()}
        self._unseen = 1.0 + math.log(n)
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
        copy = Lexicon(concepts, entries, self.settings, self.setting_entries, self.themes, self.theme_entries)
        return copy.finish()

    # -------------------------------------------------------------- matching a heading

    def match(self, text: str, kinds: set[str] | None = None, limit: int = 3) -> list[Match]:
        """The best existing concepts for a candidate's wording, best first, optionally of given kinds."""
        query = tokens(text)
        if not query:
            return []
        best: dict[str, Match] = {}
        for entry in self.entries:
            if kinds and entry.kind not in kinds:
                continue
            score, why = self._similarity(query, entry)
            if score <= 0:
                continue
            known = best.get(entry.concept)
            if known is None or score > known.score:
                info = self.concepts[entry.concept]
                best[entry.concept] = Match(entry.concept, entry.kind, info.label, round(score, 3), why)
        return sorted(best.values(), key=lambda m: (-m.score, m.label))[:limit]

    def _similarity(self, query: list[str], entry: Entry) -> tuple[float, str]:
        other = list(entry.stems)
        if not other:
            return 0.0, ""
        what = {"prefLabel": "label", "altLabel": "altLabel", "heading": "curated heading"}[entry.source]
        if query == other:
            return 1.0, f"same words as its {what} '{entry.text}'"
        a, b = set(query), set(other)
        shared = a & b
        if not shared:
            return 0.0, ""
        wa, wb, ws = (sum(self.weight(t) for t in s) for s in (a, b, shared))
        dice = 2 * ws / (wa + wb)
        ratio = difflib.SequenceMatcher(None, " ".join(query), " ".join(other)).ratio()
        score = 0.75 * dice + 0.25 * ratio
        if a <= b or b <= a:
            score = max(score, 0.5 + 0.5 * dice)
        word_list = ", ".join(sorted({w for w in shared}))
        return score, f"shares '{word_list}' with its {what} '{entry.text}'"

    # -------------------------------------------------------------- finding labels in text

    def find(self, text: str, kinds: set[str] | None = None) -> list[Hit]:
        """Concepts whose label or altLabel appears in the text (in order, one word may sit between),
        longest labels first and without overlaps; one-word labels count only when the word is rare."""
        words = tokens(text)
        hits: list[Hit] = []
        candidates = []
        for i, t in enumerate(words):
            for entry in self._by_first.get(t, ()):
                if kinds and entry.kind not in kinds:
                    continue
                end = _ordered_match(words, i, entry.stems)
                if end is None:
                    continue
                if len(entry.stems) == 1 and not self._distinctive(entry):
                    continue
                candidates.append((-(end - i), -len(entry.stems), i, end, entry))
        for _, _, start, end, entry in sorted(candidates, key=lambda c: c[:3]):
            if any(_blocks(h, start, end) for h in hits):
                continue
            hits.append(Hit(entry.concept, entry.kind, entry.text, start, end))
        unique = {}
        for h in sorted(hits, key=lambda h: h.start):
            unique.setdefault((h.concept, h.start), h)
        return list(unique.values())

    def _distinctive(self, entry: Entry) -> bool:
        token = entry.stems[0]
        return entry.text.isupper() or (len(token) >= 6 and self.weight(token) >= 0.8 * self._unseen)

    # -------------------------------------------------------------- settings and themes

    def settings_in(self, text: str, first_only_when_compared: bool = False) -> list[str]:
        """Care settings named in a text, in continuum order ("intensive outpatient" is not "outpatient").

        With ``first_only_when_compared``, a sentence that sets one setting against others ("X costs less
        than Y", "unlike Y, X ...") keeps only the setting it is about: the first one it names."""
        words = tokens(text)
        found, taken = [], set()
        spans = []
        for entry in self.setting_entries:
            for i in range(len(words)):
                end = _ordered_match(words, i, entry.stems, gap=0)
                if end is not None:
                    spans.append((-(end - i), i, end, entry.concept))
        for _, start, end, concept in sorted(spans):
            if set(range(start, end)) & taken:
                continue
            taken |= set(range(start, end))
            found.append(concept)
        if first_only_when_compared and len(set(found)) > 1 and COMPARISON.search(text):
            first = min(spans, key=lambda span: span[1] if span[3] in found else len(words))
            return [first[3]]
        order = list(self.settings)
        return sorted(set(found), key=order.index)

    def themes_for(self, text: str, limit: int = 3) -> list[str]:
        """Themes whose label or altLabel words appear in the text."""
        words = set(tokens(text))
        scored = []
        for entry in self.theme_entries:
            if entry.stems and set(entry.stems) <= words:
                scored.append((-len(entry.stems), entry.concept))
        out = []
        for _, concept in sorted(scored):
            if concept not in out:
                out.append(concept)
        return out[:limit]


def _blocks(hit: Hit, start: int, end: int) -> bool:
    """Overlapping finds exclude each other, except the same span (one label, several concepts) and
    two labels sharing only their last word ("individual and group counseling" names both)."""
    if hit.end <= start or end <= hit.start or (hit.start, hit.end) == (start, end):
        return False
    return not (hit.end == end and hit.start != start and max(hit.start, start) == end - 1)


def _ordered_match(words: list[str], start: int, stems: tuple[str, ...], gap: int = 1) -> int | None:
    """End index (exclusive) when ``stems`` occur in order from ``start`` with at most ``gap`` words between."""
    if not stems or words[start] != stems[0]:
        return None
    pos = start
    for s in stems[1:]:
        for step in range(1, gap + 2):
            if pos + step < len(words) and words[pos + step] == s:
                pos += step
                break
        else:
            return None
    return pos + 1


def load_lexicon(store) -> Lexicon:
    """Every concept, setting and theme label, and every curated heading, from the graph
    (settings arrive in continuum order, as the query sorts them by rank)."""
    lexicon = Lexicon()
    for row in store.select("concept-labels").rows:
        iri, kind = str(row["concept"]), str(row["conceptKind"])
        info = ConceptInfo(iri, kind, row["prefLabel"], tuple((row["themes"] or "").split()))
        entry = Entry(iri, kind, row["label"], "prefLabel" if row["preferred"] else "altLabel", tuple(tokens(row["label"])))
        if kind == RG + "CareSetting":
            lexicon.settings.setdefault(iri, info)
            lexicon.setting_entries.append(entry)
        elif kind == RG + "Theme":
            lexicon.themes.setdefault(iri, info)
            lexicon.theme_entries.append(entry)
        else:
            lexicon.concepts.setdefault(iri, info)
            lexicon.entries.append(entry)
    seen = set()
    for row in store.select("mention-headings").rows:
        iri = str(row["concept"])
        key = (row["heading"], iri, str(row["document"]))
        if iri not in lexicon.concepts or key in seen:
            continue
        seen.add(key)
        lexicon.entries.append(Entry(iri, str(row["conceptKind"]), row["heading"], "heading",
                                     tuple(tokens(row["heading"])), str(row["document"])))
    return lexicon.finish()
