"""Output under failure: a write that fails half-way (disk full, permission denied, the target
turning into a directory, an interrupt) leaves no partial file and no temporary file; the
input template is never modified; concurrent fills from threads agree."""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import xxfill
from docxbuild import FS, build_docx, p, r, table
from xxfill.output import atomic as _output

DOCX = build_docx(
    p(r("关于召开", FS), r("X", FS), r("X"), r("工作会议的通知", FS))
    + p("各XX单位：定于20XX年XX月XX日召开第XX次会议。")
    + table([["参会人", "XXX"], ["人数", "XX人"]]),
    headers=[p("XX县XX局")],
    footnotes=[p("数据截至XX月底。")],
)
TEXT = "关于召开XX工作会议的通知\r\n各XX单位：\r\n定于20XX年XX月XX日召开第XX次会议。\r\n".encode()


def values_for(source: Any, seed: int = 0) -> dict[str, object]:
    """A value for every placeholder (strings, so any kind takes them)."""
    return {f"#{ph.index}": f"值{seed}-{ph.index}" for ph in xxfill.scan(source)}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(directory: Path) -> dict[str, str]:
    """Every file in ``directory`` (hidden temp files too) with its content hash."""
    return {f.name: digest(f) for f in sorted(directory.iterdir()) if f.is_file()}


