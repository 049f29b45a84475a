"""Synthetic Recovery Graph data at a chosen size, shaped like the real graph grown large.

A state network of clinics: many programs (``rg:CareSetting`` nodes with ranks, step-down links and
dose statements), concepts of every kind with labels, synonyms and definitions, themes, and many
source documents with sections and mentions. Growth is uneven as in real collections: most concepts
are mentioned once or twice and a few very often (Zipf), a few themes and programs carry most of the
concepts. Every word is generated from syllables, so nothing of the source documents is copied.

The data is written as a ``data/`` folder in the project's layout (ontology and help lines copied from
the real one, the rest generated), so it loads through the normal build path
(``graph.build.build(folder)``: load into named graphs, derive with queries/build/derive-*.rq, index)
and every named query and page works on it unchanged.

    python -m benchmarks.scale_data 100k          # writes build/scale/100k/data and prints its size
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALE_DIR = ROOT / "build" / "scale"
REAL_DATA = ROOT / "data"
GENERATOR_VERSION = 2

PREFIXES = """@prefix rg:      <https://w3id.org/recovery-graph/def#> .
@prefix rgc:     <https://w3id.org/recovery-graph/id/concept/> .
@prefix rgt:     <https://w3id.org/recovery-graph/id/theme/> .
@prefix rgd:     <https://w3id.org/recovery-graph/id/source/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

