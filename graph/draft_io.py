"""A draft on disk: Turtle for the graph, CSV for the reviewer, and back again.

``write_draft`` writes ``<doc id>.ttl`` (the document, its sections, one rg:Mention per candidate,
the new concepts with placeholder definitions, match notes) and ``<doc id>.review.csv`` (one row
per candidate: accept, kind, settings, link to an existing concept, label, definition). A reviewer
edits the CSV; ``read_draft`` reads the Turtle back through named queries and applies the CSV's
decisions. Both are written through a temporary file and a rename.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pyoxigraph as ox

from .draft import PLACEHOLDER, Candidate, Draft, DraftSection, iri_or_none, short
from .errors import DocumentError
from .files import atomic_write
from .namespaces import PREFIXES, RG, expand

SKOS = PREFIXES["skos"]
DCTERMS = PREFIXES["dcterms"]
RDF_TYPE = PREFIXES["rdf"] + "type"
XSD_INT = ox.NamedNode(PREFIXES["xsd"] + "integer")
COLUMNS = ["id", "accept", "heading", "kind", "settings", "match", "label", "definition", "themes", "score",
           "reason", "closest", "closest_score", "section", "item", "sub_item", "lines", "found_by"]
EDITABLE = ("accept", "kind", "settings", "match", "label", "definition", "themes")
NOTE = re.compile(r"^score (?P<score>[0-9.]+); (?P<reason>.*?)(?:; closest (?P<closest>\S+) \((?P<cs>[0-9.]+)\))?$")


# ------------------------------------------------------------------ Turtle


def to_turtle(draft: Draft, accepted_only: bool = False, existing_labels: dict | None = None,
              header: str = "") -> str:
    """The draft as Turtle in our ontology; with ``accepted_only`` what a merge writes to the overlay.

    ``existing_labels`` (concept IRI -> set of lowercased labels) lets a heading worded differently
    from a matched concept's labels be added as that concept's skos:altLabel (curation rule 2)."""
    triples: list[ox.Triple] = []
    add = lambda s, p, o: triples.append(ox.Triple(ox.NamedNode(s), ox.NamedNode(p), o))  # noqa: E731
    iri, text = ox.NamedNode, lambda v: ox.Literal(v)
    en = lambda v: ox.Literal(v, language="en")  # noqa: E731
    num = lambda v: ox.Literal(str(v), datatype=XSD_INT)  # noqa: E731
    candidates = draft.accepted() if accepted_only else draft.candidates
    doc = draft.document_iri
    add(doc, RDF_TYPE, iri(str(RG.SourceDocument)))
    add(doc, DCTERMS + "identifier", text(draft.file_name))
    add(doc, DCTERMS + "title", text(draft.title))
    add(doc, DCTERMS + "description", en(
        f"A document added by a user from the file {draft.file_name}: {len(draft.sections)} sections, "
        f"{len(candidates)} reviewed mentions, extracted by recovery-graph and merged into the user overlay."))
    add(doc, str(RG.order), num(1000))
    add(doc, str(RG.lineEnd), num(draft.lines))
    for section in draft.sections:
        s = draft.section_iri(section.order)
        add(s, RDF_TYPE, iri(str(RG.Section)))
        add(s, DCTERMS + "isPartOf", iri(doc))
        add(s, str(RG.order), num(section.order))
        add(s, DCTERMS + "title", text(section.title))
        add(s, str(RG.lineStart), num(section.line_start))
        add(s, str(RG.lineEnd), num(section.line_end))
        if section.kind:
            add(s, DCTERMS + "subject", iri(section.kind))
        for setting in section.settings:
            add(s, str(RG.setting), iri(setting))
    ids = {c.id for c in candidates}
    new_concepts: dict[str, Candidate] = {}
    for c in candidates:
        if c.is_new:
            new_concepts.setdefault(draft.new_concept_iri(c), c)
    parents = {c.id: c for c in candidates}
    for concept, c in new_concepts.items():
        add(concept, RDF_TYPE, iri(c.kind))
        add(concept, SKOS + "inScheme", iri(PREFIXES["rgc"] + "scheme"))
        add(concept, SKOS + "prefLabel", en(c.label))
        add(concept, SKOS + "definition", en(c.definition.strip() or PLACEHOLDER))
        if not c.definition.strip():
            add(concept, SKOS + "editorialNote", en("Definition to be written by a reviewer, in their own words."))
        for theme in c.themes:
            add(concept, str(RG.hasTheme), iri(theme))
        parent = parents.get(c.parent) if c.parent in ids else None
        if parent is not None and draft.concept_of(parent) != concept:
            add(concept, SKOS + "broader", iri(draft.concept_of(parent)))
    for c in candidates:
        m = draft.mention_iri(c)
        add(m, RDF_TYPE, iri(str(RG.Mention)))
        add(m, str(RG.inSection), iri(draft.section_iri(c.section)))
        add(m, str(RG.mentions), iri(draft.concept_of(c)))
        add(m, str(RG.lineStart), num(c.line_start))
        add(m, str(RG.lineEnd), num(c.line_end))
        add(m, str(RG.heading), text(c.heading))
        if c.item is not None:
            add(m, str(RG.itemNumber), num(c.item))
        if c.sub_item is not None:
            add(m, str(RG.subItemNumber), num(c.sub_item))
        for setting in c.settings:
            add(m, str(RG.setting), iri(setting))
        if c.stance and c.kind == str(RG.SuitabilityCriterion):
            add(m, str(RG.stance), iri(c.stance))
        if c.parent in ids:
            add(m, DCTERMS + "isPartOf", iri(draft.mention_iri(parents[c.parent])))
        add(m, SKOS + "editorialNote", text(_note(c)))
        if existing_labels is not None and c.match and c.found_by != "text":
            known = existing_labels.get(c.match, set())
            if c.heading.lower() not in known and len(c.heading.split()) <= 9:
                add(c.match, SKOS + "altLabel", en(c.heading))
                known.add(c.heading.lower())
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_prefixes()).decode("utf-8")
    return header + body


def _prefixes() -> dict:
    return {k: PREFIXES[k] for k in ("rg", "rgc", "rgt", "rgd", "skos", "dcterms", "xsd")}


def _note(c: Candidate) -> str:
    note = f"score {c.score:.2f}; {c.reason}"
    if c.closest and c.is_new:
        note += f"; closest {short(c.closest)} ({c.closest_score:.2f})"
    return note


# ------------------------------------------------------------------ review table


def review_rows(draft: Draft, labels: dict | None = None) -> list[dict]:
    """One plain row per candidate (short IRIs, strings) for the CSV and the review page."""
    labels = labels or {}
    rows = []
    for c in draft.candidates:
        rows.append({
            "id": c.id, "accept": c.accept, "heading": c.heading, "kind": short(c.kind),
            "settings": " ".join(short(s) for s in c.settings), "match": short(c.match),
            "label": labels.get(c.match, c.label) if c.match else c.label, "definition": c.definition,
            "themes": " ".join(short(t) for t in c.themes), "score": round(c.score, 2), "reason": c.reason,
            "closest": short(c.closest), "closest_score": round(c.closest_score, 2), "section": c.section,
            "item": c.item if c.item is not None else "", "sub_item": c.sub_item if c.sub_item is not None else "",
            "lines": f"{c.line_start}-{c.line_end}", "found_by": c.found_by,
        })
    return rows


def to_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("yes" if v is True else "no" if v is False else v) for k, v in row.items()})
    return buffer.getvalue()


def apply_review(draft: Draft, rows: list[dict], where: str = "review table") -> Draft:
    """The reviewer's decisions (accept, kind, settings, link, label, definition, themes) applied by id."""
    by_id = {c.id: c for c in draft.candidates}
    seen = set()
    for number, row in enumerate(rows, start=2):
        cid = str(row.get("id", "")).strip()
        if cid not in by_id:
            raise DocumentError(where, f"row {number} has id '{cid}', which the draft does not hold; "
                                       "keep the id column as the extractor wrote it")
        seen.add(cid)
        c = by_id[cid]
        try:
            c.accept = _truthy(row.get("accept", True))
            if str(row.get("kind") or "").strip():
                c.kind = expand(str(row["kind"]).strip())
            if "settings" in row:
                c.settings = tuple(expand(s) for s in str(row.get("settings") or "").split())
            if "match" in row:
                c.match = iri_or_none(row.get("match"))
            if str(row.get("label") or "").strip() and c.match is None:
                c.label = str(row["label"]).strip()
            c.definition = str(row.get("definition") or "").strip()
            if "themes" in row and str(row.get("themes") or "").strip():
                c.themes = tuple(expand(t) for t in str(row["themes"]).split())
        except ValueError as exc:
            raise DocumentError(where, f"row {number} (id {cid}): {exc}") from exc
    for cid, c in by_id.items():
        if cid not in seen:
            c.accept = False
    return draft


