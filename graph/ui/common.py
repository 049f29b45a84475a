"""What every page shares: the cached store, cached views, links between pages, the help panel."""

from __future__ import annotations

import streamlit as st

from graph import compare as compare_core
from graph import explore, source_pages, stats
from graph import fit as fit_core
from graph import search as search_core
from graph.namespaces import expand, shorten
from graph.store import open_store

DISCLAIMER = (
    "Recovery Graph summarises what five public documents say about care settings. "
    "It is not clinical advice and does not replace an assessment by a qualified professional."
)
PAGES = {
    "home": "graph/ui/home.py",
    "search": "graph/ui/search.py",
    "concept": "graph/ui/concept.py",
    "setting": "graph/ui/setting.py",
    "theme": "graph/ui/theme.py",
    "compare": "graph/ui/compare.py",
    "fit": "graph/ui/fit.py",
}


@st.cache_resource(show_spinner="Building the graph…")
def store():
    """One store per server process, shared by every session (the graph is read-only)."""
    return open_store()


@st.cache_data(show_spinner=False)
def overview():
    return stats.overview(store())


@st.cache_data(show_spinner=False)
def help_lines():
    return store().select("help-lines").rows


@st.cache_data(show_spinner=False)
def concept_view(concept_id: str):
    return explore.concept(store(), concept_id)


@st.cache_data(show_spinner=False, max_entries=256)
def concept_sources(concept_id: str, number: int):
    """Page ``number`` (0-based) of a concept's sources; the first comes with its view."""
    view = concept_view(concept_id)
    return view.first_sources if number == 0 else source_pages.page(store(), view.iri, view.documents, number)


@st.cache_resource(show_spinner=False, max_entries=16)
def setting_statements(setting_iri: str):
    """A setting's statements (without sources), computed once per setting and shared by its page and
    every comparison that includes it. A resource, not data: the views only read it, and unpickling
    thousands of statements on every read (what st.cache_data does) would cost more than the query."""
    return explore.statements(store(), setting_iri)


@st.cache_resource(show_spinner=False, max_entries=16)
def setting_profile(setting_id: str):
    """Read-only like setting_statements, and holds the same thousands of statements at scale."""
    return explore.setting(store(), setting_id, setting_statements(expand(setting_id)))


SETTING_PAGE_SIZE = 50  # statements per page of a setting page's lists and tables; the curated graph's longest has 29


@st.cache_data(show_spinner=False, max_entries=256)
def setting_rows(setting_id: str, group: str, number: int):
    """Page ``number`` (0-based) of one list of a setting page, each statement with its sources: only
    the statements shown read their mentions (at a million triples a setting has thousands)."""
    profile = setting_profile(setting_id)
    items = profile.group(group)[number * SETTING_PAGE_SIZE:(number + 1) * SETTING_PAGE_SIZE]
    return explore.with_sources(store(), profile.iri, items)


@st.cache_data(show_spinner=False, max_entries=256)
def setting_table(setting_id: str, kind: str, number: int):
    """Page ``number`` of a setting page's table of one kind, every statement with its sources."""
    import pandas as pd

    return pd.DataFrame([
        {"Concept": s.concept.label, "Definition": s.definition,
         "Sources": "; ".join(f"{x.file[:3]} \u00a7 {x.section_title}" + (f", {x.locator}" if x.locator else "")
                              for x in s.sources)}
        for s in setting_rows(setting_id, kind, number)
    ])


@st.cache_data(show_spinner=False, max_entries=64)
def neighbourhood_drawing(concept_id: str) -> str:
    """The one-step network around a concept, for its page; a click opens the clicked node's page."""
    from graph import network, render

    sub = network.neighbourhood(store(), concept_id, 1)
    links = {n.id: f"{explore.page_for(n.kind_label)}?id={n.short_id}" for n in sub.nodes
             if n.kind_name != "SourceDocument"}
    return render.network_html(sub, render.RenderOptions(controls=False, links=links))


