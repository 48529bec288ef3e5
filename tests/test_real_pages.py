"""Reports as they are found published: crawled pages with their portal's header and the whole
report on one line, pages without a title, cover letters, notices that only talk about the
reports, text converted from PDF or by OCR. Each fixture shows one pattern seen in real
reports (tests/fixtures/pages; the rest inline)."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, contexts, run_cli
from govlint.document import is_metadata
from govlint.linter import Linter

PAGES = FIXTURES / "pages"


@pytest.fixture(scope="module")
def linter():
    return Linter()


def _found(result, *rules):
    return [(d.rule, d.line) for d in result.diagnostics if not rules or d.rule in rules]


def _ctx(linter, text: str, name: str = "page.txt"):
    return contexts(linter, text=text, name=name)[0]


# ----------------------------------------------------------------------------- crawled pages

def test_a_zone_governments_crawled_page(linter):
    path = PAGES / "zone-2022-crawled.txt"
    r = linter.lint_path(str(path))
    doc = r.documents[0]
    # the page's header and bread crumb are residue: the title is the report's, the agency a 管委会's zone
    assert doc.title == "青禾综合实验区2022年政府信息公开工作年度报告"
    assert (doc.agency, doc.agency_kind, doc.report_year) == ("青禾综合实验区", "government", 2022)
    # published 20 February: in time for a government (31 March)
    assert not _found(r, "late-publication")
    # a government's report must give the results of assessment: checked, and missing here
    assert _found(r, "missing-required-content")[0] == ("missing-required-content", 10)
    # headings glued to their text end where the format's wording ends
    assert not _found(r, "missing-section", "nonstandard-heading", "missing-contact", "incomplete-contact",
                      "missing-statistics-period")
    ctx = contexts(linter, path)[0]
    assert [m.heading.text for m in ctx.alignment.matches] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def test_a_departments_crawled_page(linter):
    r = linter.lint_path(str(PAGES / "department-2022-crawled.txt"))
    doc = r.documents[0]
    assert (doc.agency, doc.agency_kind) == ("青禾综合实验区财政金融局", "department")
    # the header's 发布时间 is the publication date: after 31 January for a department
    late = _found(r, "late-publication")
    assert late == [("late-publication", 2)]
    missing = next(d for d in r.diagnostics if d.rule == "missing-contact")
    assert missing.line == 10 and "请与青禾综合实验区财政金融局联系" in missing.suggestion
    assert not _found(r, "missing-section", "nonstandard-heading", "missing-required-content") or \
        _found(r, "missing-required-content") == [("missing-required-content", 10)]  # the fee, in 六


def test_a_2008_format_crawled_page(linter):
    r = linter.lint_path(str(PAGES / "county-2013-crawled.txt"))
    assert (r.documents[0].agency, r.documents[0].agency_kind) == ("青禾县", "government")
    # the statement with its dates left blank: incomplete at its own line, not absent
    assert _found(r, "incomplete-statistics-period", "missing-statistics-period") == [("incomplete-statistics-period", 10)]
    bad = next(d for d in r.diagnostics if d.rule == "incomplete-statistics-period")
    assert "“统计期限自至”" in bad.message
    # a heading is quoted whole ("…工作情况", not "…工作情" before "2013年")
    heading = [d.message for d in r.diagnostics if d.rule == "nonstandard-heading"]
    assert heading == ["标题“三、政府信息依申请公开工作情况”与规范写法不一致，应为“依申请公开政府信息和不予公开政府信息情况”"]
    # the 复议 topic is told in 三 and in the table's rows: at most a notice; the fee topic is nowhere
    assert [(d.rule, d.data.get("section")) for d in r.diagnostics if d.rule in ("missing-section", "section-without-heading")] == [
        ("section-without-heading", 5), ("missing-section", 4)]


def test_json_carries_agency_and_kind_for_each_file_and_part(tmp_path):
    out = json.loads(run_cli("check", "-f", "json", str(PAGES / "zone-2022-crawled.txt"),
                             str(PAGES / "department-2022-crawled.txt")).stdout)
    files = {f["path"].rsplit("/", 1)[-1]: f for f in out["files"]}
    assert (files["zone-2022-crawled.txt"]["agency"], files["zone-2022-crawled.txt"]["agency_kind"]) == (
        "青禾综合实验区", "government")
    dept = files["department-2022-crawled.txt"]
    assert (dept["agency"], dept["agency_kind"]) == ("青禾综合实验区财政金融局", "department")
    compilation = json.loads(run_cli("check", "-f", "json", str(next((FIXTURES / "seeds").glob("002_*")))).stdout)
    parts = compilation["files"][0]["documents"]
    assert len(parts) == 5 and all("agency" in p and "agency_kind" in p for p in parts)
    # the name as written (traditional characters); the second part names none but says 我局
    assert [(p["agency"], p["agency_kind"]) for p in parts if p["is_report"]] == [
        ("方山縣工商局", "department"), (None, "department")]
    verbose = json.loads(run_cli("check", "-f", "json", "-v", str(PAGES / "zone-2022-crawled.txt")).stdout)
    doc = verbose["files"][0]["documents"][0]
    assert (doc["agency_source"], doc["agency_kind_source"], doc["agency_kind_basis"]) == ("title", "name", "区")


# ----------------------------------------------------------------------------- where the agency is named

HEAD = "本报告所列数据的统计期限自2015年1月1日起至2015年12月31日止。"
BODY = ("一、概述\n2015年{self}政府信息公开工作稳步推进。\n二、主动公开政府信息情况\n全年主动公开政府信息58条。\n"
        "三、依申请公开政府信息情况\n全年未收到政府信息公开申请。\n四、政府信息公开的收费及减免情况\n未收取任何费用。\n"
        "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n未发生行政复议和行政诉讼。\n"
        "六、政府信息公开工作存在的主要问题及改进情况\n公开内容还不够丰富，下一步将加强培训。\n")


@pytest.mark.parametrize("text,agency,kind,source", [
    # a cover letter around the report: the report's title inside 《》
    ("关于报送《青禾实验区公安局2015年政府信息公开年度报告》的函\n区办公室：现将报告报送贵处，请审阅。\n" + HEAD + "\n" + BODY.format(self="我局"),
     "青禾实验区公安局", "department", "title"),
    # the title first, then the agency and the date
    ("2015年政府信息公开工作年度报告青禾实验区财政金融局2016年2月\n" + HEAD + "\n" + BODY.format(self="我局"),
     "青禾实验区财政金融局", "department", "title"),
    # the page's 标题 field when the body has no title
    ("标题: 财金局2015年政府信息公开年度报告\n发布时间: 2016-01-13 09:33\n" + HEAD + "\n" + BODY.format(self="我局"),
     "财金局", "department", "header"),
    # no title: who compiled it
    ("根据《中华人民共和国政府信息公开条例》要求，由青禾县人民政府办公室编制本报告。" + HEAD + "\n" + BODY.format(self="本单位"),
     "青禾县人民政府办公室", "department", "compiler"),
    # no title: the signature, a 街道办事处 (the format leaves its kind open)
    (HEAD + "\n" + BODY.format(self="我街道") + "青禾市人民政府新华街道办事处\n2016年3月7日\n",
     "青禾市人民政府新华街道办事处", None, "signature"),
    # no title, no name anywhere: the words it uses for itself
    ("根据《中华人民共和国政府信息公开条例》，特向社会公布2015年度政府信息公开年度报告。" + HEAD + "\n" + BODY.format(self="我乡")
     + "我乡将继续做好信息公开工作。\n", None, "government", None),
])
def test_the_agency_is_found_where_the_report_names_it(linter, text, agency, kind, source):
    ctx = _ctx(linter, text)
    assert ctx.is_report
    assert (ctx.report.agency, ctx.agency_kind, ctx.report.agency_source) == (agency, kind, source)
    if agency is None:
        assert (ctx.agency_kind_source, ctx.report.agency_kind_basis) == ("self-reference", "我乡")


def test_metadata_never_names_the_agency(linter):
    text = ("发布时间: 2016-01-13 09:33 栏目\n当前位置：首页 > 政务公开 > 年报\n" + HEAD + "\n" + BODY.format(self="我局"))
    r = linter.lint_text(text, path="page.txt")
    assert r.documents[0].agency is None
    missing = next(d for d in r.diagnostics if d.rule == "missing-contact")
    assert "发布时间" not in missing.suggestion and "当前位置" not in missing.suggestion


# ----------------------------------------------------------------------------- is it an annual report?

@pytest.mark.parametrize("text", [
    # a page that starts at its first heading
    "一、总体情况\n2023年，我局全年主动公开政府信息126条。\n二、主动公开政府信息情况\n（表略）\n"
    "三、收到和处理政府信息公开申请情况\n本年新收申请4件。\n",
    # a page that starts with a sentence, the period statement and two sections
    "2023年，我局认真贯彻落实《条例》。本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n"
    "一、总体情况\n全年主动公开政府信息126条。\n二、主动公开政府信息情况\n全年主动公开政府信息126条。\n",
])
def test_a_report_without_its_title_is_linted(linter, text):
    ctx = _ctx(linter, text)
    assert ctx.is_report
    r = linter.lint_text(text, path="page.txt")
    assert not _found(r, "not-an-annual-report")


@pytest.mark.parametrize("text", [
    # a notice about compiling the reports (its title names 年度报告)
    "关于做好2022年度政府信息公开工作年度报告编制发布工作的通知\n各乡镇人民政府，县直各单位：\n"
    "一、总体要求\n各单位要按照格式编制年度报告，内容包括总体情况、主动公开政府信息情况等。\n二、时间安排\n"
    "部门应于1月31日前公布年度报告。\n三、工作要求\n本报告中所列数据的统计期限应为1月1日至12月31日。\n",
    # a summary of the year's work whose headings resemble a report's
    "青禾县交通运输局2023年政务公开工作总结\n一、主动公开政府信息情况\n全年公开信息126条。\n"
    "二、依申请公开情况\n全年收到申请4件。\n三、存在的主要问题及改进情况\n解读形式单一。\n四、下一步工作打算\n加强培训。\n",
])
def test_a_notice_or_summary_is_no_annual_report(linter, text):
    ctx = _ctx(linter, text)
    assert not ctx.is_report
    r = linter.lint_text(text, path="page.txt")
    assert _found(r) == [("not-an-annual-report", 1)]


# ----------------------------------------------------------------------------- converted text

def test_a_text_file_in_markdown(linter):
    text = ("# 青禾县人民政府 2025 年 政府信息公开工作年度报告\n\n本报告中所列数据的统计期限自2025年1月1日起至2025年12月31日止。"
            "如对本报告有疑问，请与县政府办公室联系（地址：青禾县迎宾路18号；电话：0739-5210088）。\n\n"
            "## 一、总体情况\n\n2025年，我县考核结果为优秀。\n\n## 二、主动公开政府信息情况\n\n全年公开信息126条。\n")
    r = linter.lint_text(text, path="ocr.txt")
    assert r.documents[0].title == "青禾县人民政府 2025 年 政府信息公开工作年度报告"
    assert r.documents[0].agency == "青禾县人民政府"
    assert not _found(r, "nonstandard-heading")
    assert _found(r, "missing-section")[0] == ("missing-section", 11)  # 三 is missing, after 二


def test_a_hard_wrapped_list_of_parts_is_no_heading(linter):
    text = ("2025年青禾县交通运输局政府信息公开\n工作年度报告\n"
            "本年度报告根据《中华人民共和国政府信息公开条例》的要求编制，全\n"
            "文包括总体情况、主动公开政府信息情况、收到和处理政府信息\n"
            "公开申请情况、因政府信息公开工作被申请行政复议和提起行政\n"
            "诉讼情况、政府信息公开工作存在的主要问题及改进情况，以及\n"
            "其他需要报告的事项。\n一、总体情况\n全年公开信息126条。\n")
    ctx = _ctx(linter, text)
    assert [h.line.number for h in ctx.doc.candidates] == []
    r = linter.lint_text(text, path="draft.txt")
    assert not _found(r, "section-order", "nonstandard-heading")


# ----------------------------------------------------------------------------- page headers as tables

def test_page_fields_laid_out_as_a_table(linter):
    text = ("| 索引号 | 014421391/2026-246128 | 分类 | 信息公开年报 |\n| 发布机构 | 沿江街道 | 发文日期 | 2026-01-16 |\n"
            "标 题 | 青禾县沿江街道办事处2025年政府信息公开工作年度报告 | ||\n"
            "您当前的位置:首页 > 沿江街道 > 政府信息公开 > 年度报告\n" + HEAD.replace("2015", "2025") + "\n"
            + BODY.format(self="我街道").replace("2015", "2025"))
    ctx = _ctx(linter, text)
    assert [l.number for l in ctx.doc.lines if not l.blank and not is_metadata(l)][0] == 5  # the header rows are residue
    assert (ctx.report.agency, ctx.report.agency_source, ctx.agency_kind) == (
        "青禾县沿江街道办事处", "header", None)
    r = linter.lint_text(text, path="page.txt")
    # the 发文日期 cell is the publication date: a 街道 has until 31 March
    assert not _found(r, "late-publication")


def test_the_overviews_subject_names_the_agency(linter):
    text = ("本报告根据《中华人民共和国政府信息公开条例》编制。" + HEAD + "\n一、总体情况\n"
            "2015年，青禾工业园区管委会严格落实《条例》，坚持以公开为常态。我委全年公开信息58条。\n"
            "二、主动公开政府信息情况\n全年主动公开政府信息58条。\n")
    ctx = _ctx(linter, text)
    assert (ctx.report.agency, ctx.report.agency_source, ctx.agency_kind) == ("青禾工业园区管委会", "subject", "government")


@pytest.mark.parametrize("name,kind", [("青禾旗巴音乌兰苏木", "government"), ("青禾县人民政府办公室", "department")])
def test_kind_by_the_name(linter, name, kind):
    ctx = _ctx(linter, f"{name}2021年政府信息公开工作年度报告\n" + HEAD + "\n" + BODY.format(self="我单位"))
    assert ctx.agency_kind == kind


@pytest.mark.parametrize("text", [
    # news about the reports: its title names 年报 but does not end as a report's
    "【工作推进】青禾县召开2023年度政府信息公开工作年报编制和发布部署会\n发布时间:2024-01-10 18:11\n"
    "为认真贯彻落实《中华人民共和国政府信息公开条例》，会上针对年报总体情况、主动公开政府信息情况等内容作了说明。\n",
    # an explanation of a report
    "《青禾县王庄镇2023年政府信息公开工作年度报告》解读\n一、总体情况\n全年主动公开信息120条。\n"
    "二、主动公开政府信息情况\n公开规范性文件2件。\n三、收到和处理政府信息公开申请情况\n未收到申请。\n",
])
def test_pages_about_a_report_are_no_report(linter, text):
    assert not _ctx(linter, text).is_report


def test_a_page_opening_at_its_overview_with_the_themes(linter):
    text = ("一、总体情况\n2022年，青禾乡政府信息公开工作按照《中华人民共和国政府信息公开条例》规定扎实推进。\n"
            "1、主动公开情况\n我乡通过县政府信息公开平台公开信息206条。\n2、依申请公开政府信息情况\n全年未收到申请。\n"
            "3、政府信息管理\n及时更新公开目录。\n")
    ctx = _ctx(linter, text)
    assert ctx.is_report and ctx.agency_kind == "government"


def test_an_attachment_link_is_page_residue(linter):
    text = ("青禾镇2010年政府信息公开工作年度报告\n" + HEAD.replace("2015", "2010") + "如对本报告有疑问，请与镇党政办联系（电话：0739-5210088）。\n"
            + BODY.format(self="我镇").replace("2015", "2010") + "青禾镇2010年政府信息公开工作年度报告.pdf\n政府信息公开年报\n")
    r = linter.lint_text(text, path="page.txt")
    assert not _found(r, "truncated-document", "missing-section")


def test_the_note_says_how_the_kind_was_decided_without_a_name(linter):
    text = ("根据《中华人民共和国政府信息公开条例》，特向社会公布2023年度政府信息公开年度报告。" + HEAD.replace("2015", "2023")
            + "如对本报告有疑问，请与乡党政办联系（电话：0739-5210088；地址：青禾乡政府大院）。\n"
            "一、总体情况\n2023年我乡全年主动公开政府信息126条。\n二、主动公开政府信息情况\n见表。\n")
    r = linter.lint_text(text, path="page.txt")
    d = next(d for d in r.diagnostics if d.rule == "missing-required-content")
    assert d.notes[-1] == "按各级人民政府的要求检查：找不到机关名称，按文中自称“我乡”"


def test_fields_separated_by_spaces_and_a_crumbs_rest_are_residue(linter):
    text = ("当前位置: 首页\n> 政务公开 > 乡镇街道 > 下各镇 > 政府信息公开年报\n索 引 号 1133102400268125XW/2024-104757 公开方式 主动公开\n"
            "成文日期 2024-01-16 发布机构 下各镇\n组配分类 政府信息公开年报\n2023年下各镇政府信息公开工作年度报告\n"
            + HEAD.replace("2015", "2023") + "\n" + BODY.format(self="我镇").replace("2015", "2023"))
    ctx = _ctx(linter, text)
    assert ctx.doc.title.text == "2023年下各镇政府信息公开工作年度报告"
    assert (ctx.report.agency, ctx.agency_kind) == ("下各镇", "government")


@pytest.mark.parametrize("text,agency,source", [
    # a bare name in the title gives way to the full one the page's 发布机构 gives (its office)
    ("标题: 公安局2015年度政府信息公开工作年度报告\n发布机构: 青禾县公安局办公室\n公安局2015年度政府信息公开工作年度报告\n"
     + HEAD + "\n" + BODY.format(self="我局"), "青禾县公安局", "publisher"),
    # no title: the office the public is asked to contact
    ("本报告依据《中华人民共和国政府信息公开条例》编制。" + HEAD + "如对本报告有疑问，请与青禾县财政局办公室联系（电话：0739-5210088）。\n"
     + BODY.format(self="本单位"), "青禾县财政局", "contact"),
])
def test_fuller_names_and_the_contact_office(linter, text, agency, source):
    ctx = _ctx(linter, text)
    assert (ctx.report.agency, ctx.report.agency_source, ctx.agency_kind) == (agency, source, "department")
