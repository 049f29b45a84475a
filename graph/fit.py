"""Which settings do the documents speak for, given a client's circumstances?

The circumstances are the graph's suitability criteria. For each ticked one, every document that
says it favours a setting adds one point to that setting and every document that says it
disfavours a setting takes one away (a document counts once per criterion and setting, however
often it repeats itself). A criterion's opposite (rg:contrastsWith, e.g. "limited support at home"
against "stable, supportive home") counts against the settings the opposite favours. Settings are
ranked by that score, then by their place on the continuum. Nothing entered is stored anywhere.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from .explore import Link
from .namespaces import expand
from .sources import Source, from_row, stance_word
from .store import Store

RANKING_RULE = (
    "Each ticked circumstance adds a point to a setting for every source document that says it favours "
    "that setting, and takes a point away for every document that says it speaks against it. When a "
    "document recommends a setting for the opposite circumstance (for example a stable home when the "
    "client has little support at home), that counts as one point against. Ties keep continuum order."
)


@dataclass(frozen=True)
class Circumstance:
    iri: str
    label: str
    definition: str


@dataclass
class Reason:
    criterion: Link
    direction: str  # "for" or "against"
    via_opposite: Link | None
    sources: list[Source] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return len({s.file for s in self.sources})


@dataclass
class SettingFit:
    setting: Link
    rank: int
    reasons_for: list[Reason] = field(default_factory=list)
    reasons_against: list[Reason] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(r.documents for r in self.reasons_for) - sum(r.documents for r in self.reasons_against)


def circumstances(store: Store) -> list[Circumstance]:
    rows = store.select("concepts-by-kind", kind="https://w3id.org/recovery-graph/def#SuitabilityCriterion").rows
    return [Circumstance(r["concept"], r["label"], r["definition"]) for r in rows]


def assess(store: Store, ticked: list[str], evidence_rows: list[dict] | None = None) -> list[SettingFit]:
    """Every setting with the reasons for and against it, best supported first."""
    ticked_iris = {expand(t) for t in ticked}
    rows = evidence_rows if evidence_rows is not None else store.select("suitability-evidence").rows
    settings: OrderedDict[str, SettingFit] = OrderedDict(
        (r["setting"], SettingFit(Link(r["setting"], r["label"], "Care setting"), r["rank"]))
        for r in store.select("settings").rows
    )
    labels = {r["criterion"]: r["label"] for r in rows}
    opposites = {r["criterion"]: [c for c in (r["contrasts"] or "").split("|") if c] for r in rows}
    reasons: dict[tuple, Reason] = {}

    def add(setting, criterion, direction, via, row):
        key = (setting, criterion, direction, via)
        if key not in reasons:
            reason = Reason(Link(criterion, labels.get(criterion, criterion), "Suitability criterion"), direction,
                            Link(via, labels.get(via, via), "Suitability criterion") if via else None)
            reasons[key] = reason
            fit = settings[setting]
            (fit.reasons_for if direction == "for" else fit.reasons_against).append(reason)
        reasons[key].sources.append(from_row(row))

    for r in rows:
        stance = stance_word(r["stance"])
        if r["criterion"] in ticked_iris:
            add(r["setting"], r["criterion"], "for" if stance == "favours" else "against", None, r)
    for criterion in ticked_iris:
        for opposite in opposites.get(criterion, []):
            if opposite in ticked_iris:
                continue
            for r in rows:
                if r["criterion"] == opposite and stance_word(r["stance"]) == "favours":
                    add(r["setting"], criterion, "against", opposite, r)
    return sorted(settings.values(), key=lambda f: (-f.score, f.rank))
