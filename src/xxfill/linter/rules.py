"""Template lint: site residue, broken numbering, emptied lists, unbalanced brackets and more."""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import regex

from xxfill.core.errors import Problem, Severity
from xxfill.core.model import Edit, Options, PartText
from xxfill.scanner.scan import Scan, find_artifacts, find_placeholders

__all__ = [
    "RULES",
    "Finding",
    "Findings",
    "Fixed",
    "fix",
    "format_findings",
    "lint",
    "lint_filled",
]


#: Every rule: code → (default severity, what it finds). The codes are stable.
RULES: dict[str, tuple[str, str]] = {
    "site-artifact": ("error", "a document-sharing site's marker such as ##paidbegin##"),
    "site-banner": ("warning", "a download banner, watermark, site URL or page-footer leftover"),
    "numbering-skip": ("error", "a heading or list number that skips one (一、 then 三、)"),
    "numbering-repeat": ("error", "a heading or list number used twice or out of order"),
    "empty-list-item": ("error", "an enumeration with a deleted item (在、等) or empty （）“”《》"),
    "unbalanced-bracket": ("error", "a bracket or quote without its partner in the paragraph"),
    "placeholder-variant": ("warning", "placeholders that look alike but differ (XX and XXX)"),
    "mixed-width-punctuation": ("warning", 'ASCII , ; : ( ) " in Chinese text'),
    "numeral-style": ("warning", "Arabic numerals in a fixed phrase (党的20大) or the reverse"),
    "placeholder-left": ("error", "after a fill: something that still looks like a blank"),
    "doubled-word": ("warning", "after a fill: a value that repeats its neighbour (党委党委)"),
}


@attrs.frozen(kw_only=True)
class Finding(Problem):
    """One problem found by ``lint``: the project's one message type (``xxfill.Problem``) with
    where it sits exactly: a stable ``code``, a ``severity``, where it is (``part``,
    ``start``/``end`` offsets in that part's plain text, 1-based ``line`` = paragraph), the
    flagged ``text``, its ``context`` and a ``message`` saying what to do. ``fixable`` findings
    are removed by ``xxfill.fix`` / ``xxfill lint --fix``.

    >>> import xxfill
    >>> f = xxfill.lint(xxfill.Text("一、总体情况\\n三、下步打算"))[0]
    >>> (f.code, f.severity, f.line)
    ('numbering-skip', 'error', 2)
    """

    code: str
    severity: Severity
    part: str
    start: int
    end: int
    line: int
    text: str
    context: str
    message: str
    fixable: bool = False

    def __str__(self) -> str:
        return f"{self.code}: {self.part} line {self.line} 「{self.context}」: {self.message}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (the schema of ``xxfill lint --json``)."""
        return {
            "code": self.code,
            "severity": self.severity,
            "part": self.part,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "text": self.text,
            "context": self.context,
            "message": self.message,
            "fixable": self.fixable,
        }


class Findings(tuple):  # type: ignore[type-arg]
    """A tuple of ``Finding`` that prints as a table and displays as one in a notebook.

    >>> import xxfill
    >>> found = xxfill.lint(xxfill.Text("正文##paidend##"))
    >>> (len(found), len(found.errors), found[0].code)
    (1, 1, 'site-artifact')
    """

    @property
    def errors(self) -> Findings:
        return Findings(f for f in self if f.severity == "error")

    def codes(self) -> list[str]:
        """The codes, in order (handy in tests and scripts)."""
        return [f.code for f in self]

    def to_list(self) -> list[dict[str, object]]:
        return [f.to_dict() for f in self]

    def __str__(self) -> str:
        return format_findings(self)

    def __repr__(self) -> str:
        counts = _counts(self)
        inner = ", ".join(f"{k}={v}" for k, v in counts.items() if v)
        return f"<Findings {len(self)}" + (f": {inner}>" if inner else ">")

    def _repr_html_(self) -> str:
        """A table in the notebook look; document text is escaped, invisible and bidi
        characters are shown as codes, and very long lists are folded."""
        from xxfill.display.html import _e, _rows_table, _wrap

        if not self:
            return _wrap('<div class="xxf-head">xxfill lint: no findings</div>', "xxf-lint")
        rows = []
        for f in self:
            i = f.context.find(f.text) if f.text else -1
            if i >= 0:
                ctx = (
                    _e(f.context[:i])
                    + f"<mark>{_e(f.text)}</mark>"
                    + _e(f.context[i + len(f.text) :])
                )
            else:
                ctx = _e(f.context)
            cls = (
                "xxf-bad" if f.severity == "error" else "xxf-muted" if f.severity == "info" else ""
            )
            rows.append(
                "<tr>"
                f'<td class="{cls}">{_e(f.severity)}</td>'
                f"<td><code>{_e(f.code)}</code></td>"
                f"<td>{_e(_where(f))}</td>"
                f"<td>{ctx}</td>"
                f"<td>{_e(f.message)}</td>"
                f"<td>{'yes' if f.fixable else ''}</td>"
                "</tr>"
            )
        c = _counts(self)
        head = (
            f'<div class="xxf-head">xxfill lint: {len(self)} finding(s): {c["error"]} error, '
            f"{c['warning']} warning, {c['info']} info</div>"
        )
        table = _rows_table(["severity", "code", "where", "context", "what to do", "fix"], rows)
        return _wrap(head + table, "xxf-lint")


def _counts(findings: Iterable[Finding]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        out[f.severity] = out.get(f.severity, 0) + 1
    return out


def _where(f: Finding) -> str:
    loc = f"line {f.line}"
    if f.part not in ("text", "word/document.xml"):
        loc = f"{f.part} {loc}"
    return loc


def format_findings(findings: Sequence[Finding]) -> str:
    """A readable table of ``findings`` and a one-line summary."""
    from xxfill.display.terminal import table

    if not findings:
        return "no findings"
    from xxfill.display.html import _INVISIBLE, _visible

    # Document text reaches the terminal: escape sequences and bidi overrides become codes.
    rows = [
        (
            f.severity,
            f.code,
            _INVISIBLE.sub(_visible, _where(f)),
            _INVISIBLE.sub(_visible, f.context),
            _INVISIBLE.sub(_visible, f.message) + (" [fixable]" if f.fixable else ""),
        )
        for f in findings
    ]
    c = _counts(findings)
    fixable = sum(1 for f in findings if f.fixable)
    summary = f"{len(findings)} finding(s): {c['error']} error, {c['warning']} warning, " + (
        f"{c['info']} info"
    )
    if fixable:
        summary += f"; {fixable} fixable with --fix"
    return table(rows, ["severity", "code", "where", "context", "what to do"], max_width=100) + (
        "\n\n" + summary
    )


# --------------------------------------------------------------------------------------------
# Paragraph iteration and helpers

_LINE_RE = regex.compile(r"[^\r\n]*")
_HAN = r"\p{Han}"
_CN_DIGITS = "零〇一二三四五六七八九十百千两"
_CN_VALUE = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}


def cn_to_int(s: str) -> int | None:
    """The value of a Chinese numeral up to the thousands (``"二十三"`` → 23), else None.

    >>> cn_to_int("十二"), cn_to_int("一百零五"), cn_to_int("三")
    (12, 105, 3)
    """
    if not s:
        return None
    if all(c in _CN_VALUE for c in s) and len(s) > 1:
        # 二〇二三: digit by digit
        return int("".join(str(_CN_VALUE[c]) for c in s))
    total, digit = 0, None
    for c in s:
        if c in _CN_VALUE:
            digit = _CN_VALUE[c]
        elif c in _CN_UNIT:
            total += (1 if digit is None else digit) * _CN_UNIT[c]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _int_to_cn(n: int) -> str:
    digits = "〇一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


