"""Tours: prepared sequences of network views a trainer steps through, kept as data.

Each ``data/tours/*.yaml`` file holds a title, a summary and a list of steps; a step is a network view
(focus, depth, kinds, setting, theme, document, size) plus a caption in our own words. Trainers can
write new tours without touching code, so every mistake is reported with the file, the line and the
step, and with what to write instead. Loading checks the shape of the file; ``check`` also asks the
graph whether every focus and filter exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .datafiles import DEFAULT_DATA_DIR
from .errors import DataFileError, NetworkError
from .network import View, parse_view, view_problems
from .store import Store

TOURS_DIR = DEFAULT_DATA_DIR / "tours"
TOUR_KEYS = {"title", "summary", "steps"}
STEP_KEYS = {"title", "focus", "depth", "kinds", "setting", "theme", "document", "size", "caption"}


@dataclass(frozen=True)
class TourStep:
    title: str
    caption: str
    view: View
    line: int


@dataclass(frozen=True)
class Tour:
    name: str
    title: str
    summary: str
    steps: tuple[TourStep, ...]
    path: Path


def load_tour(path: Path | str) -> Tour:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(path, f"cannot be read ({exc}); save it as UTF-8 text") from None
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileError(path, f"is not valid YAML ({getattr(exc, 'problem', exc)}); check the indentation "
                            "and quote any caption that contains ': '", mark.line + 1 if mark else None) from None
    if not isinstance(root, yaml.MappingNode):
        raise DataFileError(path, "must be a mapping with title, summary and steps", _line(root))
    data = yaml.safe_load(text)
    unknown = set(data) - TOUR_KEYS
    if unknown:
        raise DataFileError(path, f"unknown key(s) {', '.join(sorted(map(str, unknown)))}; a tour has "
                            f"{', '.join(sorted(TOUR_KEYS))}", _line(root))
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        raise DataFileError(path, "has no title; add a line such as `title: Autonomy across settings`", _line(root))
    steps = data.get("steps")
    if not isinstance(steps, list) or not steps:
        raise DataFileError(path, "has no steps; add `steps:` with at least one `- focus: ...` and `caption: ...`",
                            _line(root))
    step_nodes = _value_node(root, "steps").value
    return Tour(path.stem, data["title"].strip(), str(data.get("summary") or "").strip(),
                tuple(_step(path, i, raw, step_nodes[i]) for i, raw in enumerate(steps, start=0)), path)


def _step(path: Path, index: int, raw, raw_node) -> TourStep:
    number, line = index + 1, _line(raw_node)
    where = f"step {number}"
    if not isinstance(raw, dict):
        raise DataFileError(path, f"{where} must be a mapping with focus and caption", line)
    unknown = set(raw) - STEP_KEYS
    if unknown:
        raise DataFileError(path, f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; a step takes "
                            f"{', '.join(sorted(STEP_KEYS))}", line)
    caption = raw.get("caption")
    if not isinstance(caption, str) or not caption.strip():
        raise DataFileError(path, f"{where}: no caption; add `caption: ...` saying, in our own words, what the "
                            "room should notice", line)
    kinds = raw.get("kinds")
    if kinds is not None and not (isinstance(kinds, list) and all(isinstance(k, str) for k in kinds)):
        raise DataFileError(path, f"{where}: kinds must be a list such as [EthicalDilemma, Disadvantage]", line)
    params = {k: raw[k] for k in ("focus", "depth", "setting", "theme", "document", "size") if raw.get(k) is not None}
    if kinds is not None:
        params["kinds"] = ",".join(kinds) or "none"
    try:
        view = parse_view(params, where)
    except NetworkError as exc:
        raise DataFileError(path, str(exc), line) from None
    return TourStep(str(raw.get("title") or f"Step {number}"), " ".join(caption.split()), view, line)


def _value_node(mapping: yaml.MappingNode, key: str):
    return next(v for k, v in mapping.value if k.value == key)


def _line(node) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def load_tours(directory: Path | str = TOURS_DIR) -> list[Tour]:
    """Every tour in the folder, in file-name order; the first bad file stops with its error."""
    return [load_tour(p) for p in sorted(Path(directory).glob("*.yaml"))]


def check(store: Store, tour: Tour) -> list[str]:
    """What in a tour the graph does not hold: each message names the file, line and step."""
    return [f"{tour.path}:{step.line}: step {number}: {problem}"
            for number, step in enumerate(tour.steps, start=1) for problem in view_problems(store, step.view)]
