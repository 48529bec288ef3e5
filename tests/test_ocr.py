"""Scanned PDFs read by OCR (the optional ``ocr`` extra): lines from boxes, the extra missing, and
an image-only copy of a real report giving the text layer's headings, period and contact."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import FIXTURES, contexts
from govlint import ocr
from govlint.linter import Linter

REPORTS = FIXTURES / "reports"
TEXT_PDF = REPORTS / "洪泽区_2023.pdf"
SCAN_PDF = FIXTURES / "scans" / "洪泽区_2023_scan150.pdf"  # its pages rendered at 150 dpi, saved as images only
FAMILIES = ("structure", "period", "contact")
needs_ocr = pytest.mark.skipif(not ocr.available(), reason="the ocr extra is not installed: pip install 'govlint[ocr]'")


def test_boxes_are_grouped_into_lines_top_to_bottom_left_to_right():
    b = ocr.Box
    boxes = [b("联系电话", 0.99, 10, 52, 90, 70), b("一、总体情况", 0.98, 10, 10, 120, 30),
             b("0517-87222589", 0.97, 95, 50, 200, 72), b("123", 0.9, 300, 48, 340, 68)]
    lines = ocr.group_lines(boxes)
    assert [l.text for l in lines] == ["一、总体情况", "联系电话0517-87222589 123"]
    assert lines[1].score == 0.9


def _scan_without_extra(path):
    code = ("import sys; sys.modules['rapidocr_onnxruntime'] = None; from govlint.cli import main; "
            f"sys.argv = ['govlint', 'check', {str(path)!r}]; main()")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, env={"NO_COLOR": "1", "PATH": ""})


def test_without_the_extra_a_scan_names_it():
    r = _scan_without_extra(SCAN_PDF)
    out = r.stdout.decode()
    assert r.returncode == 1 and "no-text-layer" in out
    assert "pip install 'govlint[ocr]'" in out
    assert "read-by-ocr" not in out


@pytest.fixture(scope="module")
def both():
    linter = Linter()
    return linter, linter.lint_path(str(TEXT_PDF)), linter.lint_path(str(SCAN_PDF))


@needs_ocr
def test_image_only_pdf_gives_the_text_layers_headings_period_and_contact(both):
    linter, text, scan = both
    assert scan.error is None and scan.pack.id == text.pack.id == "gov-2021"

    def ours(result):
        return sorted((d.rule, d.message) for d in result.diagnostics if _family(d.rule) in FAMILIES)

    assert ours(scan) == ours(text)
    (t,), (s,) = contexts(linter, TEXT_PDF), contexts(linter, SCAN_PDF)
    assert (s.year, s.agency) == (t.year, t.agency)
    assert [m.section.number for m in s.alignment.matches] == [m.section.number for m in t.alignment.matches]
    assert s.alignment.missing == t.alignment.missing == []
    assert (s.period.kind, s.period.start_year, s.period.end_year) == (t.period.kind, t.period.start_year, t.period.end_year)
    assert sorted(s.contact[0]) == sorted(t.contact[0]) and s.contact[1] == t.contact[1] == []
    # lines carry their page and their line on it, as a text PDF's do, marked as read by OCR; a
    # table's rows their cells
    assert all({"page", "line", "ocr"} <= set(l.location) <= {"page", "line", "ocr", "cells", "doubtful"}
               for l in s.doc.lines)
    assert sum("cells" in l.location for l in s.doc.lines) > 40


@needs_ocr
def test_ocr_read_file_says_so_and_its_tables_real_errors_are_found_from_the_images(both):
    _, text, scan = both
    assert [d.line for d in scan.diagnostics if d.rule == "read-by-ocr"] == [1]
    assert not [d for d in text.diagnostics if d.rule == "read-by-ocr"]

    def sums(result):
        return [d.message for d in result.diagnostics if d.rule == "table-sum-mismatch"]

    # the report's two real errors (行政复议 and 复议后起诉 totals printed as 0), from the pictures
    assert len(sums(text)) == 2 and sums(scan) == sums(text)
    from govlint.formatters import locate

    assert [locate(scan, d)[0] for d in scan.diagnostics if d.rule == "table-sum-mismatch"] == ["第4页第14行"] * 2
    # the table's rows were read from its ruling lines, every number trusted: nothing left unchecked
    assert not [d for d in scan.diagnostics if d.rule == "unreadable-table"]
    # rows OCR cannot stand behind are not reported
    for rule in ("missing-table-row", "missing-table-column", "invalid-table-value", "blank-table-cell"):
        assert not [d for d in scan.diagnostics if d.rule == rule]


@needs_ocr
def test_a_ruled_tables_rows_come_from_its_lines_with_each_number_read_twice():
    lines = ocr.page_lines(ocr.engine(), _grid_image([["12", "3", "15"], ["40", "", "40"], ["7", "0", "7"]]))
    rows = [l for l in lines if l.cells is not None]
    assert [l.text for l in rows] == ["12 | 3 | 15", "40 |  | 40", "7 | 0 | 7"]
    assert rows[1].cells == [(0, 2), (5, 5), (8, 10)]
    assert all(not l.doubtful for l in rows)


@needs_ocr
@pytest.mark.parametrize("angle", [0.6, -1.5])
def test_a_page_scanned_askew_is_turned_level_before_its_table_is_read(angle):
    import cv2

    image = _grid_image([["12", "3", "15"], ["40", "", "40"], ["7", "0", "7"]])
    h, w = image.shape[:2]
    askew = cv2.warpAffine(image, cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0), (w, h),
                           borderValue=(255, 255, 255))
    rows = [l for l in ocr.page_lines(ocr.engine(), askew) if l.cells is not None]
    assert [l.text for l in rows] == ["12 | 3 | 15", "40 |  | 40", "7 | 0 | 7"]
    # at most the lone 0, which the detector may miss and its cell alone read with less confidence
    assert [l.text[s:e] for l in rows for s, e in l.doubtful] in ([], ["0"])


@needs_ocr
def test_numbers_outside_ruled_cells_are_read_but_all_doubtful():
    (line,) = ocr.page_lines(ocr.engine(), _grid_image([["12", "3", "15"]], ruled=False))
    assert line.cells is None and line.text == "12 3 15"
    assert [line.text[s:e] for s, e in line.doubtful] == ["12", "3", "15"]


def test_cells_one_above_the_other_taken_for_one_row_leave_its_numbers_doubtful():
    c = ocr.Cell
    cells = [c(0, 0, 100, 60, "甲"), c(100, 0, 200, 28, "5"), c(100, 3, 200, 60, "7"), c(200, 0, 300, 60, "12"),
             c(0, 60, 100, 90, "乙"), c(100, 60, 200, 90, "3"), c(200, 60, 300, 90, "3")]
    (_, merged), (_, fine) = ocr.table_lines(cells)
    assert merged.text == "甲 | 5 | 7 | 12" and [merged.text[s:e] for s, e in merged.doubtful] == ["5", "7", "12"]
    assert fine.text == "乙 | 3 | 3" and fine.doubtful == []


def test_letters_a_recogniser_reads_for_a_lone_digit_are_read_as_the_digit():
    assert [ocr._number(t) for t in ("o", "1o", "I", "l0", "12", "7.5")] == ["0", "10", "1", "10", "12", "7.5"]
    assert [ocr._number(t) for t in ("ok", "公开", "", "o.o.1")] == [None, None, None, None]


class _Engine:
    """A recogniser reading each cell's crop as told (the second reading)."""

    def __init__(self, readings):
        self.readings = readings

    def text_rec(self, crops):
        return [self.readings.pop(0) for _ in crops], 0.0


