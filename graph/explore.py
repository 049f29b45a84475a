"""Concept, setting and theme pages as plain data: what a counselor browses and follows.

Every function takes a Store and returns dataclasses, so the pages only lay them out and the
same views can be tested (and later served as JSON) without Streamlit.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace

from . import source_pages
from .errors import RecoveryGraphError
from .namespaces import RGC, RGT, expand, shorten
from .sources import Source, from_row, stance_word
from .store import Store


class NotFound(RecoveryGraphError):
    """The id names nothing in the graph."""


@dataclass(frozen=True)
class Link:
    iri: str
    label: str
    kind: str = ""  # kind label, e.g. "Ethical dilemma", "Theme", "Care setting"

    @property
    def id(self) -> str:
        return shorten(self.iri)


@dataclass
class SettingUse:
    setting: Link
    mentions: int
    suits: bool
    does_not_suit: bool


@dataclass
class ConceptView:
    iri: str
    label: str
    kind: str
    kind_label: str
    definition: str
    alt_labels: list[str]
    mentions: int
    settings: list[SettingUse]
    links: "OrderedDict[str, list[Link]]"
    documents: list[source_pages.DocumentMentions]  # the documents that mention it, in reading order
    first_sources: source_pages.SourcePage  # its first page of sources; source_pages.page gives the others

    @property
    def themes(self) -> list[Link]:
        return self.links.get("Theme", [])

    @property
    def sources(self) -> list[Source]:
        """The first page of sources (all of them for all but the most mentioned concepts)."""
        return self.first_sources.sources


@dataclass
class Statement:
    """What the documents say about a setting: a concept (and, for a criterion, its stance). A
    setting's list (statements) leaves definition and sources empty; with_sources fills them."""
    concept: Link
    definition: str
    stance: str | None
    themes: list[Link]
    sources: list[Source] = field(default_factory=list)


@dataclass
class Dose:
    document_title: str
    sessions: tuple | None
    days: tuple | None
    hours: tuple | None
    hours_per_day: float | None
    weeks: tuple | None
    residential: bool | None

    def summary(self) -> str:
        def span(pair, unit):
            low, high = pair
            low_s, high_s = _num(low), _num(high)
            return f"{low_s}\u2013{high_s} {unit}" if high is not None and high != low else f"{low_s} {unit}"

        parts = []
        if self.sessions:
            parts.append(span(self.sessions, "sessions a week"))
        if self.days:
            parts.append(span(self.days, "days a week"))
        if self.hours:
            parts.append(span(self.hours, "hours a session"))
        if self.hours_per_day:
            parts.append(f"care {_num(self.hours_per_day)} hours a day")
        if self.weeks:
            parts.append(span(self.weeks, "weeks in all"))
        if self.residential is not None:
            parts.append("lives on site" if self.residential else "lives at home")
        return "; ".join(parts)


def _num(value) -> str:
    return "" if value is None else (str(int(value)) if float(value).is_integer() else str(value))


@dataclass
class SettingProfile:
    iri: str
    label: str
    definition: str
    alt_labels: list[str]
    rank: int
    up: Link | None
    down: Link | None
    locator_code: str | None
    mappings: list[str]
    doses: list[Dose]
    suits: list[Statement]
    does_not_suit: list[Statement]
    by_kind: "OrderedDict[str, list[Statement]]"

    def group(self, name: str) -> list[Statement]:
        """One list of the setting's page: 'suits', 'not' (whom it may not suit) or a kind's label."""
        if name in ("suits", "not"):
            return self.suits if name == "suits" else self.does_not_suit
        return self.by_kind.get(name, [])


@dataclass
class ThemeView:
    iri: str
    label: str
    definition: str
    alt_labels: list[str]
    by_kind: "OrderedDict[str, list[tuple[Link, str]]]"  # kind label -> (concept, settings text)


# Order in which kinds are shown on a setting page: who it suits first, then what it is like.
PROFILE_ORDER = [
    "Advantage", "Disadvantage", "Ethical dilemma", "Program feature", "Therapy", "Medication",
    "Self-management strategy", "Family-support strategy", "Community resource", "Decision factor",
    "Organization",
]


def _split(text) -> list[str]:
    return sorted({t for t in (text or "").split("|") if t}, key=str.lower)


def concept(store: Store, concept_id: str) -> ConceptView:
    iri = expand(concept_id)
    rows = store.select("concept-detail", concept=iri).rows
    if not rows:
        raise NotFound(f"Nothing in the graph is called {concept_id}; search for it by name instead")
    head = rows[0]
    settings = [
        SettingUse(Link(r["setting"], r["settingLabel"], "Care setting"), r["mentions"], bool(r["suits"]), bool(r["doesNotSuit"]))
        for r in store.select("concept-settings", concept=iri).rows
    ]
    links: OrderedDict[str, list[Link]] = OrderedDict()
    for r in store.select("concept-links", concept=iri).rows:
        label = r["otherLabel"] + (f" ({r['notation']})" if r.get("notation") else "")
        links.setdefault(r["relation"], [])
        link = Link(r["other"], label, r.get("otherKindLabel") or "")
        if link not in links[r["relation"]]:
            links[r["relation"]].append(link)
    documents = source_pages.documents(store, iri)
    return ConceptView(
        iri=iri, label=head["label"], kind=head["kind"], kind_label=head["kindLabel"],
        definition=head["definition"] or "", alt_labels=_split(head["altLabels"]),
        mentions=head["mentions"] or 0, settings=settings, links=links, documents=documents,
        first_sources=source_pages.page(store, iri, documents),
    )


