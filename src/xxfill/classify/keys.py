"""Keys: the cue phrase a placeholder is filled by, and how the keys of a document are made
distinct (counts and table cells never share, a unit listed next to itself, one-of-many names).
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import regex

from xxfill.classify.confidence import confidence
from xxfill.classify.context import _DIGIT, _HAN, _OTHER, _SPACE, Classified, Found, _Ctx, _Decision
from xxfill.classify.lexicons import _ends_with, _Lexicon, _starts_with
from xxfill.core.model import DEFAULT_MARKS, Kind, mark_class

_DATE_TAIL = regex.compile(r"(?:底|初|末|中旬|上旬|下旬|份|度|前|后|起|止|上午|下午)+")
_WORD_BREAK = regex.compile(r"[，。；！？、,;!?\s]")
_UNBRACKET = regex.compile(r"[（(]([^（()）]*)[）)]$")


class _Key(str):
    """A key with readable labels attached (moved into ``_Decision.labels`` by ``_decide``)."""

    labels: tuple[str, ...] = ()


def _labelled(key: str, *labels: str) -> str:
    out = _Key(key)
    out.labels = tuple(lb for lb in labels if lb)
    return out


_HAN_RUN_END = regex.compile(r"\p{Han}+$")
_HAN_RUN_START = regex.compile(r"^\p{Han}+")


def _han_tail(text: str, n: int) -> str:
    """The last ``n`` Han characters of ``text`` that touch its end (no punctuation between)."""
    m = _HAN_RUN_END.search(text)
    return m.group(0)[-n:] if m else ""


def _han_head(text: str, n: int) -> str:
    m = _HAN_RUN_START.match(text)
    return m.group(0)[:n] if m else ""


#: The longest head a key takes before a placeholder (about one short phrase).
_KEY_CAP = 6
#: Marks a key never starts or ends with (a bracket or a quote belongs to what it encloses).
_KEY_EDGE = "，。；：、！？,.;:!? \t\u3000\u00a0"


def _key_head(left: str, lex: _Lexicon, cap: int = _KEY_CAP) -> str:
    """The words right before a placeholder, starting on a word boundary.

    The run of Han characters touching the placeholder, without the unit word of a placeholder
    before it (``XX个工作日缩短至``), cut after a verb or preposition of ``key_breaks``
    (``撰写心得体会`` → ``心得体会``), at most ``cap`` characters (then the last four).
    """
    m = _HAN_RUN_END.search(left)
    if not m:
        return ""
    run = m.group(0)
    before = left[m.start() - 1] if m.start() > 0 else ""
    if before == _OTHER or _DIGIT.match(before):
        # the unit word of the number before (XX个工作日缩短至, 2023年共召开)
        cues = lex.suffixes_at(run)
        unit = cues[0].word if cues else run[:1] if run[:1] in "年月日" else ""
        if unit and len(unit) < len(run):
            run = run[len(unit) :]
    run = run[-(cap * 3) :]
    end = ""
    pre = _ends_with(run, lex.rules.count_prefixes)
    if pre and len(run) >= len(pre) + 2 and pre[-1] not in "额量数分例比幅之":
        run, end = run[: -len(pre)], pre  # 集中学习不少于, 办结率达
    if len(run) > 2 and run[-1] in lex.break_chars and not _ends_with(run, lex.words):
        run, end = run[:-1], run[-1] + end  # 时限由, 占年度计划的 (but 截至 is one word)
    for i in range(max(1, len(run) - cap), len(run) - 2):
        if _ends_with(run[:i], lex.breaks):
            return run[i:] + end
    if len(run) > cap:
        # 精神和省委: after a joining word inside the run
        for i in range(len(run) - cap, len(run) - 1):
            if run[i - 1] in "和与的" and i > 1:
                return run[i:] + end
    if len(run) <= cap:
        return run + end
    # the longest head that starts with a word the lexicons know (中心组学习, not 心组学习)
    for i in range(len(run) - cap, len(run) - 3):
        if _starts_with(run[i:], lex.words):
            return run[i:] + end
    # a word ending in a bound suffix (失业率, 培训费) is usually two characters and the suffix
    return run[-5 if run[-1] in _BOUND_SUFFIXES else -4 :] + end


#: One-character endings that make a word with the two characters before them (登记失业率).
_BOUND_SUFFIXES = frozenset("率")
_TAIL_STOP = frozenset("的和与及等被在对为是将")


def _key_tail(right: str, lex: _Lexicon, cap: int = 4, *, whole: bool = False) -> str:
    """The word right after a placeholder (or after its unit word): the run of Han characters up
    to a verb of ``key_breaks`` or a function word; longer than ``cap``, its first two (with
    ``whole``, nothing)."""
    run = _han_head(right, 40)
    for i in range(1, len(run)):
        if _starts_with(run[i:], lex.breaks) or (i >= 2 and run[i] in _TAIL_STOP):
            run = run[:i]
            break
    if len(run) <= cap:
        return run
    return "" if whole else run[:2]


def _tidy(key: str) -> str:
    """``key`` without punctuation at its ends (a bracket closed before it, a comma after it)."""
    key = key.strip(_KEY_EDGE)
    while key[:1] and key[0] in "）)》〉”’」』":
        key = key[1:].lstrip(_KEY_EDGE)
    while key[-1:] and key[-1] in "（(《〈“‘「『":
        key = key[:-1].rstrip(_KEY_EDGE)
    return key


def _clean_key(key: str) -> str:
    key = "".join(ch for ch in key if ch.isprintable()).strip()
    if key.startswith("#"):
        key = "＃" + key[1:]
    return key or "XX"


_DATE_CHARS = frozenset("0123456789０１２３４５６７８９年月日号时分秒:：—－-～~至" + _OTHER)


def _date_key(ctx: _Ctx, lex: _Lexicon) -> str:
    """The whole date expression around the placeholder (``XX月XX日至XX日``) with the words
    before it up to the clause start and a few after it, so that only the same phrase shares."""
    line = ctx.line
    a = ctx.pos
    while a > 0 and line[a - 1] in _DATE_CHARS:
        a -= 1
    b = ctx.pos + 1
    while b < len(line) and line[b] in _DATE_CHARS:
        b += 1
    # keep the expression's own trailing unit words (底, 前, 中旬 ...)
    m = _DATE_TAIL.match(line[b:])
    if m:
        b += m.end()
    head = _WORD_BREAK.split(line[max(0, a - 6) : a])[-1]
    tail = _WORD_BREAK.split(line[b : b + 4])[0]
    # shown with whole words only: 请各单位于XX月XX日前, not ）请各单位于XX月XX日前将参训人
    nice_head = _key_head(line[:a], lex)
    nice_tail = _key_tail(line[b:], lex, 4, whole=True)
    return _labelled(
        ctx.render(a - len(head), b + len(tail)),
        ctx.render(a - len(nice_head), b + len(nice_tail)),
    )


def _window_key(
    ctx: _Ctx, lex: _Lexicon, before: int = 4, after: int = 2, *, shown_after: int = 0
) -> str:
    """The placeholder with the words touching it; with none, a few characters around it.

    Labelled with the same words cut on word boundaries (``副局长XXX``, ``在XX报``).
    """
    head = _han_tail(ctx.left, before)
    tail = _han_head(ctx.right, after)
    if head or tail:
        key = ctx.render(ctx.pos - len(head), ctx.pos + 1 + len(tail))
    else:
        key = ctx.render(max(0, ctx.pos - 4), min(len(ctx.line), ctx.pos + 1 + 6))
    nice_head = _key_head(ctx.left, lex, before) if before >= 4 else head
    nice_tail = _key_tail(ctx.right, lex, max(after, shown_after, 2)) if after else ""
    if nice_head or nice_tail:
        nice = ctx.render(ctx.pos - len(nice_head), ctx.pos + 1 + len(nice_tail))
    else:
        nice = _tidy(key)
    return _labelled(key, nice)


def _group_key(ctx: _Ctx, word: str) -> str:
    """``XX等…个单位``: the placeholder, 等 and the group it heads."""
    rest = ctx.right[1:]
    mid = ""
    if rest[:1] == _OTHER:
        mid, rest = "…", rest[1:]
    at = rest.find(word)
    group = rest[: at + len(word)] if at >= 0 else word
    if len(group) == 1:
        group = _han_head(rest, 3)  # 名同志, 个单位
    return f"{ctx.literal}等{mid}{group}"


def _count_key(ctx: _Ctx, lex: _Lexicon, cue: str) -> str:
    """``集中学习XX次``: the words before (whole words, see ``_key_head``) and the measure word;
    counts never share a key, so it only has to be readable."""
    head = _key_head(ctx.left, lex)
    return f"{head}{ctx.literal}{cue}"


def _name_key(ctx: _Ctx, lex: _Lexicon, cue: str) -> str:
    """``XX党委``; an administrative level right before joins (``区XX党支部``), and a compound
    name that continues with another placeholder keeps it (``XX区…所``)."""
    left = ctx.left
    head = ""
    if left[-1:] in ("区", "市", "县", "省", "镇", "乡", "村") and (
        len(left) < 2 or not _HAN.match(left[-2]) or left[-2] in "的和与及向在到对"
    ):
        head = left[-1]
    elif left[-1:] and left[-1] in "区市县省镇乡村局" and left[-2:-1] == _OTHER:
        head = "…" + left[-1]
    else:
        # 加强与XX局的协作: a partner, not the author's own XX局
        head = _ends_with(left.rstrip(_SPACE), lex.rules.partner_prefixes) or ""
    rest = ctx.right[len(cue) :]
    more = _han_head(rest, 3)
    if (
        more
        and len(more) <= 2
        and not any(c in more for c in "等和与及的")
        and _ends_with(cue + more, lex.name_suffixes)
    ):
        cue, rest = cue + more, rest[len(more) :]  # XX工程队, not XX工程
    # A compound name (XX市XX局) keeps the plain key of its first part: the XX市 before XX局 is
    # the same city as every other XX市 in the report, so it is filled once.
    return f"{head}{ctx.literal}{cue}"


def _term_key(ctx: _Ctx, lex: _Lexicon, after: str, before: str = "") -> str:
    """``XX群众``, ``广大XX``; after a group word (干部XX队伍, 党员干部XX) that word keys it."""
    group = [w for w in lex.rules.term_key_prefixes if ctx.left.endswith(w)]
    if group:
        return f"{min(group, key=len)}{ctx.literal}"
    if after:
        return f"{ctx.literal}{after}"
    return f"{before}{ctx.literal}"


def _siblings(ctx: _Ctx) -> bool:
    """The next placeholder is the next item of the same list or the other end of a range.

    ``XX镇、XX镇`` and ``XX自然村至XX自然村`` name different places.
    """
    at = ctx.right.find(_OTHER)
    if at <= 0 or at > 8:
        return False
    between = ctx.right[:at]
    return between[-1] in "、和与及至到" and not any(c in "，。；：,;:" for c in between)


#: A list marker with nothing else before a placeholder on its line: 一、 （二） 3. ④ 一是 第一，
_ITEM_HEAD = regex.compile(
    r"^[\s\u3000]*(?:[一二三四五六七八九十]+(?:[、.．]|是)|[（(](?:[一二三四五六七八九十]+|\d{1,2})[）)]"
    r"|\d{1,2}(?:[.．](?!\d)|、)|[①-⑳]|第[一二三四五六七八九十]+[，、,])[\s\u3000]*$"
)


def _item_heads(keys: Sequence[str], contexts: Sequence[_Ctx]) -> set[str]:
    """Keys that head two list items or more (on different lines, right after the marker)."""
    lines: dict[str, set[tuple[str, int]]] = {}
    for i, ctx in enumerate(contexts):
        if _ITEM_HEAD.match(ctx.left):
            lines.setdefault(keys[i], set()).add(ctx.line_id)
    return {k for k, at in lines.items() if len(at) > 1}


#: Why placeholders share a key, where the document gave more than the same words around them.
EVIDENCE_REPORT_YEAR = "the year reported on: the report's title and the lines that open with it"
EVIDENCE_PLAN_YEAR = "the year ahead: a line or section about the plan"
EVIDENCE_AUTHOR = "the author's own unit: the title, the signature and the clauses it opens"


#: A heading: 一、 or 第一部分 (level 1), （一） (level 2).
_HEADING = regex.compile(
    r"^[\s\u3000]*(?:(?P<top>[一二三四五六七八九十]+、|第[一二三四五六七八九十]+(?:部分|章))"
    r"|(?P<sub>[（(][一二三四五六七八九十]+[）)]))"
)
#: Words that make a heading or a line about the year ahead (工作打算, 明年, 下一步).
_PLAN = regex.compile(
    r"打算|明年|下一年|下年度|来年|下一步|展望|(?:工作|年度)计划|计划安排|工作思路"
)
#: A year whose clause goes on in the future tense: 20XX年，我区将… / 20XX年力争…
_FUTURE = regex.compile(r"^年[，,]?\p{Han}{0,4}?(?:将|力争|预计|拟)")
#: The slot of a year: ``20XX年``, ``XX年度``.
_YEAR_SLOT = regex.compile(r"^年")
#: Lines as classification reads them: ended by \n, \r\n or a lone \r (never by U+2028).
_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


def _is_year(d: _Decision, ctx: _Ctx) -> bool:
    """Whether the placeholder is a date slot that holds a year (20XX年)."""
    return d.kind is Kind.DATE and bool(_YEAR_SLOT.match(ctx.right))


def _plan_years(
    keys: list[str],
    found: Sequence[Found],
    contexts: Sequence[_Ctx],
    decisions: Sequence[_Decision],
    texts: Mapping[str, str],
    why: dict[int, str],
) -> None:
    """A year in a line or a section about the year ahead (``四、20XX年工作打算`` and the lines
    under it) is next year, not the year the report is about: where the same key also stands
    outside such a place, the plan's occurrences get their own key (``20XX年·计划``)."""
    plan_at: dict[str, list[tuple[int, bool]]] = {}  # part -> (line offset, in plan from here)
    for part in {f.part for f in found}:
        marks: list[tuple[int, bool]] = []
        top = sub = False
        for line in _LINE.finditer(texts[part]):
            m = _HEADING.match(line.group())
            if m:
                if m.group("top"):
                    top, sub = bool(_PLAN.search(line.group())), False
                else:
                    sub = bool(_PLAN.search(line.group()))
                marks.append((line.start(), top or sub))
        plan_at[part] = marks
    in_plan: list[bool] = []
    for f, ctx, d in zip(found, contexts, decisions, strict=True):
        if not _is_year(d, ctx):
            in_plan.append(False)
            continue
        marks = plan_at[f.part]
        k = bisect.bisect_right(marks, (f.start, True)) - 1
        ahead = bool(_PLAN.search(ctx.line) or _FUTURE.match(ctx.right))
        in_plan.append(ahead or (k >= 0 and marks[k][1]))
    outside = {keys[i] for i, plan in enumerate(in_plan) if not plan}
    for i, plan in enumerate(in_plan):
        if plan and keys[i] in outside:
            keys[i] = f"{keys[i]}·计划"
            why[i] = EVIDENCE_PLAN_YEAR


