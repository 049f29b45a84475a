"""``recovery-graph serve`` and ``recovery-graph load``: the graph for standard SPARQL tools.

Thin wrappers over :mod:`graph.server` and :mod:`graph.remote`, registered by :mod:`graph.cli`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import guard

DEFAULT_SERVE_STORE = Path("build/endpoint-store")


def limit_options(p: argparse.ArgumentParser) -> None:
    """--timeout, --max-rows and --allow-service, shared by query and serve."""
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help=f"stop a query after this long (default {guard.DEFAULT_TIMEOUT:g}, or RECOVERY_GRAPH_QUERY_TIMEOUT)")
    p.add_argument("--max-rows", type=int, default=None, metavar="N",
                   help=f"read at most N rows (default {guard.DEFAULT_MAX_ROWS:,}, or RECOVERY_GRAPH_MAX_ROWS)")
    p.add_argument("--allow-service", action="store_true", default=None,
                   help="allow SERVICE (federated queries that fetch other URLs); or RECOVERY_GRAPH_ALLOW_SERVICE=1")


def limits_from(args) -> guard.Limits:
    return guard.Limits.from_env(timeout=args.timeout, max_rows=args.max_rows, allow_service=args.allow_service)


def cmd_serve(args) -> int:
    from .build import build_to_disk
    from .server import serve
    from .validate import validate
    from .errors import ValidationFailed

    store = args.store
    if not args.no_build:
        result = build_to_disk(store, args.data)
        violations = validate(result)
        if violations:
            raise ValidationFailed(violations)
        print(f"Built {len(result.store)} quads into {store}")
    return serve(store, host=args.host, port=args.port, limits=limits_from(args))


def cmd_load(args) -> int:
    from .remote import describe, load_endpoint

    if args.store:
        from .build import build_to_disk

        result = build_to_disk(args.store, args.data)
        print(f"Wrote {len(result.store)} quads to the Oxigraph store {args.store}; serve it with "
              f"`oxigraph serve-read-only --location {args.store} --union-default-graph` or "
              f"`recovery-graph serve --store {args.store} --no-build`")
        return 0
    if not args.endpoint:
        from .errors import StoreError

        raise StoreError("load needs a target: --endpoint URL (a writable SPARQL server) or --store DIR")
    print(describe(load_endpoint(args.endpoint, args.data, store_url=args.store_url, union_copy=args.union_copy)))
    return 0


def register(sub, common) -> None:
    from .server import DEFAULT_PORT

    p = sub.add_parser("serve", parents=[common],
                       help="publish the graph over the SPARQL 1.1 Protocol, read-only (Oxigraph server)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument("--store", type=Path, default=DEFAULT_SERVE_STORE,
                   help=f"store folder to build and serve (default {DEFAULT_SERVE_STORE})")
    p.add_argument("--no-build", action="store_true", help="serve the store folder as it is, without rebuilding it")
    limit_options(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("load", parents=[common],
                       help="load the curated graph into a SPARQL server (Graph Store Protocol) or a store folder")
    p.add_argument("--store", type=Path, help="write an Oxigraph store folder instead (for oxigraph serve)")
    p.add_argument("--store-url", help="Graph Store Protocol URL, when it cannot be told from --endpoint")
    p.add_argument("--union-copy", action="store_true",
                   help="also put every triple into the default graph, for servers without a union default graph")
    p.set_defaults(func=cmd_load)
