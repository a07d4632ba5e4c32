"""The rules tried before any cue word: brackets, the shape of a number, numbers in a sequence
(weekdays, classes, floors) and fixed phrases (``第XX次``, ``党的XX大``).
"""

from __future__ import annotations

from typing import Any

import regex

from xxfill.classify.context import _BRACKET_REACH, _DIGIT, _HAN, _OTHER, _Ctx, _Decision
from xxfill.classify.keys import (
    _count_key,
    _date_key,
    _han_head,
    _key_head,
    _key_tail,
    _labelled,
    _window_key,
)
from xxfill.classify.lexicons import _ends_with, _Lexicon, _starts_with
from xxfill.core.model import Kind

_OPENERS = {"《": "》", "〈": "〉", "“": "”", "‘": "’", "「": "」", "『": "』"}
_TITLE_OPENERS = frozenset("《〈")
_CN_CENTURY = regex.compile(r"[一二][〇零○九]$")
_CENTURY = regex.compile(r"(?:19|20|１９|２０)$")
_SESSION = regex.compile(r"次(?:会议|全会|全体会议|代表大会)")


# ---- brackets ----------------------------------------------------------------------------


_BRACKET_RE = regex.compile('[《》〈〉“”‘’「」『』"]')


def _enclosing(ctx: _Ctx) -> list[tuple[str, int, int]]:
    """Brackets around the focal placeholder as (opener, open, close) indices, outermost first.

    An opener counts only if its closer follows on the same line.
    """
    stack: list[tuple[str, int]] = []
    ascii_open: int | None = None
    for m in _BRACKET_RE.finditer(ctx.line, max(0, ctx.pos - _BRACKET_REACH), ctx.pos):
        i, ch = m.start(), m.group(0)
        if ch in _OPENERS and not (ch == "‘" and stack and stack[-1][0] == "‘"):
            stack.append((ch, i))
        elif ch in _CLOSERS:
            for k in range(len(stack) - 1, -1, -1):
                if _OPENERS[stack[k][0]] == ch:
                    del stack[k:]
                    break
        elif ch == '"':
            ascii_open = None if ascii_open is not None else i
    out: list[tuple[str, int, int]] = []
    start = ctx.pos + 1
    for opener, at in reversed(stack):
        close = _matching_close(ctx.line, opener, start)
        if close is None:
            continue
        out.append((opener, at, close))
        start = close + 1
    if ascii_open is not None:
        close_ascii = ctx.line.find('"', ctx.pos + 1)
        if close_ascii != -1:
            out.append(('"', ascii_open, close_ascii))
    out.sort(key=lambda t: t[1])
    return out


_CLOSERS = frozenset(_OPENERS.values())
_PAIR_RE: dict[str, Any] = {}


def _matching_close(line: str, opener: str, start: int) -> int | None:
    closer = _OPENERS[opener]
    depth = 0
    pattern = _PAIR_RE.get(opener)
    if pattern is None:
        pattern = _PAIR_RE[opener] = regex.compile(f"[{regex.escape(opener + closer)}]")
    for m in pattern.finditer(line, pos=start):
        i, ch = m.start(), m.group(0)
        if ch == opener:
            depth += 1
        elif ch == closer:
            if depth == 0:
                return i
            depth -= 1
    return None


