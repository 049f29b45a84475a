"""The user overlay: reviewed drafts merged into the graph, one named graph per document.

A merge writes ``<user dir>/overlay/<doc id>.ttl`` (graph.userdata), never ``data/``. It is all or
nothing: the draft's links and kinds are checked against the graph, the graph with the new file is
built and validated against data/shapes.ttl in a staging folder, and only then is the file renamed
into place. A failure at any step (a broken link, a SHACL violation, a disk error) leaves the
overlay exactly as it was. ``remove`` takes a document's contribution out again the same way.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .draft import Draft, short
from .draft_io import to_turtle
from .files import atomic_write
from .errors import DataFileError, OverlayError
from .namespaces import RG, shorten
from .userdata import USER_GRAPH_PREFIX, overlay_dir, overlay_paths, user_dir as resolve_user_dir


@dataclass(frozen=True)
class MergeResult:
    doc_id: str
    path: Path
    mentions: int
    new_concepts: int
    linked: int  # mentions of concepts the graph already had
    replaced: bool


@dataclass(frozen=True)
class OverlayDocument:
    doc_id: str
    file: str
    title: str
    mentions: int
    new_concepts: int
    path: Path


def _checked_dir(explicit) -> Path:
    from .datafiles import DEFAULT_DATA_DIR

    folder = overlay_dir(explicit)
    try:
        folder.resolve().relative_to(DEFAULT_DATA_DIR.resolve())
    except ValueError:
        return folder
    raise OverlayError(f"The user folder {resolve_user_dir(explicit)} lies inside the curated data/ folder; "
                       "set RECOVERY_GRAPH_USER_DIR (or --user-dir) to a folder outside data/")


def merge(draft: Draft, user_dir=None, replace: bool = False, data_dir=None) -> MergeResult:
    """Add a reviewed draft's accepted candidates to the overlay, all or nothing."""
    from .build import build
    from .extract_match import load_lexicon
    from .store import OxigraphStore

    folder = _checked_dir(user_dir)
    target = folder / f"{draft.doc_id}.ttl"
    if target.exists() and not replace:
        raise OverlayError(f"'{draft.doc_id}' is already in the overlay ({target}); merge with --replace to "
                           f"update it, or run `recovery-graph remove {draft.doc_id}` first")
    accepted = draft.accepted()
    if not accepted:
        raise OverlayError(f"Nothing to merge from {draft.file_name}: no row of the review table is accepted; "
                           "set accept to yes for the rows to add")
    current = OxigraphStore(build(data_dir, user_dir=folder.parent if folder.is_dir() else False).store)
    lexicon = load_lexicon(current)
    kinds = {str(r["kind"]) for r in current.select("concept-kinds").rows}
    _check(draft, lexicon, kinds)
    labels: dict[str, set] = {}
    for entry in lexicon.entries:
        if entry.source != "heading":
            labels.setdefault(entry.concept, set()).add(entry.text.lower())
    header = (f"# User overlay: the reviewed contribution of {draft.file_name} (recovery-graph merge).\n"
              f"# Remove it with `recovery-graph remove {draft.doc_id}`.\n")
    text = to_turtle(draft, accepted_only=True, existing_labels=labels, header=header)
    _validate_with(folder, target, text, data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    existed = target.exists()
    try:
        atomic_write(target, text)
    except OSError as exc:
        raise OverlayError(f"Could not write {target} ({exc.strerror or exc}); the overlay is unchanged") from exc
    new = {draft.new_concept_iri(c) for c in accepted if c.is_new}
    return MergeResult(draft.doc_id, target, len(accepted), len(new), sum(1 for c in accepted if not c.is_new), existed)


def remove(doc_id: str, user_dir=None, data_dir=None) -> Path:
    """Take one document's contribution out of the overlay, refusing if others still rely on it."""
    folder = _checked_dir(user_dir)
    target = folder / f"{doc_id}.ttl"
    if not target.is_file():
        present = ", ".join(p.stem for p in overlay_paths(user_dir)) or "none"
        raise OverlayError(f"No document '{doc_id}' in the overlay at {folder} (present: {present}); "
                           "run `recovery-graph overlay` to list them")
    _validate_with(folder, target, None, data_dir)
    try:
        target.unlink()
    except OSError as exc:
        raise OverlayError(f"Could not remove {target} ({exc.strerror or exc}); the overlay is unchanged") from exc
    return target


def listing(store) -> list[OverlayDocument]:
    """What the overlay holds, as the store sees it (named query ``overlay-documents``)."""
    folder = overlay_dir()
    out = []
    for row in store.select("overlay-documents").rows:
        doc_id = str(row["graph"]).removeprefix(USER_GRAPH_PREFIX)
        out.append(OverlayDocument(doc_id, row["file"], row["title"], row["mentions"], row["newConcepts"],
                                   folder / f"{doc_id}.ttl"))
    return out


def _validate_with(folder: Path, target: Path, text: str | None, data_dir) -> None:
    """Build and validate the graph as it would be with ``target`` replaced by ``text`` (None: removed)."""
    from .build import build
    from .validate import validate

    folder.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".stage-", dir=folder.parent))
    try:
        (stage / "overlay").mkdir()
        for path in overlay_paths(folder.parent):
            if path != target:
                shutil.copy2(path, stage / "overlay" / path.name)
        if text is not None:
            (stage / "overlay" / target.name).write_text(text, encoding="utf-8")
        try:
            violations = validate(build(data_dir, user_dir=stage))
        except DataFileError as exc:
            raise OverlayError(f"The overlay would not load ({exc}); nothing was changed") from exc
        if violations:
            shown = "; ".join(_describe(v, target) for v in violations[:5])
            more = f" (and {len(violations) - 5} more)" if len(violations) > 5 else ""
            action = "merging" if text is not None else "removing"
            raise OverlayError(f"{action.capitalize()} {target.stem} would break {len(violations)} integrity "
                               f"rule(s): {shown}{more}. Nothing was changed; fix the review table and try again")
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _describe(violation, target: Path) -> str:
    where = Path(violation.file).name if violation.file else "the graph"
    where = target.name if where == target.name else where
    return f'{violation.kind} "{violation.label}" ({shorten(violation.focus)}) {violation.message} [{where}]'


def _check(draft: Draft, lexicon, kinds: set[str]) -> None:
    """Every accepted row links to a concept that exists, or names a new one with a label, kind and settings."""
    problems = []
    settings = set(lexicon.settings)
    for c in draft.accepted():
        if c.match and c.match not in lexicon.concepts:
            problems.append(f"row {c.id} links to {short(c.match)}, which is not a concept of the graph "
                            "(pick one the page offers, or leave match empty for a new concept)")
        if c.is_new and not c.label.strip():
            problems.append(f"row {c.id} proposes a new concept without a label")
        if c.is_new and c.kind not in kinds:
            problems.append(f"row {c.id} has kind {short(c.kind) or '(none)'}, which is not a concept kind "
                            f"(use one of {', '.join(sorted(short(k) for k in kinds))})")
        for s in c.settings:
            if s not in settings:
                problems.append(f"row {c.id} names setting {short(s)}, which is not a care setting "
                                f"(use {', '.join(short(x) for x in settings)})")
        if c.stance and c.stance not in (str(RG.Favours), str(RG.Disfavours)):
            problems.append(f"row {c.id} has stance {short(c.stance)}; use rg:Favours or rg:Disfavours")
    if problems:
        raise OverlayError(f"{draft.file_name} cannot be merged: " + "; ".join(problems[:8])
                           + (f" (and {len(problems) - 8} more)" if len(problems) > 8 else "")
                           + ". Nothing was changed")
