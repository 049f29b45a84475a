"""The query library: every SPARQL the project runs lives in ``queries/*.rq``.

Like grlc, each file opens with ``#+ `` comment lines holding a YAML header (title, description,
parameters), so the file stays valid SPARQL and doubles as documentation. The file name is the
query's name. The app, the CLI and the README all read these same headers.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .errors import QueryError
from .namespaces import expand

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"
PARAM_TYPES = ("iri", "string", "integer", "boolean")
#: Items of a list given as one string: an IRI in <angle brackets> (it may hold a comma), or a run
#: of characters up to a space or comma. String lists are split at commas (and line breaks) only.
_ITEMS = re.compile(r"<[^<>]*>|[^\s,]+")
_STRING_ITEMS = re.compile(r"[^,\n]+")


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "string"
    description: str = ""
    default: object = None
    required: bool = False
    choices_query: str | None = None  # a named query whose first column lists allowed values
    is_list: bool = False  # binds its variable to several values, one VALUES row each (graph/binding.py)

    @property
    def type_label(self) -> str:
        """``iri``, or ``iri list`` for a list parameter (for listings and error messages)."""
        return f"{self.type} list" if self.is_list else self.type


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str
    params: tuple[Param, ...] = field(default_factory=tuple)
    path: Path | None = None
    internal: bool = False  # build-time queries (queries/build/) are not listed for users

    @property
    def form(self) -> str:
        """SELECT, CONSTRUCT, ASK or DESCRIBE: the first such keyword outside comments and prefixes."""
        return query_form(self.text)

    def coerce(self, supplied: dict) -> dict:
        """Check supplied parameter values against the header and fill defaults.

        Returns a mapping name -> (type, value) ready for binding; values never enter the text.
        A list parameter's value is a tuple (duplicates dropped, order kept): it takes a Python
        list, or one string of items separated by spaces or commas (commas only for strings), as
        the CLI and the query page give it. An empty string leaves a parameter out; an empty list
        given to an optional list parameter binds no value, so nothing matches it.
        """
        known = {p.name: p for p in self.params}
        unknown = set(supplied) - set(known)
        if unknown:
            raise QueryError(
                f"Query '{self.name}' has no parameter {', '.join(sorted(unknown))}; "
                f"it takes: {', '.join(known) or 'no parameters'}"
            )
        bound = {}
        for p in self.params:
            value = supplied.get(p.name, p.default)
            if p.is_list and value is not None:
                value = _items(self.name, p, value)
            if value is None or value == "" or (p.is_list and not value and p.required):
                if p.required:
                    raise QueryError(f"Query '{self.name}' needs --param {p.name}=... ({p.description or p.type_label})")
                continue
            bound[p.name] = (p.type, value if p.is_list else _coerce_value(self.name, p, value))
        return bound


def _items(query: str, p: Param, value) -> tuple | str:
    """A list parameter's values, coerced; "" when a string named none (a blank text field)."""
    if isinstance(value, str):
        value = (_STRING_ITEMS if p.type == "string" else _ITEMS).findall(value)
        value = [v.strip() for v in value if v.strip()]
        if not value:
            return ""
        value = [v[1:-1] if p.type == "iri" and v.startswith("<") and v.endswith(">") else v for v in value]
    elif not isinstance(value, (list, tuple, set, frozenset)):
        value = [value]
    one = replace(p, is_list=False)  # once, not per value: a dataclass copy each was a quarter of a 50-hit lookup
    return tuple(dict.fromkeys(_coerce_value(query, one, v) for v in value))


def _coerce_value(query: str, p: Param, value):
    if isinstance(value, (list, tuple, set, frozenset)):
        raise QueryError(f"Query '{query}', parameter {p.name} takes one {p.type}, not a list of {len(value)}; "
                         "give it once")
    try:
        if p.type == "iri":
            return expand(str(value))
        if p.type == "integer":
            return int(value)
        if p.type == "boolean":
            return str(value).lower() in ("1", "true", "yes", "on") if isinstance(value, str) else bool(value)
        return str(value)
    except ValueError as exc:
        raise QueryError(f"Query '{query}', parameter {p.name}: {exc}") from exc


def query_form(text: str) -> str:
    for line in text.splitlines():
        stripped = line.split("#", 1)[0].strip() if not line.lstrip().startswith("<") else line.strip()
        for word in stripped.replace("{", " ").split():
            upper = word.upper()
            if upper in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
                return upper
            if upper in ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"):
                return "UPDATE"
    return "UNKNOWN"


def parse_header(text: str, source: str = "<query>") -> dict:
    """The YAML held in the leading ``#+ `` lines of a query file."""
    lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            lines.append(line[3:] if line.startswith("#+ ") else line[2:])
        elif line.strip() and not line.startswith("#"):
            break
    if not lines:
        return {}
    try:
        header = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as exc:
        raise QueryError(f"{source}: the '#+' header is not valid YAML ({exc}); fix the header lines") from exc
    if not isinstance(header, dict):
        raise QueryError(f"{source}: the '#+' header must be a mapping of title, description and params")
    return header


def from_text(name: str, text: str, path: Path | None = None, internal: bool = False) -> NamedQuery:
    header = parse_header(text, str(path or name))
    params = []
    for pname, spec in (header.get("params") or {}).items():
        spec = spec or {}
        ptype = spec.get("type", "string")
        if ptype not in PARAM_TYPES:
            raise QueryError(f"{path or name}: parameter {pname} has type '{ptype}'; use one of {', '.join(PARAM_TYPES)}")
        params.append(
            Param(
                name=pname,
                type=ptype,
                description=spec.get("description", ""),
                default=spec.get("default"),
                required=bool(spec.get("required", False)),
                choices_query=spec.get("choices"),
                is_list=_flag(path or name, pname, spec.get("list", False)),
            )
        )
    return NamedQuery(
        name=name,
        title=header.get("title", name),
        description=" ".join(str(header.get("description", "")).split()),
        text=text,
        params=tuple(params),
        path=path,
        internal=internal,
    )


def _flag(source, pname: str, value) -> bool:
    if not isinstance(value, bool):
        raise QueryError(f"{source}: parameter {pname} has list: {value!r}; write list: true or leave it out")
    return value


@functools.lru_cache(maxsize=None)
def catalogue(query_dir: Path = QUERY_DIR) -> dict[str, NamedQuery]:
    """All named queries, user-facing and build-time, by name."""
    found = {}
    for path in sorted(query_dir.glob("*.rq")):
        found[path.stem] = from_text(path.stem, path.read_text(encoding="utf-8"), path)
    for path in sorted((query_dir / "build").glob("*.rq")):
        found[f"build/{path.stem}"] = from_text(f"build/{path.stem}", path.read_text(encoding="utf-8"), path, True)
    return found


def get(name: str) -> NamedQuery:
    queries = catalogue()
    if name not in queries:
        close = [n for n in queries if name.lower() in n.lower()]
        hint = f" Did you mean {', '.join(close)}?" if close else " Run `recovery-graph queries` to list them."
        raise QueryError(f"There is no named query '{name}'.{hint}")
    return queries[name]


def listed() -> list[NamedQuery]:
    """The user-facing queries, for menus and `recovery-graph queries`."""
    return [q for q in catalogue().values() if not q.internal]
