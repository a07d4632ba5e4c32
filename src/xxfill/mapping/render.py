"""Typed values to text, by the kind of the slot they fill (numerals per GB/T 15835-2011, dates).

The rules, in order:

- A ``str`` is inserted verbatim into a slot of any kind (after checking it can live in XML 1.0).
- ``bool``, ``None``, lists, dicts and other containers never fill a slot.
- ``count``: ``int``, ``Decimal`` or ``float``, finite and not negative, as Arabic numerals with no
  thousands separators. A ``Decimal`` keeps the digits it was given (``Decimal("4.50")`` →
  ``4.50``); a ``float`` is written without noise (``4.5`` → ``4.5``, ``3.0`` → ``3``).
- ``ordinal``: a positive whole number. Chinese numerals (cn2an's number-level ``an2cn``) when the
  slot sits in one of the fixed or solemn expressions of :data:`CHINESE_ORDINAL_CUES`
  (党的二十大, 二十届三中全会, 第十四个五年规划, “十四五”, 第三季度, 第十二条 of a law);
  Arabic numerals otherwise, because GB/T 15835-2011 writes numbering in Arabic (第3名, 第12期).
- ``date``: what the slot holds is read from the text next to it (see :func:`date_slot`): a year
  (``20XX年`` or ``XXXX年``), a month (``XX月``), a day (``XX日``/``XX号``), an hour, a minute, or a
  whole date. A ``datetime.date`` fills any of them with the part that fits; an ``int`` fills a
  part (validated: month 1–12, day 1–31, ...). Digits the template already writes before a year
  slot (``20`` in ``20XX年``) are not written twice: 2023 renders as ``23``. A date written in
  Chinese numerals in the template (``二〇XX年``) is continued in Chinese numerals, with ``〇`` for
  zero digits in the year (二〇二三年, never 二零二三年).
- ``other``: numbers as for a count, a ``datetime.date`` as a whole date.
- ``name``, ``person``, ``title``, ``quote``, ``term``: strings only.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import math
import numbers
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

import attrs
import regex

from xxfill.core.model import DEFAULT_MARKS, Kind, Placeholder, mark_class

__all__ = [
    "CHINESE_ORDINAL_CUES",
    "MAX_DIGITS",
    "DateSlot",
    "RenderError",
    "chinese_digits",
    "chinese_number",
    "date_slot",
    "ordinal_style",
    "render",
    "xml_problem",
]


class RenderError(Exception):
    """A value cannot fill a slot. ``code`` is a :class:`~xxfill.Problem` code:
    ``"type-mismatch"`` (the type cannot serve this kind) or ``"invalid-value"`` (right type,
    wrong value)."""

    def __init__(self, code: Literal["type-mismatch", "invalid-value"], message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


# --------------------------------------------------------------------------------------------
# XML 1.0 characters

_XML_BAD = regex.compile(
    "[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]",
)


def xml_problem(text: str) -> str | None:
    """Why ``text`` cannot live in an XML 1.0 document, or ``None`` when it can.

    >>> xml_problem("第1名")
    >>> xml_problem("a\\x07b")
    'contains U+0007 (a control character) at position 1, which XML 1.0 cannot hold'
    """
    m = _XML_BAD.search(text)
    if m is None:
        return None
    cp = ord(m.group())
    if 0xD800 <= cp <= 0xDFFF:
        what = "a lone surrogate"
    elif cp in (0xFFFE, 0xFFFF):
        what = "a noncharacter"
    else:
        what = "a control character"
    return f"contains U+{cp:04X} ({what}) at position {m.start()}, which XML 1.0 cannot hold"


# --------------------------------------------------------------------------------------------
# Chinese numerals

_CN_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """``n`` as a Chinese number (GB/T 15835: 零 inside a counted value).

    >>> chinese_number(20), chinese_number(14), chinese_number(105)
    ('二十', '十四', '一百零五')
    """
    from cn2an import an2cn  # imported lazily: cn2an takes ~70 ms to import

    return str(an2cn(n))


def chinese_digits(digits: str) -> str:
    """Digit-by-digit Chinese numerals, ``〇`` for zero (numbering, such as a year).

    >>> chinese_digits("2023")
    '二〇二三'
    """
    return "".join(_CN_DIGITS[int(d)] for d in digits)


_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_ASCII = str.maketrans("０１２３４５６７８９", "0123456789")

#: Fixed and solemn expressions in which an ordinal is written in Chinese numerals
#: (GB/T 15835-2011: "已定型的含汉字数字的词语", and the solemn style of congresses and sessions).
#: Each entry is ``(pattern, label)``; ``XX`` in the pattern stands for the slot, the rest is a
#: ``regex`` pattern matched against the slot's surroundings. Every ordinal that matches none of
#: them is numbering and is written in Arabic numerals (第3名, 第12期, 第5组, 2号楼).
CHINESE_ORDINAL_CUES: tuple[tuple[str, str], ...] = (
    (r"党的XX大", "party congress (党的二十大)"),
    (
        r"XX大(?:精神|报告|以来|胜利|代表|召开|期间|部署|提出|作出|确立|强调|首次|开幕|闭幕)",
        "congress (二十大精神)",
    ),
    (r"XX届(?!毕业|学生|校友|本科|硕士|博士|新生|学员)", "session (十四届, 第十四届)"),
    (r"XX中全会", "plenary session (三中全会)"),
    (r"第XX次(?:全国|全省|全市|全区|全县)?(?:党员)?代表大会", "congress (第二十次全国代表大会)"),
    (r"第?XX次党代会|第XX党代会", "party congress (第十四次党代会)"),
    (
        r"(?:人大|政协|全会|代表大会|常委会|职代会|党代会|届)XX次(?:会议|全体会议)",
        "session of a congress (人大二次会议, 十四届二次会议)",
    ),
    (r"第XX个五年(?:规划|计划)", "five-year plan (第十四个五年规划)"),
    (
        r"[“\"‘']十?XX五[”\"’']|XX五(?:规划|时期|期间|开局|末)",
        "five-year plan (“十四五”)",
    ),
    (r"第XX季度", "quarter (第三季度)"),
    (r"第XX(?:编|章|节|条|款)", "article of a law or regulation (第十二条)"),
    (r"星期XX|礼拜XX", "weekday (星期五)"),
    (r"^XX、", "heading number at the start of a paragraph (一、)"),
    (r"(?:^|[。；;！？!?])XX(?:是|要|来)", "enumeration in running text (一是……二是)"),
)

_SLOT = "\ue000"  # stands for the slot in the surroundings (a private-use character)


def _compile_cues() -> tuple[tuple[regex.Pattern[str], str], ...]:
    out = []
    for pattern, label in CHINESE_ORDINAL_CUES:
        out.append((regex.compile(pattern.replace("XX", _SLOT), regex.V1), label))
    return tuple(out)


_CUES = _compile_cues()


def ordinal_style(placeholder: Placeholder) -> tuple[Literal["chinese", "arabic"], str]:
    """Which numerals an ordinal takes in this slot, and why.

    >>> from xxfill.core.model import Kind, Placeholder
    >>> p = Placeholder(1, "XX", Kind.ORDINAL, "k", "text", 2, 4, "党的", "大精神", "")
    >>> ordinal_style(p)[0]
    'chinese'
    """
    window = f"{placeholder.before}{_SLOT}{placeholder.after}"
    for pattern, label in _CUES:
        for m in pattern.finditer(window, overlapped=True):
            if m.start() <= len(placeholder.before) < m.end():
                return "chinese", label
    return "arabic", "numbering (GB/T 15835: Arabic numerals)"


# --------------------------------------------------------------------------------------------
# Date slots

DatePart = Literal["year", "month", "day", "hour", "minute", "weekday", "quarter", "full"]


@attrs.frozen
class DateSlot:
    """What part of a date a slot holds.

    ``prefix`` is the digits the template already writes before a year slot (``"20"`` in
    ``20XX年``), normalised to ASCII; ``chinese`` is true when the surrounding date is written in
    Chinese numerals (``二〇XX年``); ``fullwidth`` when the prefix uses full-width digits.
    """

    part: DatePart
    prefix: str = ""
    chinese: bool = False
    fullwidth: bool = False
    #: the slot is one side of a clock time (9:XX), so minutes take two digits (9:05)
    clock: bool = False


_PREFIX_ARABIC = regex.compile(r"[0-9０-９]+\Z")
_PREFIX_CHINESE = regex.compile(r"[〇零一二三四五六七八九]+\Z")


@attrs.frozen
class _Around:
    """Patterns that read a date slot's neighbours, where a mark (the options' marks) stands
    for the neighbouring slot of the same date (20XX.XX, 9:XX, 二〇XX年)."""

    chinese_date_before: Any
    clock_after: Any
    clock_before: Any
    dot_after: Any
    dot_before: Any


@functools.lru_cache(maxsize=16)
def _around(marks: tuple[str, ...]) -> _Around:
    m = mark_class(marks) if marks else "(?!)"
    return _Around(
        # A date written in Chinese numerals before the slot: 二〇二四年, 十二月, and also
        # 二〇XX年 or 二〇XX年XX月 (the year's own digits are Chinese, its other slots follow).
        chinese_date_before=regex.compile(
            r"(?:[〇零一二三四五六七八九十]+[年月]"
            rf"|[〇零一二三四五六七八九十]+{m}*年(?:(?:[〇零一二三四五六七八九十]|{m})+月)?)\s*\Z"
        ),
        clock_after=regex.compile(rf"[:：](?:[0-9０-９]|{m})"),
        clock_before=regex.compile(rf"(?:[0-9０-９]|{m})[:：]\Z"),
        dot_after=regex.compile(rf"[.．](?:[0-9０-９]|{m})"),
        dot_before=regex.compile(rf"(?:[0-9０-９]|{m})[.．]\Z"),
    )


_WEEKDAY_BEFORE = regex.compile(r"(?:星期|礼拜|周)\Z")
#: Monday (1) … Sunday (7) as a weekday slot writes them.
_WEEKDAYS = "一二三四五六日"
_PART_AFTER: tuple[tuple[str, DatePart], ...] = (
    ("季度", "quarter"),
    ("年", "year"),
    ("月", "month"),
    ("日", "day"),
    ("号", "day"),
    ("时", "hour"),
    ("点", "hour"),
    ("分", "minute"),
)


def date_slot(placeholder: Placeholder, marks: tuple[str, ...] = DEFAULT_MARKS) -> DateSlot:
    """Read what part of a date ``placeholder`` holds from the text right after it (``marks``
    are the template's placeholder marks: one next to the slot is a neighbouring slot).

    >>> from xxfill.core.model import Kind, Placeholder
    >>> def p(before, after):
    ...     return Placeholder(1, "XX", Kind.DATE, "k", "text", 0, 2, before, after, "")
    >>> date_slot(p("于20", "年")), date_slot(p("", "月底前")).part
    (DateSlot(part='year', prefix='20', chinese=False, fullwidth=False, clock=False), 'month')
    """
    before, after = placeholder.before, placeholder.after
    around = _around(marks)
    if _WEEKDAY_BEFORE.search(before):
        return DateSlot("weekday")  # 星期XX, 礼拜XX, 周XX: written 一 … 六, 日
    part: DatePart = "full"
    clock = False
    for suffix, name in _PART_AFTER:
        if after.startswith(suffix):
            part = name
            break
    else:
        if around.clock_after.match(after):
            part, clock = "hour", True  # XX:30 or XX:XX, the hour side
        elif around.clock_before.search(before):
            part, clock = "minute", True  # 9:XX (a label such as 时间：XX is not a clock)
        elif around.dot_after.match(after) or around.dot_before.search(before):
            # 20XX.XX.XX: the year before the first point, the month between, the day after
            dot_after, dot_before = around.dot_after.match(after), around.dot_before.search(before)
            part = "month" if dot_after and dot_before else "year" if dot_after else "day"
    prefix = ""
    chinese = fullwidth = False
    m = _PREFIX_ARABIC.search(before)
    if m and (
        part == "year" or (part == "full" and len(m.group()) + len(placeholder.literal) == 4)
    ):
        # 20XX年, and 〔20XX〕 in a document number
        part = "year"
        prefix = m.group().translate(_ASCII)
        fullwidth = any("０" <= c <= "９" for c in m.group())
    elif part == "year" and (mc := _PREFIX_CHINESE.search(before)):
        prefix = "".join(str(_CN_DIGITS.index(c)) if c in _CN_DIGITS else "0" for c in mc.group())
        chinese = True
    elif part in ("month", "day", "full") and around.chinese_date_before.search(before):
        chinese = True
    return DateSlot(part, prefix, chinese, fullwidth, clock)


def _date_text(d: _dt.date, chinese: bool) -> str:
    if chinese:
        return (
            f"{chinese_digits(f'{d.year:04d}')}年{chinese_number(d.month)}月"
            f"{chinese_number(d.day)}日"
        )
    return f"{d.year}年{d.month}月{d.day}日"


_RANGES: dict[str, tuple[int, int]] = {
    "year": (1, 9999),
    "month": (1, 12),
    "day": (1, 31),
    "hour": (0, 24),
    "minute": (0, 59),
}


def _render_year(year: int, slot: DateSlot, given: str) -> str:
    if not 1 <= year <= 9999:
        raise RenderError("invalid-value", f"{given} is not a year (1 to 9999)")
    digits = str(year)
    if slot.prefix:
        tail_width = 4 - len(slot.prefix)
        if len(digits) == 4:
            if not digits.startswith(slot.prefix):
                raise RenderError(
                    "invalid-value",
                    f"the template already writes {slot.prefix!r} before this year slot, "
                    f"so {given} does not fit (give a year starting with {slot.prefix})",
                )
            digits = digits[len(slot.prefix) :]
        elif tail_width > 0 and year < 10**tail_width:
            digits = digits.zfill(tail_width)  # 5 after "20" is 2005
        else:
            raise RenderError(
                "invalid-value",
                f"{given} does not fit after {slot.prefix!r}: give the full year "
                f"({slot.prefix}{'0' * max(tail_width, 0)} or later)",
            )
    if slot.chinese:
        return chinese_digits(digits)
    if slot.fullwidth:
        return digits.translate(_FULLWIDTH)
    return digits


def _render_date(value: object, slot: DateSlot) -> str:
    if slot.part == "weekday":
        if isinstance(value, _dt.date):
            return _WEEKDAYS[value.isoweekday() - 1]
        n = _as_whole(value)
        if n is None or not 1 <= n <= 7:
            raise RenderError(
                "invalid-value" if n is not None else "type-mismatch",
                f"a weekday slot (星期XX) takes a date or 1 (Monday) to 7 (Sunday), not "
                f"{_describe(value)}",
            )
        return _WEEKDAYS[n - 1]
    if slot.part == "quarter":
        # XX季度: 一季度 … 四季度 (a fixed expression, Chinese numerals), from 1-4 or a date
        if isinstance(value, _dt.date):
            return chinese_number((value.month - 1) // 3 + 1)
        n = _as_whole(value)
        if n is None or not 1 <= n <= 4:
            raise RenderError(
                "invalid-value" if n is not None else "type-mismatch",
                f"a quarter slot (XX季度) takes a date or 1 to 4, not {_describe(value)}",
            )
        return chinese_number(n)
    if isinstance(value, _dt.date):
        if isinstance(value, _dt.datetime) and slot.part in ("hour", "minute"):
            n = value.hour if slot.part == "hour" else value.minute
            return _clock_or_plain(n, slot)
        if slot.part == "full":
            return _date_text(value, slot.chinese)
        if slot.part == "year":
            return _render_year(value.year, slot, str(value))
        if slot.part == "month":
            return chinese_number(value.month) if slot.chinese else str(value.month)
        if slot.part == "day":
            return chinese_number(value.day) if slot.chinese else str(value.day)
        raise RenderError(
            "type-mismatch", f"a date cannot fill an {slot.part} slot; give a whole number"
        )
    n = _as_whole(value)
    if n is None:
        raise RenderError(
            "type-mismatch",
            f"a date slot takes a date (2023-12-05) or a whole number, not {_describe(value)}",
        )
    if slot.part == "full":
        raise RenderError(
            "type-mismatch",
            f"this slot holds a whole date; give a date such as 2023-12-05, not {_describe(value)}",
        )
    if slot.part == "year":
        return _render_year(n, slot, str(n))
    low, high = _RANGES[slot.part]
    if not low <= n <= high:
        raise RenderError("invalid-value", f"{n} is not a valid {slot.part} ({low} to {high})")
    return _clock_or_plain(n, slot)


def _clock_or_plain(n: int, slot: DateSlot) -> str:
    if slot.chinese:
        return chinese_number(n)
    return f"{n:02d}" if slot.clock and slot.part == "minute" else str(n)


# --------------------------------------------------------------------------------------------
# Numbers


def _describe(value: object) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool):
        return f"a bool ({value})"
    name = type(value).__name__
    article = "an" if name[:1].lower() in "aeiou" else "a"
    what = f"{article} {name}"
    return f"{what} ({value!r})" if isinstance(value, (int, float, Decimal)) else what


def _as_whole(value: object) -> int | None:
    """``value`` as an int if it is an int or an integral Decimal (never bool or float)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    return None


#: Numbers longer than this many digits are refused before anything converts them: Python will
#: not ``str()`` an int beyond 4300 digits, and ``Decimal("1E+999999999")`` would expand to a
#: gigabyte of zeros.
MAX_DIGITS = 4000


_INT_LIMIT = 10**MAX_DIGITS


def _check_size(value: object) -> None:
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= _INT_LIMIT:
            raise RenderError("invalid-value", f"a number of more than {MAX_DIGITS} digits")
    elif isinstance(value, Decimal) and value.is_finite() and not value.is_zero():
        if value.adjusted() > MAX_DIGITS or value.as_tuple().exponent < -MAX_DIGITS:  # type: ignore[operator]
            raise RenderError("invalid-value", f"a number of more than {MAX_DIGITS} digits")


def _arabic(value: int | float | Decimal) -> str:
    """A finite, non-negative number as Arabic numerals, or RenderError."""
    if isinstance(value, int):
        if value < 0:
            raise RenderError("invalid-value", f"a count cannot be negative ({value})")
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise RenderError("invalid-value", f"a count must be a finite number, not {value}")
        if value < 0:
            raise RenderError("invalid-value", f"a count cannot be negative ({value})")
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(float(value))), "f")  # shortest round-trip, no exponent
    if not value.is_finite():
        raise RenderError("invalid-value", f"a count must be a finite number, not {value}")
    if value < 0:
        raise RenderError("invalid-value", f"a count cannot be negative ({value})")
    if value.is_zero():
        value = abs(value)  # Decimal("-0") is zero, written without its sign
    try:
        return format(value, "f")
    except (InvalidOperation, ValueError) as exc:  # pragma: no cover - guarded by _check_size
        raise RenderError("invalid-value", f"{value} cannot be written out: {exc}") from exc


