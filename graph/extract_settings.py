"""Which care settings (and themes) a passage names, read from the settings' own labels in the graph.

A document rarely writes a setting exactly as its label does: "a residential stay", "residential
care" and "the residential clinic" all mean the setting labelled "Residential treatment". So a
setting label made of one distinctive word and a generic head ("Residential program", "Day
treatment") is also read with any other generic head: the heads the settings' labels share
(program, treatment, care...) and the everyday nouns for a place of care below. A word that
modifies the labels of two settings never takes part (it says nothing about which one is meant),
nor does a head that is a setting by itself ("Intensive outpatient" gives no "intensive care").
Lexicon (graph.extract_match) mixes these lookups in.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .extract_text import tokens

COMPARISON = re.compile(r"\b(than|unlike|compared|whereas|instead of|rather than|on the other hand)\b", re.I)
# what a comparison measures against: the few words after "than" or "compared to/with", up to a clause break
MEASURED = re.compile(r"\b(?:than|compared (?:to|with))\s+((?:[\w/-]+\s+){0,3}[\w/-]+)", re.I)
# everyday nouns for a place or spell of care, beyond the heads the setting labels use themselves
CARE_NOUNS = ("stay", "clinic", "setting", "facility", "centre", "center", "unit", "service", "level")
VARIANT = "variant"  # Entry.source of a setting form read this way, never a label of its own
# everyday words that mark the plain form of a setting ("weekly outpatient counseling"), beyond the
# modifiers the setting's own labels use ("Standard outpatient")
PLAIN_QUALIFIERS = ("weekly", "regular", "routine", "conventional", "ordinary", "usual")


def setting_variants(entries: list) -> list:
    """Extra forms of the two-word setting labels whose first word is distinctive, with every generic head."""
    from .extract_match import Entry

    heads_by_setting = defaultdict(set)
    for e in entries:
        if len(e.stems) > 1:
            heads_by_setting[e.stems[-1]].add(e.concept)
    single = {e.stems[0] for e in entries if len(e.stems) == 1}  # "Outpatient" is a setting, not a head
    heads = {h for h, settings in heads_by_setting.items() if len(settings) > 1 and h not in single}
    heads |= {t for noun in CARE_NOUNS for t in tokens(noun)}
    modifier_of = defaultdict(set)
    for e in entries:
        for t in e.stems[:-1]:
            modifier_of[t].add(e.concept)
    known = {e.stems for e in entries}
    out, seen = [], set()
    for e in entries:
        # "Intensive outpatient program" is also "the intensive program": a distinctive first word with the
        # preferred label's head ("intensive treatment" is too common a phrase to name a setting),
        # when the word between is a setting by itself (it only says which family)
        if (e.source == "prefLabel" and len(e.stems) == 3 and e.stems[1] in single and e.stems[0] not in single
                and len(modifier_of[e.stems[0]]) == 1 and (e.stems[0], e.stems[2]) not in known):
            seen.add((e.stems[0], e.stems[2]))
            out.append(Entry(e.concept, e.kind, f"{e.stems[0]} {e.stems[2]}", VARIANT, (e.stems[0], e.stems[2])))
    for e in entries:
        if (len(e.stems) != 2 or e.stems[1] not in heads or e.stems[0] in single
                or len(modifier_of[e.stems[0]]) > 1):
            continue
        for head in sorted(heads):
            stems = (e.stems[0], head)
            if stems in known or stems in seen:
                continue
            seen.add(stems)
            out.append(Entry(e.concept, e.kind, " ".join(stems), VARIANT, stems))
    return out


class SettingFinder:
    """Setting and theme lookups over ``setting_entries``, ``settings`` and ``theme_entries``."""

    def settings_in(self, text: str, first_only_when_compared: bool = False) -> list[str]:
        """Care settings named in a text, in continuum order ("intensive outpatient" is not "outpatient").

        With ``first_only_when_compared``, a sentence that measures one setting against others ("X costs
        less than Y") keeps only the first it names (graph.extract_prose handles "while Y ..., X ...")."""
        words = tokens(text)
        found, taken = [], set()
        spans = []
        for entry in self.setting_entries:
            for i in range(len(words)):
                end = i + len(entry.stems)
                if entry.stems and tuple(words[i:end]) == entry.stems:
                    spans.append((-(end - i), i, end, entry.concept))
        for _, start, end, concept in sorted(spans):
            if set(range(start, end)) & taken:
                continue
            taken |= set(range(start, end))
            found.append(concept)
        if first_only_when_compared and len(set(found)) > 1 and COMPARISON.search(text):
            # the settings a comparison measures against ("more support than outpatient therapy") are
            # not what it is about, wherever they stand ("Offering more than outpatient care, IOPs ...")
            measured = {c for m in MEASURED.finditer(text) for c in self.settings_in(m.group(1))}
            subject = [c for c in found if c not in measured] or found
            first = min(spans, key=lambda span: span[1] if span[3] in subject else len(words))
            return [first[3]]
        order = list(self.settings)
        return sorted(set(found), key=order.index)

    def broad_readings(self, text: str) -> dict[str, tuple[str, ...]]:
        """Settings a whole document names by a word that also heads a narrower setting, read broadly.

        "Outpatient" is a setting of its own and also the head of "intensive outpatient". A document
        that names the narrower setting and never marks the plain one as such ("standard outpatient",
        "weekly outpatient") uses the bare word for the family: "outpatient rehab works best if ..." in
        a guide to intensive outpatient care is about both. Returns {plain setting: narrower ones}."""
        named = set(self.settings_in(text))
        labels = [e for e in self.setting_entries if e.source != VARIANT]
        out = {}
        for plain in (e for e in labels if len(e.stems) == 1):
            word = plain.text.lower()
            qualifiers = {m.group(1) for e in labels if e.concept == plain.concept
                          for m in re.finditer(rf"(\w+)\s+{re.escape(word)}\b", e.text.lower())}
            qualifiers |= set(PLAIN_QUALIFIERS)
            marked = rf"\b({'|'.join(map(re.escape, sorted(qualifiers)))})\s+{re.escape(word)}"
            if re.search(marked, text, re.IGNORECASE):
                continue
            narrower = {e.concept for e in labels if e.concept != plain.concept and plain.stems[0] in e.stems[1:]}
            if narrower & named:
                out[plain.concept] = tuple(sorted(narrower & named))
        return out

    def themes_for(self, text: str, limit: int = 3) -> list[str]:
        """Themes whose label or altLabel words appear in the text."""
        words = set(tokens(text))
        scored = []
        for entry in self.theme_entries:
            if entry.stems and set(entry.stems) <= words:
                scored.append((-len(entry.stems), entry.concept))
        out = []
        for _, concept in sorted(scored):
            if concept not in out:
                out.append(concept)
        return out[:limit]