@needs_ocr
def test_a_number_is_trusted_only_when_both_readings_agree_with_confidence():
    image = _grid_image([["12", "3", "15", "9"]])
    (cells,) = ocr.find_tables(image)
    cells.sort(key=lambda c: c.x0)
    boxes = [ocr.Box(text, score, c.x0 + 5, c.y0 + 5, c.x1 - 5, c.y1 - 5)
             for c, (text, score) in zip(cells, [("12", 0.99), ("3", 0.99), ("15", 0.4)])]  # the last one missed
    readings = [("12", 0.98), ("8", 0.97), ("15", 0.99), ("9", 0.9)]
    ocr.fill_cells(_Engine(readings), image, cells, boxes)
    assert [(c.text, c.doubtful) for c in cells] == [
        ("12", False),  # both readings agree
        ("3", True),  # the cell alone reads 8
        ("15", True),  # agree, but the page's reading is not confident
        ("9", True),  # the detector missed it: one reading, under TRUST_ALONE
    ]


def _grid_image(rows: list[list[str]], ruled: bool = True):
    """A white page (150 dpi, A4 width) with a ruled table of digits (or the digits alone), drawn
    with opencv."""
    import cv2
    import numpy

    image = numpy.full((120 + 60 * len(rows), 1241, 3), 255, numpy.uint8)
    x0, y0, w, h = 150, 60, 220, 60
    cols = len(rows[0])
    for r in range(len(rows) + 1 if ruled else 0):
        cv2.line(image, (x0, y0 + r * h), (x0 + cols * w, y0 + r * h), (0, 0, 0), 2)
    for c in range(cols + 1 if ruled else 0):
        cv2.line(image, (x0 + c * w, y0), (x0 + c * w, y0 + len(rows) * h), (0, 0, 0), 2)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cv2.putText(image, text, (x0 + c * w + 90, y0 + r * h + 42), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (0, 0, 0), 2)
    return image


