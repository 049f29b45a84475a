"""``recovery-graph extract | merge | remove | overlay``: from a new document to the user overlay.

Thin wrappers over graph.extract, graph.draft_io and graph.overlay (the calls the add-document
page makes), registered on the main parser by graph.cli.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

from .errors import RecoveryGraphError
from .userdata import ENV


@contextmanager
def _user_dir(path):
    """--user-dir for one command: the overlay folder every graph call of the command uses."""
    previous = os.environ.get(ENV)
    if path:
        os.environ[ENV] = str(path)
    try:
        yield
    finally:
        if path:
            if previous is None:
                os.environ.pop(ENV, None)
            else:
                os.environ[ENV] = previous


def cmd_extract(args) -> int:
    from .draft_io import write_draft
    from .extract import Extractor
    from .namespaces import shorten
    from .store import open_store

    with _user_dir(args.user_dir):
        extractor = Extractor.from_store(open_store(args.backend, data_dir=args.data, path=args.store_path))
        labels = {iri: info.label for iri, info in extractor.lexicon.concepts.items()}
        failed = 0
        for doc in args.documents:
            try:
                draft = extractor.extract_file(doc)
                ttl, table = write_draft(draft, args.output, labels)
            except RecoveryGraphError as exc:
                print(f"Error: {exc}", file=sys.stderr)
                failed += 1
                continue
            new = sum(1 for c in draft.candidates if c.is_new)
            kinds = {}
            for c in draft.candidates:
                kinds[shorten(c.kind)] = kinds.get(shorten(c.kind), 0) + 1
            print(f"{doc}: {len(draft.sections)} sections, {len(draft.candidates)} candidates "
                  f"({len(draft.candidates) - new} matched to existing concepts, {new} new)")
            print("    " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])))
            for note in draft.notes:
                print(f"    note: {note}")
            print(f"    draft {ttl}\n    review {table}  (edit accept/kind/settings/match/label/definition, "
                  f"then `recovery-graph merge {ttl}`)")
    return 1 if failed else 0


def cmd_merge(args) -> int:
    from .draft_io import read_draft
    from .overlay import merge

    with _user_dir(args.user_dir):
        draft = read_draft(args.draft)
        result = merge(draft, replace=args.replace, data_dir=args.data)
    verb = "Replaced" if result.replaced else "Merged"
    print(f"{verb} {draft.file_name} as '{result.doc_id}': {result.mentions} mentions "
          f"({result.linked} of existing concepts, {result.new_concepts} new concepts) in {result.path}")
    print("The app and every query see it now; `recovery-graph remove "
          f"{result.doc_id}` takes it out again.")
    return 0


def cmd_remove(args) -> int:
    from .overlay import remove

    with _user_dir(args.user_dir):
        path = remove(args.doc_id, data_dir=args.data)
    print(f"Removed '{args.doc_id}' from the overlay ({path}).")
    return 0


def cmd_overlay(args) -> int:
    from .overlay import listing
    from .store import open_store
    from .userdata import overlay_dir

    with _user_dir(args.user_dir):
        documents = listing(open_store(args.backend, data_dir=args.data, path=args.store_path))
        folder = overlay_dir()
    if not documents:
        print(f"The overlay at {folder} is empty; add a document with `recovery-graph extract DOC` and "
              "`recovery-graph merge DRAFT`.")
        return 0
    print(f"Overlay at {folder}:")
    for d in documents:
        print(f"  {d.doc_id}  {d.file}  \"{d.title}\"  {d.mentions} mentions, {d.new_concepts} new concepts")
    return 0


def register(sub, common) -> None:
    """Add the four commands to the main parser's subcommands."""
    user = {"type": Path, "default": None,
            "help": f"the user folder holding overlay/ (default: ${ENV}, else ~/.local/share/recovery-graph)"}
    p = sub.add_parser("extract", parents=[common], help="draft concepts from new documents (.txt/.md) for review")
    p.add_argument("documents", nargs="+", metavar="DOC")
    p.add_argument("-o", "--output", type=Path, default=Path("drafts"),
                   help="folder for the drafts: <name>.ttl and <name>.review.csv (default: ./drafts)")
    p.add_argument("--user-dir", **user)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("merge", parents=[common], help="add a reviewed draft's accepted rows to the user overlay")
    p.add_argument("draft", metavar="DRAFT", help="the draft's .ttl (its .review.csv beside it holds the decisions)")
    p.add_argument("--replace", action="store_true", help="replace this document's earlier contribution")
    p.add_argument("--user-dir", **user)
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("remove", parents=[common], help="remove a document's contribution from the user overlay")
    p.add_argument("doc_id", metavar="DOC_ID", help="as `recovery-graph overlay` lists it")
    p.add_argument("--user-dir", **user)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("overlay", parents=[common], help="list the documents in the user overlay")
    p.add_argument("--user-dir", **user)
    p.set_defaults(func=cmd_overlay)