#: A title that reports on a year: 20XX年度工作总结, 20XX年述职报告, 20XX年工作报告.
_REPORT_TITLE = regex.compile(r"总结|述职|工作报告|年度报告|年报|工作情况")
#: How a body line speaks of the year reported on: 20XX年以来, 20XX年是, or a first clause
#: 20XX年， right after the title.
_SINCE = regex.compile(r"^年(?:以来|来|是|，|,)")
_CENTURY = regex.compile(r"[0-9０-９]{1,3}$")


def _report_year(
    keys: list[str],
    found: Sequence[Found],
    contexts: Sequence[_Ctx],
    decisions: Sequence[_Decision],
    why: dict[int, str],
) -> None:
    """The year in a report's title (``XX局20XX年度工作总结``) and the year its body speaks of
    (``20XX年，我局…`` opening a line or the body, ``20XX年以来``) are the year reported on:
    one key. A year inside a clause (张三，20XX年调入) may be any year and keeps its own."""
    title: dict[str, str] = {}
    title_at: dict[str, int] = {}
    first_body: set[str] = set()
    for i, (f, ctx, d) in enumerate(zip(found, contexts, decisions, strict=True)):
        if not _is_year(d, ctx) or keys[i].endswith("·计划"):
            continue
        if f.part not in title:
            if ctx.line_id[1] < _TITLE_REACH and _REPORT_TITLE.search(ctx.line):
                title[f.part], title_at[f.part] = keys[i], i
            continue
        left = _CENTURY.sub("", ctx.left).rstrip(_SPACE)  # the 20 of 20XX年
        line_start = not left.strip(_SPACE)
        clause_start = line_start or (left[-1:] in _CLAUSE_END)
        first = f.part not in first_body
        first_body.add(f.part)
        if not (clause_start and _SINCE.match(ctx.right)):
            continue
        if line_start or first or "以来" in ctx.right[:3]:
            keys[i] = title[f.part]
            why[i] = why[title_at[f.part]] = EVIDENCE_REPORT_YEAR


