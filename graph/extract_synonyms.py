"""Everyday synonyms for matching by description, read from data/extract/synonyms.txt.

A new document often names an idea in plain words the graph's labels and definitions never use
("transport" where a definition says "travel"), so its heading and explanation share no telling word
with the concept they describe. The graph's own altLabels and definitions carry most of the wording;
this small list, kept as data with its rules written at its head, bridges the everyday words left.
Only graph.extract_describe uses it, and at reduced weight, so a word the definition itself uses
still counts for more than its synonym.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import DataFileError
from .extract_text import tokens

SYNONYMS_FILE = Path(__file__).resolve().parent.parent / "data" / "extract" / "synonyms.txt"


def read_synonyms(path: Path | str) -> dict[str, frozenset[str]]:
    """For each stem, the other stems of its groups. A line is a group of comma-separated words."""
    path = Path(path)
    out: dict[str, set[str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        group = {t for word in line.split(",") for t in tokens(word)}
        if len(group) < 2:
            raise DataFileError(path, f"a synonym group needs at least two different words, separated by "
                                      f"commas; found '{line}'. Add a word or delete the line.", line=number)
        for stem in group:
            out.setdefault(stem, set()).update(group - {stem})
    return {stem: frozenset(others) for stem, others in out.items()}


@lru_cache(maxsize=1)
def synonyms() -> dict[str, frozenset[str]]:
    """The extractor's synonym groups; none when the file is missing (matching then uses the graph alone)."""
    return read_synonyms(SYNONYMS_FILE) if SYNONYMS_FILE.is_file() else {}
