"""The core never imports Streamlit: only graph/ui does."""

import subprocess
import sys


def test_core_modules_do_not_import_streamlit():
    code = (
        "import sys, graph.cli, graph.build, graph.store, graph.validate, graph.stats, graph.export, graph.queries;"
        "print('streamlit' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_no_sparql_strings_in_core_python():
    from pathlib import Path

    core = Path(__file__).resolve().parent.parent / "graph"
    offenders = [
        str(p) for p in core.rglob("*.py")
        if any(k in p.read_text(encoding="utf-8") for k in ("SELECT ?", "CONSTRUCT {", "WHERE {"))
    ]
    assert offenders == []