def _render_ordinal(value: object, placeholder: Placeholder) -> str:
    if isinstance(value, (float, Decimal)) and not isinstance(value, bool):
        n = _as_whole(value)
        if n is None:
            raise RenderError("invalid-value", f"an ordinal is a whole number, not {value}")
    else:
        n = _as_whole(value)
    if n is None:
        raise RenderError(
            "type-mismatch", f"an ordinal slot takes a whole number, not {_describe(value)}"
        )
    if n < 1:
        raise RenderError("invalid-value", f"an ordinal starts at 1, not {n}")
    style, _why = ordinal_style(placeholder)
    if style == "arabic":
        return str(n)
    try:
        return chinese_number(n)
    except ValueError as exc:
        raise RenderError("invalid-value", f"{n} is too large for Chinese numerals") from exc


# --------------------------------------------------------------------------------------------
# Entry point

_NUMBER = (int, float, Decimal)
_TEXT_KINDS = frozenset({Kind.NAME, Kind.PERSON, Kind.TITLE, Kind.QUOTE, Kind.TERM})


def render(
    value: object,
    placeholder: Placeholder,
    *,
    kind: Kind | None = None,
    marks: tuple[str, ...] = DEFAULT_MARKS,
) -> str:
    """The text ``value`` becomes in ``placeholder`` (whose kind ``kind`` overrides; ``marks``
    are the template's placeholder marks, as ``Options.marks``).

    Raises :class:`RenderError` when the value cannot fill the slot.

    >>> from xxfill.core.model import Kind, Placeholder
    >>> p = Placeholder(1, "XX", Kind.ORDINAL, "k", "text", 2, 4, "党的", "大", "")
    >>> render(20, p), render("第二十", p)
    ('二十', '第二十')
    """
    kind = placeholder.kind if kind is None else Kind(kind)
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, int)):
        value = int(value)  # numpy and pandas integers from data pipelines
    _check_size(value)
    if isinstance(value, str):
        problem = xml_problem(value)
        if problem:
            raise RenderError("invalid-value", f"the text {problem}")
        return value
    if value is None or isinstance(value, bool):
        raise RenderError(
            "type-mismatch",
            f"{_describe(value)} cannot fill a placeholder; give a string"
            + (" or a number" if kind in (Kind.COUNT, Kind.ORDINAL) else ""),
        )
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        raise RenderError(
            "type-mismatch",
            f"a {type(value).__name__} cannot fill a placeholder; give a single value",
        )
    if kind is Kind.DATE:
        return _render_date(value, date_slot(placeholder, marks))
    if kind is Kind.ORDINAL:
        if isinstance(value, _dt.date):
            raise RenderError("type-mismatch", "a date cannot fill an ordinal slot")
        return _render_ordinal(value, placeholder)
    if kind in (Kind.COUNT, Kind.OTHER):
        if isinstance(value, _NUMBER):
            return _arabic(value)
        if kind is Kind.OTHER and isinstance(value, _dt.date):
            return _date_text(value, chinese=False)
        raise RenderError(
            "type-mismatch",
            f"a {kind.value} slot takes a number or a string, not {_describe(value)}",
        )
    assert kind in _TEXT_KINDS
    raise RenderError(
        "type-mismatch",
        f"a {kind.value} slot takes a string, not {_describe(value)}"
        + (f' (write "{value}" to insert it as text)' if isinstance(value, _NUMBER) else ""),
    )


def why_no_such_date(year: int, month: int, day: int) -> str | None:
    """Why ``year-month-day`` is not a date, in words, or ``None`` when it is one.

    >>> why_no_such_date(2025, 2, 30)
    '2025-02-30 is not a date that exists: 2025-02 has 28 days'
    """
    try:
        _dt.date(year, month, day)
    except ValueError:
        spelled = f"{year:04d}-{month:02d}-{day:02d}"
        if not 1 <= month <= 12:
            return f"{spelled} is not a date that exists: months run from 01 to 12"
        if not 1 <= year <= 9999:
            return f"{spelled} is not a date that exists: years run from 0001 to 9999"
        days = calendar.monthrange(year, month)[1]
        return f"{spelled} is not a date that exists: {year:04d}-{month:02d} has {days} days"
    return None
