"""The acceptance on the five seed reports (copied into tests/fixtures/seeds), linted as a
user runs govlint: each document's pack selected by its year."""

from __future__ import annotations

import pytest

from conftest import SEEDS, contexts, findings
from govlint.linter import Linter


@pytest.fixture(scope="module")
def linter():
    return Linter()


def seed_context(linter, prefix):
    return contexts(linter, next(SEEDS.glob(f"{prefix}_*.txt")))[0]


def lint_seed(linter, prefix):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    result = linter.lint_path(str(path))
    assert result.error is None
    return result


def test_000_eleven_sections(linter):
    r = lint_seed(linter, "000")
    assert r.report_year == 2016
    assert r.documents[0].agency == "张店区工商局"
    missing = [d for d in r.diagnostics if d.rule == "missing-section"]
    assert [(d.data["section"], d.line) for d in missing] == [(12, 31)]
    assert ("missing-statistics-table", 31) in findings(r)
    assert ("missing-contact", 4) in findings(r)
    # 二 is worded differently and 四 has a trailing ";": at most nonstandard-heading
    assert findings(r, "nonstandard-heading") == [("nonstandard-heading", 7), ("nonstandard-heading", 15)]
    assert not [d for d in r.diagnostics if "period" in d.rule]
    assert sorted(findings(r)) == sorted([
        ("missing-contact", 4), ("nonstandard-heading", 7), ("nonstandard-heading", 15),
        ("missing-section", 31), ("missing-statistics-table", 31)])


def test_001_page_residue(linter):
    r = lint_seed(linter, "001")
    assert r.report_year == 2017
    assert not findings(r, "missing-section")
    assert len(seed_context(linter, "001").alignment.matches) == 12
    assert findings(r, "missing-statistics-table") == [("missing-statistics-table", 93)]
    assert findings(r, "missing-statistics-period") == [("missing-statistics-period", 13)]
    assert findings(r, "missing-contact") == [("missing-contact", 13)]


def test_003_split_title_spaced_heading_empty_section(linter):
    r = lint_seed(linter, "003")
    assert r.report_year == 2017
    assert r.documents[0].title == "市中区商务局2017年政府信息公开年 度 报 告"
    assert not findings(r, "missing-section")
    assert len(seed_context(linter, "003").alignment.matches) == 12
    assert findings(r, "empty-section") == [("empty-section", 20)]
    assert findings(r, "incomplete-statistics-period") == [("incomplete-statistics-period", 3)]
    assert not findings(r, "missing-statistics-period")
    assert not findings(r, "missing-contact") and not findings(r, "incomplete-contact")
    assert findings(r, "missing-statistics-table") == [("missing-statistics-table", 62)]


def test_002_compilation_in_traditional_characters(linter):
    r = lint_seed(linter, "002")
    docs = r.documents
    assert [d.part_label for d in docs] == ["第一篇", "第二篇", "第三篇", "第四篇", "第五篇"]
    assert docs[0].report_year == 2011 and r.report_year == 2011
    assert docs[0].agency == "方山縣工商局"  # quoted as written, not converted
    placeholders = [d for d in r.diagnostics if d.rule == "unfilled-placeholder" and 34 <= d.line <= 49]
    quoted = {d.message.split("“")[1].split("”")[0] for d in placeholders}
    assert {"20××", "20××年", "**市", "**區"} <= quoted  # 區: the original traditional character
    assert all("区" not in q for q in quoted)
    lines = {d.line for d in placeholders}
    assert {36, 37, 40, 43, 45, 46, 49} <= lines
    # the guide, summary and plan are not reports: one info each, nothing else inside them
    assert [(d.rule, d.line) for d in r.diagnostics if d.line >= 50] == [
        ("not-an-annual-report", 50), ("not-an-annual-report", 102), ("not-an-annual-report", 126)]


def test_004_flattened_table_is_found(linter):
    r = lint_seed(linter, "004")
    assert r.report_year == 2017
    assert not findings(r, "missing-statistics-table")
    assert not findings(r, "missing-contact")
    # the table's rows "一、主动公开情况" etc. are not taken for sections
    assert all(m.heading.line.number < 51 for m in seed_context(linter, "004").alignment.matches)
    assert not findings(r, "duplicate-section")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_message_quotes_existing_text(linter, prefix):
    """Columns point into the user's line, and quoted text is found there."""
    r = lint_seed(linter, prefix)
    text = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8").split("\n")
    for d in r.diagnostics:
        line = text[d.line - 1]
        assert 1 <= d.column <= max(1, len(line))
        if d.rule in ("unfilled-placeholder", "nonstandard-heading", "incomplete-statistics-period"):
            quoted = d.message.split("“")[1].split("”")[0]
            assert quoted in line
