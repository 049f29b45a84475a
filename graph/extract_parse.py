"""The shape of a document: titled sections holding numbered items, bullet lists and paragraphs.

The extractor needs to know where an item starts and ends (provenance is a line range) and what
its heading is, long before it knows what the item means. This module only reads layout: plain
text as the seed documents are written (headings on their own line, ``1. Heading`` items with
``•`` bullets under them, ``- `` dash lists, ``Key: explanation`` bullets) and the same shapes in
Markdown (``#`` headings, ``**Key:**`` bullets). It keeps line numbers, never meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(\S.*)$")
BULLET = re.compile(r"^\s*(?:[•▪●◦‣∙*+\-–—]|\u2022)(?:\s+(.*)|\s*)$")
MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
KEYED = re.compile(r"^(?P<key>[^:.!?]{2,70}?)\s*:\s+(?P<rest>\S.*)$")
MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")
SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
               "the", "to", "vs", "vs.", "versus", "with", "is", "are", "be", "your", "you", "its", "their"}
MAX_HEADING_WORDS = 20


@dataclass
class Bullet:
    """One bullet under a numbered item: ``key`` is the text before a colon ("Key: explanation")."""

    line_start: int
    line_end: int
    text: str
    key: str | None = None


@dataclass
class Item:
    """A numbered item (``1. Heading`` plus its bullets) or one entry of a bullet list."""

    number: int
    line_start: int
    line_end: int
    heading: str | None  # the item's own heading line or key, None when the item is one sentence
    text: str  # the whole item as written (heading, explanation, bullets), for matching only
    bullets: list[Bullet] = field(default_factory=list)
    numbered: bool = True
    indent: int = 0
    explanation: str = ""  # what follows the heading or key on its line and the lines under it (no bullets)


@dataclass
class ItemList:
    """Consecutive items, with the line that introduces them ("... suitable for those who:")."""

    intro: str
    intro_line: int | None
    items: list[Item] = field(default_factory=list)


@dataclass
class Paragraph:
    line_start: int
    line_end: int
    text: str


@dataclass
class Section:
    order: int
    title: str
    line_start: int
    line_end: int
    heading_line: int | None  # None for the untitled opening of a document
    blocks: list = field(default_factory=list)  # Paragraph and ItemList, in document order
    level: int = 1  # Markdown heading depth ("##" is 2; a bold line, 7: under any "#"); plain text: all 1

    @property
    def items(self) -> list[Item]:
        return [i for b in self.blocks if isinstance(b, ItemList) for i in b.items]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]


@dataclass
class Outline:
    title: str
    sections: list[Section]
    markdown: bool = False

    @property
    def item_count(self) -> int:
        return sum(len(s.items) for s in self.sections)


def plain(text: str) -> str:
    """Text without Markdown emphasis, links or stray spaces."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = MD_EMPHASIS.sub(r"\2", text)
    return " ".join(text.replace("\u00a0", " ").split())


def split_key(text: str) -> tuple[str | None, str]:
    """("Key", "explanation") for "Key: explanation" (or "**Key:** explanation"), else (None, text)."""
    match = re.match(r"^\s*(\*\*|__)(?P<key>[^*_]{2,70}?)\1\s*:?\s*(?P<rest>.*)$", text)
    if match and (text.strip().startswith(("**", "__"))) and (":" in text[: match.end("key") + 4]):
        return plain(match.group("key")).rstrip(":").strip(), plain(match.group("rest"))
    text = plain(text)
    match = KEYED.match(text)
    if match and len(match.group("key").split()) <= 8 and match.group("key")[0].isupper():
        return match.group("key").strip(), match.group("rest").strip()
    return None, text


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9][A-Za-z0-9'’/&-]*", text)


def title_case_share(text: str) -> float:
    """Share of significant words that start with a capital letter (headings are mostly capitalised)."""
    words = [w for w in _words(text) if w.lower() not in SMALL_WORDS]
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].isupper() or w[0].isdigit()) / len(words)


def is_heading(text: str) -> bool:
    """A line standing alone as a title: short, no sentence ending; a trailing colon only in Title Case."""
    text = plain(text)
    words = _words(text)
    if not words or len(words) > MAX_HEADING_WORDS or not (text[0].isupper() or text[0].isdigit()):
        return False
    if text.endswith((".", ",", ";", "!", "…")):
        return False
    if text.endswith(":"):
        return title_case_share(text) >= 0.6
    if text.endswith("?"):
        return len(words) <= 14
    return len(words) <= 12 or title_case_share(text) >= 0.6


