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
    target = Path(path)
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
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{target}: the folder {directory} does not exist")
    fd = -1
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once at import: os.umask() is process-wide, so probing it per write would race threads.
_UMASK = _umask()