#: How far into a part its title may start (a unit line or a 文号 may come before it).
_TITLE_REACH = 300


#: A line that is nothing but a date: placeholders, digits, 年月日 and spaces.
_DATE_ONLY = regex.compile(rf"^[{_OTHER}0-9０-９年月日号\s\u3000]*$")


def _signed_dates(
    keys: list[str],
    found: Sequence[Found],
    contexts: Sequence[_Ctx],
    decisions: Sequence[_Decision],
    texts: Mapping[str, str],
    marks: tuple[str, ...],
) -> None:
    """A date alone on its line dates what is signed above it (培养联系人：XXX / 20XX年XX月XX日):
    under different signers, or where the same words date an event in the text, each signed
    date gets its own key (``20XX年…月…日（支部书记）``)."""
    signer: dict[int, str] = {}
    of_line: dict[tuple[str, int], str] = {}  # a date's three slots share one line above
    for i, (f, ctx, d) in enumerate(zip(found, contexts, decisions, strict=True)):
        if d.kind is Kind.DATE and _DATE_ONLY.match(ctx.line):
            if ctx.line_id not in of_line:
                of_line[ctx.line_id] = _signer_above(
                    texts[f.part], ctx.line_id[1], _written_date(marks)
                )
            signer[i] = of_line[ctx.line_id]
    if not signer:
        return
    by_key: dict[str, set[str]] = {}
    for i, who in signer.items():
        by_key.setdefault(keys[i], set()).add(who)
    elsewhere = {keys[i] for i in range(len(keys)) if i not in signer}
    for i, who in signer.items():
        k = keys[i]
        if who and (len(by_key[k]) > 1 or k in elsewhere):
            keys[i] = f"{k}（{who}）"


