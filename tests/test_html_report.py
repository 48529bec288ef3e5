"""The HTML report (``govlint check -f html``) as a reviewer's summary: its structure read back with
the standard library's HTML parser, then the page in headless Chromium as a reviewer uses it
(sorting by a column heading, filtering by name, rule and errors), driven through the DevTools
protocol (tests/html_cdp.py)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SEEDS, run_cli
from govlint.results import DocumentResult

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")

HONGZE = FIXTURES / "reports" / "洪泽区_2023.txt"
COMPILATION = SEEDS / "002_f9f6f75382ccd532.txt"  # five parts, two of them annual reports
GUIDE = "某某街道办事处政府信息公开指南\n一、公开的主体和机构\n本机关负责政府信息公开工作。\n二、公开的方式\n通过网站公开。\n"
# the summary's columns, in order, as the page names them; the publication date where the
# results carry one
PUBLISHED = "published" in DocumentResult.__dataclass_fields__
COLUMNS_ZH = ["文件", "机关", "机关类型", "年度", "规则包", "错误", "警告", "提示", "问题规则",
              "已核对", "部分核对", "未核对", "没有"] + ["发布日期"] * PUBLISHED
KEYS = ["file", "agency", "kind", "year", "pack", "errors", "warnings", "infos", "rules",
        "tables-checked", "tables-partly", "tables-not-checked", "tables-absent"] + ["published"] * PUBLISHED


# --- the page as a tree -------------------------------------------------------------------------

class Node:
    def __init__(self, tag: str, attrs: dict, parent: "Node | None"):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list["Node"]:
        """Descendants with this tag, class and attributes (``data_col`` for ``data-col``)."""
        out = []
        for c in self.children:
            if isinstance(c, str):
                continue
            if ((tag is None or c.tag == tag) and (cls is None or cls in c.classes)
                    and all(c.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())):
                out.append(c)
            out.extend(c.all(tag, cls, **attrs))
        return out

    def one(self, tag: str | None = None, cls: str | None = None, **attrs) -> "Node":
        found = self.all(tag, cls, **attrs)
        assert len(found) == 1, (tag, cls, attrs, len(found))
        return found[0]


class Tree(HTMLParser):
    VOID = {"meta", "br", "link", "img", "input", "hr", "col", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.at = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: ("" if v is None else v) for k, v in attrs}, self.at)
        self.at.children.append(node)
        if tag not in self.VOID:
            self.at = node

    def handle_endtag(self, tag):
        node = self.at
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.at = node.parent

    def handle_data(self, data):
        self.at.children.append(data)


def tree(text: str) -> Node:
    t = Tree()
    t.feed(text)
    t.close()
    return t.root


def page_of(results, lang: str = "zh") -> tuple[str, Node]:
    from govlint.formatters import RunInfo, get

    buf = io.StringIO()
    get("html")(RunInfo(results=results, lang=lang), buf)
    return buf.getvalue(), tree(buf.getvalue())


def cell(row: Node, key: str) -> Node | None:
    found = row.all(data_col=key)
    return found[0] if found else None


def summary_rows(page: Node) -> list[Node]:
    return page.one("table", id="reports").one("tbody").all("tr")


# --- the runs the tests look at -----------------------------------------------------------------

@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """What a reviewer gets from a district: reports, a compilation, a guide that is no report,
    an empty file."""
    d = tmp_path_factory.mktemp("年报")
    for p in (SEEDS / "000_56b036c0542a6238.txt", SEEDS / "001_fc4f34c734b4c5a9.txt", SEEDS / "004_cfccfa7d233b51e6.txt",
              COMPILATION, HONGZE, ROOT / "examples" / "clean-gov-2021.md", ROOT / "examples" / "broken-twelve-section.txt",
              FIXTURES / "mini.txt"):
        shutil.copy(p, d / p.name)
    (d / "某某街道政府信息公开指南.txt").write_text(GUIDE, encoding="utf-8")
    (d / "空白.txt").write_bytes(b"")
    return d


@pytest.fixture(scope="module")
def results(folder):
    from govlint.linter import Linter

    linter = Linter()
    paths = sorted(folder.iterdir()) + [folder / "不存在.txt"]
    return [linter.lint_path(str(p)) for p in paths]


@pytest.fixture(scope="module")
def page(results) -> Node:
    return page_of(results)[1]


def by_name(results, page, name: str):
    i = next(i for i, r in enumerate(results) if Path(r.path).name == name)
    return results[i], summary_rows(page)[i]


# --- structure ----------------------------------------------------------------------------------

def test_summary_header_is_one_sort_button_per_column(page):
    table = page.one("table", id="reports")
    assert "summary" in table.classes and "sortable" in table.classes
    heads = [th for th in table.one("thead").all("th") if "data-key" in th.attrs]
    assert [th.attrs["data-key"] for th in heads] == KEYS[:9] + KEYS[13:] + KEYS[9:13]  # first header row, then the second
    # the first header row holds the plain columns and the “统计表” group, the second its four statuses
    first, second = table.one("thead").all("tr")
    assert [th.text for th in first.all("th")] == COLUMNS_ZH[:9] + ["统计表"] + COLUMNS_ZH[13:]
    assert [th.text for th in second.all("th")] == COLUMNS_ZH[9:13]
    assert first.all("th")[9].attrs["colspan"] == "4"
    by_key = {th.attrs["data-key"]: th for th in heads}
    assert sorted(by_key) == sorted(KEYS)
    for key, th in by_key.items():
        assert th.one("button").attrs["type"] == "button"  # a real button: focusable, Enter and Space work
        assert th.attrs["data-type"] == ("num" if key in ("year", "errors", "warnings", "infos") or key.startswith("tables-")
                                         else "text")
        assert "aria-sort" not in th.attrs  # the page's order until a heading is clicked
    caption = table.one("caption")
    assert caption.text == "点击列标题排序，再点一次倒序。" and "hidden" in caption.attrs  # until the script runs


def test_summary_row_per_file_from_the_results(results, page):
    from govlint.diagnostics import Severity

    rows = summary_rows(page)
    assert len(rows) == len(results)
    for r, row in zip(results, rows):
        path = cell(row, "file")
        assert path.attrs["data-v"] == r.path and path.one("a").text == r.path
        if r.error:
            continue
        counts = [r.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
        assert [cell(row, k).text for k in ("errors", "warnings", "infos")] == list(map(str, counts))
        assert row.attrs["data-failed"] == ("1" if counts[0] else "0")
        assert row.attrs["data-rules"].split() == sorted({d.rule for d in r.diagnostics})
        # the codes of the rules found, each a link to its explanation
        links = cell(row, "rules").all("a")
        codes = {d.rule: d.code for d in r.diagnostics}
        assert [(a.attrs["href"], a.text.split("×")[0]) for a in links] == \
            sorted(((f"#rule-{rule}", code) for rule, code in codes.items()), key=lambda x: x[1])
        n = Counter(d.rule for d in r.diagnostics)
        for a in links:
            rule = a.attrs["href"][len("#rule-"):]
            assert a.text == codes[rule] + (f"×{n[rule]}" if n[rule] > 1 else "")

    r, row = by_name(results, page, HONGZE.name)
    assert [cell(row, k).text for k in ("agency", "kind", "year", "pack")] == ["洪泽区人民政府", "各级人民政府", "2023", "gov-2021"]
    # read + partly + checked: one table read, one partly checked, one checked
    assert [t.status for t in r.documents[0].tables] == ["read", "partly", "checked"]
    assert [cell(row, k).text for k in KEYS[9:13]] == ["2", "1", "0", "0"]
    assert "attn" in cell(row, "tables-partly").classes and "attn" not in cell(row, "tables-checked").classes
    assert "部分核对（3/4 条勾稽关系）" in cell(row, "tables-partly").attrs["title"]
    assert "tables-not-clean" in row.classes

    r, row = by_name(results, page, "004_cfccfa7d233b51e6.txt")
    assert [cell(row, k).text for k in ("agency", "kind", "year", "pack")] == ["株洲市工商行政管理局", "政府部门", "2017", "gov-2014"]
    assert [cell(row, k).text for k in KEYS[9:13]] == ["1", "0", "0", "0"]
    assert "tables-not-clean" not in row.classes


def test_publication_date_column(results, page):
    if not PUBLISHED:  # the results do not carry it: no column
        assert not page.all("th", data_key="published")
        return
    for r, row in zip(results, summary_rows(page)):
        if r.error:
            continue
        dates = [d.published for d in r.documents if d.is_report and d.published]
        assert cell(row, "published").text == "、".join(dict.fromkeys(dates))
    assert by_name(results, page, "004_cfccfa7d233b51e6.txt")[1].one(data_col="published").text == "2018-03-14"


def test_compilation_row(results, page):
    r, row = by_name(results, page, COMPILATION.name)
    reports = [d for d in r.documents if d.is_report]
    assert len(r.documents) == 5 and len(reports) == 2
    assert cell(row, "file").one(cls="compilation").text == "汇编：5 部分，2 篇年度报告"
    assert cell(row, "year").text == "2011" and cell(row, "year").attrs["data-v"] == "2011"
    assert cell(row, "pack").text == "gov-2008、gov-2014"  # each report of it has its own pack
    tables = [t for d in reports for t in d.tables]
    assert sum(int(cell(row, k).text) for k in KEYS[9:13]) == len(tables)


def test_non_reports_and_unreadable_files(results, page):
    ncols = len(page.one("table", id="reports").all("th", data_type="num")) + \
        len(page.one("table", id="reports").all("th", data_type="text"))
    for name in ("某某街道政府信息公开指南.txt", "空白.txt"):
        r, row = by_name(results, page, name)
        assert all(not d.is_report for d in r.documents)
        assert "nonreport" in row.classes
        assert cell(row, "file").one("span", cls="tag").text == "不是年度报告"
        assert [cell(row, k).text for k in ("kind", "year", "pack")] == ["", "", ""]  # no year, no pack
        assert [cell(row, k).text for k in KEYS[9:13]] == ["–"] * 4
        assert cell(row, "infos").text == "1" and cell(row, "rules").one("a").text == "GL002"
    r, row = by_name(results, page, "不存在.txt")
    assert r.error and "unreadable" in row.classes and row.attrs["data-failed"] == "1"
    tds = row.all("td")
    assert len(tds) == 2 and tds[1].attrs["colspan"] == str(ncols - 1)
    assert tds[1].text == "无法读取：文件或目录不存在"
    # the detail says the same
    i = next(i for i, x in enumerate(results, start=1) if x is r)
    assert page.one("section", id=f"file-{i}").one("p", cls="unreadable").text == "无法读取：文件或目录不存在"
    guide = next(i for i, x in enumerate(results, start=1) if Path(x.path).name == "某某街道政府信息公开指南.txt")
    assert page.one("section", id=f"file-{guide}").one("p", cls="nonreport").text == "不是年度报告"
    totals = page.one("p", cls="totals").text
    assert "1 个文件无法读取" in totals and "2 个文件不是年度报告" in totals


def test_a_clean_report_whose_tables_were_not_checked_does_not_look_clean():
    from govlint.results import DocumentResult, FileResult, PackRef, TableResult

    pack = PackRef("gov-2021", "2021 年格式", (2021, 9999))
    tables = [TableResult("proactive-2021", "主动公开政府信息情况表", "checked"),
              TableResult("requests-2021", "收到和处理政府信息公开申请情况表", "not-checked"),
              TableResult("review-litigation-2021", "政府信息公开行政复议、行政诉讼情况表", "absent")]
    doc = DocumentResult(None, None, "某区人民政府2023年政府信息公开工作年度报告", 2023, "title", "某区人民政府",
                         "government", True, pack, "", 1, 40, tables=tables)
    text, page = page_of([FileResult("某区.txt", documents=[doc])])
    row = summary_rows(page)[0]
    assert [cell(row, k).text for k in ("errors", "warnings", "infos")] == ["0", "0", "0"]
    assert [cell(row, k).text for k in KEYS[9:13]] == ["1", "0", "1", "1"]
    assert "attn" in cell(row, "tables-not-checked").classes and "attn" in cell(row, "tables-absent").classes
    assert "tables-not-clean" in row.classes
    section = page.one("section", id="file-1")
    ok = section.one("p", cls="ok")
    assert "attn" in ok.classes and ok.text.startswith("没有发现问题，但统计表未能全部核对")
    assert section.one("p", cls="tables").attrs["data-tables"] == "absent checked not-checked"
    assert page.one("p", cls="totals").text == "检查了 1 个文件：0 个错误，0 个警告，0 个提示，1 个文件的统计表未能全部核对。"
    # the same report with every table checked is clean
    for t in tables:
        t.status = "checked"
    _, page = page_of([FileResult("某区.txt", documents=[doc])])
    assert page.one("section", id="file-1").one("p", cls="ok").text == "没有发现问题。"
    assert page.one("p", cls="totals").text == "检查了 1 个文件，没有发现问题。"
    assert page.one("section", id="rule-counts").one("p", cls="ok").text == "没有发现问题。"


def test_filters(results, page):
    controls = page.one("div", id="filters")
    assert "hidden" in controls.attrs  # shown by the script: without it the page reads unfiltered
    assert page.one("input", id="filter-text").attrs["type"] == "search"
    assert page.one("input", id="filter-errors").attrs["type"] == "checkbox"
    labels = [label.text.strip() for label in controls.all("label")]
    assert labels[0] == "机关或文件名：" and labels[2] == "只看有错误的"
    options = page.one("select", id="filter-rule").all("option")
    found = sorted({(d.code, d.rule) for r in results for d in r.diagnostics})
    assert [o.attrs["value"] for o in options] == [""] + [rule for _, rule in found]
    assert options[0].text == "全部规则"
    from govlint.checks import get_rule

    for o, (code, rule) in zip(options[1:], found):
        assert o.text == f"{code} {get_rule(rule).summary}"
    shown = page.one("output", id="filter-shown")
    assert shown.attrs["data-template"] == "显示 {shown} / {total} 个文件"
    assert shown.text == f"显示 {len(results)} / {len(results)} 个文件"
    # a search looks at the file name and the agency
    for row in summary_rows(page):
        assert [n.tag for n in row.all(data_search="")][:1] == ["a"]


def test_rule_counts_are_what_statistics_prints(folder, tmp_path):
    files = [str(p) for p in sorted(folder.iterdir())]
    printed = run_cli("check", "--no-cache", "--statistics", "-f", "concise", *files).stdout.decode()
    stats = [m.groups() for m in re.finditer(r"(?m)^\s*(\d+)  (GL\d+)  ([a-z-]+)$", printed)]
    assert len(stats) > 5
    out = tmp_path / "summary.html"
    run_cli("check", "--no-cache", "-f", "html", "-o", str(out), *files)
    page = tree(out.read_text(encoding="utf-8"))
    table = page.one("section", id="rule-counts").one("table", cls="rules")
    assert [th.text for th in table.one("thead").all("th")] == ["数量", "文件数", "代码", "规则", "说明"]
    rows = [[td.text for td in tr.all("td")] for tr in table.one("tbody").all("tr")]
    assert sorted((n, code, rule) for n, _, code, rule, _ in rows) == sorted(stats)
    counts = [int(r[0]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    from govlint.checks import get_rule

    for tr, (n, files_n, code, rule, summary) in zip(table.one("tbody").all("tr"), rows):
        assert summary == get_rule(rule).summary
        assert {a.attrs["href"] for a in tr.all("a")} == {f"#rule-{rule}"}
        assert int(files_n) == sum(1 for section in page.all("section", cls="file")
                                   if section.all("div", cls="finding", data_rule=rule))


def test_every_rule_link_leads_to_its_explanation(results, page):
    from govlint.checks import get_rule

    ids = {n.attrs["id"] for n in page.all() if "id" in n.attrs}
    hrefs = [a.attrs["href"] for a in page.all("a")]
    assert all(h.startswith("#") and h[1:] in ids for h in hrefs)  # every link lands, none leaves the page
    found = sorted({(d.code, d.rule) for r in results for d in r.diagnostics})
    explained = page.one("section", id="explanations").all("section", cls="explain")
    assert [s.attrs["id"] for s in explained] == [f"rule-{rule}" for _, rule in found]
    for s, (code, rule) in zip(explained, found):
        text = get_rule(rule).describe("zh")
        assert s.one("h3").one("span", cls="code").text == code
        assert s.one("p", cls="summary").text == text["summary"]
        assert s.one("p", cls="why").text == "依据与理由：" + text["rationale"]
        assert s.one("p", cls="fix").text == "如何修改：" + text["fix"]
    # each finding links to its rule's explanation
    findings = page.all("div", cls="finding")
    assert len(findings) == sum(len(r.diagnostics) for r in results)
    for f in findings:
        link = f.one("a", cls="rulelink")
        assert link.attrs["href"] == f"#rule-{f.attrs['data-rule']}"
        assert link.one("span", cls="code").text == get_rule(f.attrs["data-rule"]).code


def test_the_only_script_is_the_page_own(tmp_path):
    """Everything from the files is escaped, also in the new parts (sort values, titles, rule
    lists); the one script is the page's, inline, and carries no data."""
    from govlint.formatters import html as html_format

    name = 'a<b>&"c<script>.txt'
    text = (FIXTURES / "mini.txt").read_text(encoding="utf-8")
    (tmp_path / name).write_text(text.replace("青禾县交通运输局2017", "青禾县<script>alert(1)</script>局2017")
                                 .replace("2017年，我局认真", "20××年，我局认真"), encoding="utf-8")
    out = run_cli("check", "--no-cache", "-f", "html", name, cwd=tmp_path).stdout.decode()
    assert out.count("<script") == 1 and "<b>" not in out
    page = tree(out)
    scripts = page.all("script")
    assert len(scripts) == 1 and not scripts[0].attrs and scripts[0].text == html_format.SCRIPT
    row = summary_rows(page)[0]
    assert cell(row, "file").attrs["data-v"] == name and cell(row, "file").one("a").text == name
    assert "<script>" in page.all("p", cls="meta")[0].text  # the agency as the file writes it, as text
    for tag, attrs in ((n.tag, n.attrs) for n in page.all()):
        assert tag not in ("link", "img", "iframe", "object", "embed")
        for key in ("src", "href", "action"):
            assert attrs.get(key, "#").startswith("#"), (tag, attrs)
    assert "http://" not in out and "https://" not in out and "url(" not in out and "@import" not in out


