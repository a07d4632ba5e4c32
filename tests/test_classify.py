"""Classification: kinds from context, reasons, keys, the Rules lexicons and corpus accuracy."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from xxfill.classify import Classified, Found, Rules, classify
from xxfill.core.model import Kind

_spec = importlib.util.spec_from_file_location(
    "corpus_labels", Path(__file__).parent / "corpus" / "labels.py"
)
assert _spec is not None and _spec.loader is not None
labels = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("corpus_labels", labels)
_spec.loader.exec_module(labels)

PLACEHOLDER = regex.compile(r"(?<![A-Za-z])[XＸ×]{2,}(?![A-Za-z])")

#: The held-out accuracy measured when the rules were finished (rounded down); see the report.
HELDOUT_THRESHOLD = 0.95  # first evaluation: 277/289 = 95.8%
#: The second held-out set, written after the first was used; first evaluation 174/185 = 94.1%.
HELDOUT2_THRESHOLD = 0.94
#: The third held-out set, written after the second was used; first evaluation 109/118 = 92.4%.
HELDOUT3_THRESHOLD = 0.92
#: The fourth held-out set, written after the third was used; first evaluation 106/110 = 96.4%.
HELDOUT4_THRESHOLD = 0.96
#: The fifth held-out set, written after the fourth was used; first evaluation 118/121 = 97.5%.
HELDOUT5_THRESHOLD = 0.97
#: The sixth held-out set (safety notice, volunteer summary, parents' meeting notice, probation
#: application, power of attorney), written after the fifth was used; first evaluation
#: 152/166 = 91.6%.
HELDOUT6_THRESHOLD = 0.91
#: The seventh held-out set (property notice, training-class speech, health-check notice, village
#: affairs board, social-insurance guide), written and committed before the rule work that the
#: sixth set prompted, evaluated once after it: first evaluation 158/169 = 93.5%.
HELDOUT7_THRESHOLD = 0.93
#: Eighth held-out split: written by someone who read neither the rules nor the corpus, committed
#: before any evaluation, measured once after the heldout7 fixes: 162/168 = 96.4% (two of the six
#: misses are 'term' labels inside “”, where the bracket rule says quote).
HELDOUT8_THRESHOLD = 0.96
#: Ninth held-out split (food-safety emergency plan, project acceptance report, heart-to-heart
#: talk record, commercial lease, trade-union report; marks X, Ｘ and ×), written by a helper
#: who read neither the rules nor the corpus: first evaluation 208/220 = 94.5%.
HELDOUT9_THRESHOLD = 0.94
#: Tenth held-out split (safety-month summary, procuratorial recommendation, board resolution,
#: farmland project application, study-tour letter), by a writer who saw neither the rules nor
#: the corpus: first evaluation 207/220 = 94.1%.
HELDOUT10_THRESHOLD = 0.94
#: Eleventh held-out split (quality audit, flood-duty notice, anti-bullying plan, inspection
#: results, decision report), by a writer who saw neither the rules nor the corpus: first
#: evaluation 208/219 = 95.0%.
HELDOUT11_THRESHOLD = 0.95
#: Twelfth held-out split (safety bulletin, village election plan, hospital scoring guide,
#: parents' meeting speech, employment guarantee, CPPCC proposal), by a writer who saw neither the
#: rules nor the corpus: first evaluation 323/367 = 88.0% (one data fix: two touching labeled
#: runs, which the label format cannot express, were separated by 共).
HELDOUT12_THRESHOLD = 0.879
#: heldout13: six genres (government information-disclosure report, land requisition agreement,
#: cadre appointment notice, party-applicant assessment, research project acceptance report,
#: community grid rules), labeled with kinds and fill groups by a writer who saw neither the
#: rules nor the corpus: first evaluation 416/523 = 79.5% (tab-separated tables of counts were
#: most of the misses); 86.0% after the table-cell rule that those misses inspired.
HELDOUT13_THRESHOLD = 0.859


def run(text: str, rules: Rules | None = None) -> list[Classified]:
    """Classify every placeholder the simple corpus regex finds in ``text``."""
    found = [Found("text", m.start(), m.end(), m.group(0)) for m in PLACEHOLDER.finditer(text)]
    return classify(found, {"text": text}, rules)


def kinds(text: str, rules: Rules | None = None) -> list[str]:
    return [c.kind.value for c in run(text, rules)]


def keys(text: str) -> list[str]:
    return [c.key for c in run(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年共召开党委会议XX次", "count"),
        ("发展党员XX名", "count"),
        ("开展宣讲活动XX场次", "count"),
        ("安排专项资金XX万元", "count"),
        ("群众满意率达到XX%", "count"),
        ("共梳理问题XX项", "count"),
        ("惠及居民XX余人", "count"),
        ("聘用期限XX年", "count"),
        ("该同志今年XX岁", "count"),
        ("服务期满后XX日内付清", "count"),
        ("提高XX个百分点", "count"),
    ],
)
def test_counts_are_recognised_by_measure_words_and_durations(text: str, expected: str) -> None:
    """A number followed by a measure word, a percent sign, an age or a duration is a count."""
    assert kinds(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("召开第XX次职工代表大会", ["ordinal"]),
        ("深入学习党的XX大精神", ["ordinal"]),
        ("本校第XX届运动会", ["ordinal"]),
        ("学习贯彻XX届XX中全会精神", ["ordinal", "ordinal"]),
        ("市XX届人大XX次会议", ["ordinal", "ordinal"]),
        ("荣立个人XX等功", ["ordinal"]),
    ],
)
def test_ordinals_come_from_fixed_phrases(text: str, expected: list[str]) -> None:
    """第XX, 党的XX大, XX届 and session numbers are ordinals, even when 次 follows."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20XX年工作要点", ["date"]),
        ("定于XX月XX日召开", ["date", "date"]),
        ("请于XX月底前报送", ["date"]),
        ("下午XX时XX分开始", ["date", "date"]),
        ("〔20XX〕XX号", ["date", "other"]),
        ("XXXX年度考核", ["date"]),
        ("上午XX:XX签到", ["date", "date"]),
    ],
)
def test_dates_and_times(text: str, expected: list[str]) -> None:
    """Years, months, days and clock times are dates; a year may hide in a document number."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("管好XX党委（党组）班子", ["name"]),
        ("XX省XX市XX区", ["name", "name", "name"]),
        ("走进XX社区", ["name"]),
        ("依托XX讲堂开展宣讲", ["name"]),
        ("组织党员到XX开展志愿服务", ["name"]),
        ("深入到XX（社区）走访", ["name"]),
        ("甲方：XX科技有限公司", ["name"]),
        ("XX日报进行了报道", ["name"]),
        ("授予XX等XX个单位先进称号", ["name", "count"]),
    ],
)
def test_names_of_units_places_and_venues(text: str, expected: list[str]) -> None:
    """Organisation, place and venue suffixes, or a word leading to a place, make a name."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("XXX同志作报告", ["person"]),
        ("联系人：XX，电话：XXXX-XXXXXXX", ["person", "other", "other"]),
        ("出席：XX、XX、XXX", ["person", "person", "person"]),
        ("经办人：XX", ["person"]),
        ("由局长XX带队", ["person"]),
        ("组织XX等先进工作者作报告", ["person"]),
        ("XX，男，汉族，19XX年XX月生", ["person", "date", "date"]),
    ],
)
def test_people_from_suffixes_labels_and_titles(text: str, expected: list[str]) -> None:
    """同志, form labels ending in 人, job titles and 等…先进 point to people."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("引导广大XX积极参与", ["term"]),
        ("用心服务XX群众", ["term"]),
        ("建设高素质XX队伍", ["term"]),
        ("党建工作与XX业务工作深度融合", ["term"]),
        ("全市XX系统干部职工", ["term"]),
        ("在XX岗位上发光发热", ["term"]),
    ],
)
def test_terms_name_the_units_field_or_group(text: str, expected: list[str]) -> None:
    """广大XX, XX群众, XX队伍, XX业务工作: a common noun for the unit's domain."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("身份证号码：XXXXXXXXXXXXXXXXXX", ["other"]),
        ("办公电话：XXXX-XXXXXXXX", ["other", "other"]),
        ("会议研究了XX等事项", ["other"]),
        ("家住幸福路XX号", ["other"]),
    ],
)
def test_numbers_codes_and_free_phrases_are_other(text: str, expected: list[str]) -> None:
    """Phone and ID numbers, house numbers and phrases without any cue are ``other``."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("合计XX.XX元", ["count", "count"]),
        ("每组XX至XX人", ["count", "count"]),
        ("20XX—20XX年", ["date", "date"]),
        ("20XX-20XX学年", ["date", "date"]),
        ("金额：XX", ["count"]),
        ("名次：XX", ["ordinal"]),
        ("培训对象：XX", ["term"]),
        ("乙方（劳动者）：XXX", ["person"]),
        ("项目名称：XX", ["name"]),
    ],
)
def test_ranges_decimals_and_form_labels(text: str, expected: list[str]) -> None:
    """Both ends of a range or a decimal share a kind; a form label says what it asks for."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("××发〔20××〕××号", ["name", "date", "other"]),
        ("关于召开XX2024年度工作会议的通知", ["name"]),
        ("甲方指定XX为项目联系人", ["person"]),
        ("××　××区××所所长", ["person", "name", "name"]),
        ("（四）XX、XX作典型发言", ["name", "name"]),
        ("附件：XX. 回执", ["ordinal"]),
    ],
)
def test_patterns_of_official_documents(text: str, expected: list[str]) -> None:
    """Document numbers, annual titles, appointments, award-list rows, speakers and annexes."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("她扎根乡村教育XX年", ["count"]),
        ("该同志自XX年起在我单位工作", ["date"]),
        ("上世纪XX年代", ["date"]),
        ("XX人民医院", ["name"]),
        ("联系人：县司法局XX，电话：XXXX", ["person", "other"]),
        ("这是XXX常说的一句话", ["person"]),
        ("在全市XX工作会议上的讲话\nXXX", ["term", "person"]),
    ],
)
def test_years_without_a_century_speakers_and_contacts(text: str, expected: list[str]) -> None:
    """Bare XX年 counts years unless it is a point in time; bylines and contacts are people."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("住在XX小区XX栋XX单元XX室", ["name", "other", "other", "other"]),
        ("逾期超过XX日的", ["count"]),
        ("对全县XX所中小学进行调研", ["count"]),
        ("经查询，XX，性别：女", ["person"]),
        ("XX作品展", ["other"]),
    ],
)
def test_addresses_day_counts_and_institution_counts(text: str, expected: list[str]) -> None:
    """House numbers are other; 超过XX日 counts days; XX所中小学 counts schools."""
    assert kinds(text) == expected