def test_a_number_ocr_doubts_takes_no_relation_and_the_table_says_so(linter, store):
    """The doubtful spans an OCR reader marks keep a number out of every relation: the wrong
    total is not reported when it is in doubt, and is when it is not."""
    from conftest import FIXTURES as F

    text = (F / "mini-2021.md").read_text(encoding="utf-8").replace(
        "| （七）总计 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |", "| （七）总计 | 3 | 1 | 0 | 0 | 0 | 0 | 5 |")
    gov = Linter(store.load("gov-2021"))

    def lint(doubt: bool):
        from govlint.readers import read_text

        src = read_text("x.md", text, "utf-8", "md")
        for line in src.lines:
            line.location = {"page": 1, "line": line.number, "ocr": True}
            if doubt and line.text.startswith("| （七）总计"):
                at = line.text.rindex("5")
                line.location["doubtful"] = [[at, at + 1]]
        return gov.lint_source(src)

    sure, doubted = lint(False), lint(True)
    assert [d.line for d in sure.diagnostics if d.rule == "table-sum-mismatch"] == [59]
    assert not [d for d in doubted.diagnostics if d.rule == "table-sum-mismatch"]
    (said,) = [d for d in doubted.diagnostics if d.rule == "unreadable-table"]
    assert "其中 1 个数字识别不确定" in said.message and said.data["doubtful"] == 1


def _family(rule_id: str) -> str | None:
    from govlint.checks import get_rule

    rule = get_rule(rule_id)
    return rule.family if rule else None


def test_no_fix_is_offered_on_text_ocr_read_in_a_picture(store):
    """A Word file's picture read by OCR gives lines that are not in the file: a finding there has
    no fix (the fixer would write into the picture's paragraph); the same finding on the file's
    own text has its fix."""
    from govlint.readers import read_text

    text = (FIXTURES / "mini-2021.md").read_text(encoding="utf-8").replace("## 二、主动公开政府信息情况", "二、主动公开情况")
    gov = Linter(store.load("gov-2021"))

    def heading_fix(pictured: bool):
        src = read_text("x.md", text, "utf-8", "md")
        src.format = "docx"
        if pictured:
            src.flags.add("ocr")
            (line,) = [l for l in src.lines if l.text == "二、主动公开情况"]
            line.location = {"paragraph": 8, "picture": 1, "line": 1, "ocr": True}
        (d,) = [d for d in gov.lint_source(src).diagnostics if d.rule == "nonstandard-heading"]
        return d.line, d.fix is not None

    assert heading_fix(False) == (9, True)
    assert heading_fix(True) == (9, False)


def test_a_heading_ocr_read_all_but_equal_is_not_called_nonstandard(store):
    """OCR drops a small "、" or misreads a character of a heading: that is not the writer's wording.
    The same heading typed so is reported."""
    from govlint.readers import read_text

    text = (FIXTURES / "mini-2021.md").read_text(encoding="utf-8").replace("## 二、主动公开政府信息情况", "二主动公开政府信息情况")
    gov = Linter(store.load("gov-2021"))

    def nonstandard(read_by_ocr: bool):
        src = read_text("x.md", text, "utf-8", "md")
        if read_by_ocr:
            for line in src.lines:
                line.location = {"page": 1, "line": line.number, "ocr": True}
        return [d.line for d in gov.lint_source(src).diagnostics if d.rule == "nonstandard-heading"]

    assert nonstandard(False) == [9]
    assert nonstandard(True) == []
