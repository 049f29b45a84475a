"""Read SPARQL text without running it: tokens with their line and column.

The guard needs to know whether a query holds an update operation or a SERVICE clause, and the
remote store needs the opening brace of the outermost group to bind parameters there. Both must
skip what is inside string literals, IRIs and comments, so a word such as "DROP" in a label or a
``#`` inside an IRI is never mistaken for syntax. This is the lexical layer of the SPARQL 1.1
grammar (strings, IRIs, comments, variables, prefixed names, keywords, punctuation); it does not
build a parse tree.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import QueryError

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\r\n]*)  # a comment ends at a carriage return too, as in Oxigraph
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\U000EFFFF]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[A-Za-z\u00C0-\U000EFFFF][\w.\-\u00B7\u00C0-\U000EFFFF]*)?:(?:[\w:\-.%\\\u00B7\u00C0-\U000EFFFF]*[\w:\-%\u00B7\u00C0-\U000EFFFF])?)
  | (?P<bnode>_:[\w.\-]+)
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].,;*/+\-!=<>|^?$])
    """,
    re.VERBOSE,
)

#: Keywords that begin an operation of SPARQL 1.1 Update; none of them is valid in a query.
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class Token:
    kind: str  # string, iri, var, lang, pname, bnode, number, word, punct
    text: str
    offset: int
    line: int
    column: int

    @property
    def keyword(self) -> str | None:
        return self.text.upper() if self.kind == "word" else None


def decode_escapes(text: str) -> str:
    """Apply SPARQL's codepoint escapes (``\\u0053`` is ``S``), which the standard processes before
    parsing; an engine that honours them must not see a keyword the guard did not."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def tokens(text: str) -> tuple[Token, ...]:
    """Every significant token of ``text`` (spaces and comments dropped), or QueryError naming the
    line and column of the first character no SPARQL token starts with.

    Remembered for the last few hundred texts: binding a named query's parameters reads its text
    on every call, and tokenizing it in Python took a third of a concept page's time."""
    return _tokens(text)


@functools.lru_cache(maxsize=512)
def keywords(text: str) -> frozenset[str]:
    """The keywords of ``text`` in upper case: the words :func:`tokens` would find, read by the same
    pattern in the same steps, without making a Token of each (the guard's look at every request
    to the endpoint, half the time :func:`tokens` takes). QueryError where tokens() raises it."""
    found, position, match = set(), 0, _TOKEN.match
    while position < len(text):
        token = match(text, position)
        if token is None:
            tokens(text)  # raises the error, with its line and column
        if token.lastgroup == "word":
            found.add(token.group().upper())
        position = token.end()
    return frozenset(found)


@functools.lru_cache(maxsize=512)
def _tokens(text: str) -> tuple[Token, ...]:
    found, position, line, line_start = [], 0, 1, 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match:
            raise QueryError(
                f"SPARQL syntax error: unexpected character {text[position]!r} at line {line}, "
                f"column {position - line_start + 1}",
                line, position - line_start + 1,
            )
        kind = match.lastgroup
        if kind not in ("space", "comment"):
            found.append(Token(kind, match.group(), position, line, position - line_start + 1))
        chunk = match.group()
        newlines = chunk.count("\n")
        if newlines:
            line += newlines
            line_start = position + chunk.rfind("\n") + 1
        position = match.end()
    return tuple(found)


def declared_prefixes(toks: Sequence[Token]) -> set[str]:
    """The prefixes a query declares itself (``PREFIX rg: <...>``)."""
    return {toks[i + 1].text[:-1] for i, t in enumerate(toks[:-1])
            if t.keyword == "PREFIX" and toks[i + 1].kind == "pname"}


def where_group(toks: Sequence[Token]) -> Token:
    """The ``{`` that opens the outermost group graph pattern (the WHERE clause) of a query.

    That is the first top-level ``{`` after the WHERE keyword, or, when WHERE is left out, the
    first top-level ``{`` after SELECT/ASK/DESCRIBE (a CONSTRUCT without WHERE has its template
    first, so the pattern is its second top-level group).
    """
    depth, form, groups = 0, None, 0
    for i, t in enumerate(toks):
        if t.kind == "punct" and t.text == "{":
            if depth == 0 and form:
                groups += 1
                after_where = i > 0 and toks[i - 1].keyword == "WHERE"
                if after_where or form != "CONSTRUCT" or groups == 2:
                    if form == "CONSTRUCT" and after_where and groups == 1:
                        raise QueryError(
                            "A CONSTRUCT WHERE short form cannot take parameters; write the template "
                            "and the WHERE group out in full")
                    return t
            depth += 1
        elif t.kind == "punct" and t.text == "}":
            depth -= 1
        elif depth == 0 and t.keyword in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE") and form is None:
            form = t.keyword
    raise QueryError("The query has no WHERE group to bind its parameters in; add a WHERE group to it")



