"""examples/: the clean draft is clean; deleting 十二 gives exactly one missing-section."""

from __future__ import annotations

import pytest

from conftest import ROOT
from govlint.linter import Linter

EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def linter():
    """As a user runs govlint on examples/: each report's pack chosen by its year."""
    return Linter()


def test_clean_2021_example_has_no_findings(linter):
    r = linter.lint_path(str(EXAMPLES / "clean-gov-2021.md"))
    assert r.error is None and r.diagnostics == []
    assert (r.pack.id, r.report_year) == ("gov-2021", 2025)


def test_clean_example_has_no_findings(linter):
    r = linter.lint_path(str(EXAMPLES / "clean-twelve-section.md"))
    assert r.error is None and r.diagnostics == []
    assert (r.pack.id, r.report_year) == ("twelve-section", 2017)


def test_clean_example_without_section_twelve(linter):
    lines = (EXAMPLES / "clean-twelve-section.md").read_text(encoding="utf-8").split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("## 十二、"))
    end = next(i for i, l in enumerate(lines) if l.startswith("附表"))
    text = "\n".join(lines[:start] + lines[end:])
    r = linter.lint_text(text, path="x.md", fmt="md")
    assert [(d.rule, d.data.get("section")) for d in r.diagnostics] == [("missing-section", 12)]


def test_broken_example_shows_several_rules(linter):
    r = linter.lint_path(str(EXAMPLES / "broken-twelve-section.txt"))
    rules = {d.rule for d in r.diagnostics}
    assert {"missing-section", "section-order", "nonstandard-heading", "empty-section", "period-year-mismatch",
            "unfilled-placeholder", "missing-contact", "missing-statistics-table"} <= rules