def test_english_labels():
    from govlint.checks import get_rule
    from govlint.linter import Linter

    result = Linter().lint_path(str(HONGZE))
    text, page = page_of([result], lang="en")
    assert page.one("html").attrs["lang"] == "en"
    first, second = page.one("table", id="reports").one("thead").all("tr")
    assert [th.text for th in first.all("th")] == ["file", "agency", "agency kind", "year", "pack", "errors", "warnings",
                                                   "infos", "rules found", "statistics tables"] + ["published"] * PUBLISHED
    assert [th.text for th in second.all("th")] == ["checked", "partly", "unchecked", "absent"]
    row = summary_rows(page)[0]
    assert [cell(row, k).text for k in ("agency", "kind", "year")] == ["“洪泽区人民政府”", "government", "2023"]
    assert page.one("label", title="files with errors, or that cannot be read").text.strip() == "only files with errors"
    s = page.one("section", id="rule-table-sum-mismatch")
    en = get_rule("table-sum-mismatch").describe("en")
    assert s.one("p", cls="summary").text == en["summary"] and s.one("p", cls="fix").text == "How to fix: " + en["fix"]
    assert [th.text for th in page.one("section", id="rule-counts").all("th")] == ["findings", "files", "code", "rule", "summary"]


# --- in the browser -----------------------------------------------------------------------------