@attrs.frozen
class _Para:
    part: str
    line: int
    start: int
    text: str


def _paragraphs(parts: Sequence[PartText]) -> Iterator[_Para]:
    for part in parts:
        line = 0
        pos = 0
        text = part.text
        while pos <= len(text):
            m = _LINE_RE.match(text, pos)
            assert m is not None
            line += 1
            yield _Para(part.name, line, pos, m.group())
            end = m.end()
            if end >= len(text):
                break
            pos = end + (2 if text.startswith("\r\n", end) else 1)


class _Collector:
    """Builds findings with context; ``width`` characters either side within the paragraph."""

    def __init__(self, width: int = 12) -> None:
        self.width = width
        self.items: list[Finding] = []

    def add(
        self,
        para: _Para,
        s: int,
        e: int,
        code: str,
        message: str,
        *,
        severity: Severity | None = None,
        fixable: bool = False,
    ) -> None:
        """``s``/``e`` are offsets within ``para.text``."""
        t = para.text
        ctx = t[max(0, s - self.width) : min(len(t), e + self.width)]
        self.items.append(
            Finding(
                code=code,
                severity=severity or RULES[code][0],  # type: ignore[arg-type]
                part=para.part,
                start=para.start + s,
                end=para.start + e,
                line=para.line,
                text=t[s:e],
                context=ctx,
                message=message,
                fixable=fixable,
            )
        )


# --------------------------------------------------------------------------------------------
# Rule: site artifacts and banners

_URL_RE = regex.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", regex.I)

# Phrases that only a document-sharing site writes. Each is specific enough that a short line or
# clause holding it is residue, never report content.
_BANNER_STRONG = regex.compile(
    r"""
    本(?:篇)?(?:文档|文章|文|资料|范文|材料|内容)(?:由|来自|来源于|系|为|从|收集于)
        [^。\n]{0,30}?(?:提供|下载|整理|上传|发布|收集|转载|网络|互联网|文库|网友)
    | (?:文档|范文|模板)(?:免费)?下载
    | (?:免费|欢迎|点击|立即|付费)下载
    | 下载(?:后(?:即)?可编辑|可编辑|即可编辑|后可修改)
    # "来源于网络" opens its clause; "防范来自网络的风险" is report text.
    | (?:^|(?<=[，。；：:\s（(【\[|｜]))(?:本文|文章|资料|文档|内容|图片)?
        (?:来源|来自|转自|摘自|选自|收集)(?:于|为|自)?[:：]?\s*(?:从)?(?:网络|互联网|网上)
    | 更多(?:精品|精彩|优质|实用|免费|范文|文档|模板)
    | (?:关注|搜索|扫码关注|添加|扫一扫)(?:微信)?公众号 | (?:微信)?公众号[:：]
    | 扫(?:码|描二维码|一扫)(?:关注|下载|获取|领取)
    | 如有侵权 | 侵权(?:请)?(?:联系|删除|必删) | 版权归(?:原)?作者 | 转载请注明
    | (?:精品|精选)(?:文档|范文|资料) | 最新整理 | 精心整理 | 整理发布
    | 欢迎(?:下载|收藏)(?:本文|使用)? | 感谢(?:您的)?(?:阅读|下载|收藏)
    | [（(【\[]\s*(?i:word)\s*(?:版|文档)?(?:本)?\s*(?:可编辑)?\s*[）)】\]]
    | 可编辑(?:版|(?i:word)|文档) | 可编辑修改
    | 页眉页脚可(?:删除|编辑|修改)
    | 百度文库 | 豆丁网? | 道客巴巴 | 原创力文档 | 人人文库 | 文库网 | 范文网 | 第一范文
    | 文档网 | 文档投稿 | 范文大全 | 学习好资料
    | \[键入[^\]\n]{0,8}\] | \[在此处键入[^\]\n]{0,8}\]
    """,
    regex.X,
)
# The phrases that start with a Latin letter, apart: an alternative that may start at any letter
# makes the engine try every alternative at every position of a long Latin line (seconds per
# MiB), so these run only on text that holds one of their words.
_BANNER_LATIN = regex.compile(
    r"""
    word\s*(?:版|文档)?(?:本)?\s*可编辑
    | book118 | docin | doc88 | wenku
    | evaluation\s+(?:warning|only|copy) | spire\.doc | aspose\.words
    """,
    regex.X | regex.I,
)
_LATIN_WORDS = ("word", "book118", "docin", "doc88", "wenku", "evaluation", "spire.", "aspose.")


def _banner_strong(text: str) -> bool:
    """Whether ``text`` holds a phrase that only a document-sharing site writes."""
    if _BANNER_STRONG.search(text):
        return True
    folded = text.lower()
    return any(w in folded for w in _LATIN_WORDS) and bool(_BANNER_LATIN.search(text))


# Residue only when it is (nearly) the whole clause: "仅供参考" at the end of a download banner.
_BANNER_WEAK = regex.compile(
    r"仅供(?:参考|学习|交流|借鉴|个人|阅读|大家)[\p{Han}]{0,6}|可编辑|(?:文档|资料)可(?:修改|编辑)"
)
_PAGE_RE = regex.compile(
    r"第\s*\d+\s*页\s*[，,、/／|]?\s*共\s*\d+\s*页|共\s*\d+\s*页\s*[，,、/／|]?\s*第\s*\d+\s*页"
    r"|\bPage\s+\d+\s+of\s+\d+\b",
    regex.I,
)
_PAGE_LINE_RE = regex.compile(r"^[\s\u3000]*[-—–－]\s*\d{1,4}\s*[-—–－][\s\u3000]*$")
# Headers and footers carry real page numbers (PAGE fields) and letterhead web addresses.
_HEADER_FOOTER_RE = regex.compile(r"(?:^|/)(?:header|footer)\d*\.xml$")
# Clauses: split at Chinese punctuation and at spaces next to Chinese text (精品文档 欢迎下载), but
# not inside an English sentence (Evaluation Warning: The document was created with ...).
_CLAUSE_SPLIT = regex.compile(r"[，。；！？;!?|｜]+|(?<=\p{Han})[\s\u3000]+|[\s\u3000]+(?=\p{Han})")
_SENTENCE_RE = regex.compile(r"[^。！？!?]*[。！？!?]*")


def _is_residue_clause(clause: str) -> bool:
    if _banner_strong(clause) or _URL_RE.search(clause):
        return True
    m = _BANNER_WEAK.search(clause)
    if m:
        rest = clause[: m.start()] + clause[m.end() :]
        return len(regex.findall(_HAN, rest)) <= 4
    return False