def test_table_cells_read_the_row_header_and_never_share() -> None:
    """A cell that is only XX takes its kind from the row header; two cells stay two values."""
    text = "指标\n目标\n完成\n培训人数（人）\nXX\nXX\n完成时间\nXX\n负责人\nXX\nXX"
    result = run(text)
    assert [c.kind.value for c in result] == ["count", "count", "date", "person", "person"]
    assert len({c.key for c in result}) == 5


def test_brackets_decide_before_any_other_cue() -> None:
    """Inside 《》 is a title even next to 次 or 党委; inside quotes (not in 《》) is a quote."""
    text = "印发《关于召开XX次XX党委会议的通知》，开展“XX次”活动，学习《“XX”工程实施方案》"
    assert kinds(text) == ["title", "title", "quote", "title"]
    assert [c.reason for c in run(text)][:3] == ["inside 《》", "inside 《》", "inside “”"]


def test_an_unclosed_bracket_does_not_swallow_the_line() -> None:
    """A stray opener without its closer on the same line is ignored."""
    assert kinds("《通知 召开XX次会议") == ["count"]


def test_adjacent_placeholders_inside_nested_quotes_are_one_phrase() -> None:
    """‘XX·XX’XX inside “” gives three quotes that are keyed by the whole phrase."""
    result = run("参与“‘XX·XX’XX星级党支部”创建")
    assert [c.kind for c in result] == [Kind.QUOTE] * 3
    assert len({c.key for c in result}) == 3
    assert all("星级党支部" in c.key for c in result)