@needs_chromium
def test_html_report_renders_with_its_summary(tmp_path):
    report = tmp_path / "报告.html"
    files = [str(SEEDS / "000_56b036c0542a6238.txt"), str(SEEDS / "004_cfccfa7d233b51e6.txt"),
             str(FIXTURES / "reports" / "洪泽区_2023.txt")]
    run_cli("check", "-f", "html", "-o", str(report), *files)
    profile = tmp_path / "profile"
    shot = tmp_path / "report.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--window-size=1280,1600",
                    f"--screenshot={shot}", report.as_uri()], capture_output=True, timeout=120)
    assert shot.is_file() and shot.stat().st_size > 10_000
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", report.as_uri()],
                         capture_output=True, timeout=120).stdout.decode()
    for name in ("000_56b036c0542a6238.txt", "004_cfccfa7d233b51e6.txt", "洪泽区_2023.txt"):
        assert name in dom
    assert "张店区工商局" in dom and "洪泽区人民政府" in dom and "gov-2021" in dom
    # the script ran: the filters are shown
    assert '<div class="controls" id="filters">' in dom


# what the page shows: each visible row's file name, errors cell and agency
VISIBLE = """Array.from(document.querySelectorAll("#reports tbody tr")).filter(tr => !tr.hidden).map(tr => {
  const c = k => tr.querySelector('[data-col="' + k + '"]');
  return [c("file").getAttribute("data-v").split("/").pop(), c("errors") ? c("errors").textContent : null,
          c("agency") ? c("agency").textContent : null]; })"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from html_cdp import Browser

    with Browser(tmp_path_factory.mktemp("profile"), width=1400, height=1000) as b:
        yield b


@pytest.fixture(scope="module")
def n_files(folder) -> int:
    return len(list(folder.iterdir())) + 1  # and the one that is missing


@pytest.fixture(scope="module")
def summary_page(folder, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("summary") / "summary.html"
    files = [str(p) for p in sorted(folder.iterdir())] + [str(folder / "不存在.txt")]
    run_cli("check", "--no-cache", "-f", "html", "-o", str(out), *files)
    return out


@needs_chromium
def test_sorting_by_a_column_heading(browser, summary_page, n_files):
    browser.open(summary_page.as_uri())
    before = browser.eval(VISIBLE)
    assert len(before) == n_files and before[-1] == ["不存在.txt", None, None]
    errors_th = '#reports th[data-key="errors"]'
    browser.click(errors_th + " button")
    rows = browser.eval(VISIBLE)
    assert browser.eval(f"document.querySelector('{errors_th}').getAttribute('aria-sort')") == "ascending"
    numbers = [int(n) for _, n, _ in rows[:-1]]
    assert numbers == sorted(numbers) and numbers[0] == 0 and numbers[-1] > 3
    assert rows[-1][0] == "不存在.txt"  # no count: last either way
    # equal counts keep the page's order
    zeros = [name for name, n, _ in rows if n == "0"]
    assert zeros == [name for name, n, _ in before if n == "0"]

    browser.click(errors_th + " button")  # again: descending
    rows = browser.eval(VISIBLE)
    assert browser.eval(f"document.querySelector('{errors_th}').getAttribute('aria-sort')") == "descending"
    numbers = [int(n) for _, n, _ in rows[:-1]]
    assert numbers == sorted(numbers, reverse=True) and rows[0][0] == COMPILATION.name
    assert rows[-1][0] == "不存在.txt"
    # the indicator: only the sorted column has aria-sort, and its arrow is drawn
    assert browser.eval("document.querySelectorAll('#reports th[aria-sort]').length") == 1
    assert browser.eval(f"getComputedStyle(document.querySelector('{errors_th} button'), '::after').content") == '"▼"'

    # Chinese by collation (pinyin: 洪 hóng before 张 zhāng, unlike their code points), empty cells last
    browser.click('#reports th[data-key="agency"] button')
    agencies = [a for _, _, a in browser.eval(VISIBLE)]
    named = [a for a in agencies if a]
    assert browser.eval(f"(() => {{ const a = {named!r}; return a.every((x, i) => i === 0 || a[i - 1].localeCompare(x, 'zh') <= 0); }})()")
    assert named.index("洪泽区人民政府") < named.index("张店区工商局")
    assert agencies[len(named):] == ["", "", None]  # the guide, the empty file, the unreadable one

    # the keyboard: a heading is a button, Enter sorts
    browser.focus('#reports th[data-key="year"] button')
    browser.press("Enter")
    years = browser.eval("""Array.from(document.querySelectorAll('#reports tbody tr'), tr => {
        const c = tr.querySelector('[data-col="year"]'); return c ? c.textContent : ""; })""")
    known = [int(y) for y in years if y]
    assert known and years[:len(known)] == [str(y) for y in known]  # the years first, then the rows without
    assert known == sorted(known) and known[0] == 2011
    assert browser.eval("document.querySelector('#reports th[data-key=\"year\"]').getAttribute('aria-sort')") == "ascending"


@needs_chromium
def test_filtering_by_name_rule_and_errors(browser, summary_page, n_files):
    browser.open(summary_page.as_uri())
    assert browser.eval("document.getElementById('filters').hidden") is False
    assert browser.eval("document.querySelector('#reports caption').hidden") is False
    shown = "document.getElementById('filter-shown').textContent"
    assert browser.eval(shown) == f"显示 {n_files} / {n_files} 个文件"

    browser.click("#filter-text")
    browser.type("街道")  # the guide's name
    assert [name for name, _, _ in browser.eval(VISIBLE)] == ["某某街道政府信息公开指南.txt"]
    assert browser.eval(shown) == f"显示 1 / {n_files} 个文件"
    browser.eval("(() => { const t = document.getElementById('filter-text'); t.select(); })()")
    browser.type("梧桐县")  # an agency: the two example reports of 梧桐县农业农村局
    assert sorted(name for name, _, _ in browser.eval(VISIBLE)) == ["broken-twelve-section.txt", "clean-gov-2021.md"]
    browser.eval("(() => { const t = document.getElementById('filter-text'); t.select(); })()")
    browser.type("没有这个机关")
    assert browser.eval(VISIBLE) == [] and browser.eval("document.getElementById('none-shown').hidden") is False
    assert browser.eval(shown) == f"显示 0 / {n_files} 个文件"
    browser.eval("(() => { const t = document.getElementById('filter-text'); t.value = ''; t.dispatchEvent(new Event('input')); })()")
    assert len(browser.eval(VISIBLE)) == n_files

    # a rule: the reports with its findings
    browser.eval("(() => { const s = document.getElementById('filter-rule'); s.value = 'table-sum-mismatch'; s.dispatchEvent(new Event('change')); })()")
    assert [name for name, _, _ in browser.eval(VISIBLE)] == [HONGZE.name]
    browser.eval("(() => { const s = document.getElementById('filter-rule'); s.value = ''; s.dispatchEvent(new Event('change')); })()")

    # only files with errors (the unreadable one too), ticked with the keyboard
    browser.focus("#filter-errors")
    browser.press(" ")
    assert browser.eval("document.getElementById('filter-errors').checked") is True
    rows = browser.eval(VISIBLE)
    assert all(n is None or int(n) > 0 for _, n, _ in rows)
    assert {name for name, _, _ in rows} >= {HONGZE.name, COMPILATION.name, "不存在.txt"}
    # sorting keeps the filter
    browser.click('#reports th[data-key="errors"] button')
    assert browser.eval(VISIBLE) == sorted(rows, key=lambda r: (r[1] is None, int(r[1] or 0)))


@needs_chromium
def test_a_rule_code_leads_to_its_explanation(browser, summary_page):
    browser.open(summary_page.as_uri())
    browser.click_js("""Array.from(document.querySelectorAll('#reports tbody tr')).find(
        tr => tr.querySelector('[data-col="file"]').getAttribute('data-v').endsWith('洪泽区_2023.txt'))
        .querySelector('[data-col="rules"] a')""")  # GL106 of 洪泽区
    target = browser.eval("location.hash")
    assert target.startswith("#rule-")
    assert browser.eval(f"document.querySelector('{target}:target') !== null")
    assert browser.eval(f"document.querySelector('{target} .fix').textContent").startswith("如何修改：")
