"""A bounded, deterministic mutation fuzzer over template bytes: only ``xxfill`` errors escape.

Each case takes a fixture (DOCX built in code with every kind of story, the LibreOffice-saved
fixtures, text in several encodings), applies one to three mutations (byte flips, cuts,
duplicated slices, zip header fields, and XML-aware edits inside a re-zipped member: DOCTYPEs,
entities, broken tags, stray namespaces, control characters), then scans and fills it. Either
that works, and the output opens again, or an ``xxfill.XXFillError`` subclass is raised;
anything else is a bug.

Case ``i`` draws from ``random.Random(f"{seed}:{i}")``, so a failure is reproduced by its seed
and number alone. ``XXFILL_FUZZ_CASES`` sets the number of cases (default 300);
``benchmarks/fuzz.py`` runs long campaigns.
"""

from __future__ import annotations

import codecs
import collections
import copy
import functools
import io
import os
import random
import struct
import traceback
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from lxml import etree

import xxfill
from docxbuild import (
    FS,
    RED,
    bookmark,
    build_docx,
    field,
    footnote_ref,
    p,
    proof,
    r,
    table,
    textbox,
)

SEED = 20240705
DEFAULT_CASES = 300
FIXTURE_DIR = Path(__file__).parent / "fixtures"


# --------------------------------------------------------------------------------------------
# Fixtures


@functools.cache
def fixtures() -> tuple[tuple[str, bytes], ...]:
    """``(name, bytes)`` of every seed the fuzzer mutates."""
    rich = build_docx(
        p(r("召开", FS), r("X", FS), proof(), r("X", RED), "次会议", footnote_ref(1))
        + p("##paidbegin##", bookmark("b", r("党的X"), r("X大")), "精神##paidend##")
        + p(field(" PAGE ", r("XX")), "\t于20XX年XX月XX日", textbox(p("框内XX人")))
        + table([["项目", "XX项"], [p("第XX名"), table([["XX同志"]])]]),
        headers=[p("XX县XX局")],
        footers=[p("第XX页")],
        footnotes=[p("数据截至XX月底。")],
        comments=[p("请核对XX。")],
        core={"title": "XX年度工作总结", "subject": "XX"},
        extra={"media/image1.png": b"\x89PNG\r\n\x1a\n" + bytes(64)},
    )
    small = build_docx(p("共XX人"))
    text = "关于召开XX工作会议的通知\n各XX单位：\r\n定于20XX年XX月XX日召开第XX次会议。\r"
    seeds: list[tuple[str, bytes]] = [
        ("rich.docx", rich),
        ("small.docx", small),
        ("utf8.txt", text.encode()),
        ("gb18030.txt", text.encode("gb18030")),
        ("utf16.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le")),
    ]
    for path in sorted(FIXTURE_DIR.glob("*.docx")):
        seeds.append((path.name, path.read_bytes()))
    return tuple(seeds)


# --------------------------------------------------------------------------------------------
# Mutations

Mutator = Callable[[random.Random, bytes], bytes]

INTERESTING = (0x00, 0x01, 0x7F, 0x80, 0xFF, 0x3C, 0x3E, 0x26, 0x50, 0x4B)

XML_TOKENS = (
    "<",
    ">",
    "&",
    "&amp;",
    "&lol;",
    "&#0;",
    "&#x1F;",
    "&#xD800;",
    "]]>",
    "<![CDATA[XX]]>",
    '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    '<!DOCTYPE d SYSTEM "http://127.0.0.1:9/evil.dtd">',
    '<?xml-stylesheet href="http://127.0.0.1:9/x.xsl"?>',
    "<w:t>XX</w:t>",
    "<w:r><w:t>X</w:t></w:r>",
    "</w:p>",
    "<w:p>",
    "</w:r>",
    "<w:br/>",
    "<w:tab/>",
    '<w:fldChar w:fldCharType="begin"/>',
    '<w:fldChar w:fldCharType="end"/>',
    "<w:del><w:r><w:delText>XX</w:delText></w:r></w:del>",
    "<mc:AlternateContent><mc:Choice/><mc:Fallback/></mc:AlternateContent>",
    "<w:txbxContent><w:p><w:r><w:t>XX</w:t></w:r></w:p></w:txbxContent>",
    'xmlns:w="urn:bogus"',
    ' w:val="',
    "\x00",
    "\x07",
    "\ufeff",
    "##paidbegin##",
    "XXXX",
    "ＸＸ",
    "××",
)


