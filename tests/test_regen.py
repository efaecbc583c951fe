"""`pytest --regen` is the one switch that rewrites golden files, and it never passes: a run that
regenerated anything fails, so the change is reviewed with `git diff`."""

from __future__ import annotations

import pytest

from conftest import Golden


def test_without_regen_a_difference_fails_and_nothing_is_written(tmp_path):
    path = tmp_path / "g.txt"
    path.write_bytes(b"old\n")
    with pytest.raises(AssertionError, match="differs; see `pytest --regen`"):
        Golden(regen=False).check({path: b"new\n"})
    assert path.read_bytes() == b"old\n"


def test_regen_rewrites_what_differs_and_then_fails(tmp_path):
    same, changed, missing = tmp_path / "same.txt", tmp_path / "changed.txt", tmp_path / "sub" / "new.txt"
    same.write_bytes(b"a\n")
    changed.write_bytes(b"old\n")
    with pytest.raises(pytest.fail.Exception, match="regenerated .*changed.txt.*new.txt"):
        Golden(regen=True).check({same: b"a\n", changed: b"new\n", missing: b"born\n"})
    assert (same.read_bytes(), changed.read_bytes(), missing.read_bytes()) == (b"a\n", b"new\n", b"born\n")


def test_regen_with_nothing_to_change_passes(tmp_path):
    path = tmp_path / "g.txt"
    path.write_bytes(b"same\n")
    Golden(regen=True).check({path: b"same\n"})