_SIGNER_TRIM = regex.compile(r"[（(][^（()）]*[）)]|[:：\s\u3000]+$|[\p{P}]")


@functools.lru_cache(maxsize=16)
def _written_date(marks: tuple[str, ...]) -> Any:
    """A line of nothing but a date in raw text: the template's marks, digits and 年月日."""
    return regex.compile(rf"[{mark_class(marks)[1:-1]}0-9０-９年月日号\s\u3000]*")


def _signer_above(text: str, ls: int, written_date: Any) -> str:
    """The words of the nearest non-blank line above ``ls`` (a signer's label), or ``""`` when
    that line is a date itself (``written_date``) or has no words."""
    end = ls - 1
    while end > 0:
        start = max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1
        line = text[start:end].strip()
        if line:
            if written_date.fullmatch(line):
                return ""
            label = line.split("：")[0].split(":")[0]
            return _SIGNER_TRIM.sub("", label)[-8:]
        end = start - 1
    return ""


#: How many keys two lines must share to be two records of one form.
_RECORD_KEYS = 3


def _records(
    keys: Sequence[str], contexts: Sequence[_Ctx], decisions: Sequence[_Decision]
) -> set[str]:
    """Keys that two lines of one part share with at least ``_RECORD_KEYS - 1`` other keys
    (the same profile written for each candidate)."""
    on_line: dict[tuple[str, int], set[str]] = {}
    dates: set[str] = set()
    for i, ctx in enumerate(contexts):
        on_line.setdefault(ctx.line_id, set()).add(keys[i])
        if decisions[i].kind is Kind.DATE:
            dates.add(keys[i])
    lines_of: dict[str, list[tuple[str, int]]] = {}
    for line, ks in on_line.items():
        for k in ks:
            lines_of.setdefault(k, []).append(line)
    shared: dict[tuple[tuple[str, int], tuple[str, int]], int] = {}
    for lines in lines_of.values():
        if 2 <= len(lines) <= 50:
            for pair in itertools.combinations(sorted(lines), 2):
                shared[pair] = shared.get(pair, 0) + 1
    out: set[str] = set()
    for (a, b), n in shared.items():
        if n < _RECORD_KEYS or a[0] != b[0]:
            continue  # the same lines in two parts are one title repeated (docProps, a header)
        common = on_line[a] & on_line[b]
        # a record names someone or something; two lines of dates alone are one date written
        # twice as far as the words can tell (the form asks for it once)
        if common - dates:
            out |= common
    return out


