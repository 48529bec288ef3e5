"""Word .docx built from the seeds' texts: the same findings, rule for rule, with locations a
user can find in Word (paragraph number; table, row and column)."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, SEEDS, contexts, run_cli
from docx_build import build, markdown_blocks, seed_004_table
from govlint.linter import Linter


@pytest.fixture(scope="module")
def linter():
    return Linter()


def _rules(result):
    return sorted(d.rule for d in result.diagnostics)


@pytest.mark.parametrize("seed", ["000", "001", "003"])
def test_seed_as_docx_gives_the_same_findings(linter, seed):
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    text = path.read_text(encoding="utf-8")
    data = build([l for l in text.split("\n") if l.strip()])
    assert _rules(linter.lint_bytes(data, f"{seed}.docx")) == _rules(linter.lint_path(str(path)))


@pytest.mark.parametrize("auto_numbering", [False, True])
def test_seed_004_with_its_table_as_a_word_table(linter, auto_numbering):
    path = next(SEEDS.glob("004_*.txt"))
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, l in enumerate(lines) if l.strip() == "统计指标")
    body = [l for l in lines[:start] if l.strip()]
    table = seed_004_table(lines[start:])
    assert len(table) > 55
    data = build(body + [table], auto_numbering=auto_numbering)
    r = linter.lint_bytes(data, "004.docx")
    assert _rules(r) == _rules(linter.lint_path(str(path)))
    t = contexts(linter, data=data, name="004.docx")[0].tables["statistics-2014"]
    assert t.rows["received"].cells["value"].value == 25
    assert t.rows["received"].cells["value"].line.location["table"] == 1


def _mini_2021_blocks():
    """mini-2021.md as Word content: headings, paragraphs, and the three tables as Word tables."""
    return markdown_blocks((FIXTURES / "mini-2021.md").read_text(encoding="utf-8"))


def test_2021_report_with_word_numbering_and_tables(linter):
    blocks = _mini_2021_blocks()
    data = build(blocks, auto_numbering=True)
    r = linter.lint_bytes(data, "2021.docx")
    assert r.pack.id == "gov-2021"
    assert r.diagnostics == []
    headings = [m.heading.text for m in contexts(linter, data=data, name="2021.docx")[0].alignment.matches]
    assert headings[0] == "一、总体情况"  # rebuilt from numbering.xml: the text itself has no "一、"


def test_2021_table_with_merged_cells(linter):
    blocks = _mini_2021_blocks()
    for b in blocks:  # merge 行政复议 over its five columns, as real reports do
        if isinstance(b, list) and b[0][0] == "行政复议":
            b[0] = ["行政复议", "<<", "<<", "<<", "<<", "行政诉讼"] + ["<<"] * 9
    r = linter.lint_bytes(build(blocks, auto_numbering=True), "2021.docx")
    assert r.diagnostics == []


def test_docx_locations_in_text_and_json(tmp_path):
    blocks = _mini_2021_blocks()
    for i, b in enumerate(blocks):
        if isinstance(b, list) and any(row[0] == "（七）总计" for row in b):
            blocks[i] = [[*row[:-1], "5"] if row[0] == "（七）总计" else row for row in b]
        if b == "一、总体情况":
            blocks[i] = "一、总体工作情况"
    path = tmp_path / "报告.docx"
    path.write_bytes(build(blocks, auto_numbering=True))
    out = run_cli("check", str(path)).stdout.decode()
    assert f"{path}:第3段" in out  # the reworded heading: the 3rd paragraph of the file
    assert f"{path}:表2 第30行第8列" in out  # （七）总计's 总计 cell
    doc = json.loads(run_cli("check", "-f", "json", str(path)).stdout)
    diags = doc["files"][0]["diagnostics"]
    heading = next(d for d in diags if d["rule"] == "nonstandard-heading")
    assert heading["location"] == {"paragraph": 3} and heading["line"] == 3
    total = [d for d in diags if d["rule"] == "table-sum-mismatch"]
    assert total and all(d["location"] == {"table": 2, "row": 30, "column": 8} for d in total)


def test_broken_docx_is_a_clear_error(tmp_path):
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    r = run_cli("check", str(bad))
    assert r.returncode == 2
    assert r.stderr.decode().strip().startswith(f"govlint: 错误：{bad}: 无法打开 .docx 文件")


def test_headings_marked_by_word_heading_styles(linter):
    """Headings without any number, marked only by Word's “标题 1” style, are found."""
    import io
    import re

    import docx

    blocks = _mini_2021_blocks()
    document = docx.Document()
    for b in blocks:
        if isinstance(b, str) and re.match(r"^[一二三四五六]、", b):
            document.add_heading(b[2:], level=1)  # "总体情况", no number anywhere
        elif isinstance(b, str):
            document.add_paragraph(b)
        else:
            table = document.add_table(rows=len(b), cols=len(b[0]))
            for r, row in enumerate(b):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    r = linter.lint_bytes(out.getvalue(), "styled.docx")
    ctx = contexts(linter, data=out.getvalue(), name="styled.docx")[0]
    assert [m.section.number for m in ctx.alignment.matches] == [1, 2, 3, 4, 5, 6]
    assert r.diagnostics == []


def test_a_table_whose_grid_is_damaged_is_a_clear_error(tmp_path):
    """A row's merged cells that disagree with the row above (w:gridSpan against w:vMerge) make
    python-docx raise: one line naming the file, exit 2, never a traceback."""
    import io

    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), "2")
    t.rows[0]._tr.tc_lst[0].get_or_add_tcPr().append(span)
    t.rows[1]._tr.tc_lst[1].get_or_add_tcPr().append(OxmlElement("w:vMerge"))
    out = io.BytesIO()
    d.save(out)
    path = tmp_path / "报告.docx"
    path.write_bytes(out.getvalue())
    r = run_cli("check", str(path))
    assert r.returncode == 2
    assert r.stderr.decode().strip().splitlines() == [
        f"govlint: 错误：{path}: 无法读取 .docx 文件中的表格（ValueError），请确认文件未损坏"]