"""

# Concept kinds in the proportions of the curated graph.
KINDS = [
    ("Advantage", 39), ("CommunityResource", 35), ("Disadvantage", 33), ("SelfManagementStrategy", 33),
    ("EthicalDilemma", 32), ("FamilySupportStrategy", 31), ("SuitabilityCriterion", 25),
    ("ProgramFeature", 23), ("Therapy", 11), ("DecisionFactor", 9), ("Organization", 6), ("Medication", 2),
]
LEVELS = ["residential", "partial hospitalization", "intensive outpatient", "outpatient"]

# About 31 triples per concept once its mentions, documents and derived links are counted
# (calibrated on generated data; the manifest records the real count).
TRIPLES_PER_CONCEPT = 31.0
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}


@dataclass
class Plan:
    """How many of each thing a target size asks for."""

    target: int
    concepts: int
    mentions: int
    settings: int
    themes: int
    documents: int
    sections_per_document: int
    seed: int = 7

    @classmethod
    def for_size(cls, target: int, seed: int = 7) -> "Plan":
        concepts = max(60, round(target / TRIPLES_PER_CONCEPT))
        mentions = round(concepts * 2.1)
        documents = max(3, round(mentions / 110))
        return cls(target, concepts, mentions, settings=max(4, round(concepts / 500)),
                   themes=max(8, round(concepts / 100)), documents=documents, sections_per_document=14, seed=seed)


def parse_size(text: str) -> int:
    text = text.strip().lower()
    if text in SIZES:
        return SIZES[text]
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * mult)


class Words:
    """Pronounceable made-up words with a Zipf frequency, so some words are common and most rare."""

    def __init__(self, rng: random.Random, count: int = 6000):
        onsets = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
                  "br", "cl", "dr", "fr", "gl", "pl", "pr", "sk", "st", "tr", "th", "sh", "ch"]
        vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io"]
        codas = ["", "", "", "n", "r", "l", "s", "m", "nd", "st", "rk", "x"]
        seen: set[str] = set()
        while len(seen) < count:
            word = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.choice((2, 2, 3)))) + rng.choice(codas)
            if 4 <= len(word) <= 11:
                seen.add(word)
        self.words = sorted(seen)
        rng.shuffle(self.words)
        self.cum = list(itertools.accumulate(1 / (i + 1) ** 0.85 for i in range(len(self.words))))
        self.rng = rng

    def pick(self, n: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum, k=n)

    def phrase(self, low: int, high: int, capital: bool = True) -> str:
        text = " ".join(self.pick(self.rng.randint(low, high)))
        return text[:1].upper() + text[1:] if capital else text


def _zipf_counts(rng: random.Random, n: int, total: int, s: float) -> list[int]:
    """``n`` positive counts adding up to ``total``: every item at least once, the rest Zipf-shared."""
    counts = [1] * n
    cum = list(itertools.accumulate(1 / (i + 1) ** s for i in range(n)))
    for i in rng.choices(range(n), cum_weights=cum, k=max(0, total - n)):
        counts[i] += 1
    return counts


def _zipf_picker(rng: random.Random, n: int, s: float):
    cum = list(itertools.accumulate(1 / (i + 1) ** s for i in range(n)))
    top = cum[-1]
    return lambda: bisect.bisect_left(cum, rng.random() * top)


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@en'


def generate(plan: Plan, target_dir: Path) -> dict:
    """Write a data folder for ``plan`` into ``target_dir`` (replaced whole) and return its manifest."""
    rng = random.Random(plan.seed)
    words = Words(rng)
    staging = target_dir.with_name(f".{target_dir.name}-staging")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "concepts").mkdir(parents=True)
    (staging / "sources").mkdir()
    shutil.copy(REAL_DATA / "ontology.ttl", staging / "ontology.ttl")
    shutil.copy(REAL_DATA / "help.ttl", staging / "help.ttl")

    # ---- programs (care settings): unique ranks from most to least intensive, a step-down chain
    settings = [f"rgc:syn-p{i:04d}" for i in range(plan.settings)]
    out = [PREFIXES]
    for i, iri in enumerate(settings):
        level = LEVELS[i * len(LEVELS) // len(settings)]
        name = words.phrase(1, 2)
        alts = ", ".join(_lit(f"{name} {w}") for w in words.pick(rng.randint(1, 3)))
        lines = [f"{iri} a rg:CareSetting ; skos:inScheme rgc:scheme ; skos:topConceptOf rgc:scheme ;",
                 f"    skos:prefLabel {_lit(f'{name} {level} program')} ; skos:altLabel {alts} ;",
                 f'    skos:notation "P{i:04d}" ; rg:rank {i + 1} ;',
                 f"    skos:definition {_lit(words.phrase(10, 18))}"]
        if i + 1 < len(settings):
            lines[-1] += f" ;\n    rg:stepsDownTo {settings[i + 1]}"
        if i > 0:
            lines[-1] += f" ;\n    rg:stepsUpTo {settings[i - 1]}"
        out.append("\n".join(lines) + " .\n\n")
    (staging / "settings.ttl").write_text("".join(out), encoding="utf-8")

    # ---- themes
    themes = [f"rgt:syn-t{i:04d}" for i in range(plan.themes)]
    out = [PREFIXES]
    for iri in themes:
        alts = ", ".join(_lit(words.phrase(1, 2)) for _ in range(rng.randint(1, 3)))
        out.append(f"{iri} a rg:Theme ; skos:inScheme rgc:scheme ;\n    skos:prefLabel {_lit(words.phrase(1, 3))} ; "
                   f"skos:altLabel {alts} ;\n    skos:definition {_lit(words.phrase(8, 16))} .\n\n")
    (staging / "themes.ttl").write_text("".join(out), encoding="utf-8")

    # ---- concepts: kinds in the real proportions, themes and programs Zipf-popular
    kind_names = [k for k, _ in KINDS]
    kind_cum = list(itertools.accumulate(w for _, w in KINDS))
    concepts = [f"rgc:syn-c{i:06d}" for i in range(plan.concepts)]
    kinds = rng.choices(kind_names, cum_weights=kind_cum, k=plan.concepts)
    theme_pick = _zipf_picker(rng, len(themes), 0.9)
    by_kind: dict[str, list[int]] = {}
    chunk: list[str] = [PREFIXES]
    chunk_no = 0
    for i, (iri, kind) in enumerate(zip(concepts, kinds)):
        alts = ", ".join(_lit(words.phrase(1, 3)) for _ in range(min(5, int(rng.expovariate(0.7)))))
        concept_themes = sorted({themes[theme_pick()] for _ in range(rng.choice((1, 1, 2, 2, 3)))})
        text = [f"{iri} a rg:{kind} ; skos:inScheme rgc:scheme ;",
                f"    skos:prefLabel {_lit(words.phrase(2, 4))} ;"]
        if alts:
            text.append(f"    skos:altLabel {alts} ;")
        text.append(f"    skos:definition {_lit(words.phrase(8, 22) + '.')} ;")
        text.append(f"    rg:hasTheme {', '.join(concept_themes)}")
        same = by_kind.setdefault(kind, [])
        if same and rng.random() < 0.12:
            text[-1] += f" ;\n    skos:broader {concepts[rng.choice(same[-200:])]}"
        if i and rng.random() < 0.15:
            text[-1] += f" ;\n    skos:related {concepts[rng.randrange(i)]}"
        if same and rng.random() < 0.05:
            text[-1] += f" ;\n    rg:contrastsWith {concepts[rng.choice(same[-200:])]}"
        same.append(i)
        chunk.append("\n".join(text) + " .\n\n")
        if len(chunk) > 2000 or i == len(concepts) - 1:
            (staging / "concepts" / f"syn-{chunk_no:03d}.ttl").write_text("".join(chunk), encoding="utf-8")
            chunk, chunk_no = [PREFIXES], chunk_no + 1

    # ---- mentions: every concept at least once, the rest Zipf-shared (a long tail of rare concepts)
    per_concept = _zipf_counts(rng, plan.concepts, plan.mentions, 0.9)
    mentioned = [c for c, n in enumerate(per_concept) for _ in range(n)]
    rng.shuffle(mentioned)
    setting_pick = _zipf_picker(rng, len(settings), 0.7)
    sections_total = plan.documents * plan.sections_per_document
    per_section, spare = divmod(len(mentioned), sections_total)
    cursor = 0
    doses = 0
    for d in range(plan.documents):
        doc = f"rgd:syn-d{d:05d}"
        out = [PREFIXES, f"{doc} a rg:SourceDocument ;\n    dcterms:identifier \"syn_{d:05d}.txt\" ;\n"
                         f"    dcterms:title \"{words.phrase(3, 7)}\" ;\n"
                         f"    dcterms:description {_lit(words.phrase(12, 24))} ;\n    rg:order {d + 1000} .\n\n"]
        line = 1
        first_mention_of: dict[str, str] = {}
        for s in range(1, plan.sections_per_document + 1):
            section = f"{doc}-s{s:02d}"
            n_here = per_section + (1 if (d * plan.sections_per_document + s) <= spare else 0)
            section_settings = sorted({settings[setting_pick()] for _ in range(rng.choice((0, 1, 1, 1, 2)))})
            start = line
            items = []
            for m in range(1, n_here + 1):
                c = mentioned[cursor]
                cursor += 1
                mention = f"{section}-m{m:02d}"
                m_settings = section_settings or ([settings[setting_pick()]] if rng.random() < 0.7 else [])
                line += rng.randint(1, 3)
                body = [f"{mention} a rg:Mention ;", f"    rg:inSection {section} ; rg:lineStart {line} ; rg:lineEnd {line + 1} ;",
                        f"    rg:heading \"{words.phrase(2, 6)}\" ;", f"    rg:mentions {concepts[c]}"]
                if rng.random() < 0.7:
                    body[1] += f" rg:itemNumber {m} ;"
                    if rng.random() < 0.3:
                        body[1] += f" rg:subItemNumber {rng.randint(1, 4)} ;"
                if m_settings:
                    body[-1] += f" ;\n    rg:setting {', '.join(m_settings)}"
                    if kinds[c] == "SuitabilityCriterion":
                        body[-1] += f" ; rg:stance {'rg:Favours' if rng.random() < 0.8 else 'rg:Disfavours'}"
                    for ms in m_settings:
                        first_mention_of.setdefault(ms, mention)
                items.append("\n".join(body) + " .\n\n")
            line += 2
            out.append(f"{section} a rg:Section ;\n    dcterms:isPartOf {doc} ; rg:order {s} ;\n"
                       f"    dcterms:title \"{words.phrase(2, 7)}\" ;\n    rg:lineStart {start} ; rg:lineEnd {line}"
                       + (f" ;\n    rg:setting {', '.join(section_settings)}" if section_settings else "") + " .\n\n")
            out += items
        # a document gives dose figures for one or two of the programs it speaks about
        for ms, mention in list(first_mention_of.items())[: rng.choice((0, 1, 1, 2))]:
            dose = f"{doc}-dose-{ms.split(':')[1]}"
            low = rng.choice((1, 2, 3, 5))
            out.append(f"{ms} rg:hasDose {dose} .\n{dose} a rg:DoseStatement ;\n    dcterms:source {doc} ;\n"
                       f"    rg:sessionsPerWeekMin {low}.0 ; rg:sessionsPerWeekMax {low + rng.randint(0, 3)}.0 ;\n"
                       f"    rg:lengthWeeksMin {rng.randint(2, 8)}.0 ; rg:lengthWeeksMax {rng.randint(9, 30)}.0 ;\n"
                       f"    rg:residential {'true' if ms in settings[: len(settings) // 4 or 1] else 'false'} ;\n"
                       f"    rg:evidence {mention} .\n\n")
            doses += 1
        (staging / "sources" / f"syn_{d:05d}.ttl").write_text("".join(out), encoding="utf-8")

    manifest = {"generator": GENERATOR_VERSION, "plan": asdict(plan), "doses": doses,
                "most_mentioned": max(per_concept), "concepts_mentioned_once": sum(1 for n in per_concept if n == 1),
                "samples": _samples(rng, words, concepts, kinds, per_concept, settings, themes, plan.documents)}
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    if target_dir.exists():
        shutil.rmtree(target_dir)
    staging.rename(target_dir)
    return manifest


def _samples(rng, words, concepts, kinds, per_concept, settings, themes, documents) -> dict:
    """Parameters for the benchmarks, picked from what was generated: typical concepts (mentioned as
    often as the median concept, or the next count up when that is one), the most mentioned one, and
    search words of middling frequency (neither the few everywhere nor the many rare)."""
    counts = sorted(per_concept)
    typical_count = max(2, counts[len(counts) // 2])
    typical = [c for c, n in enumerate(per_concept) if n == typical_count and kinds[c] != "SuitabilityCriterion"]
    busiest = max(range(len(per_concept)), key=per_concept.__getitem__)
    middling = words.words[len(words.words) // 50: len(words.words) // 10]
    return {
        "concepts": [concepts[c] for c in rng.sample(typical, min(20, len(typical)))],
        "concept_mentions": typical_count,
        "busiest_concept": concepts[busiest],
        "busiest_mentions": per_concept[busiest],
        "settings": settings,
        "themes": themes[:8],
        "documents": [f"rgd:syn-d{d:05d}" for d in rng.sample(range(documents), min(10, documents))],
        "words": rng.sample(middling, 20),
        "kind": "rg:SelfManagementStrategy",
    }


def data_dir(size: str | int, seed: int = 7, root: Path = SCALE_DIR) -> Path:
    """The data folder for a size ('10k', '100k', '1m' or a number), generated once and then reused."""
    target = parse_size(str(size))
    plan = Plan.for_size(target, seed)
    folder = root / (str(size).lower() if isinstance(size, str) else str(size)) / "data"
    manifest = folder / "manifest.json"
    if manifest.is_file():
        known = json.loads(manifest.read_text())
        if known.get("generator") == GENERATOR_VERSION and known.get("plan") == asdict(plan):
            return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    generate(plan, folder)
    return folder


if __name__ == "__main__":
    import time

    from graph.build import build

    for size in sys.argv[1:] or ["10k"]:
        started = time.perf_counter()
        folder = data_dir(size)
        generated = time.perf_counter() - started
        result = build(folder, user_dir=False)
        print(f"{size}: {len(result.store)} quads ({result.derived} derived, {result.indexed} search index) "
              f"in {folder}; "
              f"generated in {generated:.1f} s, built in {result.seconds:.1f} s")
