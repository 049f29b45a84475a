"""Where a user's additions live: an overlay folder outside the curated ``data/``.

Each merged document is one Turtle file ``<user dir>/overlay/<doc id>.ttl`` loaded into its own
named graph ``https://w3id.org/recovery-graph/graph/user/<doc id>``, so it can be listed, replaced
or removed as a unit and the curated data is never touched. The folder is
$RECOVERY_GRAPH_USER_DIR, else $XDG_DATA_HOME/recovery-graph, else ~/.local/share/recovery-graph.
"""

from __future__ import annotations

import os
from pathlib import Path

from .namespaces import BASE

USER_GRAPH_PREFIX = BASE + "graph/user/"
ENV = "RECOVERY_GRAPH_USER_DIR"


def user_dir(explicit: Path | str | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(ENV):
        return Path(os.environ[ENV]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "recovery-graph"


def overlay_dir(explicit: Path | str | None = None) -> Path:
    return user_dir(explicit) / "overlay"


def overlay_paths(explicit: Path | str | None = None) -> list[Path]:
    """The overlay's Turtle files in name order (temporary files of an unfinished write are skipped)."""
    folder = overlay_dir(explicit)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.ttl") if not p.name.startswith("."))


def graph_for(path: Path) -> str:
    return USER_GRAPH_PREFIX + path.stem
