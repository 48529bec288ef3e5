"""The fuzzy heading matcher on real heading variants and on body lines that are not headings."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from conftest import FIXTURES
from govlint.document import Line
from govlint.outline import parse_heading, unnumbered_heading

DATA = YAML(typ="safe").load((FIXTURES / "headings.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def matcher(pack):
    from govlint.matcher import Matcher

    return Matcher(pack)


def test_fixture_is_big_enough():
    assert len(DATA["headings"]) >= 40
    assert len(DATA["non_headings"]) >= 20


@pytest.mark.parametrize("item", DATA["headings"], ids=lambda i: i["text"].strip()[:24])
def test_variant_maps_to_its_section(matcher, item):
    line = Line(1, item["text"], item["text"])
    h = parse_heading(line) if item.get("numbered", True) else unnumbered_heading(line)
    assert h is not None and h.level == 1
    section, score = matcher.best_section(h)
    assert section.number == item["section"], (score.via, score.value)
    assert score.value >= matcher.threshold(h)


@pytest.mark.parametrize("item", DATA["non_headings"], ids=lambda i: i["text"].strip()[:24])
def test_body_line_is_not_a_section_heading(matcher, item):
    line = Line(1, item["text"], item["text"])
    h = parse_heading(line)
    assert h is None or h.level != 1
    u = unnumbered_heading(line)
    if u is not None:
        _, score = matcher.best_section(u)
        assert score.value < matcher.threshold(u)


@pytest.mark.parametrize("text,level,number,title", [
    ("一、概述", 1, 1, "概述"),
    ("一. 概述", 1, 1, "概述"),
    ("一．概述", 1, 1, "概述"),
    ("一，概述", 1, 1, "概述"),
    ("十二、需要说明的事项与附表", 1, 12, "需要说明的事项与附表"),
    ("第一部分 总体情况", 1, 1, "总体情况"),
    ("第三章　依申请公开情况", 1, 3, "依申请公开情况"),
    ("（一）加强组织领导", 2, 1, "加强组织领导"),
    ("(二) 健全制度", 2, 2, "健全制度"),
    ("1、进一步完善制度", 3, 1, "进一步完善制度"),
    ("2. 加强宣传", 3, 2, "加强宣传"),
    ("3．强化监督", 3, 3, "强化监督"),
    ("一、主动公开政府信息的情况：", 1, 1, "主动公开政府信息的情况"),
    ("一、概述2017年，我局认真贯彻", 1, 1, "概述2017年"),
])
def test_numbering_styles(text, level, number, title):
    h = parse_heading(Line(1, text, text))
    assert (h.level, h.number) == (level, number)
    assert h.title.rstrip("：") == title


@pytest.mark.parametrize("text", ["一是加强领导", "2017.12.31 数据", "十二五规划", "1.5万元", "二〇一八年一月二十日"])
def test_not_numbered_headings(text):
    h = parse_heading(Line(1, text, text))
    assert h is None or h.level != 1


def test_the_number_bonus_shows_in_the_score_a_nonstandard_heading_reports():
    """"四、重点事项公开推进情况" alone scores below the threshold (62) against section four; its
    number adds the bonus (8), and the finding's data gives the decision score to one decimal."""
    from govlint.linter import Linter
    from govlint.packs.loader import PackStore

    packs = PackStore()
    text = (FIXTURES / "mini.txt").read_text(encoding="utf-8")
    linter = Linter(packs.load("twelve-section"), automatic=packs.automatic())
    found = {}
    for number in ("四", "三"):
        result = linter.lint_text(text.replace("四、重点领域政府信息公开工作推进情况", f"{number}、重点事项公开推进情况"),
                                  path="report.txt")
        found[number] = [(d.rule, d.line, d.data.get("score")) for d in result.diagnostics]
    assert found["四"] == [("nonstandard-heading", 9, 65.1)]
    assert found["三"] == [("missing-section", 11, None)]


@pytest.mark.parametrize("threshold, repeat", [(62, True), (65, True), (66, False)])
def test_a_repeated_section_needs_ten_points_over_the_threshold_and_at_least_75(tmp_path, threshold, repeat):
    """A second "六、…" after the sixth section is a repeat when its words score at least the pack's
    threshold + 10, and never less than 75. "其他需要说明的事项" scores exactly 75 against
    "其他需要报告的事项": a repeat under the shipped threshold (62: the floor 75 decides) and under 65
    (65 + 10 = 75); a pack that asks 66 of a heading asks 76 of a repeat, which it does not reach."""
    from govlint.linter import Linter
    from govlint.packs.loader import load_pack

    path = tmp_path / "stricter.yaml"
    path.write_text(f"id: stricter\nname: 更严的标题匹配\nextends: gov-2021\nmatching: {{threshold: {threshold}}}\n",
                    encoding="utf-8")
    text = (FIXTURES / "mini-2021.md").read_text(encoding="utf-8").replace(
        "## 六、其他需要报告的事项", "## 六、其他需要报告的事项\n\n本年度无其他需要报告的事项。\n\n六、其他需要说明的事项")
    result = Linter(load_pack(str(path))).lint_text(text, path="report.md", fmt="md")
    found = [(d.rule, d.line) for d in result.diagnostics if d.rule in ("duplicate-section", "nonstandard-heading")]
    assert found == ([("duplicate-section", 78)] if repeat else [])