def _one_of_many(key: str, lex: _Lexicon) -> bool:
    """A name key whose ending names one of many things (XX平台), not one entity (XX党委)."""
    plain = _UNBRACKET.sub(r"\1", key)  # XX（社区）
    word = _ends_with(plain, lex.any_name_suffix)
    return word is not None and word not in lex.shared


_CLAUSE_END = "，。；！？,;!?"
_FORM_LABEL = regex.compile(r"(\p{Han}+)\s*(?:[（(][^（()）]{0,10}[）)])?\s*[:：]\s*$")


def _split_one_of_many(
    keys: list[str],
    contexts: Sequence[_Ctx],
    decisions: Sequence[_Decision],
    lex: _Lexicon,
    skip: set[str],
    why: dict[int, str],
) -> None:
    """Give each different ``XX平台`` its own key (``XX平台~2``).

    Occurrences of a one-of-many name share only when the words around match: the same two
    characters right before the placeholder or right after the name, or both at the start of a
    line. A name in a line's first position or in the first line of its part is the author's own
    unit (XX学校 in the title and the signature): an occurrence that starts a clause joins it.
    """
    groups: dict[str, list[int]] = {}
    for i, d in enumerate(decisions):
        if d.kind is Kind.NAME and not d.unique and keys[i] not in skip:
            if _one_of_many(keys[i], lex):
                groups.setdefault(keys[i], []).append(i)
    taken = set(keys)
    for key, members in groups.items():
        if len(members) < 2:
            continue
        clusters: list[tuple[list[int], set[str], set[str], bool]] = []
        lit_at = key.find(contexts[members[0]].literal)
        for i in members:
            ctx = contexts[i]
            left = ctx.left.rstrip(_SPACE)
            trailing = key[lit_at + len(ctx.literal) :] if lit_at >= 0 else ""
            rest = ctx.right[len(trailing) :] if ctx.right.startswith(trailing) else ctx.right
            before = _han_tail(left, 2)
            label = _FORM_LABEL.search(left)
            if not before and label:
                before = label.group(1)[-2:] + "："  # 甲方（盖章）：XX公司 … 甲方：XX公司
            after = _han_head(rest, 2)
            author = not left.strip(_SPACE) or ctx.line_id[1] == 0
            if author:
                before = before or "^"
            starts_clause = not before and left[-1:] in _CLAUSE_END
            home = None
            if author or starts_clause:
                home = next((c for c in clusters if c[3]), None)
            if home is None:
                for c in clusters:
                    if (before and before in c[1]) or (after and after in c[2]):
                        home = c
                        break
            if home is None:
                home = ([], set(), set(), False)
                clusters.append(home)
            home[0].append(i)
            if before:
                home[1].add(before)
            if after:
                home[2].add(after)
            if author and not home[3]:
                clusters[clusters.index(home)] = home = (home[0], home[1], home[2], True)
        for c in clusters:
            if c[3] and len(c[0]) > 1:
                why.update(dict.fromkeys(c[0], EVIDENCE_AUTHOR))
        n = 1
        for c in clusters[1:]:
            n += 1
            k = f"{key}~{n}"
            while k in taken:
                n += 1
                k = f"{key}~{n}"
            taken.add(k)
            for i in c[0]:
                keys[i] = k


