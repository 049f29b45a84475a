"""``recovery-graph network`` and ``recovery-graph continuum``: the trainer's pictures as files.

A trainer building a slide deck before a session should not need the app running: the same view a
network-page address opens (focus, depth, filters) is written as one offline HTML file, or as GraphML
for Gephi and yEd; the step-down diagram is written as SVG, which slide tools place as a picture.
Thin wrappers over graph.network, graph.render and graph.continuum, registered by graph.cli.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import RecoveryGraphError

FORMATS = {".html": "html", ".htm": "html", ".graphml": "graphml", ".svg": "svg"}


def _format(out: Path | None, given: str | None, allowed: tuple[str, ...]) -> str:
    """The output format: as given, else from the file's extension, else the first allowed."""
    fmt = given or (FORMATS.get(out.suffix.lower(), "?") if out and out.suffix else allowed[0])
    if fmt not in allowed:
        raise RecoveryGraphError(f"{out}: cannot tell the format from the extension '{out.suffix}'; "
                                 f"name the file .{' or .'.join(allowed)}, or add --format")
    return fmt


def _write(out: Path | None, text: str) -> None:
    """Standard output, or the file written whole (temporary file, then rename)."""
    if out is None:
        sys.stdout.write(text)
        return
    from .files import atomic_write

    if not out.parent.is_dir():
        raise RecoveryGraphError(f"{out}: the folder {out.parent} does not exist; create it or choose another path")
    atomic_write(out, text)
    print(f"Wrote {out}", file=sys.stderr)


def cmd_network(args) -> int:
    import io

    import networkx as nx

    from . import network, render
    from .cli import _store
    from .namespaces import shorten

    params = {"focus": args.focus, "depth": args.depth, "size": args.size}
    for key in ("kinds", "setting", "theme", "document"):
        if getattr(args, key):
            params[key] = getattr(args, key)
    view = network.parse_view(params, where="the command line")
    store = _store(args)
    problems = network.view_problems(store, view)
    if problems:
        raise RecoveryGraphError("; ".join(problems))
    sub = network.neighbourhood(store, view.focus, view.depth, view.filters, args.cap)
    fmt = _format(args.out, args.format, ("html", "graphml"))
    if fmt == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(network.to_networkx(sub), buffer)
        text = buffer.getvalue().decode("utf-8")
    else:
        stem = f"recovery-graph-{shorten(view.focus).replace(':', '-')}"
        options = render.RenderOptions(title=args.title or sub.focus.label, note=sub.summary(),
                                       size_by=view.size_by, png_name=f"{stem}.png")
        text = render.network_html(sub, options)
    _write(args.out, text)
    print(sub.summary(), file=sys.stderr)
    return 0


def cmd_continuum(args) -> int:
    from . import continuum
    from .cli import _store

    _format(args.out, args.format, ("svg",))
    _write(args.out, continuum.diagram_svg(continuum.levels(_store(args))))
    return 0


def register(sub, common) -> None:
    from .network import DEFAULT_CAP, MAX_DEPTH

    p = sub.add_parser("network", parents=[common],
                       help="write a network view (as on the app's network page) as offline HTML or GraphML")
    p.add_argument("focus", help="a concept, setting or theme id, e.g. rgc:family-therapy or rgc:outpatient")
    p.add_argument("--depth", type=int, default=1, help=f"steps outward from the focus, 1 to {MAX_DEPTH} (default 1)")
    p.add_argument("--kinds", help="comma-separated kinds to keep, e.g. EthicalDilemma,Therapy (default: all but documents)")
    p.add_argument("--setting", help="keep what applies to this setting, e.g. rgc:outpatient")
    p.add_argument("--theme", help="keep what has this theme, e.g. rgt:autonomy")
    p.add_argument("--document", help="keep what this source document names")
    p.add_argument("--size", choices=("degree", "sources"), default="degree", help="node size by links or by sources")
    p.add_argument("--cap", type=int, default=DEFAULT_CAP, help=f"most nodes drawn (default {DEFAULT_CAP})")
    p.add_argument("--title", help="title drawn above the network (default: the focus's label)")
    p.add_argument("--format", choices=("html", "graphml"), help="default: from the --out extension, else html")
    p.add_argument("-o", "--out", type=Path, help="file to write (default: standard output)")
    p.set_defaults(func=cmd_network)

    p = sub.add_parser("continuum", parents=[common], help="write the step-down continuum diagram as SVG")
    p.add_argument("--format", choices=("svg",), help="svg (the only format)")
    p.add_argument("-o", "--out", type=Path, help="file to write (default: standard output)")
    p.set_defaults(func=cmd_continuum)
