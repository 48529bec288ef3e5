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
    # lines carry their page and their line on it, as a text PDF's do
    assert all(set(l.location) == {"page", "line"} for l in s.doc.lines if l.location)


@needs_ocr
def test_ocr_read_file_says_so_and_its_tables_are_not_checked(both):
    _, text, scan = both
    assert [d.line for d in scan.diagnostics if d.rule == "read-by-ocr"] == [1]
    assert not [d for d in text.diagnostics if d.rule == "read-by-ocr"]
    assert [d for d in text.diagnostics if d.rule == "table-sum-mismatch"]  # the real errors, from the text layer
    number_rules = ("table-sum-mismatch", "missing-table-row", "missing-table-column", "invalid-table-value",
                    "blank-table-cell")
    assert not [d for d in scan.diagnostics if d.rule in number_rules]
    ocr_tables = [d for d in scan.diagnostics if d.rule == "unreadable-table" and d.data.get("ocr")]
    assert ocr_tables and all("由文字识别读取" in d.message for d in ocr_tables)


def _family(rule_id: str) -> str | None:
    from govlint.checks import get_rule

    rule = get_rule(rule_id)
    return rule.family if rule else None
