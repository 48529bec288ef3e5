"""The 2021 statistics tables printed in every layout real pages use, read and checked alike.

A report (tests/fixtures/mini-2021.md) is filled with random numbers that satisfy every relation
of its tables and printed as Markdown pipes, tab-separated cells, space-separated cells (PDF text),
one cell a line, each table on one line, the whole page on one line (a crawled page) and the whole
page on one line with the cells glued together (a crawled page that lost its separators). Clean, it
gets no table finding; with one cell changed, the finding names that cell.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from docx_build import markdown_blocks
from govlint.linter import Linter
from govlint.packs.loader import PackStore

MINI = Path(__file__).parent / "fixtures" / "mini-2021.md"
TABLE_RULES = {"missing-table-row", "missing-table-column", "invalid-table-value", "table-sum-mismatch", "blank-table-cell",
               "unreadable-table"}
LAYOUTS = ["pipes", "tabs", "spaces", "cell-per-line", "table-line", "page-line"]

_packs = PackStore()


def _linter() -> Linter:
    return Linter(_packs.load("gov-2021"), automatic=_packs.automatic())


def blocks() -> list:
    """The report as text lines and tables (lists of rows of cells)."""
    return markdown_blocks(MINI.read_text(encoding="utf-8"), keep_blank=True)


def _is_value(cell: str) -> bool:
    return bool(re.fullmatch(r"\d+", cell))


def fill(bs: list, rng: random.Random) -> list:
    """Random counts that satisfy every relation of tables 2 and 3 (table 1 has none)."""
    tables = [b for b in bs if isinstance(b, list)]
    t1, t2, t3 = tables
    for row in t1:
        for k, c in enumerate(row):
            if _is_value(c):
                row[k] = str(rng.choice([0, rng.randint(0, 9), rng.randint(10, 400)]))
    rows = {r[0]: r for r in t2}
    results = [r for r in t2 if _is_value(r[1]) and re.match(r"^(（[一二]）|\d\.)", r[0])]
    cols = range(1, 7)
    for r in results:
        for c in cols:
            r[c] = str(rng.choice([0, 0, 0, rng.randint(0, 9), rng.randint(0, 40)]))
    total = rows["（七）总计"]
    for c in cols:
        total[c] = str(sum(int(r[c]) for r in results))
    carried, forward, new = rows["二、上年结转政府信息公开申请数量"], rows["四、结转下年度继续办理"], rows["一、本年新收政府信息公开申请数量"]
    for c in cols:
        carried[c] = str(rng.randint(0, 3))
        forward[c] = str(rng.randint(0, 3))
        new[c] = str(int(total[c]) + int(forward[c]) - int(carried[c]))
        if int(new[c]) < 0:
            carried[c], new[c] = str(int(carried[c]) + int(new[c])), "0"
    for r in t2:
        if _is_value(r[1]):
            r[7] = str(sum(int(r[c]) for c in cols))
    values = t3[-1]
    for group in range(3):
        parts = [rng.choice([0, 0, rng.randint(0, 5)]) for _ in range(4)]
        values[group * 5:group * 5 + 5] = [str(p) for p in parts] + [str(sum(parts))]
    return bs


def render(bs: list, layout: str) -> str:
    lines: list[str] = []
    for b in bs:
        if not isinstance(b, list):
            lines.append(b)
            continue
        if layout == "pipes":
            lines += ["| " + " | ".join(r) + " |" for r in b]
        elif layout == "tabs":
            lines += ["\t".join(r) for r in b]
        elif layout == "spaces":
            lines += [" ".join(c for c in r if c) for r in b]
        elif layout == "cell-per-line":
            lines += [c for r in b for c in r if c]
        else:  # one line for the whole table
            lines.append(" ".join(c for r in b for c in r if c))
    if layout == "page-line":
        return " ".join(l for l in lines if l.strip()) + "\n"
    return "\n".join(lines) + "\n"


def glued(bs: list) -> str:
    """The whole page on one line, every cell glued to the next (a crawled page that lost its
    table's separators)."""
    parts = []
    for b in bs:
        if isinstance(b, list):
            parts.append("".join(c for r in b for c in r if c))
        elif b.strip():
            parts.append(b)
    return "".join(parts) + "\n"


def table_findings(text: str) -> list:
    result = _linter().lint_text(text, path="report.txt")
    return [d for d in result.diagnostics if d.rule in TABLE_RULES]


def _cell_texts(text: str, d) -> str:
    line = text.splitlines()[d.location.line - 1]
    return line[d.location.column - 1:(d.location.end_column or d.location.column + 1) - 1]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_clean_report_in_every_layout_gets_no_table_finding(layout):
    assert table_findings(render(blocks(), layout)) == []


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_random_consistent_tables_are_clean_and_one_changed_cell_is_named(layout, seed):
    rng = random.Random(seed)
    bs = fill(blocks(), rng)
    text = render(bs, layout)
    assert table_findings(text) == [], layout
    # change one value cell of table 2 (not a blank group row)
    t2 = [b for b in bs if isinstance(b, list)][1]
    candidates = [(i, k) for i, r in enumerate(t2) for k in range(1, 8) if _is_value(r[k])]
    i, k = rng.choice(candidates)
    old = int(t2[i][k])
    t2[i][k] = str(old + rng.randint(1, 9) * 10 + 1)  # a new number, never one that still adds up
    text = render(bs, layout)
    found = [d for d in table_findings(text) if d.rule == "table-sum-mismatch"]
    assert found, (layout, t2[i][0], k)
    assert len(found) == 1, [d.message for d in found]
    d = found[0]
    assert {k2: d.data["cell"][k2] for k2 in ("row_label", "column_index")} == {"row_label": t2[i][0], "column_index": k}, d.data
    assert _cell_texts(text, d) == t2[i][k]


def test_a_glued_page_is_read_and_its_planted_error_found_at_the_cell():
    bs = blocks()
    text = glued(bs)
    assert table_findings(text) == []
    t2 = [b for b in bs if isinstance(b, list)][1]
    row = next(r for r in t2 if r[0] == "（一）予以公开")
    row[1] = "5"  # 自然人 5 instead of 2: the row's sum and the column's sum both break
    text = glued(bs)
    found = [d for d in table_findings(text) if d.rule == "table-sum-mismatch"]
    assert [(d.data["cell"]["row_label"], d.data["cell"]["column_index"]) for d in found] == [("（一）予以公开", 1)]
    assert _cell_texts(text, found[0]) == "5"


def test_zeros_spaced_irregularly_are_read_when_the_column_count_makes_the_split_unique():
    text = render(blocks(), "spaces").replace("一、本年新收政府信息公开申请数量 3 1 0 0 0 0 4",
                                              "一、本年新收政府信息公开申请数量 3 1 00 00 4")
    text = text.replace("1.属于国家秘密 0 0 0 0 0 0 0", "1.属于国家秘密 00 00000")
    assert table_findings(text) == []
    text = text.replace("1.属于国家秘密 00 00000", "1.属于国家秘密 00 00100")  # 0 0 0 0 1 0 0: 1 ≠ 0
    found = [d for d in table_findings(text) if d.rule == "table-sum-mismatch"]
    assert len(found) == 1 and found[0].data["cell"]["row_label"] == "1.属于国家秘密", [d.message for d in found]


def test_glued_digits_that_split_in_more_than_one_way_are_not_guessed():
    text = glued(blocks()).replace("行政规范性文件219", "行政规范性文件2119")  # 2|1|19, 21|1|9, 2|11|9
    found = table_findings(text)
    assert [d.rule for d in found] == ["unreadable-table"]
    assert "行政规范性文件" in found[0].message


def _statuses(text: str) -> dict[str, str]:
    result = _linter().lint_text(text, path="report.txt")
    return {t.id: t.status for d in result.documents for t in d.tables}


def test_each_table_says_whether_it_was_checked():
    assert _statuses(render(blocks(), "pipes")) == {
        "proactive-2021": "read", "requests-2021": "checked", "review-litigation-2021": "checked"}
    # 2|1|19, 21|1|9 or 2|11|9: that row is not read, so table 1 is only partly read
    text = glued(blocks()).replace("行政规范性文件219", "行政规范性文件2119")
    assert _statuses(text)["proactive-2021"] == "partly"
    # table 3's values cut off: nothing of it can be checked
    text = render(blocks(), "spaces").replace("0 0 0 0 0 0 0 0 0 0 0 0 0 0 0", "0 0 0")
    assert _statuses(text)["review-litigation-2021"] == "not-checked"
    # no table 3 at all
    bs = [b for b in blocks() if not (isinstance(b, list) and b[0][0] == "行政复议")]
    assert _statuses(render(bs, "pipes"))["review-litigation-2021"] == "absent"


def test_the_verdict_is_in_text_json_and_html(tmp_path):
    import json
    import subprocess
    import sys

    path = tmp_path / "报告.txt"
    path.write_text(glued(blocks()).replace("行政规范性文件219", "行政规范性文件2119"), encoding="utf-8")
    run = lambda *a: subprocess.run([sys.executable, "-m", "govlint", "check", "--no-cache", *a, str(path)],
                                    capture_output=True, text=True)
    text = run().stdout
    assert "统计表：《主动公开政府信息情况表》部分核对（5/6 行）；《收到和处理政府信息公开申请情况表》已核对；" in text
    tables = json.loads(run("-f", "json").stdout)["files"][0]["tables"]
    assert [(t["table"], t["status"]) for t in tables] == [
        ("proactive-2021", "partly"), ("requests-2021", "checked"), ("review-litigation-2021", "checked")]
    assert tables[0]["rows_not_read"] == ["行政规范性文件"]
    assert tables[1]["relations_checked"] and not tables[1]["relations_not_checked"]
    html = run("-f", "html").stdout
    assert 'data-tables="checked partly"' in html and "部分核对（5/6 行）" in html


def _html(bs: list) -> str:
    """A web page whose table 2 puts each row's label over two columns (colspan) and leaves zeros
    blank, as many government sites print it."""
    out = ["<html><head><meta charset='utf-8'></head><body>"]
    for b in bs:
        if not isinstance(b, list):
            if b.strip():
                out.append(f"<p>{b}</p>")
            continue
        out.append("<table>")
        for r in b:
            label, values = r[0], r[1:]
            tds = "".join(f"<td>{v if v not in ('', '0') else '&nbsp;'}</td>" for v in values)
            out.append(f"<tr><td colspan='2'>{label}</td>{tds}</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def test_a_web_page_with_colspan_labels_and_blank_zeros_is_read_and_checked():
    linter = _linter()
    page = _html(blocks())
    result = linter.lint_bytes(page.encode("utf-8"), "report.html")
    assert [d for d in result.diagnostics if d.rule in TABLE_RULES - {"unreadable-table", "blank-table-cell"}] == []
    # the blank zeros are said once per table (the format asks for 0)
    assert {d.data["table"] for d in result.diagnostics if d.rule == "blank-table-cell"} >= {"requests-2021"}
    t2 = next(t for t in result.documents[0].tables if t.id == "requests-2021")
    # 上年结转 and 结转下年度 are all blank here: 一+二=三+四 cannot be checked (a blank is not reported, not 0)
    assert (t2.status, sorted(t2.checked), t2.unchecked) == ("partly", ["t2-rowsum", "t2-total"], ["t2-k"])
    bs = blocks()
    t2 = [b for b in bs if isinstance(b, list)][1]
    next(r for r in t2 if r[0] == "（一）予以公开")[1] = "5"
    result = linter.lint_bytes(_html(bs).encode("utf-8"), "report.html")
    found = [d for d in result.diagnostics if d.rule == "table-sum-mismatch"]
    assert [(d.data["cell"]["row_label"], d.data["cell"]["column_index"]) for d in found] == [("（一）予以公开", 1)]


def test_a_table_pasted_as_a_picture_is_said_to_be_one():
    """In a .docx (a drawing where table 2 belongs) and on a web page (an <img> there): one
    table-as-image finding at the section, no "缺少表格" and no "本部分没有内容"."""
    from docx_build import PICTURE, build

    out: list = []
    for b in blocks():
        out.append(PICTURE if isinstance(b, list) and b[0][0].startswith("（本列数据") else b)
    linter = _linter()
    result = linter.lint_bytes(build(out), "report.docx")
    found = [(d.rule, d.data.get("table")) for d in result.diagnostics if d.rule.startswith(("table", "missing", "empty"))]
    assert found == [("table-as-image", "requests-2021")], found
    d = next(d for d in result.diagnostics if d.rule == "table-as-image")
    assert "三、收到和处理政府信息公开申请情况" in result.lines[d.line].text

    page = _html([b for b in blocks()]).replace(
        "<table>\n<tr><td colspan='2'>（本列数据", "<p><img src='t2.png'></p><table hidden>\n<tr><td colspan='2'>（本列数据")
    page = re.sub(r"<table hidden>.*?</table>", "", page, flags=re.S)
    result = linter.lint_bytes(page.encode("utf-8"), "report.html")
    found = [(d.rule, d.data.get("table")) for d in result.diagnostics if d.rule.startswith(("table", "missing", "empty"))]
    assert found == [("table-as-image", "requests-2021")], found
    # without the picture: the table is missing
    result = linter.lint_bytes(page.replace("<p><img src='t2.png'></p>", "").encode("utf-8"), "report.html")
    assert [d.rule for d in result.diagnostics if d.rule.startswith(("table", "missing"))] == ["missing-statistics-table"]


def test_a_table_split_over_two_pages_with_its_header_repeated():
    text = render(blocks(), "spaces")
    header = next(l for l in text.splitlines() if l.startswith("（本列数据"))
    text = text.replace("5.属于三类内部事务信息", f"- 3 -\n{header}\n5.属于三类内部事务信息")
    assert table_findings(text) == []
    text = text.replace("（七）总计 3 1 0 0 0 0 4", "（七）总计 3 1 0 0 0 0 5")
    found = [d for d in table_findings(text) if d.rule == "table-sum-mismatch"]
    assert [(d.data["cell"]["row_label"], d.data["cell"]["column_index"]) for d in found] == [("（七）总计", 7)]


def test_a_first_column_that_repeats_its_group_labels():
    """2019 and 2021 tables as Word prints merged cells: "三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密 | …"."""
    bs = blocks()
    t2 = [b for b in bs if isinstance(b, list)][1]
    group = None
    for r in t2:
        if r[0].startswith(("（三）", "（四）", "（五）", "（六）")) and not r[1]:
            group = r[0]
        elif r[0].startswith(("（一）", "（二）", "（七）", "四、")):
            group = None
        if group and re.match(r"^\d\.", r[0]):
            r[0] = f"三、本年度办理结果 | {group} | {r[0]}"
        elif r[0].startswith(("（一）", "（二）")):
            r[0] = f"三、本年度办理结果 | {r[0]}"
    text = render(bs, "pipes")
    assert "| 三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密 | 0 |" in text
    assert table_findings(text) == []
    text = text.replace("| 1.属于国家秘密 | 0 | 0 |", "| 1.属于国家秘密 | 0 | 2 |")
    found = [d for d in table_findings(text) if d.rule == "table-sum-mismatch"]
    assert [(d.data["cell"]["row_label"], d.data["cell"]["column_index"]) for d in found] == [("1.属于国家秘密", 2)]


def test_a_header_printed_twice_hides_a_missing_column():
    text = render(blocks(), "pipes").replace("| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
                                             "| 信息内容 | 本年制发件数 | 本年制发件数 | 现行有效件数 |")
    found = [(d.rule, d.message) for d in table_findings(text) if d.rule != "unreadable-table"]
    assert found == [("missing-table-column",
                      "《主动公开政府信息情况表》缺少列“本年废止件数”：表头把“本年制发件数”印了两次，没有这一列的名称")]


def test_spaces_lost_between_counts_are_read_only_when_one_split_fits():
    """" 10 0 0 0 01" for seven cells (a crawled page): the zeros with a leading 0 show spaces were
    lost; only 1 0 0 0 0 0 1 fits. "12 3" for three cells shows nothing lost: a short row."""
    text = render(blocks(), "spaces").replace("（一）予以公开 2 1 0 0 0 0 3", "（一）予以公开 2 10 0 0 03")
    assert table_findings(text) == []
    text = text.replace("（一）予以公开 2 10 0 0 03", "（一）予以公开 2 10 0 0 04")  # 2+1 ≠ 4: its row and column
    found = [d for d in table_findings(text) if d.rule == "table-sum-mismatch"]
    assert [(d.data["cell"]["row_label"], d.data["cell"]["column_index"]) for d in found] == [("（一）予以公开", 7)]


def test_table_three_printed_as_three_tables_of_five():
    """行政复议 | 直接起诉 | 复议后起诉 each under its own header (a page converted to Markdown)."""
    head = "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| --- | --- | --- | --- | --- |\n"
    parts = "### 行政复议\n" + head + "| 27 | 10 | 9 | 15 | 61 |\n\n### 行政诉讼（未经复议直接起诉）\n" + head + \
            "| 3 | 0 | 0 | 0 | 3 |\n\n### 行政诉讼（复议后起诉）\n" + head + "| 8 | 0 | 1 | 1 | 10 |\n"
    text = MINI.read_text(encoding="utf-8")
    start = text.index("| 行政复议 |")
    end = text.index("## 五、")
    doc = text[:start] + parts + "\n" + text[end:]
    result = _linter().lint_text(doc, path="report.md", fmt="md")
    assert {t.id: t.status for t in result.documents[0].tables}["review-litigation-2021"] == "checked"
    assert [d for d in result.diagnostics if d.rule in TABLE_RULES] == []
    broken = doc.replace("| 8 | 0 | 1 | 1 | 10 |", "| 8 | 0 | 1 | 1 | 11 |")
    found = [d for d in _linter().lint_text(broken, path="report.md", fmt="md").diagnostics if d.rule == "table-sum-mismatch"]
    assert [d.data["identity"] for d in found] == ["t3-after"]


def test_a_wrong_count_glued_to_a_zero_is_marked_whole():
    """"0 012" where two cells lost the space between them: the finding marks all of "12", the
    wrong total, not the run it was glued into nor only its first digit."""
    text = render(blocks(), "spaces").replace("（一）予以公开 2 1 0 0 0 0 3", "（一）予以公开 2 1 0 0 0 012")
    found = [d for d in table_findings(text) if d.rule == "table-sum-mismatch"]
    assert [(d.data["cell"]["row_label"], d.data["cell"]["column_index"]) for d in found] == [("（一）予以公开", 7)]
    assert _cell_texts(text, found[0]) == "12"


def test_a_blank_cell_is_marked_as_one_column_where_it_stands():
    """An empty cell has no text; its finding still covers one column (where a comment goes)."""
    text = render(blocks(), "pipes").replace("| （一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |",
                                             "| （一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 |  |")
    found = [d for d in table_findings(text) if d.rule == "blank-table-cell"]
    assert len(found) == 1 and "有 1 个格子没有填写：“（一）予以公开”总计列" in found[0].message
    loc = found[0].location
    assert text.splitlines()[loc.line - 1].startswith("| （一）予以公开 |")
    assert (loc.end_line, loc.end_column) == (loc.line, loc.column + 1)


def test_exactly_three_blank_cells_are_all_named_with_nothing_left_to_count():
    """The message names at most three blank cells and marks more with "……"; with exactly three
    there is nothing more to mark."""
    text = render(blocks(), "pipes").replace("| （一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |",
                                             "| （一）予以公开 | 2 | 1 |  |  | 0 | 0 | 3 |")
    text = text.replace("| 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "| 1.属于国家秘密 | 0 | 0 |  | 0 | 0 | 0 | 0 |")
    found = [(d.rule, d.message) for d in table_findings(text)]
    assert found == [("blank-table-cell", "《收到和处理政府信息公开申请情况表》有 3 个格子没有填写："
                      "“（一）予以公开”科研机构列、“（一）予以公开”社会公益组织列、“1.属于国家秘密”科研机构列")]
