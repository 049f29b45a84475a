"""Matching by description: an item's heading and explanation against each concept's labels and definition.

A heading is often worded unlike every label of the concept it names ("Additional Expenses" for the
concept labelled "Indirect costs of attending"), but its explanation and the concept's definition
talk about the same things (travel, childcare, lost work). Each concept becomes a bag of words: its
labels at full weight, a curated heading at full weight divided by the number of concepts curated
under that same heading in its document (a section title such as "Conclusion", over a paragraph that
names nine ideas, says little about each), its definition at half; an item becomes its heading at
full weight and its explanation at half. Words are weighted by rarity across concepts (IDF) and the
bags compared by cosine. Plain Python, no model: the graph's own definitions are the knowledge.

Only used within a list whose kind is known (the choice is among that kind's concepts) and only with
a clear lead over the runner-up, since a wrong link is worse for a reviewer than a new concept.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .extract_synonyms import synonyms
from .extract_text import tokens

DEFINITION_WEIGHT = 0.5  # a definition's words, against a label's
EXPLANATION_WEIGHT = 0.5  # an explanation's words, against the heading's
DESCRIBE_THRESHOLD = 0.25  # cosine; measured: no item the curators left new scored above 0.24
DESCRIBE_MARGIN = 0.05
SYNONYM_WEIGHT = 0.5  # a document word's everyday synonym (graph.extract_synonyms), against the word itself


@dataclass
class Descriptions:
    """IDF-weighted word vectors of every concept (labels, headings and definition)."""

    vectors: dict[str, dict[str, float]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, entries, definitions: dict[str, str], kinds: dict[str, str]) -> "Descriptions":
        bags: dict[str, Counter] = defaultdict(Counter)
        entries = list(entries)
        sharing: dict[tuple, set] = defaultdict(set)
        for entry in entries:
            if entry.source == "heading":
                sharing[(entry.text, entry.document)].add(entry.concept)
        for entry in entries:
            weight = 1.0
            if entry.source == "heading":
                weight = 1.0 / len(sharing[(entry.text, entry.document)])
            for t in set(entry.stems):
                bags[entry.concept][t] = max(bags[entry.concept][t], weight)
        for concept, text in definitions.items():
            if concept in kinds:
                for t in set(tokens(text)):
                    bags[concept][t] = max(bags[concept][t], DEFINITION_WEIGHT)
        frequency = Counter(t for bag in bags.values() for t in bag)
        n = max(1, len(bags))
        idf = {t: math.log(n / c) for t, c in frequency.items()}
        vectors = {c: _normalised({t: w * idf[t] for t, w in bag.items()}) for c, bag in bags.items()}
        return cls(vectors, idf, {c: kinds[c] for c in bags if c in kinds})

    def closest(self, heading: str, explanation: str, kinds: set[str]) -> list[tuple[float, str]]:
        """Concepts of ``kinds`` by cosine similarity to a heading and its explanation, best first."""
        query: Counter = Counter()
        for t in tokens(explanation):
            query[t] = EXPLANATION_WEIGHT
        for t in tokens(heading):
            query[t] = 1.0
        related = synonyms()
        for t, w in list(query.items()):
            for other in related.get(t, ()):
                query[other] = max(query[other], w * SYNONYM_WEIGHT)
        vector = _normalised({t: w * self.idf.get(t, 0.0) for t, w in query.items()})
        if not vector:
            return []
        scored = [(sum(w * other.get(t, 0.0) for t, w in vector.items()), concept)
                  for concept, other in self.vectors.items() if self.kinds.get(concept) in kinds]
        return sorted(scored, reverse=True)

    def best(self, heading: str, explanation: str, kinds: set[str], avoid=frozenset()) -> tuple[float, str] | None:
        """The concept a heading and explanation describe, when it clearly leads; else None."""
        ranked = [r for r in self.closest(heading, explanation, kinds) if r[1] not in avoid]
        if not ranked or ranked[0][0] < DESCRIBE_THRESHOLD:
            return None
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        return ranked[0] if ranked[0][0] - second >= DESCRIBE_MARGIN else None


def _normalised(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {t: w / norm for t, w in vector.items() if w} if norm else {}