def test_back_to_back_bare_quotes_get_different_keys() -> None:
    """“XX”“XX” are two different slogans, so they do not share a key."""
    result = run("对照“XX”“XX”问题逐项整改")
    assert [c.kind for c in result] == [Kind.QUOTE, Kind.QUOTE]
    assert result[0].key != result[1].key


def test_identical_quotes_and_titles_share_one_key() -> None:
    """The same bracketed content in two places is filled once."""
    text = "开展“XX杯”比赛。\n本届“XX杯”共有XX支队伍。\n学习《XX条例》，落实《XX条例》"
    result = run(text)
    assert result[0].key == result[1].key == "“XX杯”"
    assert result[3].key == result[4].key == "《XX条例》"


def test_site_artifacts_are_invisible_to_the_cues() -> None:
    """``##paidbegin##`` between a cue and the placeholder changes nothing."""
    assert kinds("共召开##paidbegin##XX次会议，引导广大##paidend##XX参与") == ["count", "term"]
    assert keys("引导广大##paidend##XX参与") == ["广大XX"]


def test_crlf_line_endings_do_not_leak_into_context() -> None:
    """Text files may use CRLF; the carriage return is not part of any cue or key."""
    text = "召开XX次\r\nXX党委\r\n"
    result = run(text)
    assert [c.kind for c in result] == [Kind.COUNT, Kind.NAME]
    assert all("\r" not in c.key for c in result)


def test_same_fixed_phrase_shares_a_key_across_paragraphs() -> None:
    """Every 党的XX大 and every XX党委（党组） is filled once."""
    text = "学习党的XX大精神。\n管好XX党委（党组）班子。\n宣讲党的XX大精神，XX党委（党组）带头"
    assert keys(text) == ["党的XX大", "XX党委", "党的XX大", "XX党委"]


def test_counts_never_share_a_key() -> None:
    """Two 召开XX次 are different numbers, so each gets its own key."""
    result = keys("召开XX次会议。\n召开XX次会议。\n召开XX次会议")
    assert result == ["召开XX次", "召开XX次~2", "召开XX次~3"]


def test_units_listed_side_by_side_are_never_merged() -> None:
    """XX镇、XX镇 shows the document names several towns, so no XX镇 shares a key."""
    result = keys("XX镇、XX镇进度靠前。\nXX镇探索新模式")
    assert len(set(result)) == 3
    assert result[0] == "XX镇"


def test_a_group_led_by_a_placeholder_is_keyed_by_its_head_noun() -> None:
    """XX等XX个单位 in the title and in the body is the same unit."""
    result = run("关于对XX等XX个单位予以表扬的通报\n经研究，对XX等XX个单位予以表扬")
    assert [c.kind for c in result] == [Kind.NAME, Kind.COUNT, Kind.NAME, Kind.COUNT]
    assert result[0].key == result[2].key == "XX等…个单位"
    assert result[1].key != result[3].key


def test_year_and_next_year_do_not_merge() -> None:
    """20XX年工作总结 and 20XX年工作计划 are different years."""
    first, second = keys("20XX年工作总结及20XX年工作计划")
    assert first != second


def test_times_and_month_ranges_in_different_clauses_do_not_merge() -> None:
    """XX:XX—XX:XX and (XX月—XX月) repeat in a plan, but each is its own value."""
    result = keys("上午XX:XX—XX:XX报到\n第一阶段（XX月—XX月）\n第二阶段（XX月—XX月）")
    assert len(set(result)) == len(result)


