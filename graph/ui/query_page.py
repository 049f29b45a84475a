"""SPARQL: pick a named query or write one, run it read-only under the time limit and row cap,
see the answer with links to the concept pages, download it. Logic lives in graph/sparql.py."""

import pandas as pd
import streamlit as st

from graph import sparql
from graph.ui import common

NONE = ""


@st.cache_data(show_spinner="Running the query…", max_entries=200, ttl=600)
def cached_run(text: str, values: tuple, name: str | None):
    return sparql.execute(common.store(), text, dict(values), name)


@st.cache_data(show_spinner=False)
def setting_iris():
    return sparql.setting_iris(common.store())


st.title("SPARQL")
st.caption("Ask the graph anything in SPARQL 1.1: read-only, stopped after the time limit and the row cap. "
           "The same named queries run from `recovery-graph query NAME` and on the endpoint of "
           "`recovery-graph serve`.")

named = {q.name: q for q in sparql.choices()}
names = [NONE, *named]
requested = st.query_params.get("name", NONE)
if requested not in names:
    st.warning(f"There is no named query '{requested}'; pick one from the list.")
    requested = NONE
choice = st.selectbox(
    "Named query", names, index=names.index(requested), key="query-name",
    format_func=lambda n: "Write your own query" if n == NONE else f"{named[n].title}  ·  {n}",
)
if choice != st.query_params.get("name", NONE):
    if choice:
        st.query_params["name"] = choice
    else:
        st.query_params.pop("name", None)

editor = sparql.editor(choice or None)
if editor.description:
    st.write(editor.description)
text = st.text_area("Query", value=editor.text, height=340, key=f"editor-{choice}",
                    help="Ctrl+Enter runs the query. Our prefixes are declared for you.")

values = {}
params = sparql.params_of(text)
if params:
    columns = st.columns(min(len(params), 3))
    for i, p in enumerate(params):
        label = p.name + (" *" if p.required else "")
        with columns[i % len(columns)]:
            key = f"param-{choice}-{p.name}"
            if p.type == "boolean" and not p.is_list:
                values[p.name] = st.checkbox(label, value=bool(p.default), help=p.description, key=key)
            elif p.type == "integer" and p.default is not None and not p.is_list:
                values[p.name] = int(st.number_input(label, value=int(p.default), step=1, help=p.description, key=key))
            else:
                default = "" if p.default is None else str(p.default)
                if p.is_list and isinstance(p.default, list):
                    default = " ".join(map(str, p.default))
                hint = "leave empty for all" if not p.required else ""
                if p.is_list:
                    hint = "one or more, separated by spaces or commas" + (f"; {hint}" if hint else "")
                values[p.name] = st.text_input(label, value=default, help=p.description, key=key, placeholder=hint)

st.button("Run query", type="primary", icon=":material/play_arrow:")
with st.expander("Prefixes declared for you"):
    st.code("\n".join(sparql.prefix_lines()), language="sparql")

run = cached_run(text, tuple(sorted(values.items())), choice or None)
if run.missing:
    st.info(f"Give a value for {', '.join(run.missing)} to run this query.")
elif run.error:
    st.error(run.error_text())
elif run.form == "ASK":
    st.caption(run.summary())
    if run.boolean:
        st.success("Yes (true)")
    else:
        st.info("No (false)")
else:
    st.caption(run.summary())
    if run.truncated:
        st.warning(f"Only the first {run.max_rows:,} rows are shown; add LIMIT or narrow the query.")
    shown = sparql.table(run, setting_iris())
    st.dataframe(
        pd.DataFrame(shown.rows, columns=shown.columns),
        hide_index=True, width="stretch",
        column_config={c: st.column_config.LinkColumn(c, display_text=r"id=(.*)$") for c in shown.link_columns},
    )
    stem = choice or "query"
    left, right, _ = st.columns([1, 1, 6])
    left.download_button("CSV", sparql.download(run, "csv"), file_name=f"{stem}.csv", mime="text/csv",
                         icon=":material/download:")
    right.download_button("JSON", sparql.download(run, "json"), file_name=f"{stem}.json",
                          mime="application/json", icon=":material/download:")
