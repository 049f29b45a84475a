"""Server-side time of each page's rerun (Streamlit AppTest, caches warm) and the time from
starting the server to the first page drawn in headless chromium.

Baseline measured in the same run: an AppTest rerun of a page that only writes a title, so the
ratio shows what our pages cost above Streamlit's own per-run overhead."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

from .common import median_ms, table

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    ("home", {}),
    ("search", {"q": "crisis"}),
    ("concept", {"id": "rgc:family-therapy"}),
    ("setting", {"id": "rgc:intensive-outpatient"}),
    ("theme", {"id": "rgt:autonomy"}),
    ("compare", {"settings": "rgc:inpatient-residential,rgc:outpatient,rgc:intensive-outpatient"}),
    ("fit", {}),
]


def _apptest(page: str, params: dict):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page(f"graph/ui/{page}.py")
    at.run()
    return at


def reruns(repeat: int = 15) -> str:
    from streamlit.testing.v1 import AppTest

    baseline = AppTest.from_string("import streamlit as st\nst.title('baseline')", default_timeout=60)
    baseline.run()
    base_ms = median_ms(baseline.run, repeat)
    rows = [{"page": "baseline (title only)", "median_ms": base_ms, "ratio": 1.0}]
    for page, params in PAGES:
        at = _apptest(page, params)
        ms = median_ms(at.run, repeat)
        rows.append({"page": page, "median_ms": ms, "ratio": ms / base_ms})
    return table(rows)


def _time_to_draw(browser, app: Path, marker: str) -> float:
    port = _free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
                             "--server.headless", "true"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        while True:
            try:
                urlopen(url + "/_stcore/health", timeout=0.2)
                break
            except OSError:
                time.sleep(0.02)
        page = browser.new_page()
        page.goto(url)
        page.get_by_text(marker).wait_for(timeout=30_000)
        page.close()
        return time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def first_draw(runs: int = 3) -> str:
    """Ours against a one-line Streamlit app started and drawn the same way, in the same run."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    from playwright.sync_api import sync_playwright

    hello = Path(tempfile.mkdtemp()) / "hello.py"
    hello.write_text("import streamlit as st\nst.title('Hello baseline')\n")
    ours, base = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for _ in range(runs):
            base.append(_time_to_draw(browser, hello, "Hello baseline"))
            ours.append(_time_to_draw(browser, ROOT / "app.py", "Source documents"))
        browser.close()
    mo, mb = statistics.median(ours), statistics.median(base)
    return (f"server start -> first page drawn: ours median {mo:.2f} s, one-line Streamlit app {mb:.2f} s, "
            f"ratio {mo / mb:.2f} ({runs} runs each)")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run() -> str:
    return "Page reruns (AppTest, warm caches)\n" + reruns() + "\n\n" + first_draw()


if __name__ == "__main__":
    print(run())
