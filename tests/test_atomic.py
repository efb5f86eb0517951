"""mixcheck.atomic: whole files or nothing, exclusive creation, temporaries named by their writer."""

from __future__ import annotations

import os

import pytest

from mixcheck import atomic


def test_write_replaces_whole_files_and_leaves_no_temporary(tmp_path):
    p = tmp_path / "sub" / "a.json"
    assert atomic.write_json(p, {"x": 1}) is True
    assert p.read_text() == '{\n  "x": 1\n}\n'
    atomic.write_text(p, "two")
    assert p.read_text() == "two"
    assert [q.name for q in p.parent.iterdir()] == ["a.json"]


def test_exclusive_write_never_replaces_another_file(tmp_path):
    p = tmp_path / "config.json"
    assert atomic.write_bytes(p, b"first", exclusive=True) is True
    assert atomic.write_bytes(p, b"second", exclusive=True) is False
    assert p.read_bytes() == b"first" and len(list(tmp_path.iterdir())) == 1


def test_mode_and_bad_arguments(tmp_path):
    p = tmp_path / "m"
    atomic.write_bytes(p, b"x", mode=0o640)
    assert (os.stat(p).st_mode & 0o777) == 0o640
    with pytest.raises(TypeError, match="data must be bytes"):
        atomic.write_bytes(p, "text")
    with pytest.raises(ValueError, match="mode"):
        atomic.write_bytes(p, b"x", mode=-1)
    with pytest.raises(TypeError, match="text must be a str"):
        atomic.write_text(p, b"x")
    with pytest.raises(ValueError):
        atomic.write_json(p, float("nan"))
    assert p.read_bytes() == b"x"


def test_temporaries_name_their_writer(tmp_path):
    t1, t2 = atomic.temporary_path(tmp_path / "f"), atomic.temporary_path(tmp_path / "f")
    assert t1 != t2 and t1.parent == tmp_path
    assert atomic.writer_pid(t1.name) == os.getpid()
    assert atomic.writer_pid(".f.tmp-123") == 123
    assert atomic.writer_pid("f") is None and atomic.writer_pid(".f.tmp-x") is None


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    p = tmp_path / "keep"
    atomic.write_text(p, "old")

    def boom(*a):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        atomic.write_text(p, "new")
    assert p.read_text() == "old" and [q.name for q in tmp_path.iterdir()] == ["keep"]
