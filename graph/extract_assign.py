"""Items of one list, each its own idea: the list's unmatched items assigned one to one to concepts.

A document restates known ideas in its own words (a heading "Affordable Alternative" for a concept
labelled otherwise); matched alone against every concept of its kind, such an item rarely leads by
enough to be linked, and becomes a new concept. But a list under one heading has a known kind and
setting, so its items choose among few concepts: those of that kind that some document mentions for
that setting (or that no document places yet), less those its other items already name (one idea,
one concept: two items of one list are two ideas). The remaining items are scored against that pool
(graph.extract_describe: heading and explanation against labels and definition), the pairs chosen by
a maximum-weight one-to-one matching (networkx), and an assigned pair accepted at a lower bar than a
free match, with a clear lead over every concept the item could still have had (those not assigned
to another item). The smaller pool is what lowers the bar. Measured (benchmarks/extraction.py): the
pool's two limits carry the gain; the matching itself changed no accepted pair on our documents at
these bars, and is kept so that two items are never given one concept.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .extract_match import Match

# Measured on the seed documents held out and our fixtures not held out (benchmarks/extraction.py):
# lower bars or margins, or no setting filter, linked fixture items to the wrong concept.
ASSIGN_THRESHOLD = 0.15  # cosine (graph.extract_describe), against DESCRIBE_THRESHOLD (0.25) for a free match
ASSIGN_MARGIN = 0.08  # lead over the item's best concept not assigned to another item of the list


@dataclass
class Slot:
    """An item (or sub-point) of a list still proposed as a new concept, with the words to describe it by."""

    key: str  # the candidate's id
    heading: str
    text: str
    settings: tuple[str, ...]


def load_evidence(mentions: list[dict]) -> dict[str, dict[str, set[str]]]:
    """For every source document (curated or merged by a user), the settings each concept is mentioned
    for there, from the rows of the named query ``document-mentions``: one query for every document,
    since one per document cost 616 queries at a million triples. Kept per document so that a document
    scored held out (or extracted again) does not vouch for itself. A concept a document mentions with
    no setting is left out: the pool treats it like a concept no document places."""
    evidence: dict[str, dict[str, set[str]]] = {}
    for row in mentions:
        if row["setting"]:
            evidence.setdefault(str(row["document"]), {}).setdefault(str(row["concept"]), set()).add(str(row["setting"]))
    return evidence


def applies_to(evidence: dict[str, dict[str, set[str]]]) -> dict[str, set[str]]:
    """Concept -> every setting some document mentions it for."""
    out: dict[str, set[str]] = {}
    for found in evidence.values():
        for concept, settings in found.items():
            out.setdefault(concept, set()).update(settings)
    return out


def assign(descriptions, slots: list[Slot], kinds: set[str], taken: set[str],
           applies: dict[str, set[str]], concepts: dict) -> dict[str, Match]:
    """The concept each slot names, for the slots whose assigned concept clearly leads; by candidate id.

    ``taken``: concepts the list's other items already name. A concept is in a slot's pool when it is
    of ``kinds``, not taken, and applies to one of the slot's settings (``applies``: concept -> settings
    some document mentions it for; a concept it has no settings for, or a slot without settings, passes)."""
    if not slots:
        return {}
    scores: dict[str, dict[str, float]] = {}
    for slot in slots:
        row = {}
        for score, concept in descriptions.closest(slot.heading, slot.text, kinds):
            if concept in taken or concept not in concepts or score <= 0:
                continue
            where = applies.get(concept)
            if where and slot.settings and not where & set(slot.settings):
                continue
            row[concept] = score
        scores[slot.key] = row
    graph = nx.Graph()
    for key, row in scores.items():
        for concept, score in row.items():
            graph.add_edge(("item", key), ("concept", concept), weight=score)
    pairs = nx.max_weight_matching(graph)
    chosen = {}
    for a, b in pairs:
        item, concept = (a, b) if a[0] == "item" else (b, a)
        chosen[item[1]] = concept[1]
    out = {}
    for key, concept in chosen.items():
        row = scores[key]
        others = set(chosen.values()) - {concept}
        rival = max((s for c, s in row.items() if c != concept and c not in others), default=0.0)
        score = row[concept]
        if score >= ASSIGN_THRESHOLD and score - rival >= ASSIGN_MARGIN:
            info = concepts[concept]
            out[key] = Match(concept, info.kind, info.label, round(score, 3),
                             "the closest by labels and definition among the concepts of the list's kind and "
                             "setting that its other items do not name")
    return out