def _brackets(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    spans = _enclosing(ctx)
    if not spans:
        return None
    for opener, a, b in spans:
        if opener in _TITLE_OPENERS:
            return _Decision(Kind.TITLE, f"inside {opener}{_OPENERS[opener]}", ctx.render(a, b + 1))
    opener, _a, _b = spans[-1]
    closer = _OPENERS.get(opener, '"')
    if ctx.left.endswith("十") and ctx.right.startswith("五") and _b - _a == 4:
        # “十XX五”: the five-year plan's number, the one number a quote holds by convention
        return _Decision(Kind.ORDINAL, "“十…五”: a five-year plan", ctx.render(_a, _b + 1))
    # keyed by the outermost quote, so the parts of “‘XX·XX’XX星级” stay in one phrase
    oa, ob = spans[0][1], spans[0][2]
    key = ctx.render(oa, ob + 1)
    if not _HAN.search(ctx.line[oa + 1 : ob]):
        # nothing but placeholders inside: only the words around tell two quotes apart; shown
        # as the quote and the word after it (“XX”审批模式), or the words before it (以“XX”)
        quote = key
        key = ctx.render(max(0, oa - 3), min(len(ctx.line), ob + 4))
        head = _key_head(ctx.line[:oa], lex, 4)
        tail = _key_tail(ctx.line[ob + 1 :], lex)
        key = _labelled(
            key,
            quote + tail if tail else "",
            head + quote if head else "",
            head + quote + tail if head and tail else "",
        )
    return _Decision(Kind.QUOTE, f"inside {opener}{closer}", key)


# ---- numbers -------------------------------------------------------------------------------


def _is_digitish(ch: str) -> bool:
    return bool(ch) and (ch == _OTHER or bool(_DIGIT.match(ch)))


_YEAR_AFTER = regex.compile(r"^(?:19|20|１９|２０)(?:[0-9０-９]{2}|" + _OTHER + r")年")
#: 附件1：XX, 表2：XX, 比分3：XX: a numbered label or a score before the colon, not an hour.
_NUMBERED_LABEL = regex.compile(
    r"(?:附件|附表|附图|附录|表|图|例|题|条|款|项|章|节|步骤|方案|比分|比赛)[0-9０-９]{1,3}[:：]$"
)


_RATIO = regex.compile(r"(?:比例|比为|比例为|[以按]1)[:：]?[0-9]*[:：]?$")
#: 20XX.XX.XX, 2024.XX.XX: a date written with points (a placeholder is _OTHER in the line).
_DOTTED_DATE = regex.compile(
    r"(?<![0-9０-９.．" + _OTHER + r"])(?:(?:19|20|１９|２０)?" + _OTHER + r"|[0-9０-９]{4})"
    r"[.．](?:" + _OTHER + r"|[0-9０-９]{1,2})[.．](?:" + _OTHER + r"|[0-9０-９]{1,2})"
    r"(?![0-9０-９.．" + _OTHER + r"])"
)


def _number_shape(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    left, right = ctx.left, ctx.right
    prev, nxt = left[-1:], right[:1]
    if (prev in ".．" or nxt in ".．") and any(
        m.start() <= ctx.pos < m.end()
        for m in _DOTTED_DATE.finditer(ctx.line, max(0, ctx.pos - 9), ctx.pos + 10)
    ):
        return _Decision(Kind.DATE, "a date written with points (2024.3.5)", _date_key(ctx, lex))
    # 二〇XX年 / 二零XX年: a year written in Chinese numerals (GB/T 15835 numbering style)
    if _CN_CENTURY.search(left) and nxt == "年":
        return _Decision(
            Kind.DATE,
            f"a year in Chinese numerals: {left[-2:]}{ctx.literal}年",
            _date_key(ctx, lex),
        )
    if _CENTURY.search(left) and (
        nxt in "年级届〕］]）)" or _starts_with(right, lex.rules.date_suffixes)
    ):
        why = (
            "a year in a document number"
            if nxt in "〕］]）)"
            else f"a year: {left[-2:]}{ctx.literal} before {nxt}"
        )
        return _Decision(Kind.DATE, why, _date_key(ctx, lex))
    if (
        len(ctx.literal) == 4
        and nxt == "年"
        and not _starts_with(right[1:], lex.rules.duration_after)
    ):
        return _Decision(Kind.DATE, "four marks before 年: a year", _date_key(ctx, lex))
    if (prev in ":：" and _is_digitish(left[-2:-1]) and not _NUMBERED_LABEL.search(left)) or (
        nxt in ":：" and _is_digitish(right[1:2])
    ):
        if _RATIO.search(left[-8:]) or right.startswith("的比例"):
            return _Decision(Kind.COUNT, "a ratio (1:XX)", _count_key(ctx, lex, ""))
        return _Decision(Kind.DATE, "hours and minutes around a colon: a time", _date_key(ctx, lex))
    joined = (prev in "-－—~" and _is_digitish(left[-2:-1])) or (
        nxt in "-－—" and _is_digitish(right[1:2])
    )
    digits = bool(prev and _DIGIT.match(prev)) or bool(nxt and _DIGIT.match(nxt))
    if joined:
        return _Decision(Kind.OTHER, "part of a number: next to a dash", _window_key(ctx, lex), 1)
    if digits and _YEAR_AFTER.match(right):
        digits = False  # XX2024年度: a unit before its year, not a digit of it
    if digits:
        if right.startswith("年") or lex.suffixes_at(right):
            return None  # 1XX人: a count written half in digits; the word after decides
        return _Decision(Kind.OTHER, "part of a number: next to digits", _window_key(ctx, lex), 2)
    return None


# ---- numbers of things in a sequence: weekdays, classes, floors -----------------------------

_NUM = r"(?:" + _OTHER + r"|[0-9０-９一二三四五六七八九十]+)"
#: 初XX（XX）班, 高XX年级: the grade after 初/高/小学 with its class in brackets
_GRADE_BEFORE_CLASS = regex.compile(r"^[（(]" + _NUM + r"[）)]班")
_GRADE_PREFIX = regex.compile(r"(?:初|高|小学|初中|高中)$")
#: 初一（XX）班, XX年级XX班, 高二XX班: the class number
_CLASS_BEFORE = regex.compile(
    r"(?:年级|级|[初高][一二三123１２３]|班[至到、和及与]|" + _NUM + r")[（(]?$"
)  # 班至（XX）班: the other end of a range of classes


#: 楼XX层, 大厦XX层: the floor of a named building
_FLOOR_BEFORE = regex.compile(r"(?:楼|号楼|栋|幢|座|大厦|大楼)$")
_WEEKDAY_ANY = ("星期", "礼拜")
_WEEKDAY_AFTER_ZHOU = regex.compile(r"^(?:$|[^\p{Han}]|至|到|和|及|或|上午|下午|晚上|全天)")


def _sequence_number(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """Weekdays (星期XX, 周XX), grades and classes (初XX（XX）班, XX年级XX班), floors (XX楼XX层)."""
    left, right = ctx.left, ctx.right
    lit = ctx.literal
    week = _ends_with(left, _WEEKDAY_ANY)
    if week is None and left.endswith("周") and len(lit) == 2 and _WEEKDAY_AFTER_ZHOU.match(right):
        week = "周"  # not 周XXX (a surname) nor 周XX同志
    if week is not None:
        return _Decision(Kind.DATE, f"preceded by {week}: a day of the week", _date_key(ctx, lex))
    if _GRADE_PREFIX.search(left) and _GRADE_BEFORE_CLASS.match(right):
        why = f"after {left[-1]} and before a class in brackets: a grade"
        return _Decision(Kind.ORDINAL, why, _window_key(ctx, lex, 4, 4))
    if right[:2] in ("）班", ")班") or right.startswith("班"):
        head = left[:-1] if left[-1:] in "（(" and right[:1] in "）)" else left
        if (left[-1:] in "（(") == (right[:1] in "）)") and _CLASS_BEFORE.search(head):
            return _Decision(Kind.ORDINAL, "a class number after its grade", _window_key(ctx, lex))
    floor = _FLOOR_BEFORE.search(left) if right.startswith("层") else None
    if floor is not None:
        why = f"after {floor.group(0)} … followed by 层: a floor"
        return _Decision(Kind.ORDINAL, why, _window_key(ctx, lex))
    return None


# ---- fixed phrases that beat the word after -------------------------------------------------

_CONGRESS_AFTER = regex.compile(
    r"^大(?:精神|报告|以来|代表|胜利|召开|会议精神|和|、|上|提出|作出|确定|强调|的)"
)


#: 人大XX次会议, 常委会XX次会议: the session of a congress or committee (人大二次会议).
_CONGRESS_BODY = regex.compile(r"(?:人大|政协|代表大会|常委会|职代会|党代会)$")
_SESSION_AFTER = regex.compile(r"^次(?:会议|全体会议|全会)")


def _fixed_ordinal(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    left, right = ctx.left, ctx.right
    lit = ctx.literal
    if (congress := _CONGRESS_BODY.search(left)) and _SESSION_AFTER.match(right):
        body = congress.group()
        return _Decision(Kind.ORDINAL, f"{body}…次会议: a session", f"{body}{lit}次会议")
    if left.endswith("十") and right.startswith("五") and right[1:3] in ("规划", "时期", "期间"):
        return _Decision(Kind.ORDINAL, "十…五规划: a five-year plan", f"十{lit}五{right[1:3]}")
    pre = _ends_with(left, lex.rules.ordinal_prefixes)
    if pre == "第":
        tail = _han_head(right, 3)
        # shown as 第XX期 and the noun after it (第XX期业务培训), up to a verb or a comma
        unit = lex.suffixes_at(right)
        word = unit[0].word if unit else ""
        noun = _key_tail(right[len(word) :], lex, 8)
        return _Decision(
            Kind.ORDINAL, "preceded by 第", _labelled(f"第{lit}{tail}", f"第{lit}{word}{noun}")
        )
    if pre and not _HAN.match(right[:1] or " "):
        return _Decision(Kind.ORDINAL, f"preceded by {pre}: a number in a sequence", f"{pre}{lit}")
    if _SESSION.match(right) and "届" in left[-12:]:
        return _Decision(Kind.ORDINAL, "届 … followed by 次会议: a session", f"{ctx.literal}次会议")
    if right.startswith("大"):
        # 党的XX大 is a congress even when 学习 follows (党的XX大学习): no 党的 university
        cp = _ends_with(left, lex.rules.congress_prefixes)
        if cp:
            return _Decision(Kind.ORDINAL, f"preceded by {cp} … followed by 大", f"{cp}{lit}大")
    if (
        right.startswith("大")
        and not lex.blocked("大", right[1:])
        and right[1:2] not in "学道厦街桥楼院队会型众量力"
    ):
        if _CONGRESS_AFTER.match(right):
            return _Decision(Kind.ORDINAL, "followed by 大 and a congress word", f"{lit}大")
    return None


#: 参加XX组织的评选: the unit that organises something (组织 is the verb here, not the noun).
_ORGANISED_BY = regex.compile(r"^(?:组织|主办|举办|承办|发起)的\p{Han}")
_JOIN_VERBS = ("参加", "参与", "出席", "观摩", "报名参加", "推荐参加", "参加了")
#: 服务中心XX楼活动室: a floor or building number inside a named venue, before a room word.
_FLOOR_ROOM = regex.compile(
    r"^(?:楼|层)(?:活动室|会议室|大会议室|小会议室|报告厅|多功能厅|大厅|办公室|教室|展厅|层|东侧|西侧|"
    r"南侧|北侧|东|西|南|北)"
)


#: 新增XX筛查项目: a service item added to a programme is a field word, not a unit's project.
_SERVICE_ITEM = regex.compile(r"^(?:筛查|检查|检测|体检|服务|培训|诊疗|治疗|监测)(?:项目|内容)")
_ADD_VERBS = ("新增", "开展", "增加", "增设", "增开", "新设", "新开设", "开设", "提供")
#: 受到了XX和家属的欢迎: listed with a group of people, the placeholder is a group too.
_GROUP_NOUNS = (
    "家属",
    "家长",
    "群众",
    "居民",
    "村民",
    "市民",
    "患者",
    "师生",
    "学生",
    "职工",
    "员工",
    "游客",
    "农户",
    "老人",
    "老年人",
    "儿童",
    "青少年",
    "志愿者",
    "消费者",
    "企业主",
)


#: 筹备本期培训班的XX和各位授课老师: listed before a group of named people, it is the unit.
_PEOPLE_AFTER = regex.compile(
    r"^[和与及](?:各位|全体|广大|参训|参会)\p{Han}{0,4}?(?:老师|同志|专家|同事|嘉宾|学员|同仁)"
)


def _phrase(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """Whole phrases around the placeholder that decide before any single cue word."""
    left, right = ctx.left, ctx.right
    verb = _ends_with(left, _JOIN_VERBS)
    if verb and _ORGANISED_BY.match(right):
        why = f"preceded by {verb} … followed by {right[:3]}: the organiser"
        return _Decision(Kind.NAME, why, _window_key(ctx, lex, 4, 4))
    if _FLOOR_ROOM.match(right) and _ends_with(left, lex.name_suffixes):
        why = f"between a venue and a room ({right[:4]}): a floor or building number"
        return _Decision(Kind.ORDINAL, why, _window_key(ctx, lex, 4, 4))
    verb = _ends_with(left, _ADD_VERBS)
    if verb and _SERVICE_ITEM.match(right):
        why = f"preceded by {verb} … a service item ({right[:4]}): a field"
        return _Decision(Kind.TERM, why, _window_key(ctx, lex, 4, 4))
    if len(ctx.literal) == 3 and left.rstrip().endswith(("：", ":")):
        post = _starts_with(right, lex.rules.person_posts)
        if post and not _HAN.match(right[len(post) : len(post) + 1] or " "):
            why = f"three marks after a label, before the post {post}: a person"
            return _Decision(Kind.PERSON, why, _window_key(ctx, lex, 4, 4))
    if right[:1] in ("和", "与", "及"):
        group = _starts_with(right[1:], _GROUP_NOUNS)
        if group:
            why = f"listed with a group of people ({group}): a group"
            return _Decision(Kind.TERM, why, _window_key(ctx, lex, 4, 4))
        m = _PEOPLE_AFTER.match(right)
        if m and len(ctx.literal) < 3 and left.endswith("的"):
            why = "listed before a group of named people: the unit they work with"
            return _Decision(Kind.NAME, why, f"{ctx.literal}{m.group(0)}")
    return None