@pytest.fixture(params=["docx", "text"])
def template(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The template file, in its own folder beside the output folder."""
    src = tmp_path / "in"
    src.mkdir()
    if request.param == "docx":
        path = src / "通知.docx"
        path.write_bytes(DOCX)
    else:
        path = src / "通知.txt"
        path.write_bytes(TEXT)
    return path


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("an unrelated file")
    return out


class PartialWriter:
    """A file object that writes the first half of what it is given, then fails with ``err``."""

    def __init__(self, raw: Any, err: int) -> None:
        self.raw = raw
        self.err = err

    def write(self, data: bytes) -> int:
        self.raw.write(data[: len(data) // 2])
        self.raw.flush()
        raise OSError(self.err, os.strerror(self.err))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)

    def __enter__(self) -> PartialWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.raw.close()


def half_write(err: int) -> Callable[..., Any]:
    real = os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        return PartialWriter(real(fd, *args, **kwargs), err)

    return fdopen


@pytest.mark.parametrize(
    ("err", "words"),
    [(errno.ENOSPC, "space"), (errno.EIO, "error"), (errno.EDQUOT, "quota")],
    ids=["disk-full", "io-error", "quota"],
)
@pytest.mark.parametrize("existing", [False, True], ids=["new-target", "old-target"])
def test_a_write_failing_half_way_leaves_nothing_behind(
    template: Path,
    out_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    err: int,
    words: str,
    existing: bool,
) -> None:
    """Half the bytes are written, then the disk is full (or fails): OutputError saying why;
    an old target keeps its old content, a new one never appears, no temporary file stays."""
    target = out_dir / f"filled{template.suffix}"
    if existing:
        target.write_bytes(b"previous version")
    before = listing(out_dir)
    result = xxfill.fill(template, values_for(template))
    monkeypatch.setattr(_output.os, "fdopen", half_write(err))
    with pytest.raises(xxfill.OutputError, match=words) as info:
        result.save(target)
    assert isinstance(info.value, OSError)
    assert listing(out_dir) == before


@pytest.mark.parametrize("step", ["mkstemp", "fsync", "chmod", "replace"])
def test_permission_denied_at_any_step_leaves_nothing_behind(
    template: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """EACCES while creating the temp file, syncing, setting its mode or renaming it over the
    target: OutputError, the folder is exactly as it was."""
    target = out_dir / f"filled{template.suffix}"
    target.write_bytes(b"previous version")
    before = listing(out_dir)
    result = xxfill.fill(template, values_for(template))

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    owner = tempfile if step == "mkstemp" else _output.os
    monkeypatch.setattr(owner, step, denied)
    with pytest.raises(xxfill.OutputError, match="Permission denied"):
        result.save(target)
    monkeypatch.undo()
    assert listing(out_dir) == before


def test_a_target_that_becomes_a_directory_mid_write_is_left_alone(
    template: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone creates a directory at the target path while the bytes are being written: the
    rename fails, OutputError, the directory and its content survive, no temp file stays."""
    target = out_dir / f"filled{template.suffix}"
    result = xxfill.fill(template, values_for(template))
    real_fsync = os.fsync

    def fsync_then_mkdir(fd: int) -> None:
        real_fsync(fd)
        target.mkdir()
        (target / "inside.txt").write_text("mine")

    monkeypatch.setattr(_output.os, "fsync", fsync_then_mkdir)
    with pytest.raises(xxfill.OutputError):
        result.save(target)
    assert target.is_dir()
    assert (target / "inside.txt").read_text() == "mine"
    assert listing(out_dir) == {"keep.txt": digest(out_dir / "keep.txt")}


def test_a_directory_or_missing_folder_as_target_is_an_output_error(
    template: Path, out_dir: Path
) -> None:
    """Saving onto an existing directory, or into a folder that does not exist, is refused up
    front with a clear OutputError."""
    result = xxfill.fill(template, values_for(template))
    (out_dir / "adir").mkdir()
    with pytest.raises(xxfill.OutputError, match="directory"):
        result.save(out_dir / "adir")
    with pytest.raises(xxfill.OutputError, match="does not exist"):
        result.save(out_dir / "missing" / "x.docx")
    assert sorted(f.name for f in out_dir.iterdir()) == ["adir", "keep.txt"]


def test_an_interrupt_during_the_write_leaves_no_temporary_file(
    template: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A KeyboardInterrupt while syncing propagates as it is, and still cleans up."""
    result = xxfill.fill(template, values_for(template))

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    before = listing(out_dir)
    monkeypatch.setattr(_output.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        result.save(out_dir / f"filled{template.suffix}")
    assert listing(out_dir) == before


# --------------------------------------------------------------------------------------------
# The input is never modified


def test_the_input_is_never_modified_by_scan_fill_or_save(template: Path, out_dir: Path) -> None:
    """Same bytes and same modification time after scanning, filling, saving elsewhere, a
    refused save over itself and a fill that fails validation."""
    before = (digest(template), template.stat().st_mtime_ns)
    result = xxfill.fill(template, values_for(template))
    result.save(out_dir / f"filled{template.suffix}")
    with pytest.raises(xxfill.OutputError, match="input"):
        result.save(template)
    with pytest.raises(xxfill.ValidationError):
        xxfill.fill(template, {"#1": "bad\x00"})
    xxfill.scan(template)
    assert (digest(template), template.stat().st_mtime_ns) == before


def test_saving_over_the_input_through_another_path_is_refused(
    template: Path, tmp_path: Path
) -> None:
    """A symlink or a hard link to the input is still the input."""
    result = xxfill.fill(template, values_for(template))
    link = tmp_path / f"link{template.suffix}"
    link.symlink_to(template)
    hard = tmp_path / f"hard{template.suffix}"
    os.link(template, hard)
    before = digest(template)
    for alias in (link, hard):
        with pytest.raises(xxfill.OutputError, match="input"):
            result.save(alias)
    assert digest(template) == before


def test_overwriting_the_input_when_asked_is_atomic(template: Path) -> None:
    """With overwrite_input=True the template is replaced in one step by the filled file, and
    no temporary file remains beside it."""
    result = xxfill.fill(template, values_for(template))
    result.save(template, overwrite_input=True)
    assert template.read_bytes() == result.to_bytes()
    assert [f.name for f in template.parent.iterdir()] == [template.name]


def test_bytes_given_in_memory_are_not_mutated() -> None:
    """A bytearray template is read, not written to."""
    data = bytearray(DOCX)
    xxfill.fill(data, values_for(bytes(data)))
    assert bytes(data) == DOCX


# --------------------------------------------------------------------------------------------
# Threads


def test_concurrent_fills_of_the_same_template_from_threads_agree(template: Path) -> None:
    """Sixteen threads fill the same template file (each with its own values, several times
    over) and also share one Scan: every result is byte-identical to the sequential one."""
    sc = xxfill.scan(template)
    seeds = list(range(8))
    expected = {s: xxfill.fill(template, values_for(template, s)).to_bytes() for s in seeds}
    barrier = threading.Barrier(16)

    def work(k: int) -> list[tuple[int, bytes]]:
        barrier.wait()
        out = []
        for round_ in range(4):
            s = seeds[(k + round_) % len(seeds)]
            source = sc if (k + round_) % 2 else template
            out.append((s, xxfill.fill(source, values_for(template, s)).to_bytes()))
        return out

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = [item for chunk in pool.map(work, range(16)) for item in chunk]
    assert len(results) == 64
    for s, data in results:
        assert data == expected[s]


def test_concurrent_saves_to_different_files_in_one_folder_all_land(
    template: Path, out_dir: Path
) -> None:
    """Thirty-two threads save into the same folder at once: every file is complete, and no
    temporary file is left."""
    result = xxfill.fill(template, values_for(template))
    data = result.to_bytes()

    def save(i: int) -> str:
        return result.save(out_dir / f"copy{i}{template.suffix}")

    with ThreadPoolExecutor(max_workers=32) as pool:
        paths = list(pool.map(save, range(32)))
    assert all(Path(path).read_bytes() == data for path in paths)
    assert sorted(f.name for f in out_dir.iterdir() if f.name.startswith(".")) == []
