"""Values files (TOML and JSON) to a selector → value dict, with errors that name file and line."""

from __future__ import annotations

import json
import os
import sys
from decimal import Decimal
from pathlib import Path

import regex

from xxfill.core.errors import ValuesError
from xxfill.mapping.render import why_no_such_date

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["load_values", "parse_values"]

_TOML_WHERE = regex.compile(r"\(at line (\d+), column \d+\)|\(at end of document\)")


def load_values(path: str | os.PathLike[str]) -> dict[str, object]:
    """Read a ``.toml`` or ``.json`` values file (UTF-8, with or without BOM).

    Numbers with a fraction arrive as ``Decimal`` so they keep the digits written (``4.50``);
    TOML dates (``2023-12-05``) arrive as ``datetime.date``. Raises :class:`~xxfill.ValuesError`
    naming the file (and the line, for syntax errors).

    >>> import pathlib, tempfile, xxfill
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "values.toml"
    >>> _ = f.write_text('"党的XX大" = 20\\n"#2" = 4.50\\n', encoding="utf-8")
    >>> xxfill.load_values(f)
    {'党的XX大': 20, '#2': Decimal('4.50')}
    """
    p = Path(path)
    fmt = p.suffix.lower().lstrip(".")
    if fmt not in ("toml", "json"):
        raise ValuesError(
            f"unsupported values file type {p.suffix or '(no suffix)'!r}; use .toml or .json",
            file=str(p),
        )
    return parse_values(read_file(p, "a values file"), fmt, file=str(p))


def read_file(path: Path, what: str) -> bytes:
    """The bytes of a values or data file; ``ValuesError`` naming it when it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ValuesError("no such file", file=str(path)) from None
    except IsADirectoryError:
        raise ValuesError(f"is a directory, not {what}", file=str(path)) from None
    except OSError as exc:
        raise ValuesError(f"cannot read: {exc.strerror or exc}", file=str(path)) from None


def parse_values(data: bytes | str, fmt: str, *, file: str | None = None) -> dict[str, object]:
    """Parse values-file content in format ``"toml"`` or ``"json"``.

    >>> parse_values('"党的XX大" = 20', "toml")
    {'党的XX大': 20}
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ValuesError(
                f"not UTF-8 (byte 0x{data[exc.start]:02X}); save the file as UTF-8",
                file=file,
                line=line,
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    if fmt not in ("toml", "json"):
        raise ValuesError(f"unknown values format {fmt!r}; use toml or json", file=file)
    try:
        return _parse_toml(text, file) if fmt == "toml" else _parse_json(text, file)
    except RecursionError:
        raise ValuesError("values are nested too deeply to read", file=file) from None
    except ValuesError:
        raise
    except ValueError as exc:  # an integer of over 4300 digits: int() refuses to convert it
        long = _LONG_DIGITS.search(text)
        if long is None:
            raise ValuesError(f"cannot read the values: {exc}", file=file) from None
        raise ValuesError(
            f"a number of {len(long.group())} digits is too long to be a value",
            file=file,
            line=text.count("\n", 0, long.start()) + 1,
        ) from None


_LONG_DIGITS = regex.compile(r"[0-9_]{4300,}")


def _parse_toml(text: str, file: str | None) -> dict[str, object]:
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)  # Python 3.14+
        msg = str(getattr(exc, "msg", None) or exc)
        m = _TOML_WHERE.search(msg)
        if m:
            if line is None:
                line = int(m.group(1)) if m.group(1) else text.count("\n") + 1
            msg = msg[: m.start()].rstrip()
        # TOML counts lines at \n only (splitlines() would also split at \r, \x1c, U+2028…,
        # and drop a last empty line: the line the parser names could be past its end)
        lines = text.split("\n")
        hint = _toml_hint(lines[line - 1] if line and 1 <= line <= len(lines) else "")
        raise ValuesError(f"invalid TOML: {msg}{hint}", file=file, line=line) from None


_UNQUOTED_KEY = regex.compile(r"^\s*([^\s\"'=#\[][^=\"']*?)\s*=")
_BARE_KEY = regex.compile(r"[A-Za-z0-9_.-]+")
_DATE_LIKE = regex.compile(r"\b([0-9]{4})-([0-9]{2})-([0-9]{2})\b")


def _toml_hint(line: str) -> str:
    """What to do about the usual mistakes on the line a TOML error points at: a key with
    Chinese characters (or spaces) written without quotes, a date that does not exist."""
    m = _UNQUOTED_KEY.match(line)
    if m and not _BARE_KEY.fullmatch(m.group(1)):
        key = m.group(1)
        return f' (a key with Chinese characters, spaces or marks must be quoted: "{key}" = …)'
    for d in _DATE_LIKE.finditer(line):
        why = why_no_such_date(*(int(g) for g in d.groups()))
        if why is not None:
            return f" ({why})"
    return ""


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for k, v in pairs:
        if k in out:
            raise _Duplicate(k)
        out[k] = v
    return out


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _parse_json(text: str, file: str | None) -> dict[str, object]:
    try:
        result = json.loads(text, parse_float=Decimal, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise ValuesError(f"invalid JSON: {exc.msg}", file=file, line=exc.lineno) from None
    except _Duplicate as exc:
        line = _line_of_key(text, exc.key)
        raise ValuesError(f"duplicate selector {exc.key!r}", file=file, line=line) from None
    if not isinstance(result, dict):
        raise ValuesError(
            f"the top level must be an object of selector: value, not a {_json_type(result)}",
            file=file,
        )
    return result


def _line_of_key(text: str, key: str) -> int | None:
    needle = json.dumps(key, ensure_ascii=False)
    first = text.find(needle)
    second = text.find(needle, first + 1) if first != -1 else -1
    return text.count("\n", 0, second) + 1 if second != -1 else None


def _json_type(value: object) -> str:
    return {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )
