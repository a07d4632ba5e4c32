"""Atomic writes: a temporary file beside the target, fsync, rename; nothing left on failure."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from xxfill.core.errors import OutputError

__all__ = ["write_atomic"]


def write_atomic(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    protect: Path | None = None,
    overwrite_input: bool = False,
) -> Path:
    """Write ``data`` to ``path`` atomically.

    ``protect`` is the input file: writing over it is refused unless ``overwrite_input`` is true.
    On any failure the target is untouched and no temporary file remains; ``OutputError`` says why.
    """
    if not str(path):
        raise OutputError("the output path is empty: give a file name")
    try:
        target = _checked_target(Path(path), protect, overwrite_input)
    except OutputError:
        raise
    except OSError as exc:  # a name too long, a loop of links, a folder we may not read
        raise OutputError(f"{path}: cannot write here: {exc.strerror or exc}") from exc
    directory = target.parent if str(target.parent) else Path(".")
    fd = -1
    tmp = ""
    try:
        # the temporary name stays short: a target name near the 255-byte limit must still work
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:40]}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        mode = 0o666 & ~_UMASK
        if target.exists():
            with contextlib.suppress(OSError):
                mode = target.stat().st_mode & 0o7777
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = ""
    except OSError as exc:
        raise OutputError(f"{target}: could not write: {exc.strerror or exc}") from exc
    finally:
        if fd != -1:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return target


def _checked_target(target: Path, protect: Path | None, overwrite_input: bool) -> Path:
    """The file to replace: a symlink is written through (its target is replaced, the link
    stays, as most tools do); anything but a regular file or a new name is refused (a FIFO,
    a device such as /dev/null, a folder), and so is the input template unless asked."""
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    if protect is not None and not overwrite_input:
        try:
            same = target.exists() and os.path.samefile(target, protect)
        except OSError:
            same = False
        if same:
            raise OutputError(
                f"{target}: refusing to overwrite the input template; write elsewhere (or, "
                "in Python, pass overwrite_input=True; 'xxfill fill' takes --in-place)"
            )
    if target.is_dir():
        raise OutputError(f"{target}: is a directory; give a file name")
    if target.exists() and not target.is_file():
        raise OutputError(
            f"{target}: is not a regular file (a FIFO, a socket or a device); xxfill only "
            "replaces regular files: give a file name"
        )
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{target}: the folder {directory} does not exist")
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once at import: os.umask() is process-wide, so probing it per write would race threads.
_UMASK = _umask()
