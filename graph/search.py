"""Search that forgives: case, plurals, the start of a word and small typos.

The graph answers the search itself, from the word index the build writes (graph/tokens.py):
queries/search-hits.rq looks words up in it as an exact literal, an index hit where reading every
label with CONTAINS took seconds at a million triples. Python only decides
which indexed words to look up for each typed word, from the index's own list of words
(``vocabulary``, read once): every word with the same stem ('therapies' finds therapy and
therapies), else every word it begins ('confidential' finds confidentiality), else the closest word
the graph uses (the "did you mean" of search engines). All those words are looked up in one query
and the answers merged, so a concept matching more of the typed words ranks first.
"""

from __future__ import annotations

import bisect
import difflib
from collections import OrderedDict
from dataclasses import dataclass, field

from .errors import StoreError
from .explore import Link
from .store import Store
from .tokens import stem, typed_words

FIELDS = {1: "label", 2: "synonym", 3: "definition", 4: "theme"}
COMPLETIONS = 8  # the most words the start of a word is completed to (the shortest first)
SHOWN = 50  # the most hits a search returns, best first; the rest are only counted


class Vocabulary:
    """The words of the search index, grouped by stem and sorted for completion."""

    def __init__(self, words):
        self.words = sorted(set(words))
        self.by_stem: dict[str, list[str]] = {}
        for w in self.words:
            self.by_stem.setdefault(stem(w), []).append(w)

    def __len__(self) -> int:
        return len(self.words)

    def forms(self, word: str) -> list[str]:
        """The indexed words sharing the word's stem (its singular and plural, as the graph has them)."""
        return self.by_stem.get(stem(word), [])

    def completions(self, start: str) -> list[str]:
        """The indexed words that begin with ``start``, the shortest (closest to it) first."""
        found = []
        for w in self.words[bisect.bisect_left(self.words, start):]:
            if not w.startswith(start):
                break
            found.append(w)
        return sorted(found, key=lambda w: (len(w), w))[:COMPLETIONS]

    def closest(self, word: str) -> str | None:
        close = difflib.get_close_matches(word, self.words, n=1, cutoff=0.78)
        return close[0] if close else None


def vocabulary(store: Store) -> Vocabulary:
    """The index's words (named query ``search-vocabulary``): a few thousand rows even at a million triples.

    A store built before the index existed has none; searching it would quietly find nothing."""
    words = Vocabulary(str(row["word"]) for row in store.select("search-vocabulary").rows)
    if not len(words):
        raise StoreError("The graph has no search index (no rg:searchWord triples): it was built by an older "
                         "version of Recovery Graph, or holds no concepts. Rebuild it with `recovery-graph build "
                         "--store DIR`, or reload the endpoint with `recovery-graph load`")
    return words


@dataclass
class Plan:
    terms: list[str]  # the words searched for, one per typed word (corrected where needed)
    corrections: dict[str, str]  # typed word -> word used instead
    lookups: dict[str, list[str]] = field(default_factory=dict)  # term -> indexed words looked up for it


def plan(text: str, words: Vocabulary) -> Plan:
    """Which indexed words to look up for each typed word: its forms, else its completions, else
    the forms of the closest word the graph uses."""
    result = Plan([], {})
    for word in typed_words(text):
        if word in result.lookups:
            continue
        found = words.forms(word) or words.completions(word)
        if not found:
            close = words.closest(word)
            if close:
                result.corrections[word] = close
                word = close
                found = words.forms(close)
        if word not in result.lookups:
            result.terms.append(word)
            result.lookups[word] = found
    return result


@dataclass
class Hit:
    concept: Link
    definition: str
    settings: str
    matched_in: str  # label, synonym, definition or theme
    terms_matched: int


@dataclass
class Results:
    text: str
    plan: Plan
    groups: "OrderedDict[str, list[Hit]]" = field(default_factory=OrderedDict)
    total: int = 0  # every hit found, of which the groups hold the best

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.groups.values())


def _matches(store: Store, p: Plan) -> dict[str, tuple[int, set]]:
    """Per concept found: its best field over every lookup and the terms it matched. Every indexed
    word of every term is looked up in one query (a list parameter), not one query a word."""
    terms_of: dict[str, set] = {}
    for term in p.terms:
        for word in p.lookups[term]:
            terms_of.setdefault(word, set()).add(term)
    merged: dict[str, tuple[int, set]] = {}
    if not terms_of:
        return merged
    for r in store.select("search-hits", text=list(terms_of)).rows:
        best, terms = merged.get(r["concept"], (r["bestField"], set()))
        merged[r["concept"]] = (min(best, r["bestField"]), terms | terms_of[r["text"]])
    return merged


def _best(store: Store, ranked: list[tuple[str, int]], shown: int | None) -> list[tuple[str, int]]:
    """The ``shown`` best of (concept, best field) pairs: by field, then by label. Labels are read
    only for the hits whose field can make the cut (every hit in a field better than the last
    shown one's, and every hit in that field): a common word's hundreds of definition hits need no
    label when fifty of its hits are in labels."""
    ranked = sorted(ranked, key=lambda cf: cf[1])
    if shown is not None and len(ranked) > shown:
        cut = ranked[shown - 1][1]
        ranked = [cf for cf in ranked if cf[1] <= cut]
    labels = {}
    if ranked:
        labels = {r["concepts"]: r["label"] for r in store.select("search-hit-labels", concepts=[c for c, _ in ranked]).rows}
    ranked.sort(key=lambda cf: (cf[1], str(labels.get(cf[0], "")).lower(), cf[0]))
    return ranked[:shown]


def search(store: Store, text: str, words: Vocabulary | None = None, shown: int | None = SHOWN) -> Results:
    """Concepts matching the words, grouped by kind, best first: the best ``shown`` of them (None: all).

    With several words, concepts that match all of them come first and, if any do, those matching
    fewer are dropped; a phrase like 'intensive outpatient rehab' thus finds the IOP itself. Then a
    match in the label beats one in a synonym, a definition or a theme, and labels sort alphabetically.
    A common word of a large graph matches hundreds of concepts, more than a page can show usefully
    (or quickly), so hits are ranked from the index (and the labels of the few that can be shown)
    and details (kind, definition, settings) are fetched only for the best; the rest are counted in
    ``total``."""
    p = plan(text, words if words is not None else vocabulary(store))
    results = Results(text, p)
    merged = _matches(store, p)
    most = max((len(terms) for _, terms in merged.values()), default=0)
    kept = [(c, field_) for c, (field_, terms) in merged.items() if len(p.terms) <= 1 or len(terms) == most]
    results.total = len(kept)
    ranked = _best(store, kept, shown)
    details: dict[str, list[dict]] = {}
    if ranked:
        for d in store.select("search-details", concepts=[c for c, _ in ranked]).rows:
            details.setdefault(d["concepts"], []).append(d)
    hits = [Hit(Link(c, d["label"], d["kindLabel"]), d["definition"] or "", d["settings"] or "",
                FIELDS.get(field_, "label"), len(merged[c][1]))
            for c, field_ in ranked for d in details.get(c, [])]
    kind_first = {"Care setting": 0, "Theme": 1}
    for h in sorted(hits, key=lambda h: kind_first.get(h.concept.kind, 2)):
        results.groups.setdefault(h.concept.kind, []).append(h)
    return results
