"""What a heading or a list introduction says about the items under it: their kind and setting.

Kind follows the list an item stands in (docs/curation.md, rule 3): "Advantages of ..." holds
advantages, "... suitable for those who:" holds suitability criteria. The cue words are the kind
classes' own labels, read from the ontology by the ``concept-kinds`` query, plus the phrasings
below, which are how documents of this genre introduce each kind of list. Settings are found by
the settings' labels in the graph (``concept-labels``), never by a list typed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .extract_match import Lexicon, tokens
from .namespaces import RG

# Phrasings that introduce a list of one kind, beyond the class labels themselves. Longer cues win
# over shorter ones ("who benefits" is a suitability cue although "benefits" alone means advantage).
# A "*" stands for one to MAX_GAP words, so a cue can hold a question's frame around the setting it
# asks about ("who is * for" reads "Who is weekly outpatient counseling for?"); only the written words
# count towards its strength. The question frames are how FAQs and leaflets head their answers.
KIND_CUES = {
    str(RG.Advantage): ("benefit", "pros", "strength", "upside", "why it help", "what it offer", "gain",
                        "like about", "good about", "good thing", "positive", "plus side"),
    str(RG.Disadvantage): ("drawback", "downside", "cons", "limitation", "challenge", "weakness", "shortcoming",
                           "risk", "pitfall", "concern", "hard about", "hard part", "difficult about",
                           "bad about", "negative", "minus side"),
    str(RG.EthicalDilemma): ("ethical", "ethic", "dilemma", "moral", "tension", "consent", "confidential",
                             "fairness"),
    str(RG.SelfManagementStrategy): ("self management", "self care", "self help", "on your own", "personal strategy",
                                     "what you can do", "on my own", "on their own", "by yourself", "yourself",
                                     "cope", "what can you do", "self"),
    str(RG.FamilySupportStrategy): ("family support", "family involvement", "for families", "loved one",
                                    "family strategy", "how families", "family member", "for relatives",
                                    "family", "relatives", "the family help", "can families", "families do",
                                    "partner", "parents"),
    str(RG.CommunityResource): ("community resource", "community support", "community service", "resources",
                                "in the community", "local service", "find help", "where * help",
                                "help nearby", "where to turn"),
    str(RG.SuitabilityCriterion): ("who benefit", "who it suit", "suitable", "suited", "ideal for", "best for",
                                   "when to choose", "beneficial for", "who should", "good fit", "right for",
                                   "readiness", "might need", "makes sense", "good candidate", "who need",
                                   "who may need", "when it is", "who is it for", "consider it if", "choose it if",
                                   "fit for", "works best", "who is * for", "who are * for", "suit",
                                   "who should * choose", "when is * choice", "when is * right", "is * right for",
                                   "who can * use"),
    str(RG.ProgramFeature): ("feature", "component", "what to expect", "include", "offer", "how it work",
                             "structure", "typical week", "what happen", "element"),
    str(RG.DecisionFactor): ("consideration", "factor", "choos", "choice", "decid", "decision", "weigh"),
}
# A list of these kinds names what a program is made of, so its items may be of any kind (a
# "what to expect" list holds therapies and features alike); the other kinds hold their own kind.
OPEN_KINDS = {str(RG.ProgramFeature), str(RG.DecisionFactor), str(RG.Therapy), str(RG.Medication),
              str(RG.Organization)}
NEGATIVE = re.compile(
    r"\b(not|never|isn't|aren't|don't|doesn't|unsuitable|avoid|less suitable|poor fit|may struggle|struggle)\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    kind: str
    phrase: str
    strength: int  # number of words in the cue: longer, more specific cues win


GAP = "*"
MAX_GAP = 6


def kind_cues(kind_rows: list[dict]) -> list[tuple[tuple[str, ...], str]]:
    """Cue token sequences for every kind: each class label (from the graph) and the phrasings above."""
    cues = []
    for row in kind_rows:
        kind, label = str(row["kind"]), row["label"]
        cues.append((tuple(tokens(label)), kind))
    for kind, phrases in KIND_CUES.items():
        for phrase in phrases:
            parts = [tuple(tokens(part, keep_stopwords=True)) for part in phrase.split(GAP)]
            cues.append((sum(((GAP,) + p for p in parts[1:]), parts[0]), kind))
    return [c for c in cues if c[0]]


def _matches_at(words: list[str], i: int, cue: tuple[str, ...]) -> bool:
    """Whether ``cue`` matches the words from ``i`` on, a gap taking one to MAX_GAP words."""
    if not cue:
        return True
    if cue[0] == GAP:
        return any(_matches_at(words, i + n, cue[1:]) for n in range(1, MAX_GAP + 1) if i + n < len(words))
    return i < len(words) and words[i] == cue[0] and _matches_at(words, i + 1, cue[1:])


def kind_of(text: str, cues) -> Cue | None:
    """The kind a heading or list introduction announces, or None when it announces none."""
    if not text:
        return None
    words = tokens(text, keep_stopwords=True)
    best = None
    for cue, kind in cues:
        n = sum(w != GAP for w in cue)
        for i in range(len(words)):
            if _matches_at(words, i, cue) or (len(cue) == 1 and words[i].startswith(cue[0]) and len(cue[0]) >= 5):
                found = Cue(kind, " ".join(cue), n)
                if best is None or n > best.strength:
                    best = found
                break
    return best


def stance_of(text: str) -> str:
    """rg:Disfavours when the passage speaks against the setting ("not suitable for"), else rg:Favours."""
    return str(RG.Disfavours) if NEGATIVE.search(text or "") else str(RG.Favours)


def is_marker_key(key: str, lexicon: Lexicon, kind_rows: list[dict]) -> bool:
    """A bullet key that labels a setting or a kind ("Inpatient Focus:", "Ethical Dilemma:") rather than
    naming a sub-point of its own.

    A marker opens with the setting and adds at most one word ("Outpatient Focus", "Inpatient
    Treatment"); a heading that merely names a setting ("Transition to Outpatient", "Aftercare Planning
    and Outpatient Services") is an idea of its own."""
    words = tokens(key)
    if words and lexicon.settings_in(key):
        setting_words = {s for entry in lexicon.setting_entries if entry.source != "variant" for s in entry.stems}
        return words[0] in setting_words and sum(w not in setting_words for w in words) <= 1
    return any(words == tokens(row["label"]) for row in kind_rows)


SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'“A-Z0-9])|(?<=[a-z][.!?])(?=[A-Z][a-z])")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.split(text) if s.strip()]