def test_the_parts_of_one_date_have_different_keys() -> None:
    """Year, month and day of one date are three values."""
    assert len(set(keys("定于20XX年XX月XX日召开"))) == 3


def test_people_with_the_same_label_on_one_line_are_different() -> None:
    """授权代表：XX … 授权代表：XX names two people."""
    first, second = keys("授权代表：XX　　授权代表：XX")
    assert first != second


def test_keys_are_printable_and_never_look_like_an_index() -> None:
    """No newline, no control character and no leading ``#`` in a key."""
    for c in run("#XX党委\n“XX”\tXX次\n《XX》"):
        assert c.key.isprintable()
        assert not c.key.startswith("#")


def test_reasons_name_the_rule_and_the_cue() -> None:
    """The reason says which cue decided."""
    reasons = [c.reason for c in run("召开XX次会议，党的XX大，联系人：XX")]
    assert reasons == [
        "followed by measure word 次",
        "preceded by 党的 … followed by 大",
        "after the label 联系人：",
    ]


def test_rules_extend_adds_a_measure_word() -> None:
    """A user adds 拨 as a measure word without patching the library."""
    assert kinds("分XX拨") != ["count"]
    rules = Rules.default().extend(measure_words=["拨"])
    assert kinds("分XX拨", rules) == ["count"]
    assert Rules.default().measure_words != rules.measure_words


def test_rules_extend_adds_a_blocker() -> None:
    """``blockers`` keep a suffix from matching inside a longer word."""
    plain = Rules.default().extend(org_suffixes=["院"])
    assert run("观看XX院线电影", plain)[0].reason == "followed by organisation suffix 院"
    blocked = plain.extend(blockers={"院": "线"})
    assert "院" not in run("观看XX院线电影", blocked)[0].reason


def test_rules_extend_rejects_unknown_lexicons_and_bare_strings() -> None:
    """A typo in a lexicon name or a string instead of a list is an error."""
    with pytest.raises(TypeError, match="unknown lexicon"):
        Rules.default().extend(measure_word=["拨"])
    with pytest.raises(TypeError):
        Rules.default().extend(measure_words="拨")


def test_rules_default_is_loaded_once() -> None:
    """The shipped lexicons are parsed once and shared."""
    assert Rules.default() is Rules.default()
    assert "次" in Rules.default().measure_words


def test_rules_from_toml_replaces_and_merged_with_file_appends(tmp_path: Path) -> None:
    """``from_toml`` is a full replacement; ``merged_with_file`` appends to the defaults."""
    only = Rules.from_toml('measure_words = ["拨"]\n')
    assert only.measure_words == ("拨",)
    assert only.org_suffixes == ()
    path = tmp_path / "mine.toml"
    path.write_text('measure_words = ["拨"]\n[blockers]\n"拨" = "子"\n', encoding="utf-8")
    merged = Rules.default().merged_with_file(path)
    assert merged.measure_words[-1] == "拨"
    assert "次" in merged.measure_words
    assert Rules.from_toml(path).measure_words == ("拨",)
    with pytest.raises(ValueError, match="unknown lexicon"):
        Rules.from_toml('measure_wordz = ["拨"]\n')


def test_rules_round_trip_through_to_dict() -> None:
    """``to_dict`` gives the TOML schema back."""
    rules = Rules.default()
    assert Rules(**rules.to_dict()) == rules