@st.cache_data(show_spinner=False)
def theme_view(theme_id: str):
    return explore.theme(store(), theme_id)


@st.cache_data(show_spinner=False)
def settings():
    return explore.settings(store())


@st.cache_data(show_spinner=False)
def themes():
    return explore.themes(store())


@st.cache_data(show_spinner=False)
def kinds():
    return overview().kinds


@st.cache_data(show_spinner=False)
def concepts_of_kind(kind_iri: str):
    return store().select("concepts-by-kind", kind=kind_iri).rows


@st.cache_resource(show_spinner=False)
def vocabulary():
    return search_core.vocabulary(store())


@st.cache_data(show_spinner=False)
def search(text: str):
    return search_core.search(store(), text, vocabulary())


@st.cache_data(show_spinner=False)
def comparison(setting_ids: tuple[str, ...], theme_ids: tuple[str, ...]):
    """The comparison page's view: the first CELL_SHOWN statements of each cell with their sources,
    from the statements the setting pages share (setting_statements)."""
    return compare_core.compare(store(), list(setting_ids), list(theme_ids) or None,
                                shown=compare_core.CELL_SHOWN, statements_of=setting_statements)


def comparison_export(setting_ids: tuple[str, ...], theme_ids: tuple[str, ...], fmt: str) -> str:
    """The CSV or Markdown export, every statement with all its sources; built when a download
    button is clicked, not on every view."""
    full = compare_core.compare(store(), list(setting_ids), list(theme_ids) or None, statements_of=setting_statements)
    return compare_core.to_csv(full) if fmt == "csv" else compare_core.to_markdown(full)


@st.cache_data(show_spinner=False)
def circumstances():
    return fit_core.circumstances(store())


@st.cache_data(show_spinner=False)
def suitability_evidence():
    return store().select("suitability-evidence").rows


def page_link(link, label: str | None = None, icon: str | None = None) -> None:
    """A link to the page that shows this concept, setting or theme."""
    page = explore.page_for(link.kind)
    st.page_link(PAGES[page], label=label or link.label, icon=icon, query_params={"id": shorten(link.iri)})


def open_concept(link) -> None:
    """Go to the page of a concept, setting or theme (for selections in tables)."""
    st.switch_page(PAGES[explore.page_for(link.kind)], query_params={"id": shorten(link.iri)})


LINK_WRAP_CSS = """<style>
[data-testid="stPageLink-NavLink"] span, [data-testid="stPageLink-NavLink"] p {
  white-space: normal; overflow: visible; text-overflow: clip; }
</style>"""


def page_style() -> None:
    """Let long page-link labels wrap: Streamlit cuts them to one line, so setting names such as
    'Inpatient / residential treatment' lost their ends in four-column cards at laptop width."""
    st.html(LINK_WRAP_CSS)


def help_panel() -> None:
    """Crisis lines, always visible in the sidebar."""
    with st.sidebar:
        st.markdown("#### Need help now?")
        for line in help_lines():
            parts = [f"**{line['label']}**"]
            if line["phone"]:
                parts.append(f"call {line['phone']}")
            if line["text"]:
                parts.append(f"text {line['text']}")
            st.markdown(" · ".join(parts), help=line["note"])
        st.caption("US services. " + DISCLAIMER)


def url_id(choices: dict, preferred: str | None = None) -> str:
    """The `id` in the page address when it is one of `choices`, else `preferred`, else the first."""
    current = st.query_params.get("id")
    if current in choices:
        return current
    return preferred if preferred in choices else next(iter(choices))


def load_or_stop(loader, item_id: str):
    """A page's view, or the core's NotFound shown as a message and the page stopped."""
    try:
        return loader(item_id)
    except explore.NotFound as exc:
        show_error(exc)
        st.stop()


def show_error(exc: Exception) -> None:
    st.error(str(exc), icon=":material/error:")
