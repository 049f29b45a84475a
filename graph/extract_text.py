"""Words as the extractor compares them: stemmed, stopwords dropped, with what a stem forgets.

Matching a label to a document's wording needs the same light normalisation on both sides
("therapies"/"therapy", "behaviour"/"behavior"). A stem forgets two things a matcher still needs:
whether the word was a plural (a compound's modifier is singular: "individuals in outpatient
therapy" does not name individual therapy) and what stood between two words (a gap of several words
is a coordination only when a comma, "and" or "or" joins them: "individual, group and family
therapy" names three therapies). ``words`` keeps both; ``tokens`` is the plain list of stems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STOPWORDS = frozenset(
    "a an the of for to and or in on with from by as at its their your you our his her them they this that these "
    "those is are be been being it into than then can may might will would should could do does did has have had "
    "who whom which what when where while how why all any each every both such some very "
    "also only just about over under up out so via per like".split()
)
# spelling variants (British and American) and irregular forms; applied before stemming
VARIANTS = {"behaviour": "behavior", "behavioural": "behavioral", "counselling": "counseling",
            "counsellor": "counselor", "counsellors": "counselors", "hospitalisation": "hospitalization",
            "individualised": "individualized", "personalised": "personalized", "organisation": "organization",
            "prioritise": "prioritize", "stigmatisation": "stigmatization", "practise": "practice",
            "practising": "practicing", "programme": "program", "programmes": "programs",
            # irregular forms the light stemmer cannot meet ("their lives" is "their life")
            "lives": "life"}
TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
PLURAL_ENDINGS = ("ies", "es", "s")
# a gap of more than one word is bridged only across a list: "individual, group, and family therapy"
COORDINATION = re.compile(r",|\band\b|\bor\b|/|&")
MAX_LIST = 4  # words a list may hold between a modifier and its head
KEEP_DOUBLE = set("lsz")  # "skilled" -> "skill", "stressed" -> "stress", but "planning" -> "plan"


def stem(word: str) -> str:
    """A deliberately light stemmer: enough to meet "therapies"/"therapy", "supervised"/"supervision",
    "combined"/"combination" and "equipping"/"equip"."""
    word = VARIANTS.get(word, word).replace("’", "'").split("'")[0]
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, repl in (("ization", "ize"), ("ational", ""), ("iveness", "ive"), ("fulness", "ful"),
                         ("ousness", "ous"), ("ations", ""), ("ation", ""), ("ating", ""), ("ated", ""), ("ates", ""),
                         ("ate", ""), ("ition", "it"), ("ities", "ity"), ("ies", "y"),
                         ("ness", ""), ("ment", ""), ("ing", ""), ("ion", ""), ("ed", ""), ("es", ""), ("s", "")):
        if suffix == "s" and word.endswith(("ss", "us", "is")):
            break
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)] + repl
            if suffix in ("ing", "ed") and len(word) >= 4 and word[-1] == word[-2] and word[-1] not in KEEP_DOUBLE \
                    and word[-1] not in "aeiou":
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def is_plural(word: str) -> bool:
    """A plural noun by its ending ("groups", "families"), not a word that merely ends in s ("stress", "focus")."""
    word = word.lower()
    return len(word) > 4 and word.endswith(PLURAL_ENDINGS) and not word.endswith(("ss", "us", "is", "ous"))


@dataclass(frozen=True)
class Word:
    """One content word of a text: its stem, whether it was plural, and where it stood (characters)."""

    stem: str
    plural: bool
    start: int
    end: int


def words(text: str) -> list[Word]:
    """The content words of a text, in order, with what matching needs beyond the stem."""
    lowered = text.lower().replace("24/7", "24 7")
    out = []
    for m in TOKEN.finditer(lowered):
        w = m.group()
        if w in STOPWORDS:
            continue
        out.append(Word(stem(w), is_plural(w), m.start(), m.end()))
    return out


def tokens(text: str, keep_stopwords: bool = False) -> list[str]:
    """Stemmed content words of a text, in order."""
    found = TOKEN.findall(text.lower().replace("24/7", "24 7"))
    return [stem(w) for w in found if keep_stopwords or w not in STOPWORDS]


def label_plurals(text: str) -> tuple[bool, ...]:
    """For each content word of a label, whether it is written as a plural."""
    return tuple(w.plural for w in words(text))


def ordered_match(text: list[Word], raw: str, start: int, stems: tuple[str, ...], plurals: tuple[bool, ...] = (),
                  gap: int = 1) -> tuple[int, ...] | None:
    """Positions of ``stems`` found in order from ``start``, or None.

    At most ``gap`` words may sit between two of them, more only across a list ("individual, group
    and family therapy"); a word that modifies the next one in the label must not be a plural where
    the label has a singular ("individuals in outpatient therapy" is not "individual therapy")."""
    if not stems or text[start].stem != stems[0]:
        return None
    positions = [start]
    for s in stems[1:]:
        pos = positions[-1]
        found = next((q for q in range(pos + 1, min(len(text), pos + 2 + MAX_LIST)) if text[q].stem == s), None)
        if found is None or (found - pos - 1 > gap and not _coordinated(raw, text, pos, found)):
            return None
        positions.append(found)
    for index, position in enumerate(positions[:-1]):
        if text[position].plural and not (plurals[index] if index < len(plurals) else False):
            return None
    return tuple(positions)


def _coordinated(raw: str, text: list[Word], left: int, right: int) -> bool:
    """Every word between ``left`` and ``right`` is a member of a list: a comma, "and" or "or" follows it."""
    for p in range(left, right - 1):
        between = raw[text[p].end:text[p + 1].start]
        if not COORDINATION.search(between):
            return False
    return True
