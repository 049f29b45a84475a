"""What the graph holds at a glance: counts per kind, setting, document and theme.

The build counts the settings, documents, themes and totals once into its overview graph
(graph.build.add_overview), so the Home page opens without counting a million triples. The triple
count is the knowledge only; the search, network and overview indexes the build writes into their own graphs
are counted apart (``index_triples``), since at a million triples they would be more than a third of
the total and say nothing about care settings."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import StoreError
from .store import Store


@dataclass(frozen=True)
class Count:
    iri: str
    label: str
    count: int
    extra: dict


@dataclass(frozen=True)
class Overview:
    triples: int  # statements of knowledge: every named graph but the indexes
    concepts: int
    mentions: int
    documents: int
    kinds: list[Count]
    settings: list[Count]
    document_counts: list[Count]
    themes: list[Count]
    index_triples: int = 0  # the search, network and overview indexes the build adds (graph/tokens.py, graph/build.py), counted apart


def totals(store: Store) -> dict:
    """The one row of ``stats-total``: the counts the build wrote into the overview graph.

    A store built before the build counted them has none; the Home page would fail on an empty row."""
    rows = store.select("stats-total").rows
    if not rows:
        raise StoreError("The graph has no overview counts (no rg:countedTriples on the concept scheme): it was "
                         "built by an older version of Recovery Graph. Rebuild it with `recovery-graph build "
                         "--store DIR`, or reload the endpoint with `recovery-graph load`")
    return rows[0]


def overview(store: Store) -> Overview:
    total = totals(store)
    kinds = [Count(r["kind"], r["kindLabel"], r["concepts"], {}) for r in store.select("stats-kinds").rows]
    settings = [
        Count(r["setting"], r["settingLabel"], r["concepts"], {"rank": r["rank"], "mentions": r["mentions"]})
        for r in store.select("stats-settings").rows
    ]
    documents = [
        Count(r["document"], r["title"], r["concepts"],
              {"identifier": r["identifier"], "sections": r["sections"], "mentions": r["mentions"]})
        for r in store.select("stats-documents").rows
    ]
    themes = [
        Count(r["theme"], r["themeLabel"], r["concepts"], {"kinds": r["kinds"], "settings": r["settings"]})
        for r in store.select("stats-themes").rows
    ]
    return Overview(total["triples"], total["concepts"], total["mentions"], total["documents"],
                    kinds, settings, documents, themes, total["indexTriples"])
