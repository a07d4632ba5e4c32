"""Atomic output: the target is complete or untouched, and no temporary file is left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from xxfill import OutputError
from xxfill.output.atomic import write_atomic


def test_write_replaces_the_target_completely(tmp_path: Path) -> None:
    """A successful write leaves exactly the new bytes and nothing else in the folder."""
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    write_atomic(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_the_input_is_never_overwritten_unless_asked(tmp_path: Path) -> None:
    """Writing over the protected input raises; overwrite_input=True allows it."""
    src = tmp_path / "template.txt"
    src.write_bytes(b"XX")
    with pytest.raises(OutputError, match="refusing to overwrite the input"):
        write_atomic(src, b"12", protect=src)
    assert src.read_bytes() == b"XX"
    write_atomic(src, b"12", protect=src, overwrite_input=True)
    assert src.read_bytes() == b"12"


def test_a_directory_target_is_an_error(tmp_path: Path) -> None:
    """A folder as target is refused with a message that says so."""
    with pytest.raises(OutputError, match="is a directory"):
        write_atomic(tmp_path, b"x")


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    """A target in a folder that does not exist is refused, nothing is created."""
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "nope" / "out.txt", b"x")
    assert not (tmp_path / "nope").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_permission_denied_leaves_nothing_behind(tmp_path: Path) -> None:
    """A read-only folder gives OutputError and leaves no temporary file."""
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(OutputError):
            write_atomic(ro / "out.txt", b"x")
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o700)


def test_a_failure_half_way_leaves_no_partial_or_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the disk fills during the write, the old target survives and no temp file is left."""
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")

    def fail_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail_fsync)
    with pytest.raises(OutputError, match="No space left"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_permission_denied_at_rename_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused rename (as root cannot be simulated by chmod) cleans up its temp file."""
    target = tmp_path / "out.txt"

    def deny(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", deny)
    with pytest.raises(OutputError, match="Permission denied"):
        write_atomic(target, b"new")
    assert list(tmp_path.iterdir()) == []
