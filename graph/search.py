"""Search that forgives: case, plurals and small typos.

The graph answers the search itself (queries/search.rq finds labels, synonyms, definitions and
theme labels containing a word). Python only prepares the words: each is cut to a stem so plurals
match, and a word the graph never uses is corrected to the closest word it does use (the "did you
mean" of search engines), from a dictionary built once from the graph; the query runs once per stem.
"""

from __future__ import annotations

import difflib
import re
from collections import OrderedDict
from dataclasses import dataclass, field

from .explore import Link
from .store import Store

STOPWORDS = {"a", "an", "and", "the", "of", "for", "in", "on", "to", "or", "with", "about", "what", "is", "are", "how"}
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_REGEX_SPECIAL = re.compile(r"([\\.*+?^${}()|\[\]])")
FIELDS = {1: "label", 2: "synonym", 3: "definition", 4: "theme"}


def vocabulary(store: Store) -> frozenset[str]:
    """Every word of three letters or more that the graph's labels and definitions use."""
    words = set()
    for row in store.select("search-vocabulary").rows:
        words.update(w for w in _WORD.findall(str(row["text"]).lower()) if len(w) >= 3)
    return frozenset(words)


def stem(word: str) -> str:
    """A crude plural stem, good enough to let 'strategies' find 'strategy' and 'crises' find 'crisis'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3]
    if len(word) > 4 and word.endswith("es"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass
class Plan:
    terms: list[str]  # stems searched for
    corrections: dict[str, str]  # typed word -> word used instead
    pattern: str


def plan(text: str, words: frozenset[str]) -> Plan:
    terms, corrections = [], {}
    for word in _WORD.findall(text.lower()):
        if word in STOPWORDS or len(word) < 2:
            continue
        s = stem(word)
        if words and not any(w.startswith(s) for w in words):
            close = difflib.get_close_matches(word, words, n=1, cutoff=0.78)
            if close:
                corrections[word] = close[0]
                s = stem(close[0])
        if s not in terms:
            terms.append(s)
    pattern = "|".join(_REGEX_SPECIAL.sub(r"\\\1", t) for t in terms)
    return Plan(terms, corrections, pattern)


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

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.groups.values())


def _matches(store: Store, terms: list[str]) -> list[dict]:
    """Rows of the search query for any of the terms, one per concept: the query runs once per term
    (a plain CONTAINS the engine evaluates fast) and the answers are merged, best field first."""
    merged: dict[tuple, dict] = {}
    for term in terms:
        for r in store.select("search", text=term).rows:
            key = (r["concept"], r["label"], r["kind"], r["kindLabel"], r["definition"])
            if key in merged:
                seen = merged[key]
                seen["bestField"] = min(seen["bestField"], r["bestField"])
                seen["matched"] += " | " + r["matched"]
            else:
                merged[key] = dict(r)
    return sorted(merged.values(), key=lambda r: (r["bestField"], r["label"].lower()))


def search(store: Store, text: str, words: frozenset[str] | None = None) -> Results:
    """Concepts matching the words, grouped by kind, best first.

    With several words, concepts that match all of them come first and, if any do, those matching
    fewer are dropped; a phrase like 'intensive outpatient rehab' thus finds the IOP itself."""
    p = plan(text, words if words is not None else vocabulary(store))
    results = Results(text, p)
    if not p.terms:
        return results
    hits = []
    for r in _matches(store, p.terms):
        haystack = f"{r['label']} | {r['matched']}".lower()
        matched = sum(1 for t in p.terms if t in haystack)
        hits.append(Hit(Link(r["concept"], r["label"], r["kindLabel"]), r["definition"] or "", r["settings"] or "",
                        FIELDS.get(r["bestField"], "label"), matched))
    best = max((h.terms_matched for h in hits), default=0)
    hits = [h for h in hits if h.terms_matched == best] if len(p.terms) > 1 else hits
    order = {"label": 0, "synonym": 1, "definition": 2, "theme": 3}
    hits.sort(key=lambda h: (order[h.matched_in], h.concept.label.lower()))
    kind_first = {"Care setting": 0, "Theme": 1}
    for h in sorted(hits, key=lambda h: kind_first.get(h.concept.kind, 2)):
        results.groups.setdefault(h.concept.kind, []).append(h)
    return results