def test_a_report_in_the_seed_genre_gets_the_expected_kinds_and_groups() -> None:
    """A party-building report of our own in the seed's genre: kinds and shared keys."""
    text = (
        "XX党委（党组）书记抓党建工作述职报告\n"
        "本人带好干部XX队伍，学习贯彻党的XX大精神，服务XX群众。"
        "全年召开XX次XX党委（党组）会议、XX次中心组学习会。\n"
        "依托XX讲堂、XX书屋等阵地，引导广大XX学习党的XX大精神，到XX（社区）宣讲XX场次。"
        "对照“XX”“XX”问题，制定《XX区XX干部作风建设“XX”办法》。\n"
        "参与“‘XX·XX’XX星级党支部”创建，宣讲《XX法》。到挂帮的XX（社区）开展活动，"
        "引导广大XX廉洁修身，推进党建与XX业务工作融合。\n"
    )
    result = run(text)
    got = [c.kind.value for c in result]
    assert got == [
        "name", "term", "ordinal", "term", "count", "name", "count",
        "name", "name", "term", "ordinal", "name", "count", "quote", "quote",
        "title", "title", "title",
        "quote", "quote", "quote", "title", "name", "term", "term",
    ]  # fmt: skip
    groups: dict[str, list[int]] = {}
    for i, c in enumerate(result):
        groups.setdefault(c.key, []).append(i)
    assert groups["XX党委"] == [0, 5]
    assert groups["党的XX大"] == [2, 10]
    assert groups["广大XX"] == [9, 23]
    assert groups["XX（社区）"] == [11, 22]
    counts = [c.key for c in result if c.kind is Kind.COUNT]
    assert len(counts) == len(set(counts))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a longer lexicon word wins over the measure word or suffix inside it
        ("对表现突出的XX分公司予以通报表扬", ["name"]),
        ("委托XX子公司负责运营", ["name"]),
        ("在XX部担任XX工程师一职", ["name", "term"]),
        ("取得XX资格证书", ["term"]),
        ("活动得到了XX居民的广泛好评", ["term"]),
        ("对仓库及XX施工现场开展检查", ["name"]),
        ("配合事业部完成XX客户系统上线", ["name"]),
        ("约谈XX负责人XX名", ["name", "count"]),
    ],
)
def test_a_suffix_is_read_as_a_whole_word_not_inside_a_longer_one(
    text: str, expected: list[str]
) -> None:
    """分公司 is a unit (not the measure word 分), 工程师 a post (not the suffix 工程)."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("扣减该单位考核分XX分", ["count"]),
        ("每场用时XX分钟", ["count"]),
        ("承建XX工程项目部", ["name"]),
        ("由XXX工程师现场讲解", ["person"]),
        ("XX居民委员会", ["name"]),
        ("XX村民小组", ["name"]),
        ("XX客户经理", ["other"]),
        ("XX律师事务所", ["name"]),
    ],
)
def test_the_shorter_word_still_decides_where_no_longer_word_is_there(
    text: str, expected: list[str]
) -> None:
    """Negative cases: plain 分 stays a measure word; a longer unit name still wins over a
    group or post word (居民委员会, 律师事务所); three marks before a post are a person."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("现委托XXX作为我公司的合法代理人", ["person"]),
        ("兹委托XX作为本单位的代理人", ["person"]),
        ("本期培训班由XXX担任班长", ["person"]),
    ],
)
def test_someone_given_a_role_is_a_person_even_when_a_unit_word_follows(
    text: str, expected: list[str]
) -> None:
    """委托XXX作为…, 由XXX担任…: the name does not run past the role verb to 公司."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("由XX公司担任牵头单位", ["name"]),
        ("确定XX作为试点单位", ["other"]),
        ("XX中心作为牵头部门", ["name"]),
    ],
)
def test_a_unit_given_a_role_is_not_made_a_person(text: str, expected: list[str]) -> None:
    """A unit suffix before the role verb decides; two marks with a unit role are no person."""
    assert kinds(text) == expected


def test_appoint_and_role_verbs_are_lexicon_data() -> None:
    """A user extends the appointing verbs without patching the library (聘用XX作为…)."""
    text = "决定聘用XX作为技术顾问"
    assert kinds(text) != ["person"]
    assert kinds(text, Rules.default().extend(appoint_verbs=["聘用"], role_verbs=[])) == ["person"]
    assert "作为" in Rules.default().role_verbs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("初XX（XX）班家长请到XX楼XX层", ["ordinal", "ordinal", "name", "ordinal"]),
        ("三年级XX班", ["ordinal"]),
        ("XX年级XX班的同学", ["ordinal", "ordinal"]),
        ("XX号楼XX单元暂停供水", ["ordinal", "ordinal"]),
        ("XX号楼至XX号楼", ["ordinal", "ordinal"]),
        ("会议在行政楼第XX层召开", ["ordinal"]),
        ("自即日起至本案XX审终结之日止", ["ordinal"]),
    ],
)
def test_numbers_of_grades_classes_floors_buildings_and_instances_are_ordinals(
    text: str, expected: list[str]
) -> None:
    """Which grade, class, floor, building, unit or court instance: a number in a sequence."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("大楼共XX层", ["count"]),
        ("居住在XX小区XX栋XX单元XX室", ["name", "other", "other", "other"]),
        ("举办XX培训班", ["name"]),
        ("办理XX审批事项", ["term"]),
        ("全校共有XX个班", ["count"]),
    ],
)
def test_counts_addresses_and_units_are_not_made_sequence_numbers(
    text: str, expected: list[str]
) -> None:
    """How many floors or classes is a count; a full address down to the room stays other."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("定于XX月XX日（星期XX）召开", ["date", "date", "date"]),
        ("登记时间为每周XX至周XX", ["date", "date"]),
        ("礼拜XX下午", ["date"]),
    ],
)
def test_a_day_of_the_week_is_a_date(text: str, expected: list[str]) -> None:
    """星期XX, 周XX, 礼拜XX name a day."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("庆祝建党XX周年", ["count"]),
        ("实习共计XX周", ["count"]),
        ("周XXX同志", ["person"]),
        ("周XX同志", ["person"]),
    ],
)
def test_weeks_counted_and_the_surname_zhou_are_not_weekdays(
    text: str, expected: list[str]
) -> None:
    """XX周年 and XX周 are counts; 周 before a name with a person cue is a surname."""
    assert kinds(text) == expected


def test_the_labeled_corpus_is_large_and_covers_every_kind() -> None:
    """At least 12 documents, 400 labels, every kind in both splits."""
    docs = labels.load("dev") + labels.load("heldout")
    assert len(docs) >= 12
    assert sum(len(d.spans) for d in docs) >= 400
    splits = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6")
    for split in (*splits, "heldout7", "heldout8", "heldout9", "heldout10", "heldout11"):
        seen = {k for d in labels.load(split) for _, _, k in d.spans}
        assert seen == set(labels.KINDS)


