"""Citations: where a statement comes from, written the way a counselor would quote it."""

from __future__ import annotations

from dataclasses import dataclass

RG = "https://w3id.org/recovery-graph/def#"


@dataclass(frozen=True)
class Source:
    document_title: str
    file: str
    section_title: str
    item: int | None = None
    sub_item: int | None = None
    line_start: int | None = None
    line_end: int | None = None
    setting_label: str | None = None
    stance: str | None = None  # "favours" / "disfavours" for suitability criteria

    @property
    def locator(self) -> str:
        """'item 3.1, lines 12-14' or 'lines 12-14' for prose."""
        parts = []
        if self.item is not None:
            parts.append(f"item {self.item}" + (f".{self.sub_item}" if self.sub_item is not None else ""))
        if self.line_start is not None:
            end = self.line_end if self.line_end and self.line_end != self.line_start else None
            parts.append(f"line {self.line_start}" if end is None else f"lines {self.line_start}-{end}")
        return ", ".join(parts)

    def cite(self) -> str:
        return f"{self.document_title} ({self.file}), section \u201c{self.section_title}\u201d, {self.locator}".rstrip(", ")


def stance_word(iri) -> str | None:
    if not iri:
        return None
    return {"Favours": "favours", "Disfavours": "disfavours"}.get(str(iri).removeprefix(RG))


def from_row(row: dict) -> Source:
    """A Source from a row of concept-sources.rq, mention-sources.rq or setting-sources.rq."""
    return Source(
        document_title=row["documentTitle"],
        file=row["file"],
        section_title=row["sectionTitle"],
        item=row.get("item"),
        sub_item=row.get("subItem"),
        line_start=row.get("lineStart"),
        line_end=row.get("lineEnd"),
        setting_label=row.get("settingLabel"),
        stance=stance_word(row.get("stance")),
    )