def _residue_ratio(text: str) -> tuple[float, bool]:
    """Share of the characters of ``text`` in residue clauses, and whether a strong cue is seen."""
    clauses = [c for c in _CLAUSE_SPLIT.split(text) if c]
    total = sum(len(c) for c in clauses)
    if not total:
        return 0.0, False
    residue = sum(len(c) for c in clauses if _is_residue_clause(c))
    strong = _banner_strong(text) or bool(_BANNER_WEAK.search(text))
    return residue / total, strong


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with ``spans`` blanked out (same length, so offsets stay valid)."""
    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


_BANNER_MESSAGE = "delete this line: it is a download site's banner or watermark"


def _rule_site(para: _Para, out: _Collector) -> None:
    t = para.text
    for s, e in find_artifacts(t):
        out.add(
            para,
            s,
            e,
            "site-artifact",
            f"delete {t[s:e]}: it is a download site's marker, not part of the report",
            fixable=True,
        )
    # Text with the markers taken out, same length, so offsets stay valid.
    masked = _mask(t, find_artifacts(t))
    stripped = masked.strip(" \t\u3000")
    if not stripped:
        return
    lead = len(masked) - len(masked.lstrip(" \t\u3000"))
    line_span = (lead, lead + len(stripped))
    ratio, strong = _residue_ratio(masked)
    banner = strong and ratio >= 0.6
    if _HEADER_FOOTER_RE.search(para.part):
        if banner:
            out.add(para, *line_span, "site-banner", _BANNER_MESSAGE, fixable=True)
        return
    if _PAGE_LINE_RE.match(masked):
        out.add(
            para,
            *line_span,
            "site-banner",
            "delete this line: a page number left over from a PDF or printout",
            fixable=True,
        )
        return
    pages = list(_PAGE_RE.finditer(masked))
    for m in pages:
        out.add(
            para,
            m.start(),
            m.end(),
            "site-banner",
            f"delete 「{m.group()}」: a page footer left over from a PDF or a download site",
            fixable=True,
        )
    if pages:
        masked = _mask(masked, [m.span() for m in pages])
        if not masked.strip(" \t\u3000，,。.|｜/／"):
            return
    # A line that is nothing but a URL.
    bare = _URL_RE.sub("", masked)
    if _URL_RE.search(masked) and not regex.search(r"[\p{Han}\p{L}\d]", bare):
        out.add(
            para,
            *line_span,
            "site-banner",
            "delete this line: a web address does not belong in the report",
            fixable=True,
        )
        return
    if banner:
        out.add(para, *line_span, "site-banner", _BANNER_MESSAGE, fixable=True)
        return
    if not strong:
        return
    # Residue sentences inside a paragraph of real text: reported, not removed automatically.
    for m in _SENTENCE_RE.finditer(masked):
        sent = m.group()
        if not sent.strip():
            continue
        r, st = _residue_ratio(sent)
        if st and r >= 0.6 and _banner_strong(sent):
            s = m.start() + (len(sent) - len(sent.lstrip()))
            out.add(
                para,
                s,
                m.end(),
                "site-banner",
                "delete this sentence: it is a download site's banner, not report text",
            )


# --------------------------------------------------------------------------------------------
# Rule: numbering

_NUM_CN = "一二三四五六七八九十百"
# Leading spaces, and the 附件： label that puts the first attachment on its own line.
_LEAD = r"^[\s\u3000]*(?:附件[\s\u3000]*[：:][\s\u3000]*)?"
_MARKERS: tuple[tuple[str, Any, Callable[[str], str]], ...] = (
    ("第X章", regex.compile(_LEAD + rf"(第([{_NUM_CN}零〇]+)章)"), lambda v: f"第{v}章"),
    ("第X部分", regex.compile(_LEAD + rf"(第([{_NUM_CN}零〇]+)部分)"), lambda v: f"第{v}部分"),
    ("第X节", regex.compile(_LEAD + rf"(第([{_NUM_CN}零〇]+)节)"), lambda v: f"第{v}节"),
    (
        "一、",
        regex.compile(_LEAD + rf"(([{_NUM_CN}]+)(?:、|[.．](?![\d.．])))"),
        lambda v: f"{v}、",
    ),
    ("（一）", regex.compile(_LEAD + rf"([（(]([{_NUM_CN}]+)[）)])"), lambda v: f"（{v}）"),
    ("1.", regex.compile(_LEAD + r"((\d{1,2})(?:[.．](?![\d.．])|、))"), lambda v: f"{v}."),
    ("（1）", regex.compile(_LEAD + r"([（(](\d{1,2})[）)])"), lambda v: f"（{v}）"),
    ("①", regex.compile(_LEAD + r"(([①-⑳]))"), lambda v: v),
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ARTICLE_RE = regex.compile(_LEAD + rf"(第([{_NUM_CN}零〇]+)条)")
# 一是……二是……三是 inside a paragraph (or starting consecutive paragraphs); also 第一，第二，.
_SHI_RE = regex.compile(r"(?:^|(?<=[，。；：:;,、！？\s\u3000”）)]))(([一二三四五六七八九十]+)是)")
_DIYI_RE = regex.compile(
    r"(?:^|(?<=[，。；：:;,！？\s\u3000”）)]))(第([一二三四五六七八九十]+))(?=[，、：:,])"
)
# Labels inside a paragraph: 主要有：（1）……；（2）……；①……②……
# (the first label may open the paragraph: （1）……；（2）……；（4）……)
_INLINE_BOUNDARY = r"(?:^|(?<=[：:；;，,。\s\u3000]))"
_INLINE_PAREN_RE = regex.compile(_INLINE_BOUNDARY + r"([（(](\d{1,2})[）)])")
_INLINE_PAREN_CN_RE = regex.compile(_INLINE_BOUNDARY + r"([（(]([一二三四五六七八九十]+)[）)])")
_INLINE_CIRCLED_RE = regex.compile(r"(([①-⑳]))")


def _marker_value(kind: str, raw: str) -> int | None:
    if kind == "①":
        return _CIRCLED.index(raw) + 1
    if raw.isdigit():
        return int(raw)
    return cn_to_int(raw)


def _label(kind: str, n: int) -> str:
    if kind in ("1.", "（1）"):
        v = str(n)
    elif kind == "①":
        return _CIRCLED[n - 1] if 1 <= n <= 20 else str(n)
    else:
        v = _int_to_cn(n)
    for k, _, fmt in _MARKERS:
        if k == kind:
            return fmt(v)
    return v


class _Sequence:
    """Checks one run of numbers: 1 starts (or restarts) it, then each must be the last + 1.
    A 1 right after a 1 is a repeat, not a new list."""

    def __init__(self, kind: str, *, fmt: Callable[[str, int], str]) -> None:
        self.kind = kind
        self.last: int | None = None
        self.last_label = ""
        self.fmt = fmt

    def check(self, para: _Para, s: int, e: int, n: int, out: _Collector) -> None:
        label = para.text[s:e]
        last = self.last
        if last is None:
            if n != 1:
                first = self.fmt(self.kind, 1)
                out.add(
                    para,
                    s,
                    e,
                    "numbering-skip",
                    f"the numbering starts at {label} without {first}: a section was cut; "
                    "renumber or restore it",
                )
        elif n == last + 1 or (n == 1 and last > 1):
            pass  # the next number, or a new list starting again at 1
        elif n > last + 1:
            out.add(
                para,
                s,
                e,
                "numbering-skip",
                f"{label} follows {self.last_label}: {_missing_fmt(self, last, n)} is missing; "
                "renumber or restore the cut section",
            )
        elif n == last:
            out.add(
                para,
                s,
                e,
                "numbering-repeat",
                f"{label} repeats the number before it: renumber",
            )
        else:
            out.add(
                para,
                s,
                e,
                "numbering-repeat",
                f"{label} comes after {self.last_label}: the numbers are out of order; renumber",
            )
        self.last = n
        self.last_label = label


def _missing_fmt(seq: _Sequence, last: int, n: int) -> str:
    labels = [seq.fmt(seq.kind, i) for i in range(last + 1, n)]
    if len(labels) > 3:
        labels = [labels[0], "…", labels[-1]]
    return "".join(labels)


def _outline_fmt(kind: str, n: int) -> str:
    return _label(kind, n)


def _rule_numbering(paras: Sequence[_Para], out: _Collector) -> None:
    """Headings and list items at the start of paragraphs nest dynamically: a marker style seen
    for the first time opens a sub-level; meeting a style already open closes every level below
    it (so 1. 2. restart under each （一）)."""
    by_part: dict[str, list[_Para]] = {}
    for p in paras:
        by_part.setdefault(p.part, []).append(p)
    for plist in by_part.values():
        stack: list[_Sequence] = []
        article = _Sequence("第X条", fmt=lambda _k, n: f"第{_int_to_cn(n)}条")
        shi: _Sequence | None = None
        diyi: _Sequence | None = None
        runs: dict[str, _Sequence | None] = {}
        for para in plist:
            t = para.text
            if not t:  # an empty paragraph ends every run and holds no marker
                shi = diyi = None
                runs = dict.fromkeys(runs)
                continue
            # A run may go on in the next paragraph only if that paragraph starts with an item.
            if not _SHI_RE.match(t.lstrip(" \t\u3000")):
                shi = None
            if not _DIYI_RE.match(t.lstrip(" \t\u3000")):
                diyi = None
            m_art = _ARTICLE_RE.match(t)
            if m_art:
                n = cn_to_int(m_art.group(2))
                if n is not None:
                    article.check(para, m_art.start(1), m_art.end(1), n, out)
            else:
                for kind, rx, _ in _MARKERS:
                    m = rx.match(t)
                    if not m:
                        continue
                    n = _marker_value(kind, m.group(2))
                    if n is None or n == 0:
                        break
                    idx = next((i for i, s in enumerate(stack) if s.kind == kind), None)
                    if idx is None:
                        seq = _Sequence(kind, fmt=_outline_fmt)
                        stack.append(seq)
                    else:
                        del stack[idx + 1 :]
                        seq = stack[idx]
                    seq.check(para, m.start(1), m.end(1), n, out)
                    shi = None
                    break
            # 一是/二是 and 第一，第二 runs (which may go on in the next paragraph), and labels
            # such as （1）（2） or ①② inside the paragraph (which may not).
            runs["shi"] = shi
            runs["diyi"] = diyi
            for which, rx, fmt, value in _INLINE_RUNS:
                if which not in ("shi", "diyi"):
                    runs[which] = None
                for m in rx.finditer(t):
                    n = value(m.group(2))
                    if n is None:
                        continue
                    cur = runs[which]
                    if n == 1:
                        cur = _Sequence(which, fmt=fmt)
                    if cur is None:
                        continue
                    cur.check(para, m.start(1), m.end(1), n, out)
                    runs[which] = cur
            shi, diyi = runs["shi"], runs["diyi"]


def _shi_fmt(_kind: str, n: int) -> str:
    return f"{_int_to_cn(n)}是"


def _diyi_fmt(_kind: str, n: int) -> str:
    return f"第{_int_to_cn(n)}"


def _circled_value(raw: str) -> int | None:
    return _CIRCLED.index(raw) + 1


_INLINE_RUNS: tuple[
    tuple[str, Any, Callable[[str, int], str], Callable[[str], int | None]], ...
] = (
    ("shi", _SHI_RE, _shi_fmt, cn_to_int),
    ("diyi", _DIYI_RE, _diyi_fmt, cn_to_int),
    ("(1)", _INLINE_PAREN_RE, lambda _k, n: f"（{n}）", int),
    ("(一)", _INLINE_PAREN_CN_RE, lambda _k, n: f"（{_int_to_cn(n)}）", cn_to_int),
    ("①", _INLINE_CIRCLED_RE, lambda _k, n: _label("①", n), _circled_value),
)


# --------------------------------------------------------------------------------------------
# Rule: emptied enumerations and empty brackets

# Two-character words that end in a conjunction character and may stand in a list (普及、推广).
_CONJ_WORDS = frozenset(
    "人和 缓和 温和 平和 祥和 总和 饱和 柔和 调和 谦和 随和 共和 亲和 中和 讲和 附和 应和 暖和 "
    "和和 普及 涉及 提及 危及 波及 顾及 惠及 企及 触及 论及 遍及 累及 参与 给与 授与 赠与 干与 "
    "抑或 间或".split()
)
_EMPTY_PAIR_RE = regex.compile(
    r"（[\s\u3000]*）|\([\s\u3000]*\)|“[\s\u3000]*”|‘[\s\u3000]*’|"
    r"《[\s\u3000]*》|【[\s\u3000]*】|「[\s\u3000]*」|『[\s\u3000]*』|"
    r"〔[\s\u3000]*〕|〈[\s\u3000]*〉"
)
_ENUM_RULES: tuple[tuple[Any, str], ...] = (
    (
        regex.compile(r"、(?=[\s\u3000]*等)"),
        "an item is missing before 等: restore the deleted word or delete 、",
    ),
    (regex.compile(r"、{2,}"), "an item is missing between the 、: restore it or delete one 、"),
    (
        regex.compile(
            r"(?<=[，。；：！？,;:!?（(「『【《“])、|、(?=[，。；：！？,;:!?）)」』】》”])"
        ),
        "an enumeration item was deleted here: restore it or delete 、",
    ),
    (regex.compile(r"^[\s\u3000]*、"), "the paragraph starts with 、: an item was deleted"),
    (
        regex.compile(r"(?<=\p{Han})、[\s\u3000]*$"),
        "the paragraph ends with 、: an item was deleted",
    ),
    (regex.compile(r"([，；：])\1+"), "doubled punctuation: words between them were deleted"),
)


def _rule_empty(para: _Para, out: _Collector) -> None:
    t = para.text
    seen: set[int] = set()
    for rx, msg in _ENUM_RULES:
        for m in rx.finditer(t):
            if m.start() in seen:
                continue
            seen.add(m.start())
            out.add(para, m.start(), m.end(), "empty-list-item", msg)
    for m in regex.finditer(r"(?<=(\p{Han}?)([和及与或]))、", t):
        word = m.group(1) + m.group(2)
        if word in _CONJ_WORDS or m.start() in seen:
            continue
        seen.add(m.start())
        out.add(
            para,
            m.start() - 1,
            m.end(),
            "empty-list-item",
            f"「{m.group(2)}、」: the item after {m.group(2)} was deleted; restore it or delete 、",
        )
    for m in _EMPTY_PAIR_RE.finditer(t):
        inner = m.group()[1:-1]
        if inner:
            out.add(
                para,
                m.start(),
                m.end(),
                "empty-list-item",
                f"{m.group()[0]} {m.group()[-1]} holds only spaces: fill in the blank or delete it",
                severity="info",
            )
        else:
            out.add(
                para,
                m.start(),
                m.end(),
                "empty-list-item",
                f"empty {m.group()}: the words inside were deleted; restore them or delete it",
            )


# --------------------------------------------------------------------------------------------
# Rule: unbalanced brackets and quotes; mixed-width punctuation

_OPEN = {"（": "(", "(": "(", "《": "《", "〈": "〈", "“": "“", "‘": "‘", "【": "【",
         "「": "「", "『": "『", "〔": "〔", "[": "["}  # fmt: skip
_CLOSE = {"）": "(", ")": "(", "》": "《", "〉": "〈", "”": "“", "’": "‘", "】": "【",
          "」": "「", "』": "『", "〕": "〔", "]": "["}  # fmt: skip
_PARTNER = {"(": "）", "《": "》", "〈": "〉", "“": "”", "‘": "’", "【": "】", "「": "」",
            "『": "』", "〔": "〕", "[": "]"}  # fmt: skip
_OPEN_OF = {"(": "（", "《": "《", "〈": "〈", "“": "“", "‘": "‘", "【": "【", "「": "「",
            "『": "『", "〔": "〔", "[": "["}  # fmt: skip
_BRACKET_CHAR = regex.compile("[" + "".join(regex.escape(c) for c in (*_OPEN, *_CLOSE, '"')) + "]")
# A closing bracket right after a list label, at the start of a line or after punctuation:
# 1) a) 一) ；2）
_LABEL_CLOSE = regex.compile(
    r"(?:^|(?<=[\s\u3000：:；;，,。]))(?:\d{1,2}|[A-Za-z]|[一二三四五六七八九十]{1,2})[)）]"
)


def _is_han(c: str) -> bool:
    return bool(c) and bool(regex.match(_HAN, c))


def _rule_brackets(para: _Para, out: _Collector, next_text: str = "") -> None:
    """Brackets and quotes pair up within a paragraph. A quotation that runs over several
    paragraphs opens each with “ and closes only in the last: an open “ followed by a paragraph
    that starts with “ is that convention, not damage."""
    t = para.text
    # Only the brackets and quotes are visited (a long line of text costs one regex pass).
    marks = [m.start() for m in _BRACKET_CHAR.finditer(t)]
    if not marks:
        return
    skip = set()
    for m in _URL_RE.finditer(t):
        lo, hi = bisect.bisect_left(marks, m.start()), bisect.bisect_left(marks, m.end())
        skip.update(marks[lo:hi])
    # 1) 2) list labels: a closer there with no opener is the label, not a stray bracket.
    labels = {m.end() - 1 for m in _LABEL_CLOSE.finditer(t)} if ")" in t or "）" in t else set()
    stack: list[tuple[str, int]] = []
    open_count: dict[str, int] = {}
    for i in marks:
        c = t[i]
        if i in skip or c == '"':
            continue
        if c in _OPEN:
            stack.append((_OPEN[c], i))
            open_count[_OPEN[c]] = open_count.get(_OPEN[c], 0) + 1
        elif c in _CLOSE:
            fam = _CLOSE[c]
            depth = None
            if open_count.get(fam):
                depth = next(k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == fam)
            if depth is None and c == "’" and regex.match(r"\p{Latin}’\p{Latin}", t[i - 1 : i + 2]):
                continue  # an apostrophe in English (don’t)
            if depth is None and i in labels:
                continue
            if depth is None:
                out.add(
                    para,
                    i,
                    i + 1,
                    "unbalanced-bracket",
                    f"{c} closes nothing in this paragraph: add the missing "
                    f"{_OPEN_OF[fam]} or delete {c}",
                )
                continue
            for f2, j in stack[depth + 1 :]:
                _unclosed(para, j, out)
                open_count[f2] -= 1
            o = stack[depth][1]
            open_count[fam] -= 1
            del stack[depth:]
            _check_pair_width(para, o, i, out)
    continued = next_text.lstrip(" \t\u3000").startswith("“")
    for f, j in stack:
        if f == "“" and continued:
            continue
        _unclosed(para, j, out)
    # ASCII double quotes are symmetric: count them.
    quotes = [i for i in marks if t[i] == '"' and i not in skip]
    if quotes and any(_is_han(t[i - 1 : i]) or _is_han(t[i + 1 : i + 2]) for i in quotes):
        for a, b in zip(quotes[::2], quotes[1::2], strict=False):
            out.add(
                para,
                a,
                b + 1,
                "mixed-width-punctuation",
                'ASCII quotes "…" in Chinese text: use “…”',
            )
        if len(quotes) % 2:
            out.add(
                para,
                quotes[-1],
                quotes[-1] + 1,
                "unbalanced-bracket",
                'an ASCII " without its partner: use “…” and close it',
            )


def _unclosed(para: _Para, j: int, out: _Collector) -> None:
    c = para.text[j]
    fam = _OPEN[c]
    out.add(
        para,
        j,
        j + 1,
        "unbalanced-bracket",
        f"{c} is never closed in this paragraph: add {_PARTNER[fam]} where it ends, or delete {c}",
    )


def _check_pair_width(para: _Para, o: int, c: int, out: _Collector) -> None:
    t = para.text
    a, b = t[o], t[c]
    if a not in "()" and b not in "()":
        return
    if (a == "(") != (b == ")") or regex.search(_HAN, t[o + 1 : c]):
        out.add(
            para,
            o,
            c + 1,
            "mixed-width-punctuation",
            "ASCII ( ) around Chinese text: use full-width （ ）",
        )


_MIXED_RE = regex.compile(
    r"(?<=[\p{Han}》”）】」][ \t]?)[,;:?!](?![/\\])|[,;:?!](?=[ \t]?[\p{Han}《“（【「])"
    r"|(?<=\p{Han})\.(?=\p{Han}|[ \t]*$)"
)
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}


def _rule_mixed(para: _Para, out: _Collector) -> None:
    t = para.text
    urls = [m.span() for m in _URL_RE.finditer(t)]
    url_starts = [a for a, _ in urls]
    for m in _MIXED_RE.finditer(t):
        k = bisect.bisect_right(url_starts, m.start()) - 1
        if k >= 0 and m.start() < urls[k][1]:
            continue
        c = m.group()
        out.add(
            para,
            m.start(),
            m.end(),
            "mixed-width-punctuation",
            f"ASCII {c} in Chinese text: use {_FULL[c]}",
        )


# --------------------------------------------------------------------------------------------
# Rule: placeholder variants

_CTX = 3


def _rule_variants(paras: Sequence[_Para], options: Options, out: _Collector) -> None:
    """Two spellings of a blank (XX, XXX, ＸＸ) in the same phrase. Occurrences are bucketed by
    the characters around them, so the check is linear in the number of placeholders."""
    found: list[tuple[_Para, int, int, str, str]] = []
    for para in paras:
        if not para.text:
            continue
        for s, e in find_placeholders(para.text, options):
            before, after = para.text[max(0, s - _CTX) : s], para.text[e : e + _CTX]
            found.append((para, s, e, before, after))
    if len(found) < 2:
        return
    count: dict[str, int] = {}
    first: dict[str, int] = {}
    for i, (para, s, e, _b, _a) in enumerate(found):
        lit = para.text[s:e]
        count[lit] = count.get(lit, 0) + 1
        first.setdefault(lit, i)
    buckets: dict[tuple[str, str, str], list[int]] = {}
    for i, (_p, _s, _e, ba, aa) in enumerate(found):
        keys = []
        same_before = len(ba) >= 2 and _is_han(ba[-1:])
        same_after = len(aa) >= 2 and _is_han(aa[:1])
        if same_before:
            keys.append(("b", ba[-2:], aa[:1]))
        if same_after:
            keys.append(("a", ba[-1:], aa[:2]))
        if same_before and same_after:
            # The same phrase on both sides (召开XX次会议 / 召开XXX次会议) is a likely slip; a
            # match on one side only (XX同志 / XXX同志) is often two different blanks.
            keys.append(("strong", ba[-2:], aa[:2]))
        if len(aa) == 3 and all(map(_is_han, aa)):
            keys.append(("a3", "", aa))
        if len(ba) == 3 and all(map(_is_han, ba)):
            keys.append(("b3", ba, ""))
        for k in keys:
            buckets.setdefault(k, []).append(i)
    flagged: dict[int, tuple[int, bool]] = {}
    for key, members in buckets.items():
        lits = {found[i][0].text[found[i][1] : found[i][2]] for i in members}
        if len(lits) < 2:
            continue
        # The spelling used most in the template (the earliest on a tie) is the reference.
        ref_lit = max(lits, key=lambda lit: (count[lit], -first[lit]))
        ref = next(i for i in members if found[i][0].text[found[i][1] : found[i][2]] == ref_lit)
        strong = key[0] == "strong"
        for i in members:
            if found[i][0].text[found[i][1] : found[i][2]] == ref_lit:
                continue
            prev = flagged.get(i)
            if prev is None or (strong and not prev[1]):
                flagged[i] = (ref, strong)
    for i in sorted(flagged):
        ref, strong = flagged[i]
        para, s, e, _b, _a = found[i]
        op, os_, oe, _ob, _oa = found[ref]
        other = op.text[max(0, os_ - _CTX) : oe + _CTX]
        out.add(
            para,
            s,
            e,
            "placeholder-variant",
            f"{para.text[s:e]} here but 「{other}」 on line {op.line}: if they are the same "
            "blank, spell them the same; if not, nothing to do",
            severity="warning" if strong else "info",
        )


# --------------------------------------------------------------------------------------------
# Rule: numeral style (GB/T 15835-2011)

_WANT_CN: tuple[tuple[Any, str], ...] = (
    (regex.compile(r"党的\s*\d+\s*大"), "党的二十大"),
    (regex.compile(r"(?<![\d.])\d{2}\s*大(?=精神|报告|代表|以来|召开|胜利)"), "二十大精神"),
    (regex.compile(r"(?:[\d一二三四五六七八九十]+\s*届\s*)?[\d一二三四五六七八九十]*\d[\d一二三四五六七八九十]*\s*中全会"),
     "二十届三中全会"),
    (regex.compile(r"\d+\s*届\s*[\d一二三四五六七八九十]+\s*中全会"), "二十届三中全会"),
    (regex.compile(r"\d+\s*届(?:全国|省|市|县|区)?(?:人大|政协|人民代表大会|委员会|党代会|代表大会|纪委)"),
     "十四届全国人大"),
    (regex.compile(r"届[^\n，。；]{0,10}?[^\d]\d+\s*次(?:会议|全体会议)"),
     "十四届全国人大二次会议"),
    (regex.compile(r"第\s*\d+\s*个五年(?:规划|计划)"), "第十四个五年规划"),
    (regex.compile(r"(?<![\d.])\d+五[”\"]?\s*(?:规划|时期|期间|计划)"), "“十四五”规划"),
    (regex.compile(r"第\s*\d+\s*(?:次|届)\s*(?:全国代表大会|党代会|党员代表大会|代表大会)"),
     "第十五次党代会"),
    (regex.compile(r"(?<!第\s*)\d+\s*次\s*党代会"), "第十五次党代会"),
    (regex.compile(r"第\s*[1-4]\s*季度"), "第三季度"),
    (regex.compile(r"星期\s*[1-7]"), "星期五"),
)  # fmt: skip
# Measure words of counts; 条 and 项 are left out because 二十条, 十八项 name policies.
_MEASURE = (
    "人次|场次|万元|亿元|万人|次|名|人|场|个|家|户|件|期|篇|元|天|小时|批|所|位|支|座|台|辆|"
    "套|份|组|轮|处|起|例|课时|学时"
)
_CN_COUNT_RE = regex.compile(
    rf"(?<![第近数几成上逾约“《{_CN_DIGITS}])"
    rf"([一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九]百[零一二三四五六七八九十]*"
    rf"|[一二三四五六七八九]千[零一二三四五六七八九十百]*)"
    rf"(?![余多来几{_CN_DIGITS}])(?=(?:{_MEASURE}))"
)
_COUNT_VERB = regex.compile(
    r"(?:召开|开展|举办|组织|培训|走访|发放|新增|完成|累计|合计|共计|共|达到?|慰问|帮扶|"
    r"受理|办理|接待|检查|发现|整改|处理|查处|发展|表彰|评选|参加|参与|出动|排查|签订|印发|收到)$"
)


def _rule_numerals(para: _Para, out: _Collector) -> None:
    t = para.text
    taken = bytearray(len(t))  # characters already inside a reported expression
    for rx, example in _WANT_CN:
        for m in rx.finditer(t):
            if any(taken[m.start() : m.end()]):
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            out.add(
                para,
                m.start(),
                m.end(),
                "numeral-style",
                f"「{m.group()}」 is a fixed expression: write its numbers in Chinese numerals, as "
                f"in {example} (GB/T 15835-2011)",
            )
    for m in _CN_COUNT_RE.finditer(t):
        before = t[max(0, m.start() - 4) : m.start()]
        if not _COUNT_VERB.search(before):
            continue
        n = cn_to_int(m.group(1))
        if n is None or n <= 10:
            continue  # 十 alone names things (十个坚持, 十项措施) more often than it counts
        out.add(
            para,
            m.start(),
            m.end(),
            "numeral-style",
            f"「{m.group(1)}」 is a count: write it in Arabic numerals ({n}) (GB/T 15835-2011)",
        )


# --------------------------------------------------------------------------------------------
# Entry points


def _resolve(source: Any, options: Options | None, text: str | None, format: str | None,
             overrides: dict[str, Any]) -> tuple[Any, tuple[PartText, ...], Options]:  # fmt: skip
    if isinstance(source, Scan):
        opts = Options.build(options if options is not None else source.options, **overrides)
        return source.handle, source.parts, opts
    from xxfill.source.open import open_input

    opts = Options.build(options, **overrides)
    src = open_input(source, text, format, opts)  # limits and convert_doc apply here too
    return src, tuple(src.parts), opts


def _is_metadata(part: str) -> bool:
    """Document properties (title, subject, keywords): keywords are separated by ASCII ``;``
    by convention, and the fields are not a list to number."""
    return part.startswith("docProps/")


def _lint_parts(
    parts: Sequence[PartText],
    options: Options,
    *,
    template: bool,
    width: int = 12,
) -> list[Finding]:
    out = _Collector(width)
    paras = list(_paragraphs(parts))
    for i, para in enumerate(paras):
        if not para.text:
            continue  # nothing for a paragraph rule to find (numbering still sees it below)
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        _rule_site(para, out)
        _rule_brackets(para, out, nxt.text if nxt is not None and nxt.part == para.part else "")
        _rule_numerals(para, out)
        if not _is_metadata(para.part):
            _rule_empty(para, out)
            _rule_mixed(para, out)
    _rule_numbering([p for p in paras if not _is_metadata(p.part)], out)
    if template:
        _rule_variants(paras, options, out)
    return out.items


def _finish(items: Iterable[Finding], parts: Sequence[PartText], ignore: Iterable[str]) -> Findings:
    skip = set(ignore)
    unknown = skip - set(RULES)
    if unknown:
        raise ValueError(f"unknown rule code(s): {', '.join(sorted(unknown))}")
    order = {p.name: i for i, p in enumerate(parts)}
    kept = [f for f in items if f.code not in skip]
    kept.sort(key=lambda f: (order.get(f.part, len(order)), f.start, f.end, f.code))
    dedup: list[Finding] = []
    for f in kept:
        if dedup and (dedup[-1].part, dedup[-1].start, dedup[-1].end, dedup[-1].code) == (
            f.part,
            f.start,
            f.end,
            f.code,
        ):
            continue
        dedup.append(f)
    return Findings(dedup)


def lint(
    source: Any = None,
    options: Options | None = None,
    *,
    text: str | None = None,
    format: str | None = None,
    ignore: Iterable[str] = (),
    **option_overrides: Any,
) -> Findings:
    """Find what a downloaded template carries that should not be handed in: site markers and
    banners, skipped or repeated numbering, emptied enumerations, unbalanced brackets,
    placeholder variants, mixed-width punctuation and numeral style.

    ``source`` is anything ``xxfill.scan`` accepts, or a ``Scan``; DOCX and text give the same
    findings for the same text. ``ignore`` drops rule codes (see ``RULES``).

    >>> import xxfill
    >>> [f.code for f in lint(text="一、概况\\n三、问题（未完\\n")]
    ['numbering-skip', 'unbalanced-bracket']
    """
    _src, parts, opts = _resolve(source, options, text, format, option_overrides)
    return _finish(_lint_parts(parts, opts, template=True), parts, ignore)


# --------------------------------------------------------------------------------------------
# After a fill

_LEFT_EXTRA: tuple[tuple[Any, Severity, str], ...] = (
    (regex.compile(r"某某"), "warning", "某某 is still here: fill in the real name"),
    (regex.compile(r"[○◯]{2,}"), "error", "{lit} is still here: fill it in"),
    (regex.compile(r"(?<![一二三四五六七八九十〇零\d])〇{2,}(?![一二三四五六七八九十〇零\d])"),
     "error", "{lit} is still here: fill it in"),
    (regex.compile(r"[＿_]{2,}"), "warning",
     "a blank line {lit} is still here: fill it in, unless it is meant to be signed by hand"),
    (regex.compile(r"【[^】\n]{0,10}(?:填写|填入|待定|补充|输入|请填|待填)[^】\n]{0,10}】"),
     "error", "{lit} is still here: fill it in"),
    (regex.compile(r"\{\{[^{}\n]{0,40}\}\}"), "error", "the template field {lit} is still here"),
)  # fmt: skip
# Words that legitimately start with the last character of a typical value: 人社局 + 局长.
_SUFFIX_WORDS = frozenset(
    "局长 委员 处长 科长 部长 院长 校长 所长 会长 厅长 省长 市长 县长 区长 镇长 乡长 村长 站长 "
    "组长 队长 社长 馆长 行长 司长 室主任 办主任 主任 主席 书记".split()
)
# Values that legitimately start with the character before them: 市 + 市场监管局.
_PREFIX_WORDS = frozenset("市场 区域 区块 县域 省级 市级 县级 区级 镇级 乡级 村级".split())
# Words after a value that start with its last character without doubling it.
_START_WORDS = _SUFFIX_WORDS | _PREFIX_WORDS


# Two to four characters said twice inside one value (党委党委); single characters are not
# checked inside a value, since names double them (丽丽).
_INNER_DOUBLE = regex.compile(r"([\p{Han}\p{L}]{2,4})\1")


# The digits a template writes before a year blank (20XX年).
_YEAR_PREFIX = regex.compile(r"(?<!\d)\d{1,3}$")


def _wordy(s: str) -> bool:
    return bool(s) and bool(regex.fullmatch(r"[\p{Han}\p{L}]+", s))


def lint_filled(result: Any, *, ignore: Iterable[str] = ()) -> Findings:
    """Findings on a filled document (``FillResult.lint()``): anything that still looks like a
    blank, values that repeat their neighbour (党委党委), numeral style, and the template rules
    that still apply (numbering, brackets, emptied lists, residue left in)."""
    from xxfill.text.plain import apply_edits

    sc = result.scan
    options: Options = sc.options
    edits_by_part: dict[str, list[Edit]] = {}
    for e in result.edits:
        edits_by_part.setdefault(e.part, []).append(e)
    new_parts = tuple(
        PartText(p.name, apply_edits(p.text, edits_by_part.get(p.name, []))) for p in sc.parts
    )
    texts = {p.name: p.text for p in new_parts}
    items = _lint_parts(new_parts, options, template=False)
    paras = list(_paragraphs(new_parts))
    out = _Collector()
    for para in paras:
        _placeholders_left(out, para, options)
    positions = _output_positions(result.edits)
    para_of = _para_locator(paras)
    for f in result.report.filled:
        p = f.placeholder
        a = positions.get((p.part, p.start))
        if a is None:
            continue
        text = texts[p.part]
        b = a + len(f.text)
        if text[a:b] != f.text or not f.text:
            continue
        para = para_of(p.part, a)
        if para is not None:
            _doubled_value(out, para, text, a, b, f.text)
    return _finish(items + out.items, new_parts, ignore)


def _placeholders_left(out: _Collector, para: Any, options: Options) -> None:
    """Rule ``placeholder-left``: marks, the missing-value mark and other blanks still there."""
    for s, e in find_placeholders(para.text, options):
        out.add(
            para, s, e, "placeholder-left",
            f"{para.text[s:e]} is still a blank: give it a value and fill again",
        )  # fmt: skip
    if options.missing_mark:
        start = 0
        while (i := para.text.find(options.missing_mark, start)) != -1:
            out.add(
                para, i, i + len(options.missing_mark), "placeholder-left",
                "marked as missing: give this blank a value and fill again",
            )  # fmt: skip
            start = i + len(options.missing_mark)
    for rx, sev, msg in _LEFT_EXTRA:
        for m in rx.finditer(para.text):
            out.add(
                para, m.start(), m.end(), "placeholder-left", msg.format(lit=m.group()),
                severity=sev,
            )  # fmt: skip


def _doubled_value(out: _Collector, para: Any, text: str, a: int, b: int, v: str) -> None:
    """Rule ``doubled-word``: the value ``v`` at ``[a, b)`` repeats itself or its neighbours."""
    inner = _INNER_DOUBLE.search(v)
    if inner:
        s = a + inner.start() - para.start
        out.add(
            para, s, s + len(inner.group()), "doubled-word",
            f"the value 「{v}」 repeats 「{inner.group(1)}」: correct the value",
        )  # fmt: skip
    _doubled_tail(out, para, text, a, b, v)
    if _doubled_year(out, para, text, a, b, v):
        return
    _doubled_head(out, para, text, a, b, v)


def _doubled_tail(out: _Collector, para: Any, text: str, a: int, b: int, v: str) -> None:
    for k in range(min(len(v), 6), 0, -1):
        tail, follow = v[-k:], text[b : b + k]
        if tail == follow and _wordy(tail) and "\n" not in follow:
            if k == 1 and (text[b : b + 2] in _START_WORDS or text[b : b + 3] in _START_WORDS):
                break  # 人社局 + 局长, 临江市 + 市场监管局: a word that starts the same
            s = a - para.start
            out.add(
                para, s, b + k - para.start, "doubled-word",
                f"the value 「{v}」 already ends with 「{tail}」 and the text after it repeats "
                f"it: drop 「{tail}」 from the value or the template",
            )  # fmt: skip
            break


def _doubled_year(out: _Collector, para: Any, text: str, a: int, b: int, v: str) -> bool:
    """20 + 2024 + 年: the template writes the century and the value the whole year."""
    window = max(para.start, a - 4)
    year = _YEAR_PREFIX.search(text[window:a])
    if not (
        year
        and v.isdigit()
        and v.startswith(year.group())
        and len(year.group()) + len(v) > 4
        and text[b : b + 1] == "年"
    ):
        return False
    out.add(
        para, window + year.start() - para.start, b - para.start, "doubled-word",
        f"「{year.group()}{v}年」 is not a year: the template already writes "
        f"{year.group()} before the blank; give only {v[len(year.group()) :]}",
    )  # fmt: skip
    return True


def _doubled_head(out: _Collector, para: Any, text: str, a: int, b: int, v: str) -> None:
    for k in range(min(len(v), 6), 0, -1):
        head, prev = v[:k], text[max(0, a - k) : a]
        if head == prev and _wordy(head) and a - k >= para.start:
            if k == 1 and v[:2] in _PREFIX_WORDS:
                break
            out.add(
                para, a - k - para.start, b - para.start, "doubled-word",
                f"the value 「{v}」 starts with 「{head}」, which the text before it already "
                f"has: drop 「{head}」 from the value or the template",
            )  # fmt: skip
            break


def _output_positions(edits: Sequence[Edit]) -> dict[tuple[str, int], int]:
    """Where each edit's replacement text starts in the output, keyed by (part, input start)."""
    out: dict[tuple[str, int], int] = {}
    by_part: dict[str, list[Edit]] = {}
    for e in edits:
        by_part.setdefault(e.part, []).append(e)
    for part, es in by_part.items():
        delta = 0
        for e in sorted(es, key=lambda e: (e.start, e.end)):
            out[(part, e.start)] = e.start + delta
            delta += len(e.text) - (e.end - e.start)
    return out