def _relabel(keys: list[str], decisions: Sequence[_Decision]) -> list[str]:
    """Show each group of placeholders by its readable label where that names no other group."""
    base = [_clean_key(d.key) for d in decisions]
    reserved = {k for i, k in enumerate(keys) if not decisions[i].labels}
    chosen: dict[str, str] = {}
    used = set(reserved)
    for i, d in enumerate(decisions):
        k = keys[i]
        if not d.labels or k in chosen:
            continue
        suffix = k[len(base[i]) :] if k.startswith(base[i]) else ""
        out = None
        for label in d.labels:
            cand = _clean_key(_tidy(label)) + suffix
            if cand not in used and _HAN.search(cand):
                out = cand
                break
        if out is None:
            out = k if k not in used else None
        if out is None:
            n = 2
            while f"{k}~{n}" in used:
                n += 1
            out = f"{k}~{n}"
        used.add(out)
        chosen[k] = out
    return [chosen.get(k, k) if decisions[i].labels else k for i, k in enumerate(keys)]


def _assign_keys(
    found: Sequence[Found],
    contexts: Sequence[_Ctx],
    decisions: Sequence[_Decision],
    lex: _Lexicon,
    texts: Mapping[str, str] | None = None,
    marks: tuple[str, ...] = DEFAULT_MARKS,
) -> list[Classified]:
    keys: list[str] = [_clean_key(d.key) for d in decisions]
    why: dict[int, str] = {}  # evidence beyond the same words, by placeholder
    if texts is not None:
        _plan_years(keys, found, contexts, decisions, texts, why)
        _report_year(keys, found, contexts, decisions, why)
        _signed_dates(keys, found, contexts, decisions, texts, marks)
    # kinds never share a key with another kind
    owner: dict[str, Kind] = {}
    for i, d in enumerate(decisions):
        if d.kind is Kind.COUNT:
            continue
        k = keys[i]
        if owner.setdefault(k, d.kind) is not d.kind:
            keys[i] = f"{k}~{d.kind.value}"
            owner.setdefault(keys[i], d.kind)
    # people and codes with the same phrase on one line are different (授权代表：XX … 授权代表：XX)
    seen_line: dict[tuple[str, str, int], int] = {}
    for i, d in enumerate(decisions):
        if d.kind not in (Kind.PERSON, Kind.OTHER, Kind.QUOTE):
            continue
        line_id = (keys[i], *contexts[i].line_id)
        n = seen_line.get(line_id, 0) + 1
        seen_line[line_id] = n
        if n > 1:
            keys[i] = f"{keys[i]}~{n}"
    # a key listed next to itself (XX镇、XX镇) stands for several different units in this
    # document, so none of its occurrences is merged
    plural: set[str] = set()
    for i in range(len(decisions) - 1):
        if keys[i] == keys[i + 1] and found[i].part == found[i + 1].part and _siblings(contexts[i]):
            plural.add(keys[i])
    # the head of a list item (一、XX社区：… 二、XX社区：…) names that item: the same words at
    # the head of two items are two different things
    plural |= _item_heads(keys, contexts)
    # lines that repeat three keys or more are records of different things (one candidate
    # each: XXX，男，汉族，19XX年XX月生…)
    plural |= _records(keys, contexts, decisions)
    # a key with no words in it (a bare table cell) says nothing about sameness
    for i in range(len(decisions)):
        if decisions[i].unique or not _HAN.search(keys[i]):
            plural.add(keys[i])
    # a one-of-many name (XX平台) shares only with the same words around it
    _split_one_of_many(keys, contexts, decisions, lex, plural, why)
    # counts never share: every count gets its own key (and so does every plural name)
    taken = {
        k for i, k in enumerate(keys) if decisions[i].kind is not Kind.COUNT and k not in plural
    }
    next_n: dict[str, int] = {}
    for i, d in enumerate(decisions):
        if d.kind is not Kind.COUNT and keys[i] not in plural:
            continue
        base = keys[i]
        n = next_n.get(base, 1)
        k = base if n == 1 else f"{base}~{n}"
        while k in taken:
            n += 1
            k = f"{base}~{n}"
        next_n[base] = n + 1
        taken.add(k)
        keys[i] = k
    keys = _relabel(keys, decisions)
    return [
        Classified(d.kind, d.reason, keys[i], confidence(d.rule, d.strength), why.get(i, ""))
        for i, d in enumerate(decisions)
    ]
