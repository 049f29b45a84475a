"""Shared fixtures: the real graph built once from data/, and helpers for temporary data folders."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

import pytest

from graph.build import build
from graph.datafiles import DEFAULT_DATA_DIR
from graph.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
# Tests never see or write the user's own overlay (graph.userdata): an empty user folder per session.
os.environ["RECOVERY_GRAPH_USER_DIR"] = tempfile.mkdtemp(prefix="recovery-graph-user-")
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def built():
    return build()


@pytest.fixture(scope="session")
def store(built):
    return OxigraphStore(built.store)


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of data/ to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


OVERLAY_PREFIXES = (
    "@prefix rg: <https://w3id.org/recovery-graph/def#> .\n"
    "@prefix rgc: <https://w3id.org/recovery-graph/id/concept/> .\n"
    "@prefix rgt: <https://w3id.org/recovery-graph/id/theme/> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
)


def store_with_overlay(tmp_path, name: str, turtle: str) -> OxigraphStore:
    """The curated graph plus one made-up overlay document (Turtle statements; the usual prefixes are
    declared), built the way the app builds a user's overlay."""
    overlay = tmp_path / "user" / "overlay"
    overlay.mkdir(parents=True)
    (overlay / f"{name}.ttl").write_text(OVERLAY_PREFIXES + turtle, encoding="utf-8")
    return OxigraphStore(build(user_dir=tmp_path / "user").store)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_server():
    """The real app under `streamlit run`, on a free loopback port."""
    port = free_port()
    log = open(ROOT / "tests" / ".streamlit-test.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urlopen(url + "/_stcore/health", timeout=1).status == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("streamlit did not start within 60 s; see tests/.streamlit-test.log")
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, driven by Playwright (never `playwright install`)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("RECOVERY_GRAPH_REQUIRE_BROWSER"):
            pytest.fail("chromium is required here (RECOVERY_GRAPH_REQUIRE_BROWSER=1): apt-get install chromium")
        pytest.skip("chromium not installed: apt-get install chromium (make test does it when run as root)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


@pytest.fixture(scope="session")
def sparql_endpoint(tmp_path_factory):
    """`recovery-graph serve` (the Oxigraph server, read-only, behind the query guard) on a free
    loopback port, over a store built from data/; yields the query URL. A 3 s time limit keeps the
    runaway-query tests short."""
    from graph.server import wait_until_up

    folder = tmp_path_factory.mktemp("endpoint")
    port = free_port()
    log = open(folder / "serve.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "serve", "--port", str(port), "--store", str(folder / "store"),
         "--timeout", "3"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_up(url, proc, seconds=60)
    except Exception:
        proc.kill()
        pytest.fail(f"recovery-graph serve did not start: {(folder / 'serve.log').read_text()}")
    yield url
    proc.terminate()
    proc.wait(timeout=15)
    log.close()