def _para_locator(paras: Sequence[_Para]) -> Callable[[str, int], _Para | None]:
    """A function (part, offset) → the paragraph holding it, by bisection."""
    index: dict[str, tuple[list[int], list[_Para]]] = {}
    for p in paras:
        starts, plist = index.setdefault(p.part, ([], []))
        starts.append(p.start)
        plist.append(p)

    def find(part: str, pos: int) -> _Para | None:
        if part not in index:
            return None
        starts, plist = index[part]
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return None
        p = plist[i]
        return p if pos <= p.start + len(p.text) else None

    return find


# --------------------------------------------------------------------------------------------
# Fixing


@attrs.frozen(repr=False)
class Fixed:
    """The outcome of ``xxfill.fix``: the document with site residue removed (``text``,
    ``to_bytes()``, ``save(path)``), the ``findings`` before the fix, the ``removed`` ones, and
    ``remaining()`` — a fresh lint of the fixed document.

    >>> import xxfill
    >>> fixed = xxfill.fix(xxfill.Text("正文##paidbegin##内容"))
    >>> (fixed.text, len(fixed.removed), len(fixed.remaining()))
    ('正文内容', 1, 0)
    """

    source: str
    format: str
    findings: Findings
    removed: Findings
    edits: tuple[Edit, ...]
    output: Any = attrs.field(eq=False)
    path: Path | None = attrs.field(default=None, eq=False)
    options: Options = attrs.field(factory=Options, eq=False)

    @property
    def text(self) -> str:
        return str(self.output.text)

    def to_bytes(self) -> bytes:
        return bytes(self.output.to_bytes())

    def save(self, path: str | os.PathLike[str], *, overwrite_input: bool = False) -> str:
        """Write the fixed document atomically; never over the input unless asked."""
        from xxfill.output.atomic import write_atomic

        return str(
            write_atomic(path, self.to_bytes(), protect=self.path, overwrite_input=overwrite_input)
        )

    def remaining(self) -> Findings:
        """Lint the fixed document again (what still needs a human)."""
        from xxfill.source.open import Text

        if self.format == "text":
            return lint(Text(self.text, name=self.source), self.options)
        return lint(self.to_bytes(), self.options, format=self.format)

    def __repr__(self) -> str:
        return (
            f"<Fixed {self.source!r}: removed {len(self.removed)} of {len(self.findings)} "
            "finding(s)>"
        )


