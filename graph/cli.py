"""``recovery-graph``: the command line over the same library the app uses.

Each command is a thin wrapper over one library call (as sqlite-utils does): build, validate,
stats, export, queries, query; serve and load, extract/merge/remove/overlay and network/continuum live
in the cli_* modules. Errors are printed as sentences and exit with status 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from . import queries as query_library
from .errors import QueryError, RecoveryGraphError, ValidationFailed


def _store(args):
    from .store import open_store

    return open_store(args.backend, data_dir=args.data, path=args.store_path, endpoint=getattr(args, "endpoint", None))


def cmd_build(args) -> int:
    from .build import build, build_to_disk, write_dump
    from .validate import rules_for, validate

    result = build_to_disk(args.store, args.data) if args.store else build(args.data)
    _note_rules(rules_for(result))
    violations = validate(result)
    if violations:
        for v in violations:
            print(v, file=sys.stderr)
        raise ValidationFailed(violations)
    if args.out:
        write_dump(result.store, args.out)
    print(f"Built {len(result.store)} quads from {len(result.files)} files ({result.derived} derived, "
          f"{result.indexed} of the search, network and overview indexes) in {result.seconds:.2f} s; valid.")
    if args.out:
        print(f"Wrote {args.out}")
    if args.store:
        print(f"Wrote the Oxigraph store {args.store} (open it with --backend disk --store-path {args.store})")
    return 0


def cmd_validate(args) -> int:
    import time

    from .build import build
    from .validate import rules_for, validate

    started = time.perf_counter()
    result = build(args.data)
    _note_rules(rules_for(result))
    violations = validate(result)
    seconds = time.perf_counter() - started
    for v in violations:
        print(v)
    if violations:
        print(f"{len(violations)} violation(s) of data/shapes.ttl; fix them in the files named above.", file=sys.stderr)
        return 1
    print(f"Valid: {len(result.store)} quads from {len(result.files)} files, no violations ({seconds:.2f} s).")
    return 0


def _note_rules(rules) -> None:
    if rules.note:
        print(f"Note: {rules.note}.", file=sys.stderr)


def cmd_stats(args) -> int:
    from .stats import overview
    from .tabular import render
    from .store import Result

    o = overview(_store(args))
    if args.format == "json":
        import dataclasses
        import json

        print(json.dumps(dataclasses.asdict(o), indent=1, ensure_ascii=False))
        return 0
    print(f"{o.triples} triples (plus {o.index_triples} of the indexes the build adds), {o.concepts} concepts, "
          f"{o.mentions} mentions, {o.documents} documents\n")
    for title, counts, extra in (
        ("Concepts per kind", o.kinds, []),
        ("Concepts per setting", o.settings, ["mentions"]),
        ("Concepts per document", o.document_counts, ["identifier", "sections", "mentions"]),
        ("Concepts per theme", o.themes, ["kinds", "settings"]),
    ):
        columns = ["label", "concepts", *extra]
        rows = [{"label": c.label, "concepts": c.count, **{k: c.extra[k] for k in extra}} for c in counts]
        print(title)
        print(render(Result(columns, rows), "table"))
        print()
    return 0


def cmd_export(args) -> int:
    from .export import export

    data = export(_store(args), args.format, indexes=args.indexes)
    if args.output and args.output != "-":
        from .files import atomic_write

        path = Path(args.output)
        atomic_write(path, data)
        print(f"Wrote {len(data)} bytes to {path}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_queries(args) -> int:
    for q in query_library.listed():
        params = ", ".join(f"{p.name}:{p.type_label}" + (f"={p.default}" if p.default is not None else "") for p in q.params)
        print(f"{q.name}\n    {q.title}" + (f" ({params})" if params else ""))
        if q.description and args.verbose:
            print(f"    {q.description}")
    return 0


def _parse_params(pairs) -> dict:
    params = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep:
            raise QueryError(f"--param takes name=value, got '{pair}'")
        name = name.strip()
        if name in params:  # repeated: the values of a list parameter (a one-valued one says so)
            before = params[name]
            params[name] = [*before, value] if isinstance(before, list) else [before, value]
        else:
            params[name] = value
    return params


def cmd_query(args) -> int:
    from .tabular import render

    source = args.query
    if source == "-":
        query = query_library.from_text("stdin", sys.stdin.read())
    elif source.endswith(".rq") or Path(source).is_file():
        path = Path(source)
        if not path.is_file():
            raise QueryError(f"No query file {path}; give a named query (see `recovery-graph queries`) or a readable .rq file")
        query = query_library.from_text(path.stem, path.read_text(encoding="utf-8"), path)
    else:
        query = query_library.get(source)
    from .cli_sparql import limits_from
    from .guard import run

    # named queries are trusted and run in this process; text from a file or stdin runs in a
    # worker stopped at the time limit. Both are checked (read-only, SERVICE) and row-capped.
    outcome = run(_store(args), query, _parse_params(args.param), limits_from(args), isolate=query.path is None
                  or query.path.parent != query_library.QUERY_DIR)
    answer = outcome.answer
    if outcome.truncated:
        print(f"Stopped at {outcome.limits.max_rows:,} rows (the row cap); raise it with --max-rows N.", file=sys.stderr)
    if isinstance(answer, bool):
        print("true" if answer else "false")
    elif isinstance(answer, list):
        for s, p, o in answer:
            print(f"{s}\t{p}\t{o}")
    else:
        print(render(answer, args.format))
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="recovery-graph",
        description="Build, check, query and export the Recovery Graph of care settings.",
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", type=Path, default=None, help="folder with ontology.ttl, concepts/ and sources/ (default: the package's data/)")
    common.add_argument("--backend", default=None, help="memory (default), disk, rdflib or remote; or set RECOVERY_GRAPH_BACKEND")
    common.add_argument("--store-path", default=None, help="folder of an on-disk store, for --backend disk")
    common.add_argument("--endpoint", default=None, help="SPARQL endpoint URL, for --backend remote; or set RECOVERY_GRAPH_ENDPOINT")
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", parents=[common], help="build and validate the graph; optionally write a dump or an on-disk store")
    p.add_argument("--out", type=Path, help="write the whole dataset as N-Quads to this file")
    p.add_argument("--store", type=Path, help="write an on-disk Oxigraph store to this folder")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("validate", parents=[common], help="check the graph against data/shapes.ttl")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", parents=[common], help="counts per kind, setting, document and theme")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("export", parents=[common], help="export the graph for other tools")
    p.add_argument("--format", required=True, choices=("turtle", "nt", "nquads", "trig", "jsonld", "graphml"))
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    p.add_argument("--indexes", "--search-index", dest="indexes", action="store_true",
                   help="also write the search and network indexes the build adds (their own named graphs; left out by default)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("queries", help="list the named queries")
    p.add_argument("-v", "--verbose", action="store_true", help="show descriptions too")
    p.set_defaults(func=cmd_queries)

    p = sub.add_parser("query", parents=[common], help="run a named query, a .rq file, or - for standard input")
    p.add_argument("query")
    p.add_argument("--param", action="append", metavar="NAME=VALUE", help="bind a query parameter (repeatable)")
    p.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")
    from .cli_sparql import limit_options, register as register_sparql_commands

    limit_options(p)
    p.set_defaults(func=cmd_query)
    register_sparql_commands(sub, common)  # serve, load

    from .cli_documents import register as register_document_commands

    register_document_commands(sub, common)  # extract, merge, remove, overlay
    from .cli_views import register as register_view_commands

    register_view_commands(sub, common)  # network, continuum
    return top


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except QueryError as exc:
        where = f" (line {exc.line}, column {exc.column})" if exc.line else ""
        print(f"Error{where}: {exc}", file=sys.stderr)
        return 1
    except RecoveryGraphError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