def statements(store: Store, setting_iri: str) -> list[Statement]:
    """Every concept the documents name for a setting, by kind, label and stance, each without its
    definition and sources: :func:`with_sources` adds them for the statements a view shows.

    The list reads no mentions (setting-statements.rq): a setting named 8,658 times at a million
    triples used to cost a row per mention, themes grouped onto each, 3-5 s on disk per view."""
    stance_order = {"favours": 0, "disfavours": 1, None: 2}
    rows = sorted(store.select("setting-statements", setting=setting_iri).rows,
                  key=lambda r: (r["kindLabel"], r["label"].lower(), stance_order[stance_word(r["stance"])], r["concept"]))
    return [Statement(Link(r["concept"], r["label"], r["kindLabel"]), "", stance_word(r["stance"]), []) for r in rows]


def with_sources(store: Store, setting_iri: str, items: list[Statement]) -> list[Statement]:
    """The same statements, each with its definition and its sources for this setting (new objects:
    cached lists stay as they are). One setting-sources query for them all, started from their
    concepts. A mention joins the statement of its concept and stance; one without a stance (a
    criterion also named in passing) joins each statement of its concept, so no source is dropped."""
    if not items:
        return []
    found: dict[str, list] = {}
    rows = store.select("setting-sources", setting=setting_iri, concepts=list(dict.fromkeys(s.concept.iri for s in items))).rows
    for r in rows:
        found.setdefault(r["concepts"], []).append(r)
    return [replace(s, definition=next((r["definition"] for r in found.get(s.concept.iri, []) if r["definition"]), s.definition),
                    sources=[from_row(r) for r in found.get(s.concept.iri, [])
                             if s.stance is None or stance_word(r["stance"]) in (s.stance, None)])
            for s in items]


def setting(store: Store, setting_id: str, all_statements: list[Statement] | None = None) -> SettingProfile:
    """The profile of a setting; ``all_statements`` is its :func:`statements` when the caller has
    them already (the app computes them once per setting for this page and the comparison)."""
    iri = expand(setting_id)
    rows = store.select("setting-detail", setting=iri).rows
    if not rows:
        raise NotFound(f"{setting_id} is not a care setting; pick one of the four settings on the Home page")
    head = rows[0]
    doses = [
        Dose(
            document_title=r["documentTitle"] or "",
            sessions=(r["sessionsMin"], r["sessionsMax"]) if r["sessionsMin"] is not None else None,
            days=(r["daysMin"], r["daysMax"]) if r["daysMin"] is not None else None,
            hours=(r["hoursMin"], r["hoursMax"]) if r["hoursMin"] is not None else None,
            hours_per_day=r["hoursPerDay"],
            weeks=(r["weeksMin"], r["weeksMax"]) if r["weeksMin"] is not None else None,
            residential=r["residential"],
        )
        for r in store.select("setting-doses", setting=iri).rows
    ]
    if all_statements is None:
        all_statements = statements(store, iri)
    by_kind: OrderedDict[str, list[Statement]] = OrderedDict((k, []) for k in PROFILE_ORDER)
    suits, not_suits = [], []
    for st in all_statements:
        if st.concept.kind == "Suitability criterion":
            (suits if st.stance != "disfavours" else not_suits).append(st)
        else:
            by_kind.setdefault(st.concept.kind, []).append(st)
    return SettingProfile(
        iri=iri, label=head["label"], definition=head["definition"], alt_labels=_split(head["altLabels"]),
        rank=head["rank"],
        up=Link(head["up"], head["upLabel"], "Care setting") if head["up"] else None,
        down=Link(head["down"], head["downLabel"], "Care setting") if head["down"] else None,
        locator_code=head["locatorCode"], mappings=_split(head["mappings"]), doses=doses,
        suits=suits, does_not_suit=not_suits,
        by_kind=OrderedDict((k, v) for k, v in by_kind.items() if v),
    )


def theme(store: Store, theme_id: str) -> ThemeView:
    iri = expand(theme_id)
    head = store.select("concept-detail", concept=iri).rows
    if not head or head[0]["kind"] != "https://w3id.org/recovery-graph/def#Theme":
        raise NotFound(f"{theme_id} is not a theme; the Home page lists every theme")
    by_kind: OrderedDict[str, list[tuple[Link, str]]] = OrderedDict()
    rank = {link.label: i for i, link in enumerate(settings(store))}
    for r in store.select("theme-concepts", theme=iri).rows:
        link = Link(r["concept"], r["label"], r["kindLabel"])
        by_kind.setdefault(r["kindLabel"], []).append((link, _along_continuum(r["settings"], rank)))
    h = head[0]
    return ThemeView(iri, h["label"], h["definition"] or "", _split(h["altLabels"]), by_kind)


def _along_continuum(labels: str | None, rank: dict[str, int]) -> str:
    """Comma-separated setting labels re-ordered from most to least intensive: theme-concepts joins
    no ranks (that doubled its time at a million triples), so its labels come in any order."""
    named = sorted(filter(None, (labels or "").split(", ")), key=lambda label: rank.get(label, len(rank)))
    return ", ".join(named)


def settings(store: Store) -> list[Link]:
    return [Link(r["setting"], r["label"], "Care setting") for r in store.select("settings").rows]


def themes(store: Store) -> list[tuple[Link, int]]:
    return [(Link(r["theme"], r["label"], "Theme"), r["concepts"]) for r in store.select("themes").rows]


def browsable(iri: str) -> bool:
    """True for our own concepts, settings and themes, which have pages; outside identifiers
    (ASAM levels, locator codes, BCIO, RxNorm) are shown as text."""
    return iri.startswith((str(RGC), str(RGT)))


def page_for(kind_label: str) -> str:
    """Which app page shows a node of this kind."""
    return {"Care setting": "setting", "Theme": "theme"}.get(kind_label, "concept")