def _accuracy(split: str) -> float:
    right = total = 0
    for doc in labels.load(split):
        found = [Found("text", s, e, doc.text[s:e]) for s, e, _ in doc.spans]
        for (_, _, want), c in zip(doc.spans, classify(found, {"text": doc.text}), strict=True):
            total += 1
            right += c.kind.value == want
    return right / total


def test_heldout_accuracy_meets_the_measured_threshold() -> None:
    """On documents never used for rule writing, accuracy stays at the measured level."""
    assert _accuracy("heldout") >= HELDOUT_THRESHOLD


def test_second_heldout_accuracy_meets_its_measured_threshold() -> None:
    """The second held-out set stays at (at least) its first measured level."""
    assert _accuracy("heldout2") >= HELDOUT2_THRESHOLD


def test_third_heldout_accuracy_meets_its_measured_threshold() -> None:
    """The third held-out set stays at (at least) its first measured level."""
    assert _accuracy("heldout3") >= HELDOUT3_THRESHOLD


def test_fourth_heldout_accuracy_meets_its_measured_threshold() -> None:
    """The fourth held-out set stays at (at least) its first measured level."""
    assert _accuracy("heldout4") >= HELDOUT4_THRESHOLD


def test_fifth_heldout_accuracy_meets_its_measured_threshold() -> None:
    """The fifth held-out set stays at (at least) its first measured level."""
    assert _accuracy("heldout5") >= HELDOUT5_THRESHOLD


def test_sixth_heldout_accuracy_meets_its_measured_threshold() -> None:
    """The sixth held-out set stays at (at least) its first measured level."""
    assert _accuracy("heldout6") >= HELDOUT6_THRESHOLD


def test_seventh_heldout_accuracy_meets_its_measured_threshold() -> None:
    """The seventh held-out set stays at (at least) its first measured level."""
    assert _accuracy("heldout7") >= HELDOUT7_THRESHOLD


def test_eighth_heldout_accuracy_meets_its_measured_threshold() -> None:
    """The eighth held-out set stays at (at least) its first measured level."""
    assert _accuracy("heldout8") >= HELDOUT8_THRESHOLD


def test_ninth_heldout_accuracy_meets_its_measured_threshold() -> None:
    """The ninth held-out set stays at (at least) its first measured level."""
    assert _accuracy("heldout9") >= HELDOUT9_THRESHOLD


def test_tenth_heldout_accuracy_meets_its_measured_threshold() -> None:
    """The tenth held-out set stays at (at least) its first measured level."""
    assert _accuracy("heldout10") >= HELDOUT10_THRESHOLD


def test_eleventh_heldout_accuracy_meets_its_measured_threshold() -> None:
    """The eleventh held-out set stays at (at least) its first measured level."""
    assert _accuracy("heldout11") >= HELDOUT11_THRESHOLD


def test_twelfth_heldout_accuracy_meets_its_measured_threshold() -> None:
    """The twelfth held-out set stays at (at least) its first measured level."""
    assert _accuracy("heldout12") >= HELDOUT12_THRESHOLD


def test_thirteenth_heldout_accuracy_meets_its_measured_threshold() -> None:
    """The thirteenth held-out set stays at (at least) its level after the table-cell rule."""
    assert _accuracy("heldout13") >= HELDOUT13_THRESHOLD


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("类别\t本年新收\t上年结转\n行政许可\tXX\t0\n", ["count"]),
        ("项目\t数量（件）\n申请\tXX\n", ["count"]),
        ("信息内容\t本年制发件数\t现行有效件数\n规范性文件\tXX\tXX\n", ["count", "count"]),
        ("序号\t姓名\t单位\n1\tXXX\tXX公司\n", ["person", "name"]),
    ],
)
def test_a_whole_cell_of_a_tab_separated_row_reads_its_column(
    text: str, expected: list[str]
) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("为落实教育部等XX部门《XX》", ["count", "title"]),
        ("引导广大XX学会尊重", ["term"]),
        ("欢迎广大XX对抽查工作进行监督", ["term"]),
        ("经局长XXX审批后实施", ["person"]),
        ("抽检商品XX批次", ["count"]),
        ("第XX批次", ["ordinal"]),
        ("公示期为XX日", ["count"]),
        ("对辖区内XX经营主体开展检查", ["term"]),
        ("单亲家庭子女等XX群体", ["term"]),
    ],
)
def test_cues_found_by_the_eleventh_heldout_set(text: str, expected: list[str]) -> None:
    """等XX部门 counts units, 广大XX is a group whatever follows, an official before a term
    cue, 批次 counts unless after 第, 期为XX日 is a duration, 群体 and 经营主体 are groups."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 等部门人员: the units' people, so the placeholders are the units
        ("请XX、XX等部门人员到场处置", ["name", "name"]),
        ("XX、XX等同志参加", ["person", "person"]),
        ("谈话对象：XXX", ["person"]),
        ("培训对象：XX", ["term"]),
        ("省科技厅在XX组织召开验收会", ["name"]),
        ("推荐参加XX党校举办的培训班", ["name"]),
        ("听取一线XX的意见建议", ["term"]),
        ("走访慰问困难XX", ["term"]),
    ],
)
def test_cues_found_by_the_ninth_heldout_set(text: str, expected: list[str]) -> None:
    """Units before 等部门人员, interview subjects, 组织 as a verb, 党校, 一线/困难 groups."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本案由检察官XXX承办，检察官助理XX协助办理", ["person", "person"]),
        ("董事XXX因公出差，书面委托董事XX代为出席", ["person", "person"]),
        ("同意聘任XXX为公司副总经理", ["person"]),
        ("由XX为牵头单位", ["name"]),  # 由…为 a unit: not a person
        ("新打、修复机井XX、XX眼", ["count", "count"]),
        ("七年级（XX）班至（XX）班全体学生", ["ordinal", "ordinal"]),
        ("XX检行公建〔20XX〕XX号", ["name", "date", "other"]),
    ],
)
def test_cues_found_by_the_tenth_heldout_set(text: str, expected: list[str]) -> None:
    """Court and board titles, 聘任…为 before a unit word, 眼 for wells, class ranges, and a
    four-character agency abbreviation before a document number."""
    assert kinds(text) == expected


