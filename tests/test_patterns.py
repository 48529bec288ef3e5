"""The pattern analyses the checks use to skip text that cannot match (checks.substring_safe,
checks.required_literal): a wrong answer would silently drop findings, so each is checked
against a brute-force search."""

from __future__ import annotations

import random
import re

import pytest

from govlint.patterns import required_literal, substring_safe

NARRATIVE = (r"(共|共计)?(新收|收到|受理|接收)(各类)?(政府信息公开|信息公开)申请(数量)?(共计|共|总计)?"
             r"(?P<n>\d+|[〇零一二两三四五六七八九十百]+)件")


@pytest.mark.parametrize("pattern, literal", [
    (NARRATIVE, "申请"),
    (r"(因政府信息公开|政府信息公开)[^。；，,]{0,12}?(被申请|申请)?行政复议(案件|申请)?(?P<n>\d+)件", "行政复议"),
    ("××+", "×"),
    ("某某[市区县]", "某某"),
    ("abc|abd", "ab"),  # the parser keeps the common prefix of the branches
    ("(19|20)[×x]{2}(年|年度)?", None),
    ("(?i)abc", None),  # case-insensitive: a literal test would be wrong
    (r"\*\*+[市]|[市]\*\*+", None),
])
def test_required_literal(pattern, literal):
    assert required_literal(re.compile(pattern)) == literal


@pytest.mark.parametrize("pattern, safe", [
    ("(19|20)[×x]{2}", True),
    (r"(?P<n>\d+)件", True),
    ("[^。；，,]{0,12}?申请", True),  # a ^ inside a class anchors nothing
    (r"\[x\]", True),
    ("^abc", False), ("abc$", False), (r"a\b", False), ("(?<=x)a", False), ("(?!a)b", False),
    (r"(a)\1", False), ("(?P<n>a)(?P=n)", False), (r"\[^x]", False),
])
def test_substring_safe(pattern, safe):
    assert substring_safe(re.compile(pattern)) is safe


def test_a_text_without_the_literal_never_matches():
    """Mutations of a matching sentence: every one that still matches holds the literal."""
    rng = random.Random(3)
    template = ["全年", "共", "收到", "政府信息公开", "申请", "12", "件", "。"]
    extra = ["申", "请", "信息公开", "共计", "受理", "二十", "，", "数量", "件"]
    pattern = re.compile(NARRATIVE)
    literal = required_literal(pattern)
    hits = misses = 0
    for _ in range(5000):
        words = list(template)
        for _ in range(rng.randint(0, 3)):
            op, at = rng.random(), rng.randrange(len(words) + 1)
            if op < 0.4 and at < len(words):
                del words[at]
            elif op < 0.8:
                words.insert(at, rng.choice(extra))
            elif at < len(words):
                words[at] = rng.choice(extra)
        text = "".join(words)
        if pattern.search(text):
            hits += 1
            assert literal in text, text
        else:
            misses += 1
    assert hits > 500 and misses > 500  # both sides were exercised


@pytest.mark.parametrize("pattern, chars", [
    ("(19|20)[×xX*?□○]{2}(年|年度)?", set("×xX*?□○")),  # the class, not the digits
    ("[×xX]{2,}[年月日局市县]", set("×xX")),
    (r"\*\*+[市区]|[市区]\*\*+", {"*"}),  # both branches need a *
    ("___+|＿＿+", {"_", "＿"}),
    ("某某[市区]", {"某"}),
    ("(?i)abc", None),
    ("[^a]+", None),  # a negated class: no useful set
    ("a?", None),  # may match the empty text
])
def test_required_chars(pattern, chars):
    from govlint.patterns import required_chars

    got = required_chars(re.compile(pattern))
    assert (set(got) if got is not None else None) == chars


def test_a_text_without_the_required_chars_never_matches():
    from govlint.patterns import required_chars

    rng = random.Random(5)
    alphabet = list("19202×xX*?□○年度某市") + ["__", "**"]
    for source in ("(19|20)[×xX*?□○]{2}(年|年度)?", r"\*\*+[市区]|[市区]\*\*+", "___+|＿＿+"):
        pattern = re.compile(source)
        chars = required_chars(pattern)
        hits = 0
        for _ in range(20000):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
            if pattern.search(text):
                hits += 1
                assert not chars.isdisjoint(text), (source, text)
        assert hits > 20, source  # real matches were checked
