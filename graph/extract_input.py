"""Reading a document for extraction, refusing what cannot be used with a message that helps.

Everything is checked before any parsing: an empty, binary, non-UTF-8 or oversized file raises a
DocumentError naming the file and what to do, so the CLI and the app show one sentence, never a
traceback, and nothing downstream sees half a document.
"""

from __future__ import annotations

from pathlib import Path

from .errors import DocumentError

MAX_MB = 2  # ten times the longest seed document (44 KB) with room to spare
MAX_BYTES = MAX_MB * 1024 * 1024
SUFFIXES = (".txt", ".md", ".markdown", ".text")


def read_document(path: Path | str) -> str:
    path = Path(path)
    if not path.is_file():
        raise DocumentError(path, "no such file; give the path of a .txt or .md document")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(path, _too_large(size))
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(path, f"cannot be read ({exc.strerror}); check that it exists and is readable") from exc
    return decode_document(path, data)


def decode_document(name, data: bytes) -> str:
    """The text of an uploaded or read document, or a DocumentError saying why it cannot be used."""
    if len(data) > MAX_BYTES:
        raise DocumentError(name, _too_large(len(data)))
    if not data.strip():
        raise DocumentError(name, "is empty; give a document with headings and text (plain text or Markdown)")
    if b"\x00" in data[:8192] or _control_share(data[:8192]) > 0.05:
        raise DocumentError(
            name, "looks like a binary file (a PDF, Word file or image?), not text; "
            "save it as plain text (.txt) or Markdown (.md) and extract that")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DocumentError(
            name, f"is not UTF-8 text (byte {exc.start + 1}, line {line}); "
            "re-save it as UTF-8 (most editors offer this under 'Save as' / encoding) and try again") from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _too_large(size: int) -> str:
    return (f"is {size / 1024 / 1024:.1f} MB, over the {MAX_MB} MB limit for one document; "
            "split it into smaller documents (one per chapter or topic) and extract each")


def _control_share(data: bytes) -> float:
    if not data:
        return 0.0
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(data)


def check_shape(outline, text: str, source) -> None:
    """A document too short, or without headings or lists, cannot be read: say what to give instead."""
    from .extract_match import tokens

    words = len(tokens(text, keep_stopwords=True))
    headed = [s for s in outline.sections if s.heading_line is not None]
    if words < 20:
        raise DocumentError(source, f"holds only {words} words; give a document with titled sections and "
                                    "items or paragraphs under them")
    if not headed and not outline.item_count:
        raise DocumentError(
            source, "has no shape the extractor can read: no headings, numbered items or bullet lists were found. "
            "Put each section's title on its own line (or use Markdown '#' headings) and list items as '1. Heading' "
            "or '- item', then extract it again")