@pytest.mark.parametrize("text", ["附件1：XX工作台账", "表2：XX情况", "比分3：XX"])
def test_a_numbered_label_before_a_colon_is_not_an_hour(text: str) -> None:
    """附件1：XX is an attachment's title, not 1:XX o'clock; 上午9：XX still is a time."""
    assert kinds(text) != ["date"]
    assert kinds("会议于上午9：XX开始") == ["date"]


def test_as_of_a_placeholder_is_a_date() -> None:
    """截至XX is a date (至 alone before a placeholder would lead to a place), and a date value
    fills it whole."""
    import datetime as dt

    import xxfill

    assert kinds("截至XX，全市共有企业XX家") == ["date", "count"]
    assert kinds("截止XX，共完成") == ["date"]
    assert kinds("至XX结束") == ["name"]
    out = xxfill.fill(xxfill.Text("截至XX，共完成"), {"#1": dt.date(2024, 6, 30)})
    assert out.text == "截至2024年6月30日，共完成"


def test_a_central_task_is_not_a_centre() -> None:
    """聚焦XX中心任务: 中心 followed by 任务 or 环节 is not an organisation's name."""
    assert kinds("聚焦XX中心任务") != ["name"]
    assert kinds("抓住XX中心环节") != ["name"]
    assert kinds("XX政务服务中心") == ["name"]


def test_dev_accuracy_stays_high() -> None:
    """The documents the rules were tuned on stay (almost) all right."""
    assert _accuracy("dev") >= 0.97


_CUE_CHARS = "次名年月日第届党的大委区社《》“”‘’（）：、，广群众队伍同志XX##paidbegin##\r\n"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(_CUE_CHARS)), max_size=60))
def test_any_text_gets_one_decision_per_placeholder_with_unique_count_keys(text: str) -> None:
    """Whatever surrounds them, every placeholder gets a kind, a reason and a clean key."""
    found = [Found("t", m.start(), m.end(), m.group(0)) for m in PLACEHOLDER.finditer(text)]
    result = classify(found, {"t": text})
    assert len(result) == len(found)
    for c in result:
        assert c.reason
        assert c.key.isprintable() and not c.key.startswith("#")
    count_keys = [c.key for c in result if c.kind is Kind.COUNT]
    assert len(count_keys) == len(set(count_keys))
    other_keys = {c.key for c in result if c.kind is not Kind.COUNT}
    assert not other_keys & set(count_keys)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("小区XX门岗门禁系统已升级", "name"),
        ("请到XX门卫室登记", "name"),
        ("通过了XX门岗位技能考核", "count"),
        ("开设选修课XX门", "count"),
        ("向XX家乡镇卫生院派驻医师", "count"),
        ("走访困难群众XX家", "count"),
    ],
)
def test_a_measure_word_that_starts_a_longer_noun_is_not_a_count(text: str, expected: str) -> None:
    """门岗/门卫 are whole nouns (the longest word wins), but 门 and 家 alone stay measure words."""
    assert kinds(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("学习借鉴XX、XX等先进典型的经验", ["name", "name"]),
        ("推广XX等典型经验", ["name"]),
        ("以XX等先进典型为榜样", ["person"]),
        ("表彰XX等先进个人", ["person"]),
    ],
)
def test_examples_to_learn_from_are_units_but_model_people_stay_people(
    text: str, expected: list[str]
) -> None:
    """等先进典型的经验/典型经验 follow units; 先进个人 and 为榜样 still follow people."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（一）XX自然村至XX自然村通村公路硬化", ["name", "name"]),
        ("XX行政村XX村民小组", ["name", "name"]),
        ("全村共有自然村XX个", ["count"]),
    ],
)
def test_village_parts_are_place_suffixes(text: str, expected: list[str]) -> None:
    """自然村/行政村/村民小组 end a place's name; a count of villages stays a count."""
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("推荐参加XX组织的评选", "name"),
        ("积极参加XX组织的志愿服务活动", "name"),
        ("加强XX组织的建设", "term"),
        ("参加XX组织生活会", "term"),
    ],
)
def test_joining_something_organised_by_a_placeholder_makes_it_the_organiser(
    text: str, expected: str
) -> None:
    """参加XX组织的… reads 组织 as a verb (the organiser); XX组织 without 参加…的 stays a field."""
    assert kinds(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("地点在社区党群服务中心XX楼活动室", "ordinal"),
        ("活动中心XX层会议室", "ordinal"),
        ("会议在XX楼会议室召开", "name"),
        ("地点：XX楼报告厅", "name"),
    ],
)
def test_a_floor_between_a_venue_and_a_room_is_an_ordinal(text: str, expected: str) -> None:
    """Inside a named venue XX楼活动室 is a floor; after 在 or a label XX楼 is a building."""
    assert kinds(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今年新增XX筛查项目", "term"),
        ("开展XX检查项目", "term"),
        ("新增XX项目", "name"),
        ("参与XX筛查项目", "name"),
    ],
)
def test_a_service_item_added_to_a_programme_is_a_field(text: str, expected: str) -> None:
    """新增/开展 + XX筛查项目 names a kind of screening; a bare XX项目 stays a project's name."""
    assert kinds(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("公卫科：XXX医生，电话XXXX", "person"),
        ("综合办公室：XXX主任", "person"),
        ("主任医生：XX", "other"),
        ("XXX医生", "other"),
    ],
)
def test_three_marks_after_a_label_and_before_a_post_are_a_person(text: str, expected: str) -> None:
    """科：XXX医生 is the contact person; without the label and three marks nothing is assumed."""
    assert kinds(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("受到了XX和家属的普遍欢迎", "term"),
        ("得到XX和群众的一致好评", "term"),
        ("向精心筹备本期培训班的XX和各位授课老师表示感谢", "name"),
        ("向XXX同志和各位授课老师表示感谢", "person"),
    ],
)
def test_a_placeholder_listed_with_people_takes_its_kind_from_them(
    text: str, expected: str
) -> None:
    """XX和家属 is a group of people (a term); 的XX和各位老师 is the unit the teachers came with."""
    assert kinds(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("规范XX场所管理", "term"),
        ("完善XX台账", "other"),
        ("XX本科学历", "other"),
        ("开展宣讲XX场", "count"),
        ("建立工作台账XX本", "count"),
        ("走访农户XX户", "count"),
    ],
)
def test_measure_words_that_begin_common_nouns_are_blocked_there(text: str, expected: str) -> None:
    """场所/台账/本科 are words of their own, so 场, 台 and 本 count only where the word ends."""
    assert kinds(text) == [expected]


