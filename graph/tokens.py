"""The search index: every word of every searchable label, synonym and definition, made at build time.

Searching by scanning every label with CONTAINS costs seconds at a million triples; looking a word up
as an exact literal is an index hit in any triple store. So the build writes, into its own named
graph (``.../graph/search-index``), one triple per distinct word of each concept, care setting and theme
(``?item rg:labelToken "crisis"``), under the best field the word occurs in: label, then synonym
(altLabel), then definition; and it lists every distinct word once on the concept scheme
(``rgc:scheme rg:searchWord "crisis"``), the small dictionary the app completes and corrects typed
words against. The index is plain triples, so it travels with the graph: the on-disk store, an
N-Quads dump, rdflib and a remote endpoint loaded with ``recovery-graph load`` all hold it. It is a
means of finding, not knowledge: its own graph lets ``recovery-graph export`` and the triple counts
leave it out (at a million triples it is more than a third of the store).

Words are indexed as written (lower case); plurals are folded at search time, when a typed word is
matched to every indexed word with the same stem (graph/search.py). Keeping the written forms means
a spelling correction or a completion shows a real word of the graph, never a clipped stem.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from . import queries as query_library
from .namespaces import PREFIXES, RG, RGC, SEARCH_INDEX_GRAPH

STOPWORDS = frozenset({"a", "an", "and", "the", "of", "for", "in", "on", "to", "or", "with", "about", "what", "is",
                       "are", "how", "as", "at", "be", "by", "it", "its", "that", "this", "from"})
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
# best field first: a word found in a label is not indexed again for the synonyms or the definition
FIELDS = (RG.labelToken, RG.altLabelToken, RG.definitionToken)
_FIELD_RANK = {"label": 0, "synonym": 1, "definition": 2}
SCHEME = RGC.scheme


def typed_words(text: str) -> list[str]:
    """The words of a text worth looking up: lower case, no stopwords or single letters."""
    return [w for w in _WORD.findall(text.lower()) if len(w) >= 2 and w not in STOPWORDS]


def words(text: str) -> list[str]:
    """The words a text is indexed under: its typed words, and a hyphenated word also by its parts
    ('self-management' gives self-management, self and management), so any of them finds it."""
    found = []
    for word in typed_words(text):
        found.append(word)
        if "-" in word:
            found += [w for w in word.split("-") if len(w) >= 2 and w not in STOPWORDS]
    return found


def stem(word: str) -> str:
    """A crude stem that gives a plural and its singular the same form ('strategies' and 'strategy',
    'approaches' and 'approach', 'crises' and 'crisis', 'headaches' and 'headache'). It is only
    compared, never shown or stored, so it may clip more than a real stem would."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("xes"):
        word = word[:-2]
    elif word.endswith("is") and len(word) > 4:
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us")):
        word = word[:-1]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def add_index(store: ox.Store) -> int:
    """Write the search index of every searchable item of ``store`` into the search-index graph;
    returns how many triples that made.

    Reads the texts with queries/build/search-texts.rq. Each item's words are gathered per field as
    sets, so 'best field first' is two set differences rather than a test per word; the triples go
    in as one Turtle text (a statement per item) that Oxigraph parses natively: making the 600 000
    Quad objects of a million-triple graph's index in Python cost more than Oxigraph storing them."""
    fields: dict[str, tuple[set, set, set]] = {}
    named = query_library.get("build/search-texts")
    rank_of = _FIELD_RANK
    for item, field, text in store.query(named.text, use_default_graph_as_union=True, prefixes=PREFIXES):
        if not isinstance(item, ox.NamedNode):
            continue  # a blank node could not be named again in the Turtle below
        key = str(item)
        found = fields.get(key)
        if found is None:
            found = fields[key] = (set(), set(), set())
        found[rank_of[field.value]].update(words(text.value))
    predicates = [str(ox.NamedNode(str(p))) for p in FIELDS]
    literals: dict[str, str] = {}  # word -> its Turtle form, made once
    statements, count = [], 0
    for item, (label, synonym, definition) in fields.items():
        synonym -= label
        definition -= label
        definition -= synonym
        parts = []
        for predicate, found in zip(predicates, (label, synonym, definition)):
            if found:
                forms = [literals.get(w) or literals.setdefault(w, str(ox.Literal(w))) for w in found]
                parts.append(f"{predicate} {', '.join(forms)}")
                count += len(found)
        if parts:
            statements.append(f"{item} {' ; '.join(parts)} .\n")
    if literals:
        statements.append(f"{ox.NamedNode(str(SCHEME))} {ox.NamedNode(str(RG.searchWord))} {', '.join(literals.values())} .\n")
        count += len(literals)
    store.load("".join(statements), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(SEARCH_INDEX_GRAPH)))
    return count
