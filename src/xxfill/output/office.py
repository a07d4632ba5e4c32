"""PDF and page pictures through LibreOffice, and which fonts the machine lacks.

One LibreOffice profile is made per ``Office`` and reused for every conversion it runs, and a
batch converts all its documents in one ``soffice`` process (``convert_many``). When unoserver's
``unoconvert`` is on the PATH and answers, it is used instead (a resident LibreOffice: no start-up
per call). Without LibreOffice every entry point raises ``OfficeMissingError``, whose message says
how to install it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

import regex

from xxfill.core.errors import OutputError

__all__ = [
    "INSTALL_HINT",
    "POPPLER_HINT",
    "MissingFont",
    "Office",
    "OfficeMissingError",
    "missing_fonts",
    "soffice_path",
]

INSTALL_HINT = (
    "PDF and previews need LibreOffice: on Debian or Ubuntu run "
    "'apt-get install libreoffice-writer-nogui fonts-noto-cjk', on macOS "
    "'brew install --cask libreoffice', on Windows install it from libreoffice.org; "
    "or save as .docx instead"
)


POPPLER_HINT = (
    "page pictures need poppler's pdftoppm: 'apt-get install poppler-utils' on Debian or Ubuntu, "
    "'brew install poppler' on macOS; save as .pdf to see the pages meanwhile"
)


class OfficeMissingError(OutputError):
    """LibreOffice (``soffice``) is not installed, so PDF output and previews cannot be made."""


def soffice_path() -> str | None:
    """The LibreOffice executable on the PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


class Office:
    """A LibreOffice converter with one private profile, reused across conversions.

    Use it as a context manager (the profile is removed on exit)::

        with Office() as office:
            pdfs = office.convert_many([(docx_bytes, "a.docx"), (more, "b.docx")], "pdf")
    """

    def __init__(self, *, timeout: float = 180.0) -> None:
        exe = soffice_path()
        if exe is None:
            raise OfficeMissingError(INSTALL_HINT)
        self.exe = exe
        self.timeout = timeout
        self._tmp = tempfile.TemporaryDirectory(prefix="xxfill-office-")
        self.profile = Path(self._tmp.name, "profile").as_uri()
        self.unoconvert = shutil.which("unoconvert")

    def __enter__(self) -> Office:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Remove the profile and any files left by conversions."""
        self._tmp.cleanup()

    def convert(self, data: bytes, name: str, to: str = "pdf") -> bytes:
        """``data`` (a document named ``name``, whose suffix says its format) converted to
        ``to`` (an export format LibreOffice knows, such as ``pdf``)."""
        return self.convert_many([(data, name)], to)[0]

    def convert_many(self, documents: Sequence[tuple[bytes, str]], to: str = "pdf") -> list[bytes]:
        """Convert every document in one LibreOffice run; the results in the same order."""
        if not documents:
            return []
        work = Path(tempfile.mkdtemp(dir=self._tmp.name))
        inputs = []
        for i, (data, name) in enumerate(documents):
            path = work / f"{i:06d}{Path(name).suffix or '.docx'}"
            path.write_bytes(data)
            inputs.append(path)
        outdir = work / "out"
        if not (self.unoconvert and self._unoconvert(inputs, outdir, to)):
            self._soffice(inputs, outdir, to)
        results = []
        for path, (_data, name) in zip(inputs, documents, strict=True):
            out = outdir / f"{path.stem}.{to}"
            if not out.is_file():
                raise OutputError(f"LibreOffice could not convert {name} to {to.upper()}")
            results.append(out.read_bytes())
        shutil.rmtree(work, ignore_errors=True)
        return results

    def _soffice(self, inputs: Sequence[Path], outdir: Path, to: str) -> None:
        cmd = [
            self.exe,
            f"-env:UserInstallation={self.profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            *map(str, inputs),
        ]
        try:
            subprocess.run(
                cmd, capture_output=True, timeout=self.timeout * len(inputs), check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise OutputError(f"LibreOffice conversion failed: {exc}") from None

    def _unoconvert(self, inputs: Sequence[Path], outdir: Path, to: str) -> bool:
        """Convert through a running unoserver; False when none answers (then soffice runs)."""
        assert self.unoconvert is not None
        outdir.mkdir(parents=True, exist_ok=True)
        for path in inputs:
            cmd = [
                self.unoconvert,
                "--convert-to",
                to,
                str(path),
                str(outdir / f"{path.stem}.{to}"),
            ]
            try:
                done = subprocess.run(cmd, capture_output=True, timeout=self.timeout, check=False)
            except (OSError, subprocess.TimeoutExpired):
                return False
            if done.returncode != 0:
                return False
        return True


def pdf_pages_to_png(pdf: bytes, pages: int, *, dpi: int = 80) -> list[bytes] | None:
    """The first ``pages`` pages of ``pdf`` as PNG images through poppler's ``pdftoppm``, or
    ``None`` when it is not installed."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="xxfill-pages-") as tmp:
        src = Path(tmp, "in.pdf")
        src.write_bytes(pdf)
        cmd = [exe, "-png", "-r", str(dpi), "-f", "1", "-l", str(pages), str(src), f"{tmp}/page"]
        try:
            subprocess.run(cmd, capture_output=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return [p.read_bytes() for p in sorted(Path(tmp).glob("page*.png"))]


class MissingFont:
    """A font the document names that this machine does not have, and what stands in for it."""

    def __init__(self, name: str, substitute: str | None) -> None:
        self.name = name
        self.substitute = substitute

    def __repr__(self) -> str:
        return f"<MissingFont {self.name} → {self.substitute}>"

    def __str__(self) -> str:
        stand_in = f"{self.substitute} will stand in" if self.substitute else "no font stands in"
        return f"the font {self.name} is not installed: {stand_in}"


_CJK = regex.compile(r"\p{Han}")


def _run(cmd: Sequence[str]) -> str | None:
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def installed_families() -> frozenset[str] | None:
    """Every font family fontconfig knows (all localised names), or ``None`` without
    ``fc-list``."""
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    out = _run([exe, ":", "family"])
    if out is None:
        return None
    return frozenset(
        name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()
    )


def missing_fonts(names: Iterable[str]) -> list[MissingFont]:
    """The fonts among ``names`` that are not installed, each with fontconfig's stand-in
    (empty when fontconfig is not there to ask)."""
    names = set(names)
    families = installed_families() if names else None
    if families is None:
        return []
    match = shutil.which("fc-match")
    missing = []
    for name in sorted(names):
        if name in families:
            continue
        # fontconfig picks a Latin font for a CJK name unless told the text is Chinese
        query = f"{name}:lang=zh-cn" if _CJK.search(name) else name
        substitute = _run([match, "-f", "%{family[0]}", query]) if match else None
        missing.append(MissingFont(name, (substitute or "").strip() or None))
    return missing