def _truthy(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("yes", "y", "true", "1", "x", "accept", "ok")


# ------------------------------------------------------------------ files


def write_draft(draft: Draft, out_dir: Path | str, labels: dict | None = None) -> tuple[Path, Path]:
    """Write ``<doc id>.ttl`` and ``<doc id>.review.csv`` into ``out_dir`` (refusing the curated data/)."""
    from .datafiles import DEFAULT_DATA_DIR

    out = Path(out_dir)
    if _inside(out, DEFAULT_DATA_DIR):
        raise DocumentError(out, "is inside the curated data/ folder; write drafts elsewhere (for example -o drafts)")
    out.mkdir(parents=True, exist_ok=True)
    header = (f"# Draft extracted by recovery-graph from {draft.file_name}. Labels and references only; review\n"
              f"# {draft.doc_id}.review.csv (accept, kind, settings, match, label, definition) and run\n"
              f"# `recovery-graph merge {out / (draft.doc_id + '.ttl')}`.\n")
    ttl, table = out / f"{draft.doc_id}.ttl", out / f"{draft.doc_id}.review.csv"
    atomic_write(ttl, to_turtle(draft, header=header))
    atomic_write(table, to_csv(review_rows(draft, labels)))
    return ttl, table


def draft_paths(path: Path | str) -> tuple[Path, Path]:
    """The Turtle and review table of a draft, given either of them or their common stem."""
    path = Path(path)
    name = path.name
    for suffix in (".review.csv", ".ttl"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    base = path.with_name(name)
    return base.with_name(name + ".ttl"), base.with_name(name + ".review.csv")


def read_draft(path: Path | str) -> Draft:
    """A draft written by write_draft, with the review table's decisions applied when it exists."""
    from .store import OxigraphStore

    ttl, table = draft_paths(path)
    if not ttl.is_file():
        raise DocumentError(ttl, "no such draft; run `recovery-graph extract DOC -o DIR` first and give DIR/<name>.ttl")
    try:
        store = ox.Store()
        store.load(ttl.read_bytes(), format=ox.RdfFormat.TURTLE)
    except (SyntaxError, OSError) as exc:
        raise DocumentError(ttl, f"is not a readable draft ({exc}); extract the document again") from exc
    graph = OxigraphStore(store)
    outline = graph.select("build/draft-outline").rows
    if not outline:
        raise DocumentError(ttl, "holds no rg:SourceDocument; it is not a draft written by `recovery-graph extract`")
    head = outline[0]
    document = str(head["document"])
    doc_id = document.rsplit("/", 1)[-1].removeprefix("u-")
    draft = Draft(doc_id, head["file"], head["title"], head["lines"] or 0)
    for row in outline:
        if row["section"]:
            draft.sections.append(DraftSection(row["order"], row["sectionTitle"], row["lineStart"], row["lineEnd"],
                                               str(row["kind"]) if row["kind"] else None,
                                               tuple((row["settings"] or "").split())))
    prefix = document + "-"
    for row in graph.select("build/draft-mentions").rows:
        cid = str(row["mention"]).removeprefix(prefix)
        note = NOTE.match(row["note"] or "")
        concept = str(row["concept"])
        new = bool(row["new"])
        c = Candidate(cid, row["order"], row["lineStart"], row["lineEnd"] or row["lineStart"], row["heading"] or "",
                      row["label"] or row["heading"] or "", str(row["kind"]) if row["kind"] else "",
                      tuple((row["settings"] or "").split()), row["item"], row["subItem"],
                      str(row["parent"]).removeprefix(prefix) if row["parent"] else None,
                      None if new else concept)
        if note:
            c.score, c.reason = float(note["score"]), note["reason"]
            if note["closest"]:
                c.closest, c.closest_score = expand(note["closest"]), float(note["cs"])
        c.themes = tuple((row["themes"] or "").split())
        c.stance = str(row["stance"]) if row["stance"] else None
        c.definition = "" if (row["definition"] or "") == PLACEHOLDER else (row["definition"] or "")
        c.found_by = "sub-point" if c.sub_item else ("text" if c.reason.startswith("the p") else "item")
        draft.candidates.append(c)
    if table.is_file():
        with table.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        missing = [c for c in ("id", "accept") if rows and c not in rows[0]]
        if missing:
            raise DocumentError(table, f"has no {', '.join(missing)} column; keep the columns the extractor wrote")
        apply_review(draft, rows, str(table))
    return draft


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False
