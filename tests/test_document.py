from __future__ import annotations

from govlint.facts import Report
from govlint.outline import build_documents
from govlint.readers import read_text


def doc_of(text, fmt="txt"):
    return build_documents(read_text(f"x.{fmt}", text, "utf-8", fmt), 200_000)


def report_of(text, fmt="txt"):
    return Report(doc_of(text, fmt)[0])


def test_title_split_over_two_lines():
    r = report_of("张店区工商局2016年政府\n信息公开工作年度报告\n\n一、概述\n正文。\n")
    assert r.doc.title.text == "张店区工商局2016年政府信息公开工作年度报告"
    assert [l.number for l in r.doc.title.lines] == [1, 2]
    assert r.year == 2016 and r.agency == "张店区工商局"


def test_title_with_spaced_second_line():
    r = report_of("市中区商务局2017年政府信息公开\n年 度 报 告\n根据《条例》要求编制。\n")
    assert r.year == 2017 and r.agency == "市中区商务局"


def test_title_after_page_residue():
    text = "张店区商务局\n标题: 张店区商务局2017年政府信息公开工作年度报告\n索引号: 1137\n\n张店区商务局2017年政府信息公开工作年度报告\n"
    d = doc_of(text)[0]
    assert d.title.lines[0].number == 5


def test_year_first_title_and_chinese_year():
    r = report_of("2017年株洲市工商局政府信息公开工作年度报告\n")
    assert r.year == 2017 and r.agency == "株洲市工商局"
    assert report_of("某局二〇一七年政府信息公开工作年度报告\n").year == 2017


def test_markdown_headings_keep_columns():
    d = doc_of("# 某局2017年政府信息公开工作年度报告\n\n## 一、概述\n\n正文。\n", "md")[0]
    h = d.headings[0]
    assert h.line.number == 3 and h.start == 3 and h.text == "一、概述"


def test_line_numbers_are_the_files_own():
    # \r\n, \r and a form feed inside a line: only real newlines count
    d = doc_of("某局2017年政府信息公开工作年度报告\r\n\r\n一、概述\r正文\x0c继续\n二、政府信息公开的组织领导和制度建设情况\n")[0]
    assert [h.line.number for h in d.headings] == [3, 5]


def test_table_rows_are_not_headings():
    text = "某局2017年政府信息公开工作年度报告\n一、概述\n正文。\n附件\n某局政府信息公开情况统计表\n一、主动公开情况\n180\n二、回应解读情况\n4\n"
    d = doc_of(text)[0]
    assert [h.line.number for h in d.headings] == [2]
    assert d.lines[d.appendix_start].number == 4


def test_agency_line_above_a_title_that_starts_with_the_year():
    r = report_of("                洪泽区人民政府\n      2023 年政府信息公开工作年度报告\n\n   本报告由……编制。\n")
    assert r.agency == "洪泽区人民政府" and r.year == 2023
    assert [l.number for l in r.doc.title.lines] == [1, 2]


def test_run_on_text_headings_inside_one_line(linter):
    """A crawled page whose whole report is one line: headings start after a sentence ends."""
    from conftest import FIXTURES, contexts

    lines = (FIXTURES / "mini.txt").read_text(encoding="utf-8").split("\n")
    body = "".join(lines[:26])  # title … 十二's sentence, as one run-on line
    r = linter.lint_text(body + "\n")
    ctx = contexts(linter, text=body + "\n")[0]
    assert ctx.doc.title.text == "青禾县交通运输局2017年政府信息公开工作年度报告"
    matches = ctx.alignment.matches
    assert [m.section.number for m in matches] == list(range(1, 13))
    assert all(m.heading.line.number == 1 for m in matches)
    # columns point at the heading inside the line
    h5 = matches[4].heading
    assert body[h5.start:h5.end] == "五、主动公开政府信息以及公开平台建设情况"
    assert not [d for d in r.diagnostics if d.rule in ("missing-section", "duplicate-section", "section-order")]


def test_aligning_with_several_packs_leaves_the_headings_alone():
    """Selection aligns every pack; one pack's cut of a glued heading must not leak into another's."""
    from govlint.matcher import matcher_for
    from govlint.packs.loader import load_pack

    d = doc_of("某局2023年政府信息公开工作年度报告\n一、总体情况2023年，我局认真落实。\n三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项）\n")[0]
    before = [(h.title, h.end) for h in d.headings]
    for name in ("gov-2008", "gov-2014", "twelve-section", "gov-2019", "gov-2021"):
        matcher_for(load_pack(name)).align(d)
    assert [(h.title, h.end) for h in d.headings] == before
