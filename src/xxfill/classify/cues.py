"""The cue-word rules: the word after the placeholder, a form label, the word before it, and
the weak hints (a name inside a compound, a clause subject, a table cell's header).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import regex

from xxfill.classify.context import _HAN, _OTHER, _SPACE, _Ctx, _Decision
from xxfill.classify.keys import (
    _count_key,
    _date_key,
    _group_key,
    _han_head,
    _han_tail,
    _key_tail,
    _labelled,
    _name_key,
    _term_key,
    _window_key,
)
from xxfill.classify.lexicons import Rules, _ends_with, _Lexicon, _starts_with
from xxfill.classify.shapes import _YEAR_AFTER
from xxfill.core.model import Kind

_WHOLE_PLACE = regex.compile(r"^全(?:市|县|区|省|镇|乡|村|国)")
_KIND_IN_BRACKETS = regex.compile(r"^[（(](\p{Han}{1,4})[）)]")
_HEADER_TRIM = regex.compile(r"[（(][^（()）]*[）)]$|[:：]$")
_TRAILING_ASIDE = regex.compile(r"[（(][^）)]*[）)]$")


# ---- the word after ------------------------------------------------------------------------

_TIME_PREFIXES = ("上午", "下午", "晚上", "早上", "中午", "凌晨", "傍晚", "当日", "当天")


def _within(text: str, words: Iterable[str], reach: int) -> str | None:
    """A word of ``words`` inside the first ``reach`` Han characters of ``text`` (等道德模范)."""
    head = _han_head(text, reach)
    hits = [w for w in words if len(w) >= 2 and w in head]
    return max(hits, key=len) if hits else None


#: 教育部等XX部门: after 等, a unit word counts the units (等十部门), it does not end a name.
_COUNTED_AFTER_DENG = ("部门", "部委", "单位", "家单位", "个部门", "个单位")


class _Stop:
    """A rule's answer that no right-hand cue decides this placeholder (later rules are not
    tried)."""


_STOP = _Stop()
_RightRule = Callable[["_Ctx", "_Lexicon"], "_Decision | _Stop | None"]


def _right_cue(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """What the words after the placeholder say: the first of ``_RIGHT_RULES`` that decides."""
    for rule in _RIGHT_RULES:
        decision = rule(ctx, lex)
        if isinstance(decision, _Stop):
            return None
        if decision is not None:
            return decision
    return None


def _after_guangda(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """广大XX is always a group, whatever follows (广大XX学会…, 广大XX对…)."""
    if ctx.left.endswith("广大"):
        return _Decision(Kind.TERM, "preceded by 广大: a group", _term_key(ctx, lex, "", "广大"))
    return None


def _counted_after_deng(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """教育部等XX部门: how many units."""
    counted = _starts_with(ctx.right, _COUNTED_AFTER_DENG) if ctx.left.endswith("等") else None
    if counted:
        why = f"等…{counted}: how many units"
        return _Decision(Kind.COUNT, why, _count_key(ctx, lex, counted))
    return None


def _group_after_deng(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """XX等XX名同志 / XX等龙头企业: a group of people or of units."""
    if not ctx.right.startswith("等"):
        return None
    rules = lex.rules
    rest = ctx.right[1:]
    if rest[:1] == _OTHER:
        rest = rest[1:]
    n = _starts_with(rest, rules.name_groups)
    # 等部门人员: people of those units, so the units win over a person word further on
    p = _starts_with(rest, rules.person_groups) or (
        None if n else _within(rest, rules.person_groups, 5)
    )
    if p and (not n or len(p) >= len(n)) and not rest.startswith("个"):
        return _Decision(Kind.PERSON, f"followed by 等…{p}: a group of people", _group_key(ctx, p))
    if n:
        return _Decision(Kind.NAME, f"followed by 等…{n}: a group of units", _group_key(ctx, n))
    if rest.startswith("个") or rest.startswith("家"):
        return _Decision(Kind.NAME, "followed by 等…个: a group of units", _group_key(ctx, "个"))
    group = _han_head(rest, 6)
    n = _ends_with(group, rules.name_groups)
    if n and "的" not in group:
        return _Decision(Kind.NAME, f"followed by 等…{n}: a group of units", _group_key(ctx, n))
    return None


def _post_in_brackets(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """XX（管理站站长）, XX（局办公室科员）: a person followed by the post in brackets."""
    m = _ASIDE.match(ctx.right)
    post = _ends_with(m.group(0)[1:-1], lex.rules.person_posts) if m else None
    if post:
        why = f"followed by a post in brackets ({post})"
        return _Decision(Kind.PERSON, why, _window_key(ctx, lex, 4, 4))
    return None


def _before_a_year(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """副局长XXX2024年度述职报告: a post before it makes it the person; otherwise XX2024年度工作
    总结 names the unit whose year it is."""
    if not _YEAR_AFTER.match(ctx.right):
        return None
    title = _ends_with(ctx.left, lex.rules.person_titles)
    if title:
        why = f"preceded by job title {title} (before a year)"
        return _Decision(Kind.PERSON, why, _window_key(ctx, lex, 4, 2), 2)
    return _Decision(Kind.NAME, "followed by a year: the unit it belongs to", f"{ctx.literal}…年")


def _issuing_body(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """××发〔20××〕××号, ××政〔2023〕: the issuing body of a document number."""
    if _DOC_NUMBER.match(ctx.right):
        why = "before a document number 〔…〕: the issuing body"
        return _Decision(Kind.NAME, why, f"{ctx.literal}发文")
    return None


def _appointed(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """指定XX为项目联系人: a person appointed to a role."""
    m = _APPOINTED.match(ctx.right)
    if m:
        return _Decision(Kind.PERSON, f"appointed as {m.group(1)}", _window_key(ctx, lex, 4, 4))
    return None


def _body_of_a_session(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """XX第XX次党代会, XX第一书记: the body that holds the session or the post."""
    right = ctx.right
    if not right.startswith("第") or _ends_with(ctx.left, lex.rules.ordinal_prefixes):
        return None
    tail = _han_head(right[2:], 3) if right[1:2] == _OTHER else _han_head(right[1:], 3)
    mid = "…" if right[1:2] == _OTHER else ""
    key = f"{ctx.literal}第{mid}{tail}"
    return _Decision(Kind.NAME, "followed by 第…: the body it belongs to", key, 2)


def _place_before_its_whole(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """XX全市人民: a place followed by its own 全市."""
    m = _WHOLE_PLACE.match(ctx.right)
    if m:
        return _Decision(Kind.NAME, f"followed by {m.group(0)}: a place", ctx.literal + m.group(0))
    return None


def _kind_in_brackets(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """XX（社区）: a name with its kind in brackets."""
    m = _KIND_IN_BRACKETS.match(ctx.right)
    if m and m.group(1) in lex.name_suffixes:
        return _Decision(Kind.NAME, f"followed by {m.group(0)}", f"{ctx.literal}{m.group(0)}")
    return None


def _before_nian(ctx: _Ctx, lex: _Lexicon) -> _Decision | _Stop | None:
    """XX年 (not XX年级): the year rules decide, and nothing after them."""
    if ctx.right.startswith("年") and not ctx.right.startswith("年级"):
        return _year(ctx, lex) or _STOP
    return None


def _minutes(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """XX时XX分: the minutes of a time (分钟 is a duration)."""
    right = ctx.right
    if right.startswith("分") and not right.startswith("分钟") and ctx.left.endswith("时"):
        return _Decision(Kind.DATE, "preceded by 时 … followed by 分: a time", _date_key(ctx, lex))
    return None


def _address_number(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """XX栋XX单元XX室: the numbers of an address (XX号楼XX单元, 大厦XX楼: which building)."""
    right = ctx.right
    m = _ADDRESS_PART.match(right)
    if not m or not (
        _ADDRESS_BEFORE.search(ctx.left)
        or (m.group(0) in _ADDRESS_CHAIN and right[len(m.group(0)) : len(m.group(0)) + 1] == _OTHER)
    ):
        return None
    if _FULL_ADDRESS.match(right):
        why = f"part of an address: …{m.group(0)}"
        return _Decision(Kind.OTHER, why, _window_key(ctx, lex), 2)
    why = f"a building, unit or floor number: …{m.group(0)}"
    return _Decision(Kind.ORDINAL, why, _window_key(ctx, lex), 2)


def _suffix_cue(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """The lexicon word right after the placeholder (measure word, name suffix, term, person or
    ordinal cue); a date word is tried first and gives way to another cue of the same spot."""
    cues = lex.suffixes_at(ctx.right)
    if not cues:
        return None
    word = cues[0].word
    same = [c for c in cues if c.word == word]
    kinds = {c.kind for c in same}
    cue = same[0]
    if Kind.DATE in kinds:
        d = _date_word(ctx, lex, word)
        if d is not None:
            return d
        rest = [c for c in cues if c.kind is not Kind.DATE]
        if not rest:
            return None
        cue = rest[0]
        word = cue.word
        kinds = {c.kind for c in rest if c.word == word}
    if Kind.COUNT in kinds and Kind.NAME in kinds:
        return _count_or_name(ctx, lex, word)
    if cue.kind is Kind.COUNT:
        return _Decision(Kind.COUNT, f"followed by measure word {word}", _count_key(ctx, lex, word))
    if cue.kind is Kind.NAME:
        return _Decision(Kind.NAME, f"followed by {cue.label} {word}", _name_key(ctx, lex, word))
    if cue.kind is Kind.TERM:
        return _term_cue(ctx, lex, word)
    if cue.kind is Kind.PERSON:
        return _Decision(Kind.PERSON, f"followed by person cue {word}", _window_key(ctx, lex, 4, 4))
    if cue.kind is Kind.ORDINAL:
        return _ordinal_cue(ctx, lex, word)
    return None


def _term_cue(ctx: _Ctx, lex: _Lexicon, word: str) -> _Decision:
    """A field word after the placeholder: a firm, a person (three marks and a post or title),
    a unit named after its field (XX发展和改革局, XX管理站), or else the blanked term."""
    firm = _firm(ctx, lex)
    if firm is not None:
        return firm
    lit, left, right, rules = ctx.literal, ctx.left, ctx.right, lex.rules
    if len(lit) == 3 and word in rules.person_posts:
        why = f"three marks before the post {word}: a person"
        return _Decision(Kind.PERSON, why, _window_key(ctx, lex, 4, 4))
    title = _ends_with(left, rules.person_titles) if len(lit) == 3 else None
    if title:  # 经局长XXX审批: the official, not a field of work
        why = f"three marks after the job title {title}: a person"
        return _Decision(Kind.PERSON, why, _window_key(ctx, lex, 4, 2))
    # XX发展和改革局：the whole phrase is a government body named after its field
    whole = _han_head(right, 9)
    if len(whole) <= 8 and whole == _han_head(right, 99) and whole[-1] in "局委厅办院所处科部站":
        return _Decision(Kind.NAME, f"a name ending in {whole[-1]}", f"{lit}{whole}")
    # XX管理站, XX教育局, XX服务中心: a field word that begins a unit's name
    run = _han_head(right, 4)
    for end in range(len(word) + 1, len(run) + 1):
        tail = _ends_with(run[:end], lex.name_suffixes)
        rest = right[end:]
        if (
            tail
            and end - len(tail) >= len(word)
            and not lex.blocked(tail, rest)
            and not any(c in run[:end] for c in "和与及的等在")
            and (
                len(tail) > 1
                or not _HAN.match(rest[:1] or " ")
                or _starts_with(rest, lex.rules.person_suffixes)
            )
        ):
            return _Decision(Kind.NAME, f"a name ending in {tail}", f"{lit}{run[:end]}")
    return _Decision(Kind.TERM, f"followed by term cue {word}", _term_key(ctx, lex, word))


def _ordinal_cue(ctx: _Ctx, lex: _Lexicon, word: str) -> _Decision:
    """An ordinal suffix after the placeholder (XX届, XX级), unless a count word before it
    makes it how many (预警分为XX级)."""
    left, right, lit = ctx.left, ctx.right, ctx.literal
    if word in ("级", "等级", "等"):
        pre = _ends_with(left, lex.rules.count_prefixes)
        if pre:  # 预警分为XX级: how many levels, not which one
            why = f"preceded by {pre} … followed by {word}"
            return _Decision(Kind.COUNT, why, _count_key(ctx, lex, word))
    head = _han_tail(left, 2) if not left.endswith(_OTHER) else ""
    if not head and left[-1:] == _OTHER:
        head = "…"
    key = f"{head}{lit}{word}"
    # shown without a list joiner cut from the item before (党的XX大和XX届 → XX届三中全会)
    if len(head) == 2 and head[-1] in "和与及" and left[-3:-2] == _OTHER:
        tail = _key_tail(right[len(word) :], lex, 6, whole=True)
        key = _labelled(key, f"{lit}{word}{tail}")
    return _Decision(Kind.ORDINAL, f"followed by ordinal suffix {word}", key)


def _firm(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """``XX科技有限公司``: a field word that begins a firm's name."""
    run = _han_head(ctx.right, 10)
    for end in range(2, len(run) + 1):
        for n in range(min(7, end), 1, -1):
            word = run[end - n : end]
            if word in lex.rules.firm_suffixes and not lex.blocked(word, run[end:]):
                return _Decision(Kind.NAME, f"a name ending in {word}", f"{ctx.literal}{run[:end]}")
    return None