def test_table_cells_read_their_column_header() -> None:
    """In a table under a header row every lone placeholder reads the header of its own column
    (DOCX cells and tab-separated text alike); a form row (姓名 | XX | 性别 | XX) keeps reading
    the label beside the value, and an unknown label still keys the cell."""
    import xxfill
    from docxbuild import build_docx, table

    header = ["姓名", "单位", "数量（件）", "金额（元）"]
    data = build_docx(table([header, ["XX", "XX", "XX", "XXXX"], ["XX", "XX", "XX", "XXX"]]))
    got = [(p.kind.value, p.key) for p in xxfill.scan(data).placeholders]
    assert got[:4] == [
        ("person", "姓名：XX"),
        ("name", "单位：XX"),
        ("count", "数量：XX"),
        ("count", "金额：XXXX"),
    ]
    assert [k for k, _ in got[4:]] == ["person", "name", "count", "count"]
    text = "\t".join(header) + "\nXX\tXX\tXX\tXXXX\n"
    assert [p.kind.value for p in xxfill.scan(xxfill.Text(text)).placeholders] == [
        "person", "name", "count", "count",
    ]  # fmt: skip
    form = build_docx(table([["姓名", "XX", "性别", "XX"], ["单位", "XX", "职务", "XX"]]))
    assert [p.key for p in xxfill.scan(form).placeholders] == [
        "姓名：XX", "性别：XX", "单位：XX", "职务：XX",
    ]  # fmt: skip


def test_a_day_before_bao_song_is_a_day() -> None:
    """于XX月XX日报送 and XX日报到 are a day and a verb, not a daily newspaper (日报)."""
    assert kinds("请于XX月XX日报送材料") == ["date", "date"]
    assert kinds("新生于XX月XX日报到") == ["date", "date"]
    assert kinds("XX日报记者") == ["name"]


def test_rows_of_a_table_never_share_keys() -> None:
    """Each row under a header row is its own record: two deadlines or two workshops in two
    rows get two keys (and two form entries), even with the same words."""
    import xxfill
    from docxbuild import build_docx, table

    data = build_docx(
        table(
            [
                ["隐患", "整改期限", "责任单位"],
                ["XX", "XX月XX日", "XX车间"],
                ["XX", "XX月XX日", "XX车间"],
            ]
        )
    )
    keys = [p.key for p in xxfill.scan(data).placeholders]
    assert len(set(keys)) == len(keys) == 8
    form = xxfill.make_form(xxfill.scan(data).placeholders, source="t")
    assert sum(1 for line in form.splitlines() if line.startswith('"')) == 8
    text = "隐患\t整改期限\nXX\tXX月XX日\nXX\tXX月XX日\n"
    text_keys = [p.key for p in xxfill.scan(xxfill.Text(text)).placeholders]
    assert len(set(text_keys)) == len(text_keys)