def fix(
    source: Any = None,
    options: Options | None = None,
    *,
    text: str | None = None,
    format: str | None = None,
    **option_overrides: Any,
) -> Fixed:
    """Remove site residue (``##paidbegin##`` markers, banner and watermark lines, page footers)
    from a template, in text and DOCX alike. Nothing else is changed.

    >>> import xxfill
    >>> fix(text="召开XX次会议##paidbegin##\\n##paidend##\\n").text
    '召开XX次会议\\n'
    """
    src, parts, opts = _resolve(source, options, text, format, option_overrides)
    findings = _finish(_lint_parts(parts, opts, template=True), parts, ())
    removed = Findings(f for f in findings if f.fixable)
    edits = _removal_edits(parts, removed)
    output = src.apply(edits)
    return Fixed(
        source=src.name,
        format=src.format,
        findings=findings,
        removed=removed,
        edits=tuple(edits),
        output=output,
        path=src.path,
        options=opts,
    )


def _removal_edits(parts: Sequence[PartText], removed: Sequence[Finding]) -> list[Edit]:
    """Merged removal edits; a line left empty goes with its line break (in DOCX, a paragraph
    left empty is deleted where that is safe)."""
    edits: list[Edit] = []
    by_part: dict[str, list[tuple[int, int]]] = {}
    for f in removed:
        by_part.setdefault(f.part, []).append((f.start, f.end))
    for part in parts:
        spans = sorted(by_part.get(part.name, []))
        if not spans:
            continue
        spans = _extend_to_lines(part.text, spans)
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        edits.extend(Edit(part.name, s, e, "") for s, e in merged)
    return edits


def _extend_to_lines(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans (each within one line) with every line they empty grown to take its line break."""
    spans = sorted(spans)
    out: list[tuple[int, int]] = []
    k = 0
    for para in _paragraphs((PartText("_", text),)):
        lo, hi = para.start, para.start + len(para.text)
        inside: list[tuple[int, int]] = []
        while k < len(spans) and spans[k][0] <= hi:
            inside.append(spans[k])
            k += 1
        if not inside:
            continue
        rest = _mask(para.text, [(s - lo, e - lo) for s, e in inside])
        if rest.strip(" \t\u3000") or not para.text:
            out.extend(inside)
            continue
        # The whole line is residue: remove it with its line break.
        if text.startswith("\r\n", hi):
            out.append((lo, hi + 2))
        elif hi < len(text):
            out.append((lo, hi + 1))
        else:
            # The last line: take the break before it instead.
            start = lo
            if lo >= 2 and text[lo - 2 : lo] == "\r\n":
                start = lo - 2
            elif lo >= 1 and text[lo - 1] in "\r\n":
                start = lo - 1
            out.append((start, hi))
    return out
