"""The scale benchmark's cached stores are rebuilt when the data or the build changes."""

import json
import shutil

import pytest

from benchmarks import scale, scale_data


@pytest.fixture
def small(tmp_path, monkeypatch):
    """prepare() on a tiny synthetic folder under tmp_path instead of build/scale."""
    data = scale_data.data_dir(2000, root=tmp_path)
    monkeypatch.setattr(scale.scale_data, "data_dir", lambda size: data)
    return data.parent


def test_the_fingerprint_follows_the_build_code_and_queries(tmp_path, monkeypatch):
    for pattern in scale.BUILD_SOURCES:
        for path in scale.ROOT.glob(pattern):
            target = tmp_path / path.relative_to(scale.ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    (tmp_path / "graph" / "app_only.py").write_text("x = 1\n")
    monkeypatch.setattr(scale, "ROOT", tmp_path)
    first = scale.build_fingerprint()
    (tmp_path / "graph" / "app_only.py").write_text("x = 2\n")  # not part of the build
    assert scale.build_fingerprint() == first
    rq = next((tmp_path / "queries" / "build").glob("*.rq"))
    rq.write_text(rq.read_text() + "\n# changed\n")
    assert scale.build_fingerprint() != first
    changed = scale.build_fingerprint()
    (tmp_path / "graph" / "tokens.py").write_text("# another index\n")
    assert scale.build_fingerprint() != changed


def test_prepare_reuses_the_cached_store_until_the_build_changes(small, monkeypatch):
    setup = scale.prepare("2000")
    stamp = json.loads((small / "built.json").read_text())
    assert stamp["build"] == scale.build_fingerprint() and stamp["manifest"]["plan"]["target"] == 2000
    dump = small / "dump.nq"
    written = dump.stat().st_mtime_ns
    assert setup.quads == sum(1 for line in dump.read_bytes().splitlines() if line.strip())
    scale.prepare("2000")
    assert dump.stat().st_mtime_ns == written  # same data, same build: nothing rewritten
    monkeypatch.setattr(scale, "build_fingerprint", lambda: "another build")
    scale.prepare("2000")
    assert dump.stat().st_mtime_ns != written
    assert json.loads((small / "built.json").read_text())["build"] == "another build"
    assert (small / "store").is_dir()


def test_the_stamp_tells_a_reader_whether_the_store_is_current(small, monkeypatch):
    """The load test reads the on-disk store without building: it must see when that store is stale."""
    assert not scale.stamp_is_current(small)  # generated data, no store yet
    scale.prepare("2000")
    assert scale.stamp_is_current(small)
    monkeypatch.setattr(scale, "build_fingerprint", lambda: "another build")
    assert not scale.stamp_is_current(small)
    monkeypatch.undo()
    shutil.rmtree(small / "store")
    assert not scale.stamp_is_current(small)
