"""How parameter values enter a query: as RDF terms in VALUES blocks, never as text a person typed.

Every engine has its own way to bind one value to a variable (Oxigraph substitutions, rdflib
initBindings), but a list parameter (``list: true`` in a query's header) binds its variable to
several values at once, and only SPARQL's own VALUES block says that on every engine: the query
then answers as if run once per value, with the answers put together. The values are written as
N-Triples terms by pyoxigraph (IRIs are checked, literals escaped), so a value never becomes syntax.

Where a block goes matters, and it is found with the SPARQL tokenizer (graph/lexer.py), so a brace
or a WHERE inside a string, an IRI or a comment is never mistaken for one:

- at the head of the outermost WHERE group, where the optimizer sees the values before it chooses a
  join order: a query anchored on its parameter then starts from it instead of scanning the store
  (a single-row block does this for Oxigraph, whose substitutions apply only after the plan is made);
- again at the head of every inner group that names the variable (a UNION branch, OPTIONAL, and
  above all a sub-SELECT, which SPARQL evaluates on its own and would not see the values otherwise).
  A list's block is left out of an EXISTS group: EXISTS already sees the row it tests, with its one
  value, and a block of N rows there would be joined again for every row tested. It is also left
  out of the outermost group when the first thing there that names it is a sub-SELECT that gets
  the block and projects the variable: the block would only repeat what that sub-SELECT's answers
  hold, and two list blocks side by side lead Oxigraph to pair every value of one with every value
  of the other before it looks anything up (0.5 s instead of 0.05 s for the links of a 300-node
  network view at a million triples);
- never as a trailing VALUES after the query: that one is joined with the results after GROUP BY,
  aggregates and HAVING, so a FILTER or HAVING would run with the parameter unbound.
"""

from __future__ import annotations

import functools

import pyoxigraph as ox

from . import lexer
from .errors import QueryError

XSD = "http://www.w3.org/2001/XMLSchema#"


def term(ptype: str, value):
    """The pyoxigraph term of one parameter value of type ``iri``, ``integer``, ``boolean`` or ``string``."""
    if ptype == "iri":
        return ox.NamedNode(value)
    if ptype == "integer":
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if ptype == "boolean":
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    return ox.Literal(value)


def is_list(value) -> bool:
    """Whether a coerced value is a list parameter's (a tuple; one-valued parameters never are)."""
    return isinstance(value, tuple)


def written(bound: dict) -> dict[str, str | tuple[str, ...]]:
    """Each bound parameter as N-Triples text: one term, or a tuple of terms for a list parameter."""
    terms = {}
    for name, (ptype, value) in bound.items():
        try:
            terms[name] = tuple(str(term(ptype, v)) for v in value) if is_list(value) else str(term(ptype, value))
        except ValueError as exc:
            raise QueryError(f"Parameter {name}: {value!r} is not a valid {ptype} ({exc})") from exc
    return terms


def clauses(terms: dict, names) -> str:
    """VALUES clauses for ``names``: one single row for the one-valued parameters, and one clause
    per list parameter with a row per value (an empty list gives no row, so nothing matches)."""
    names = [n for n in terms if n in names]
    single = [n for n in names if not is_list(terms[n])]
    parts = [f"VALUES ({' '.join('?' + n for n in single)}) {{ ({' '.join(terms[n] for n in single)}) }}"] if single else []
    parts += [f"VALUES ?{n} {{ {' '.join(terms[n])} }}" for n in names if is_list(terms[n])]
    return " ".join(parts)


def insert(text: str, outer: dict, inner: dict) -> str:
    """``text`` with the ``outer`` terms in a VALUES block at the head of its outermost WHERE group,
    and each of the ``inner`` terms also at the head of every other group that names its variable
    (but a list's terms not in an EXISTS group).

    Blocks are written on the line of the brace they follow, so an engine's error positions keep
    their line numbers. Raises QueryError when the query has no WHERE group to bind in."""
    outermost, groups = _layout(text)
    repeated = {n for n, t in inner.items() if is_list(t) and _bound_by_sub_select(text, n)}
    places = [(outermost, clauses(outer, [n for n in outer if n not in repeated]))]
    if inner:
        singles = {n for n, t in inner.items() if not is_list(t)}
        places += [(offset, clauses(inner, names & singles if exists else names)) for offset, names, exists in groups]
    for offset, clause in sorted(places, reverse=True):  # from the end, so earlier offsets stay valid
        if clause:
            text = f"{text[: offset + 1]} {clause} {text[offset + 1:]}"
    return text


@functools.lru_cache(maxsize=512)
def _layout(text: str) -> tuple[int, tuple[tuple[int, frozenset, bool], ...]]:
    """Where blocks can go, worked out once per query text: the offset of the outermost WHERE
    group's brace, and of every other group's, with the variables it names and whether it is the
    group of an EXISTS."""
    toks = lexer.tokens(text)
    outermost = lexer.where_group(toks).offset
    exists = {t.offset for before, t in zip(toks, toks[1:]) if t.text == "{" and before.keyword == "EXISTS"}
    groups = tuple((brace.offset, frozenset(names), brace.offset in exists)
                   for brace, names in lexer.pattern_groups(toks) if brace.offset != outermost)
    return outermost, groups


@functools.lru_cache(maxsize=512)
def _bound_by_sub_select(text: str, name: str) -> bool:
    return lexer.first_bound_by_sub_select(lexer.tokens(text), name)


def lists_only(terms: dict) -> dict:
    return {n: t for n, t in terms.items() if is_list(t)}
