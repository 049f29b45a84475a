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