def pattern_groups(toks: Sequence[Token]) -> list[tuple[Token, set[str]]]:
    """Every group graph pattern (WHERE, OPTIONAL, UNION branches, MINUS, GRAPH, EXISTS, sub-SELECT
    WHERE groups...): the ``{`` that opens it and the variables named anywhere inside it.

    Left out: a CONSTRUCT template, the data block of a VALUES clause, and the brace that only
    wraps a sub-SELECT (a VALUES block cannot stand before its SELECT).
    """
    opened, found, form = [], [], None
    for i, t in enumerate(toks):
        if t.kind == "punct" and t.text == "{":
            previous = toks[i - 1] if i else None
            following = toks[i + 1] if i + 1 < len(toks) else None
            skip = (
                (following is not None and following.keyword == "SELECT")
                or _is_values_block(toks, i)
                or (form == "CONSTRUCT" and not opened and not found and (previous is None or previous.keyword != "WHERE"))
            )
            opened.append((t, skip, set()))
        elif t.kind == "punct" and t.text == "}" and opened:
            brace, skip, names = opened.pop()
            if opened:
                opened[-1][2].update(names)
            if not skip:
                found.append((brace, names))
            elif form == "CONSTRUCT" and not opened:
                form = "CONSTRUCT-BODY"  # the template is behind us; the next group is the pattern
        elif t.kind == "var" and opened:
            opened[-1][2].add(t.text[1:])
        elif not opened and form is None and t.keyword in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
            form = t.keyword
    return found


def _is_values_block(toks: Sequence[Token], i: int) -> bool:
    """Whether the ``{`` at ``i`` opens the data of ``VALUES ?x {`` or ``VALUES (?x ?y) {``."""
    j = i - 1
    if j >= 0 and toks[j].kind == "var":
        return j >= 1 and toks[j - 1].keyword == "VALUES"
    if j >= 0 and toks[j].text == ")":
        while j >= 0 and toks[j].text != "(":
            j -= 1
        return j >= 1 and toks[j - 1].keyword == "VALUES"
    return False


def first_bound_by_sub_select(toks: Sequence[Token], name: str) -> bool:
    """Whether the first thing in the outermost WHERE group that names ``?name`` is a sub-SELECT
    standing on its own there (not OPTIONAL, MINUS, a UNION branch or GRAPH), which projects
    ``?name`` (or ``*``) and names it in its own WHERE group.

    Then every answer of the outer group already holds a value that sub-SELECT was given, and a
    VALUES block for ``?name`` beside it would only repeat it."""
    outer = toks.index(where_group(toks))
    depth, element = 0, None
    for i in range(outer + 1, len(toks)):
        t = toks[i]
        if t.kind == "punct" and t.text == "{":
            element = i if depth == 0 else element
            depth += 1
        elif t.kind == "punct" and t.text == "}":
            if depth == 0:
                return False
            depth -= 1
        elif t.kind == "var" and t.text[1:] == name:
            return depth > 0 and _standalone_sub_select(toks, element, name)
    return False


def _standalone_sub_select(toks: Sequence[Token], i: int, name: str) -> bool:
    """Whether ``{`` at ``i`` wraps a sub-SELECT that is a plain part of its group and binds ``?name``."""
    before, close = toks[i - 1], _closing(toks, i)
    if i + 1 >= len(toks) or toks[i + 1].keyword != "SELECT":
        return False
    if before.keyword in ("OPTIONAL", "MINUS", "UNION", "GRAPH", "SERVICE", "SILENT", "EXISTS") \
            or before.kind in ("var", "iri", "pname") or (close + 1 < len(toks) and toks[close + 1].keyword == "UNION"):
        return False
    j, paren, projected = i + 2, 0, False
    while j < close and not (paren == 0 and toks[j].text == "{"):
        t = toks[j]
        paren += (t.text == "(") - (t.text == ")")
        if (t.text == "*" and paren == 0) or (t.kind == "var" and t.text[1:] == name
                                              and (paren == 0 or toks[j - 1].keyword == "AS")):
            projected = True
        j += 1
    named = any(t.kind == "var" and t.text[1:] == name for t in toks[j:_closing(toks, j)]) if j < close else False
    return projected and named


def _closing(toks: Sequence[Token], i: int) -> int:
    """The index of the ``}`` that closes the ``{`` at ``i``."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].kind == "punct" and toks[j].text in "{}":
            depth += 1 if toks[j].text == "{" else -1
            if depth == 0:
                return j
    return len(toks) - 1
