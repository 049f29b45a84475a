"""Files written whole: a reader never sees half a draft, overlay or exported view.

Every file the project writes for a user goes through a temporary file in the same folder and a
rename, which is atomic on one file system, so a failure half-way leaves the old file as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write text (UTF-8) or bytes through a temporary file in the same folder and rename it into place."""
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}-",
                                     suffix=".tmp", delete=False) as tmp:
        tmp.write(raw)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp.name, 0o666 & ~umask)  # a temporary file is private; the result gets the usual mode
    try:
        Path(tmp.name).replace(path)
    except BaseException:
        Path(tmp.name).unlink(missing_ok=True)
        raise