def parse(text: str) -> Outline:
    """The outline of a document: its title and its sections with their items and paragraphs."""
    lines = text.splitlines()
    markdown = any(MD_HEADING.match(line) for line in lines)
    kinds = [_line_kind(line, markdown) for line in lines]
    title, sections = "", []
    current: Section | None = None
    item_list: ItemList | None = None
    item: Item | None = None
    paragraph: Paragraph | None = None
    pending_bullet: int | None = None  # a bullet marker alone on its line; its text follows

    def close_paragraph():
        nonlocal paragraph
        if paragraph is not None:
            section().blocks.append(paragraph)
            paragraph = None

    def close_list():
        nonlocal item_list, item
        item = None
        if item_list is not None and item_list.items:
            section().blocks.append(item_list)
        item_list = None

    def section() -> Section:
        nonlocal current
        if current is None:
            current = Section(len(sections) + 1, title or "Introduction", 1, 1, None)
            sections.append(current)
        return current

    for index, raw in enumerate(lines):
        number, kind = index + 1, kinds[index]
        stripped = raw.strip()
        if kind == "blank":
            close_paragraph()
            continue
        if pending_bullet is not None and kind in ("text", "heading"):
            kind, raw = "bullet", " " * (_indent(lines[pending_bullet - 1]) + 1) + "- " + stripped
        if kind == "heading":
            close_paragraph()
            close_list()
            found = MD_HEADING.match(raw) if markdown else None
            heading = plain(found.group(2) if found else stripped).rstrip(":").strip()
            if not title and not sections and number == _first_content_line(lines):
                title = heading
            current = Section(len(sections) + 1, heading, number, number, number,
                              level=len(found.group(1)) if found else (7 if markdown else 1))
            sections.append(current)
            pending_bullet = None
            continue
        section().line_end = number
        if kind == "numbered":
            close_paragraph()
            found = NUMBERED.match(raw)
            if item_list is None or not item_list.items or not item_list.items[0].numbered:
                close_list()
                item_list = _new_list(section())
            item = _item_from_line(int(found.group(1)), found.group(2), number, numbered=True)
            item.indent = _indent(raw)
            item_list.items.append(item)
            continue
        if kind == "bullet":
            close_paragraph()
            found = BULLET.match(raw)
            body = (found.group(1) or "").strip()
            if not body:
                pending_bullet = number
                continue
            start = pending_bullet or number
            pending_bullet = None
            if item is not None and item.numbered and _indent(raw) > item.indent:
                key, rest = split_key(body)
                item.bullets.append(Bullet(start, number, rest, key))
                item.line_end = number
                item.text += " " + plain(body)
                continue
            if item_list is None or (item_list.items and item_list.items[0].numbered):
                close_list()
                item_list = _new_list(section())
            entry = _item_from_line(len(item_list.items) + 1, body, start, numbered=False)
            entry.line_end = number
            item_list.items.append(entry)
            continue
        # plain text: the explanation of an item, or prose
        if item is not None and item.numbered and not item.bullets and paragraph is None and _continues_item(lines, index):
            item.text += " " + plain(stripped)
            item.explanation = (item.explanation + " " + plain(stripped)).strip()
            item.line_end = number
            continue
        close_list()
        if paragraph is None:
            paragraph = Paragraph(number, number, plain(stripped))
        else:
            paragraph.text += " " + plain(stripped)
            paragraph.line_end = number
    close_paragraph()
    close_list()
    return Outline(title, sections, markdown)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _first_content_line(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        if line.strip():
            return index + 1
    return 0


def _line_kind(line: str, markdown: bool) -> str:
    stripped = line.strip()
    if not stripped:
        return "blank"
    if markdown:
        if MD_HEADING.match(line):
            return "heading"
    if NUMBERED.match(line):
        return "numbered"
    if BULLET.match(line):
        return "bullet"
    if not markdown and is_heading(stripped):
        return "heading"
    if markdown and re.fullmatch(r"(\*\*|__)[^*_]+\1:?", stripped):
        return "heading"
    return "text"


def _new_list(section: Section) -> ItemList:
    """A list, introduced by the paragraph just before it when that paragraph ends with a colon."""
    intro, line = "", None
    if section.blocks and isinstance(section.blocks[-1], Paragraph):
        last = section.blocks[-1]
        if last.text.rstrip().endswith(":"):
            intro, line = last.text, last.line_start
    return ItemList(intro, line)


def _item_from_line(number: int, body: str, line: int, numbered: bool) -> Item:
    key, rest = split_key(body)
    text = plain(body)
    if key:
        return Item(number, line, line, key, text, numbered=numbered, explanation=rest)
    heading = text.rstrip(":").strip()
    if not is_heading(heading) and not (numbered and len(_words(heading)) <= 12):
        heading = None
    return Item(number, line, line, heading, text, numbered=numbered)


def _continues_item(lines: list[str], index: int) -> bool:
    """A plain line right under a numbered item (no blank line between) explains that item."""
    return index > 0 and lines[index - 1].strip() != "" and not is_heading(lines[index].strip())
