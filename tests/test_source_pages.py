"""A concept's sources a page at a time: the pages together are exactly its full list of sources."""

from __future__ import annotations

from graph import explore, source_pages
from graph.namespaces import expand
from graph.sources import from_row

FAMILY_THERAPY = expand("rgc:family-therapy")


def full_list(store, iri) -> list[tuple]:
    """(mention's citation, its settings) from concept-sources, the unpaged list, one entry a mention."""
    cites: dict[str, tuple] = {}
    for r in store.select("concept-sources", concept=iri).rows:
        cite, label = from_row(r).cite(), r["settingLabel"]
        cites[cite] = (cite, cites.get(cite, (cite, frozenset()))[1] | ({label} if label else set()))
    return list(cites.values())


def paged(store, iri, size) -> list[tuple]:
    docs = source_pages.documents(store, iri)
    found = []
    for number in range(source_pages.page_count(docs, size)):
        page = source_pages.page(store, iri, docs, number, size)
        assert page.number == number and page.first == number * size + 1 and len(page.sources) <= size
        found += [(s.cite(), frozenset(x.split(" (")[0] for x in s.setting_label.split("; ")) if s.setting_label else frozenset())
                  for s in page.sources]
    return found


def test_pages_of_three_put_together_are_the_full_list_in_reading_order(store):
    concepts = [r["concept"] for r in store.select("concepts-in-several-documents").rows][:12]
    assert len(concepts) >= 5
    for iri in concepts + [FAMILY_THERAPY]:
        expected = full_list(store, iri)
        assert paged(store, iri, 3) == expected, iri
        assert sum(d.mentions for d in source_pages.documents(store, iri)) == len(expected), iri


def test_documents_are_in_reading_order_and_counts_match_the_concept_s_mention_count(store):
    docs = source_pages.documents(store, FAMILY_THERAPY)
    titles = [r["documentTitle"] for r in store.select("concept-sources", concept=FAMILY_THERAPY).rows]
    files = list(dict.fromkeys(titles))
    assert len(docs) == len(files) == 3
    view = explore.concept(store, "rgc:family-therapy")
    assert view.mentions == sum(d.mentions for d in docs) == view.first_sources.total == len(view.sources)


def test_a_mention_for_two_settings_is_one_source_naming_both(store):
    sources = explore.concept(store, "rgc:family-therapy").sources
    both = [s for s in sources if s.setting_label and "; " in s.setting_label]
    assert both and all(len(set(s.setting_label.split("; "))) == 2 for s in both)


def test_a_page_past_the_end_shows_the_last_and_an_unmentioned_concept_shows_none(store):
    docs = source_pages.documents(store, FAMILY_THERAPY)
    last = source_pages.page(store, FAMILY_THERAPY, docs, 99, size=3)
    assert (last.number, last.pages, last.first, last.last, last.total) == (2, 3, 7, 7, 7)
    empty = source_pages.page(store, FAMILY_THERAPY, [], 0)
    assert (empty.sources, empty.first, empty.last, empty.total, empty.pages) == ([], 0, 0, 0, 1)