def _flip(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
    return bytes(buf)


def _interesting(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        buf[rng.randrange(len(buf))] = rng.choice(INTERESTING)
    return bytes(buf)


def _cut(rng: random.Random, data: bytes) -> bytes:
    if len(data) < 2:
        return b""
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, max(1, len(data) // 8)))
    return data[:a] + data[b:]


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _duplicate(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 256))
    at = rng.randrange(len(data) + 1)
    return data[:at] + data[a:b] + data[at:]


def _insert_random(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 32)) + data[at:]


_CDH = struct.Struct("<4s4B4HL2L5H2L")


def _zip_header(rng: random.Random, data: bytes) -> bytes:
    """Overwrite a field of a central-directory or local header: sizes (bomb-like claims),
    method, flags (encryption bit), name length, offset."""
    sigs = [b"PK\x01\x02", b"PK\x03\x04", b"PK\x05\x06"]
    positions = [i for sig in sigs for i in _find_all(data, sig)]
    if not positions:
        return _flip(rng, data)
    pos = rng.choice(positions)
    buf = bytearray(data)
    offset = pos + rng.choice((6, 8, 10, 14, 18, 22, 24, 26, 28, 30, 34, 42))
    width = rng.choice((1, 2, 4))
    value = rng.choice((0, 1, 0xFF, 0xFFFF, 0xFFFFFFFF, 0x7FFFFFFF, rng.randrange(1 << 32)))
    chunk = (value & ((1 << (8 * width)) - 1)).to_bytes(width, "little")
    buf[offset : offset + width] = chunk[: max(0, len(buf) - offset)]
    return bytes(buf[: len(data)])


def _find_all(data: bytes, needle: bytes) -> list[int]:
    out = []
    i = data.find(needle)
    while i != -1 and len(out) < 512:
        out.append(i)
        i = data.find(needle, i + 1)
    return out


def _xml_edit(rng: random.Random, xml: bytes) -> bytes:
    text = xml.decode("utf-8", "surrogateescape")
    n = len(text)
    op = rng.randrange(5)
    a = rng.randrange(n + 1)
    if op == 0:  # insert a token
        token = rng.choice(XML_TOKENS)
        if token.startswith("<!DOCTYPE") or token.startswith("<?xml-"):
            end = text.find("?>") + 2 if text.startswith("<?xml") else 0
            a = rng.choice((end, a))
        text = text[:a] + token + text[a:]
    elif op == 1:  # delete a slice
        text = text[:a] + text[a + rng.randint(1, 64) :]
    elif op == 2:  # duplicate a slice
        b = min(n, a + rng.randint(1, 400))
        at = rng.randrange(n + 1)
        text = text[:at] + text[a:b] + text[at:]
    elif op == 3:  # swap two slices
        b = rng.randrange(n + 1)
        lo, hi = sorted((a, b))
        k = rng.randint(1, 40)
        text = (
            text[:lo] + text[hi : hi + k] + text[lo + k : hi] + text[lo : lo + k] + text[hi + k :]
        )
    else:  # rename a tag or attribute value
        text = text.replace(rng.choice(("w:t>", "w:r>", "w:p>", 'w:val="', "w:rPr>")), "w:x>", 1)
    return text.encode("utf-8", "surrogateescape")


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

#: Wrappers and elements a tree mutation puts into a well-formed part.
WRAPPERS = (
    f"{{{W}}}ins",
    f"{{{W}}}del",
    f"{{{W}}}hyperlink",
    f"{{{W}}}smartTag",
    f"{{{W}}}sdtContent",
    f"{{{W}}}customXml",
    f"{{{W}}}fldSimple",
    f"{{{W}}}moveFrom",
    f"{{{W}}}r",
    f"{{{W}}}p",
    f"{{{W}}}txbxContent",
    f"{{{MC}}}AlternateContent",
    f"{{{MC}}}Choice",
    f"{{{MC}}}Fallback",
)
LEAVES = (
    (f"{{{W}}}t", "XX"),
    (f"{{{W}}}t", "X"),
    (f"{{{W}}}t", " "),
    (f"{{{W}}}t", ""),
    (f"{{{W}}}delText", "XX"),
    (f"{{{W}}}instrText", "XX"),
    (f"{{{W}}}tab", None),
    (f"{{{W}}}br", None),
    (f"{{{W}}}cr", None),
    (f"{{{W}}}noBreakHyphen", None),
    (f"{{{W}}}rPr", None),
    (f"{{{W}}}fldChar", None),
)


def _tree_edit(rng: random.Random, xml: bytes) -> bytes:
    """Well-formed structural edits (the XML parses; the WordprocessingML does not have to make
    sense): move, copy, delete, wrap and unwrap elements, add text leaves and field chars."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        return _xml_edit(rng, xml)
    for _ in range(rng.randint(1, 4)):
        nodes = [e for e in root.iter() if isinstance(e.tag, str)]
        el = rng.choice(nodes)
        parent = el.getparent()
        op = rng.randrange(8)
        if op == 0 and parent is not None:
            parent.remove(el)
        elif op == 1 and parent is not None:
            el.addnext(copy.deepcopy(el))
        elif op == 2 and parent is not None:
            target = rng.choice(nodes)
            if el not in target.iterancestors() and target is not el:
                target.insert(rng.randint(0, len(target)), el)
        elif op == 3 and parent is not None:
            wrapper = etree.Element(rng.choice(WRAPPERS))
            el.addprevious(wrapper)
            wrapper.append(el)
        elif op == 4 and parent is not None:
            for child in list(el):
                el.addprevious(child)
            parent.remove(el)
        elif op == 5:
            tag, text = rng.choice(LEAVES)
            leaf = etree.SubElement(el, tag)
            if text is not None:
                leaf.text = text
            if tag.endswith("fldChar"):
                kind = rng.choice(("begin", "separate", "end", "bogus"))
                leaf.set(f"{{{W}}}fldCharType", kind)
        elif op == 6:
            el.text = rng.choice(("XX", "Ｘ×", "##paidend##", " ", None, "\t"))
        else:
            el.tail = rng.choice(("XX", " ", None, "\n"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _xml_member(rng: random.Random, data: bytes) -> bytes:
    """Mutate the XML inside one member and re-zip (the zip itself stays valid), so the
    mutation reaches the XML parser and the story walker instead of failing the CRC."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = [(info, zf.read(info)) for info in zf.infolist()]
    except Exception:
        return _flip(rng, data)
    xml = [i for i, (info, _) in enumerate(members) if info.filename.endswith((".xml", ".rels"))]
    if not xml:
        return _flip(rng, data)
    stories = [i for i in xml if members[i][0].filename.startswith(("word/", "docProps/core"))]
    k = rng.choice(stories if stories and rng.random() < 0.8 else xml)
    info, content = members[k]
    edit = _tree_edit if rng.random() < 0.6 else _xml_edit
    for _ in range(rng.randint(1, 3)):
        content = edit(rng, content)
    members[k] = (info, content)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for info, body in members:
            zf.writestr(info, body, compress_type=info.compress_type)
    return out.getvalue()


def _deflate_bomb(rng: random.Random, data: bytes) -> bytes:
    """Replace one member by a highly compressible one (a small zip bomb), keeping the rest."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = [(info, zf.read(info)) for info in zf.infolist()]
    except Exception:
        return _flip(rng, data)
    k = rng.randrange(len(members)) if members else 0
    size = rng.choice((1 << 20, 8 << 20, 65 << 20))
    bomb = zlib.compress(b"<", 9)  # only to vary the member kind below
    del bomb
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (info, body) in enumerate(members):
            if i == k:
                zf.writestr(info.filename, b"<a>" + b" " * size + b"</a>")
            else:
                zf.writestr(info, body)
    return out.getvalue()


MUTATORS: dict[str, Mutator] = {
    "flip": _flip,
    "interesting": _interesting,
    "cut": _cut,
    "truncate": _truncate,
    "duplicate": _duplicate,
    "insert": _insert_random,
    "zip-header": _zip_header,
    "xml": _xml_member,
    "xml2": _xml_member,  # twice the weight: it reaches the deepest code
    "bomb": _deflate_bomb,
}


# --------------------------------------------------------------------------------------------
# Running cases


@attrs.define
class Stats:
    """What a campaign did: cases run, how each ended, and the failures (non-xxfill errors)."""

    cases: int = 0
    filled: int = 0
    errors: collections.Counter[str] = attrs.Factory(collections.Counter)
    failures: list[str] = attrs.Factory(list)


def make_case(seed: int, i: int) -> tuple[str, bytes]:
    """Case ``i`` of campaign ``seed``: a description and the mutated bytes."""
    rng = random.Random(f"{seed}:{i}")
    name, data = rng.choice(fixtures())
    steps = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        mut = rng.choice(list(MUTATORS))
        if mut == "bomb" and rng.random() < 0.7:
            mut = "xml"  # bombs are slow to build; keep them rare
        data = MUTATORS[mut](rng, data)
        steps.append(mut)
    return f"case {i} (seed {seed}): {name} + {'+'.join(steps)}", data


#: Values the fuzzer fills with: plain, XML metacharacters, breaks and tabs, spaces at the ends.
VALUES = ("值", "<&>\"'", "一\n二", "\t甲\t", " 乙 ", "XX")


def run_case(data: bytes, name: str = "fuzz.docx") -> str:
    """Scan and fill ``data``, and render it through a compiled template too; return
    ``"filled"`` or the xxfill error class name. Any other exception propagates, and so does
    an AssertionError when the output does not open again or the compiled template disagrees
    with ``fill``."""
    from xxfill.filler.template import compile as compile_template

    try:
        source = xxfill.scan(io.BytesIO(data) if name.endswith(".docx") else data)
        values = {f"#{p.index}": VALUES[p.index % len(VALUES)] for p in source}
        result = xxfill.fill(source, values, strict=False, missing="keep")
        out = result.to_bytes()
    except xxfill.XXFillError as exc:
        try:  # what fill refuses, compiling must refuse cleanly too (never crash on it)
            compile_template(data, missing="keep").render({}, strict=False)
        except xxfill.XXFillError:
            pass
        return type(exc).__name__
    # What xxfill wrote, it must read again.
    xxfill.scan(out, format=source.format)
    # Compile once, fill many: the same text as fill.
    rendered = compile_template(data, missing="keep").render(values, strict=False)
    assert rendered.text == result.text, "compiled template and fill disagree"
    xxfill.scan(rendered.to_bytes(), format=source.format)
    return "filled"


def campaign(cases: int, seed: int = SEED, *, start: int = 0) -> Stats:
    """Run ``cases`` cases; collect failures with their traceback instead of stopping."""
    stats = Stats()
    for i in range(start, start + cases):
        desc, data = make_case(seed, i)
        stats.cases += 1
        try:
            outcome = run_case(data, "fuzz.docx" if "docx" in desc.split(":")[1] else "fuzz")
        except Exception:
            stats.failures.append(f"{desc}\n{traceback.format_exc()}")
            continue
        if outcome == "filled":
            stats.filled += 1
        else:
            stats.errors[outcome] += 1
    return stats


def _cases_from_env() -> int:
    raw = os.environ.get("XXFILL_FUZZ_CASES", "")
    return int(raw) if raw.strip() else DEFAULT_CASES


# --------------------------------------------------------------------------------------------
# Tests


def test_every_seed_fixture_scans_and_fills_unmutated() -> None:
    """The fixtures themselves are good templates: each fills (so mutations start from a file
    that reaches every stage)."""
    for name, data in fixtures():
        assert run_case(data, name) == "filled", name


def test_mutations_are_deterministic() -> None:
    """The same seed and case number give the same bytes, so a failure can be replayed."""
    assert make_case(SEED, 7) == make_case(SEED, 7)
    assert make_case(SEED, 7) != make_case(SEED, 8)


def test_mutated_templates_only_ever_raise_xxfill_errors() -> None:
    """Hundreds of mutated files (XXFILL_FUZZ_CASES to run more): each fills, or raises a
    subclass of xxfill.XXFillError; never another exception, never a hang."""
    stats = campaign(_cases_from_env())
    assert not stats.failures, f"{len(stats.failures)} failure(s):\n\n" + "\n\n".join(
        stats.failures[:5]
    )
    # The campaign reached both ends: some files still fill, some fail cleanly.
    assert stats.filled > 0
    assert sum(stats.errors.values()) > 0
    assert stats.cases == stats.filled + sum(stats.errors.values())


#: Cases that once failed (seed, case number): each is a regression test now.
FOUND = [
    pytest.param(1, 1473, id="extra-length-into-end-record"),
    pytest.param(11, 8171, id="name-length-into-end-record"),
    pytest.param(11, 948, id="core-property-of-only-an-artifact"),
    pytest.param(23, 452, id="core-properties-of-only-artifacts"),
    pytest.param(11, 6421, id="utf16-without-bom-and-few-nuls"),
    pytest.param(12, 9356, id="utf16-without-bom-mostly-cjk"),
]


@pytest.mark.parametrize(("seed", "case"), FOUND)
def test_cases_the_fuzzer_once_failed_on_now_pass(seed: int, case: int) -> None:
    """Replays of earlier fuzzer findings (by seed and case number)."""
    desc, data = make_case(seed, case)
    assert run_case(data, "fuzz.docx") in {"filled", *ERROR_NAMES}, desc


ERROR_NAMES = {
    name
    for name in dir(xxfill)
    if isinstance(getattr(xxfill, name), type)
    and issubclass(getattr(xxfill, name), xxfill.XXFillError)
}
