"""A table of sources (document, section, item, lines, setting) under a statement."""

import pandas as pd
import streamlit as st


def sources_table(sources, key: str | None = None) -> None:
    frame = pd.DataFrame([
        {"Document": s.document_title, "File": s.file, "Section": s.section_title,
         "Where": s.locator, "Setting": s.setting_label or "", "Stance": s.stance or ""}
        for s in sources
    ])
    if not frame.empty and not frame["Stance"].any():
        frame = frame.drop(columns=["Stance"])
    st.dataframe(frame, hide_index=True, width="stretch", key=key)


def sources_list(sources) -> None:
    """The same citations as compact text: much lighter than a table when a page shows hundreds."""
    lines = []
    for s in sources:
        extra = f" · {s.setting_label}" if s.setting_label else ""
        extra += f" · {s.stance}" if s.stance else ""
        lines.append(f"- *{s.document_title}* ({s.file}), \u00a7 {s.section_title}"
                     + (f", {s.locator}" if s.locator else "") + extra)
    st.markdown("\n".join(lines))