_HINT = regex.compile(r"^[（(](?:请填写|请填|填写|填)?(?P<hint>[^（()）:：]{1,10})[）)]")
_ASIDE = regex.compile(r"^[（(][^（()）]{0,30}[）)]")


def _bracket_hint(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    m = _HINT.match(ctx.right)
    if m:
        hint = m.group("hint")
        # 甲方/乙方 may be a person or a firm: such a hint decides nothing
        kind = None if hint in ("甲方", "乙方", "丙方", "丁方") else _label_kind(hint, lex.rules)
        if kind is not None:
            return _Decision(kind[1], f"a hint in brackets: （{hint}）", f"{ctx.literal}（{hint}）")
    # 兹有XX（身份证号：…）同志: look past a bracketed aside for a person cue
    m = _ASIDE.match(ctx.right)
    if m:
        p = _starts_with(ctx.right[m.end() :], ("同志", "先生", "女士", "老师", "同学"))
        if p:
            return _Decision(Kind.PERSON, f"followed by (…) {p}", _window_key(ctx, lex, 4, 4))
    return None


_DOC_NUMBER = regex.compile(r"^\p{Han}{0,5}[〔［\[](?:19|20|１９|２０)")


_APPOINTED = regex.compile(
    r"^(?:为|任|担任)\p{Han}{0,6}?(联系人|负责人|责任人|组长|副组长|联络员|主任|副主任|代表|召集人)"
)


_YEAR_POINT_AFTER = regex.compile(
    r"^年(?:度|代|底|初|末|中|春|夏|秋|冬|上半年|下半年|[0-9０-９]|"
    + _OTHER
    + r"|起|开始|毕业|入|参加|出生|生|至今|以前|前后|级)"
)


_YEAR_POINT_BEFORE = regex.compile(r"(?:于|在|自|从|至|到|截至|截止|是|为|至今|[（(])$")


_ADDRESS_PART = regex.compile(r"^(?:栋|幢|号楼|单元|室|层|楼|号院|号)")
#: A chain of address parts that ends in a room or a house number: an address, not a numbering.
_FULL_ADDRESS = regex.compile(
    r"^(?:(?:栋|幢|号楼|单元|层|楼|号院)" + _OTHER + r"?[0-9０-９]*)*(?:室|号(?![楼院]))"
)


_ADDRESS_CHAIN = frozenset(("栋", "幢", "号楼", "单元"))
_ADDRESS_BEFORE = regex.compile(
    r"(?:栋|幢|号楼|单元|小区|花园|苑|公寓|新村|大厦|路|街|巷|弄|号)" + _OTHER + r"?$"
)


def _year(ctx: _Ctx, lex: _Lexicon) -> _Decision:
    left, right = ctx.left, ctx.right
    cue = _ends_with(left, lex.rules.duration_cues)
    after = _starts_with(right[1:], lex.rules.duration_after)
    if after:
        why = f"followed by 年{after}: a duration in years"
        return _Decision(Kind.COUNT, why, _count_key(ctx, lex, "年"))
    if cue and not right.startswith("年度"):
        return _Decision(
            Kind.COUNT,
            f"preceded by {cue} … followed by 年: a duration",
            _count_key(ctx, lex, "年"),
        )
    point = _YEAR_POINT_AFTER.match(right) or _YEAR_POINT_BEFORE.search(left)
    if point:
        cue = point.group(0).replace(_OTHER, "XX")  # the sentinel of another placeholder
        return _Decision(Kind.DATE, f"a point in time: {cue}", _date_key(ctx, lex))
    # a year is written 20XX年 or XXXX年; two bare marks before 年 count years (扎根乡村XX年)
    return _Decision(
        Kind.COUNT,
        "followed by 年 without a century: a number of years",
        _count_key(ctx, lex, "年"),
    )


def _date_word(ctx: _Ctx, lex: _Lexicon, word: str) -> _Decision | None:
    left = ctx.left
    pre = _ends_with(left, lex.rules.count_prefixes)
    if word == "日" and pre:
        why = f"preceded by {pre} … followed by 日: a number of days"
        return _Decision(Kind.COUNT, why, _count_key(ctx, lex, "日"))
    if word in ("日", "号"):
        if (
            left.endswith("月")
            or left.endswith("每月")
            or _ends_with(left, lex.rules.date_prefixes)
        ):
            return _Decision(Kind.DATE, f"preceded by 月 … followed by {word}", _date_key(ctx, lex))
        if word == "号":
            return _Decision(
                Kind.OTHER, "followed by 号: a house or document number", _window_key(ctx, lex), 2
            )
        return _Decision(Kind.DATE, f"followed by date unit {word}", _date_key(ctx, lex))
    if word in ("时", "点"):
        if word == "点" and _ends_with(left, lex.rules.count_prefixes):
            return None
        return _Decision(Kind.DATE, f"followed by time unit {word}", _date_key(ctx, lex))
    return _Decision(Kind.DATE, f"followed by date unit {word}", _date_key(ctx, lex))


def _count_or_name(ctx: _Ctx, lex: _Lexicon, word: str) -> _Decision:
    """``XX所``/``XX处``/``XX部``: a unit (``××所所长``) or a count (``学校XX所``)."""
    left, right = ctx.left, ctx.right
    rest = right[len(word) :]
    pre = _ends_with(left, lex.rules.count_prefixes)
    if pre:
        return _Decision(
            Kind.COUNT, f"preceded by {pre} … followed by {word}", _count_key(ctx, lex, word)
        )
    noun = _starts_with(rest, lex.long_name_suffixes)
    if noun:  # XX所中小学: the word counts the institutions that follow
        return _Decision(
            Kind.COUNT, f"measure word {word} before {noun}", _count_key(ctx, lex, word)
        )
    if (
        _ends_with(left, lex.rules.name_prefixes)
        or left.endswith(_OTHER)
        or (left[-1:] != "" and left[-1] in "区市县省镇乡村局" and left[-2:-1] == _OTHER)
        or (rest[:1] and _HAN.match(rest[:1]))
        or not _HAN.match(left[-1:] or " ")
    ):
        return _Decision(
            Kind.NAME, f"followed by organisation suffix {word}", _name_key(ctx, lex, word)
        )
    return _Decision(Kind.COUNT, f"followed by measure word {word}", _count_key(ctx, lex, word))


# ---- labels and the word before -------------------------------------------------------------

# The label starts where its run of letters starts: trying every position inside the run too
# made each search quadratic in the run's length (same matches: the rest of the pattern does
# not depend on where the run starts).
_LABEL = regex.compile(
    r"(?<![\p{Han}A-Za-z])(?P<label>[\p{Han}A-Za-z]+)\s*(?:[（(](?P<note>[^）)]{0,8})[）)])?\s*[:：]["
    + _SPACE
    + r"]*"
    r"(?:" + _OTHER + r"(?:[（(][^（()）]{0,10}[）)])?[" + regex.escape("、，," + _SPACE) + r"]*)*$"
)


_LABEL_UNIT = regex.compile(r"(?P<label>\p{Han}+)[:：](?P<unit>\p{Han}{2,10})$")


def _label_kind(label: str, rules: Rules) -> tuple[str, Kind] | None:
    """What a form label asks for: the longest label word it ends with, and its kind."""
    best: tuple[str, Kind] | None = None
    for words, kind in (
        (rules.person_labels, Kind.PERSON),
        (rules.other_labels, Kind.OTHER),
        (rules.name_labels, Kind.NAME),
        (rules.date_labels, Kind.DATE),
        (rules.term_labels, Kind.TERM),
        (rules.count_labels, Kind.COUNT),
        (rules.ordinal_labels, Kind.ORDINAL),
    ):
        w = _ends_with(label, words)
        if w and (best is None or len(w) > len(best[0])):
            best = (w, kind)
    if best is None and label.endswith("名称"):
        best = (label, Kind.NAME)
    if best is None and label[-1] in "人者":
        best = (label, Kind.PERSON)
    return best


def _label(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    m = _LABEL.search(ctx.left)
    if not m:
        # 联系人：县司法局XX — the person's unit sits between the label and the name
        u = _LABEL_UNIT.search(ctx.left)
        if u and _ends_with(u.group("unit"), lex.name_suffixes):
            kind = _label_kind(u.group("label"), lex.rules)
            if kind is not None and kind[1] is Kind.PERSON:
                why = f"after the label {kind[0]}： and a unit"
                return _Decision(Kind.PERSON, why, f"{u.group('label')}：{ctx.literal}", 2)
        return None
    label = m.group("label")
    rules = lex.rules
    best: tuple[str, Kind] | None = None
    note = m.group("note") or ""
    # 乙方（劳动者）：XX, 甲方（盖章）：XX — the note in brackets says who signs
    if note and _ends_with(note, lex.signer_notes):
        best = (f"{label}（{note}）", Kind.PERSON)
    found_kind = _label_kind(label, rules)
    if found_kind and (best is None or (len(found_kind[0]) > len(best[0]) and not note)):
        best = found_kind
    if best is None:
        return None
    word, kind = best
    continued = ctx.left[m.start() :].count(_OTHER)
    key = f"{label}：{ctx.literal}" if not continued else f"{label}：{'…' * continued}{ctx.literal}"
    if kind is Kind.DATE:
        key = _date_key(ctx, lex)
    return _Decision(kind, f"after the label {word}：", key, 2)


# "认识到XX的重要性": 到 completes a verb here, it does not lead to a place
_VERB_COMPLEMENT = regex.compile(
    r"(?:认识|意识|体会|感受|看|想|做|达|提|说|谈|落实|延伸|推广|遇|得|感|找|学|听|收|拿)到$"
)


_ROLE_END = regex.compile(r"(?:人|长|员|表|师|委|官|问|经理|总监|主任|董事|秘书)$")


def _appointed_person(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """``委托XXX作为代理人``, ``由XXX担任班长``: someone given a role is a person."""
    rules = lex.rules
    verb = _ends_with(ctx.left.rstrip(_SPACE), rules.appoint_verbs)
    role = _starts_with(ctx.right, rules.role_verbs)
    if not verb or not role:
        return None
    # the role phrase up to the clause end: 作为试点单位 gives a unit a role, not a person
    phrase = regex.split(r"[，。；！？、,;!?\s（(]", ctx.right[len(role) :])[0]
    if len(ctx.literal) != 3 and not _ROLE_END.search(phrase):
        return None
    why = f"{verb}…{role}: a person given a role"
    return _Decision(Kind.PERSON, why, _window_key(ctx, lex, 4, 4), 2)


def _left_cue(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    left, right = ctx.left, ctx.right
    rules = lex.rules
    lit = ctx.literal
    t = _ends_with(left, rules.date_prefixes)
    if t in _TIME_PREFIXES:
        return _Decision(Kind.DATE, f"preceded by {t}", _date_key(ctx, lex), 2)
    title = _ends_with(left, rules.person_titles)
    if title:
        return _Decision(
            Kind.PERSON, f"preceded by job title {title}", _window_key(ctx, lex, 4, 2), 2
        )
    term = _ends_with(left, rules.term_prefixes)
    if term:
        return _Decision(
            Kind.TERM, f"preceded by term cue {term}", _term_key(ctx, lex, "", term), 2
        )
    name = _ends_with(left, rules.name_prefixes)
    if name and _VERB_COMPLEMENT.search(left):
        name = None
    if name and t and len(t) > len(name):
        # 截至XX: the longer word before it is a date's (至 alone would lead to a place)
        return _Decision(Kind.DATE, f"preceded by {t}", _date_key(ctx, lex), 2)
    if name:
        # weak: the word before may govern a whole list whose last item says more (向XX、XX等模范)
        key = _window_key(ctx, lex, len(name), 2, shown_after=6)
        return _Decision(Kind.NAME, f"preceded by {name}", key, 1)
    pre = _ends_with(left, rules.count_prefixes)
    if pre and not _HAN.match(right[:1] or " "):
        return _Decision(Kind.COUNT, f"preceded by {pre}", f"{pre}{lit}", 2)
    if t:
        return _Decision(Kind.DATE, f"preceded by {t}", _date_key(ctx, lex), 2)
    return None


# ---- weak hints ----------------------------------------------------------------------------


def _embedded_name(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    run = _han_head(ctx.right, 10)
    if not run or "的" in run[:2]:
        return None
    # a name does not run across a role verb (XXX作为我公司的代理人: 公司 is not its ending)
    cut = min((run.find(v) for v in lex.rules.role_verbs if len(v) >= 2 and v in run), default=-1)
    if cut >= 0:
        run = run[:cut]
        if not run:
            return None
    for end in range(2, len(run) + 1):
        for n in range(min(6, end), 1, -1):
            word = run[end - n : end]
            if word in lex.strong_name_suffixes and not lex.blocked(word, run[end:]):
                if "的" in run[:end]:
                    return None
                return _Decision(
                    Kind.NAME, f"a name ending in {word}", f"{ctx.literal}{run[:end]}", 1
                )
    # a short compound that ends where the phrase ends: XX公安局, XX志愿服务队
    if len(run) <= 6 and len(run) == len(_han_head(ctx.right, 99)):
        word = _ends_with(run, lex.name_suffixes)
        if word and len(run) > len(word):
            return _Decision(Kind.NAME, f"a name ending in {word}", f"{ctx.literal}{run}", 1)
    return None


_UNIT_IN_BRACKETS = regex.compile(r"[（(]([^（()）]{1,6})[）)]$")


def _under_header(header: str, key: str, lex: _Lexicon) -> _Decision | None:
    """A table cell's kind from its column header: a unit of measure in brackets (数量（件）)
    makes a count, a label word the lexicons know (姓名, 单位) its kind; ``None`` otherwise."""
    m = _UNIT_IN_BRACKETS.search(header)
    if m and (m.group(1) in lex.count_measures or m.group(1) in ("%", "％", "万元", "亿元")):
        why = f"a cell under {header}: a number in {m.group(1)}"
        return _Decision(Kind.COUNT, why, key, 1, unique=True)
    label = _HEADER_TRIM.sub("", header)
    kind = _label_kind(label, lex.rules) if label else None
    if kind is not None:
        return _Decision(kind[1], f"a cell under the header {kind[0]}", key, 1, unique=True)
    return None


def _alone(ctx: _Ctx, lex: _Lexicon) -> _Decision:
    """A placeholder alone on its line: a table cell (read the row header above) or a signature."""
    header = ctx.above
    label = _HEADER_TRIM.sub("", header)
    key = f"{label[-12:]}：{ctx.literal}" if label else ctx.literal
    decided = _under_header(header, key, lex)
    if decided is not None:
        return decided
    if _BYLINE_ABOVE.search(header):
        return _Decision(Kind.PERSON, "alone under a speech title: its speaker", ctx.literal, 1)
    if len(ctx.literal) == 3:
        why = "alone on its line, three marks: a signature"
        return _Decision(Kind.PERSON, why, ctx.literal, 1, unique=True)
    if label:  # a cell beside or under a label the lexicons do not know: keyed by it
        why = f"alone on its line under {label[-12:]}: no cue"
        return _Decision(Kind.OTHER, why, key, 0, unique=True)
    return _Decision(Kind.OTHER, "alone on its line: no cue", ctx.literal, 0, unique=True)


#: A cell of a tab-separated row that holds a number: digits, a percentage, or a dash.
_NUMBER_CELL = regex.compile(r"[0-9０-９.,，%％]+|[-—/／]")


def _table_cell(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """A whole cell of a tab-separated row (行政许可<TAB>XX<TAB>0<TAB>0): its column header
    decides when the lexicons know it; a row whose other value cells are numbers holds counts.
    Each cell is its own record, so it never shares a key."""
    if "\t" not in ctx.line:
        return None
    start = ctx.line.rfind("\t", 0, ctx.pos) + 1
    end = ctx.line.find("\t", ctx.pos)
    end = len(ctx.line) if end < 0 else end
    cell = ctx.line[start:end].strip(_SPACE)
    if cell != _OTHER:
        return None
    label = _HEADER_TRIM.sub("", ctx.header)
    key = f"{label[-12:]}：{ctx.literal}" if label else _window_key(ctx, lex)
    decided = _under_header(ctx.header, key, lex)
    if decided is not None:
        return decided
    cells = [c.strip(_SPACE) for c in ctx.line.split("\t")]
    values = [c for c in cells[1:] if c]
    numbers = [c for c in values if _NUMBER_CELL.fullmatch(c)]
    if numbers and len(values) >= 2 and all(c == _OTHER or c in numbers for c in values):
        why = "a cell in a table row of numbers"
        return _Decision(Kind.COUNT, why, key, 1, unique=True)
    return None


_BYLINE_ABOVE = regex.compile(
    r"(?:讲话|发言|致辞|讲稿|演讲稿|心得体会|体会|感悟|[（(][^（()）]*日[）)])$"
)


def _weak(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    left = ctx.left.rstrip(_SPACE)
    right = ctx.right.lstrip(_SPACE)
    if not left.strip(_SPACE + _OTHER) and not right.strip(_SPACE + _OTHER):
        return _alone(ctx, lex)
    if len(ctx.literal) == 3 and (
        _HAN.match(ctx.right[:1] or " ") is None
        or _starts_with(ctx.right, lex.rules.person_predicates)
    ):
        return _Decision(Kind.PERSON, "three marks: a personal name", _window_key(ctx, lex), 1)
    # ××　××区××所所长: a name, a gap, then the person's unit and post (a row of a list)
    gap = len(ctx.right) - len(ctx.right.lstrip(_SPACE))
    if gap and not left.strip(_SPACE):
        row = _TRAILING_ASIDE.sub("", ctx.right.strip(_SPACE + "。；，"))
        post = _ends_with(row, lex.titles_and_posts)
        if post:
            return _Decision(
                Kind.PERSON, f"a row that ends with the post {post}", _window_key(ctx, lex), 1
            )
    # 四是区XX对照…: after a bare administrative level, a unit of that level (区XX局)
    if left[-1:] in ("区", "市", "县", "省", "镇", "乡") and (
        len(left) < 2 or not _HAN.match(left[-2]) or left[-2] in "是由经对向在和与及的"
    ):
        return _Decision(
            Kind.NAME, f"after {left[-1]}: a unit at that level", f"{left[-1]}{ctx.literal}", 1
        )
    verb = _starts_with(right, lex.rules.subject_verbs)
    if verb and lex.blocked(verb, right[len(verb) :]):
        verb = None  # 作品 is not 作
    if (not left or left[-1] in "，。；：！？（()）、" or left.endswith("由")) and verb:
        return _Decision(
            Kind.NAME,
            f"starts a clause before {verb}: the acting unit",
            _window_key(ctx, lex, 0, 4),
            1,
        )
    return None


#: The right-hand rules in the order they are tried; the first that decides wins.
_RIGHT_RULES: tuple[_RightRule, ...] = (
    _after_guangda,
    _counted_after_deng,
    _group_after_deng,
    _post_in_brackets,
    _before_a_year,
    _issuing_body,
    _appointed,
    _body_of_a_session,
    _place_before_its_whole,
    _bracket_hint,
    _kind_in_brackets,
    _before_nian,
    _minutes,
    _address_number,
    _suffix_cue,
)
