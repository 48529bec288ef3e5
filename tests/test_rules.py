"""Every rule's passing and failing cases, from tests/rules/<rule-id>.yaml (sqlfluff-style).

A case starts from a base fixture (``base: mini`` → fixtures/mini.txt, ``base: clean`` →
fixtures/clean.md, ``base: mini-2021`` → fixtures/mini-2021.md) or its own ``text``, applies
``re_replace`` ([pattern, replacement] pairs, multiline, every match), is checked
against the twelve-section pack unless it names ``pack`` (a pack name, or ``auto`` to let govlint
select; ``agency_kind`` may be given too, and ``previous``, a case of its own, is last year's report), applies ``replace`` ([old, new] pairs; old must occur)
and ``delete_lines`` ([first, last], 1-based, inclusive), lints it, and compares the findings of
the rule under test with ``expect``: exact lines, in order, plus optional severity and text.

Fixes: an expected finding with ``fix: none`` carries no fix, ``fix: safe`` / ``fix: unsafe`` one
of that applicability. A case with ``fixed`` applies the fixes (``--fix``; with ``unsafe: true``
also ``--unsafe-fixes``) as govlint.fixer does, in passes, and checks that each of ``fixed``'s
texts is in the fixed text, each of ``not_fixed``'s is not, and that no finding of the rule with
a fix is left.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import FIXTURES, TESTS, contexts

RULE_DIR = TESTS / "rules"
BASES = {"mini": ("mini.txt", "txt"), "clean": ("clean.md", "md"), "mini-2021": ("mini-2021.md", "md")}


def _cases():
    yaml = YAML(typ="safe")
    for path in sorted(RULE_DIR.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data["cases"]):
            yield pytest.param(data["rule"], case, id=f"{path.stem}:{case['name']}")


def build_text(case: dict) -> tuple[str, str]:
    if "file" in case and Path(case["file"]).suffix in (".txt", ".md"):  # a text fixture, edited like a base
        text, fmt = (FIXTURES / case["file"]).read_text(encoding="utf-8"), Path(case["file"]).suffix[1:]
    elif "file" in case:
        return "", ""
    elif "base" in case:
        name, fmt = BASES[case["base"]]
        text = (FIXTURES / name).read_text(encoding="utf-8")
    else:
        text, fmt = case["text"], "txt"
    fmt = case.get("format", fmt)
    for old, new in case.get("replace", []):
        assert old in text, f"replace target not in base: {old!r}"
        text = text.replace(old, new, 1)
    for pattern, new in case.get("re_replace", []):  # every match, line by line
        text, count = re.subn(pattern, new, text, flags=re.M)
        assert count, f"re_replace pattern not in base: {pattern!r}"
    if "delete_lines" in case:
        first, last = case["delete_lines"]
        lines = text.split("\n")
        del lines[first - 1:last]
        text = "\n".join(lines)
    return text, fmt


@pytest.mark.parametrize("rule,case", list(_cases()))
def test_rule_case(linter, store, rule, case):
    from govlint.linter import Linter

    if case.get("requires") == "ocr":  # a case that needs the optional OCR extra
        from govlint import ocr

        if not ocr.available():
            pytest.skip("the ocr extra is not installed: pip install 'govlint[ocr]'")
    text, fmt = build_text(case)
    if "pack" in case or "agency_kind" in case or "previous" in case:
        pack = case.get("pack", "twelve-section")
        linter = Linter(None if pack == "auto" else store.load(pack), agency_kind=case.get("agency_kind"),
                        automatic=store.automatic())
    if "previous" in case:  # last year's report, as --previous gives it
        prev_text, prev_fmt = build_text(case["previous"])
        found = contexts(linter, text=prev_text, name=f"previous.{prev_fmt}", fmt=prev_fmt)
        linter.previous = next((c for c in found if c.is_report), None)
    if "file" in case and not text:  # a binary fixture (a scanned PDF, a .docx)
        path = FIXTURES / case["file"]
        result = linter.lint_bytes(path.read_bytes(), str(path))
    else:
        result = linter.lint_text(text, path=f"case.{fmt}", fmt=fmt)
    got = [d for d in result.diagnostics if d.rule == rule]
    expected = case["expect"]
    assert [d.line for d in got] == [e["line"] for e in expected], [(d.line, d.message) for d in got]
    for d, e in zip(got, expected):
        if "column" in e:
            assert d.column == e["column"]
        if "severity" in e:
            assert d.severity.label == e["severity"]
        if "contains" in e:
            assert e["contains"] in d.message + (d.suggestion or ""), d.message
        if "note" in e:
            assert any(e["note"] in n for n in d.notes), d.notes
        if "quote" in e:  # the message quotes the user's original text
            assert f"“{e['quote']}”" in d.message, d.message
        if "fix" in e:
            assert (d.fix.applicability if d.fix else "none") == e["fix"], d.fix
    for other in case.get("also_absent", []):
        assert not [d for d in result.diagnostics if d.rule == other]
    if "fixed" in case:
        _check_fixed(linter, case, text, fmt, result, rule)


def _check_fixed(linter, case: dict, text: str, fmt: str, result, rule: str) -> None:
    from govlint import fixer

    path = f"case.{fmt}"
    unsafe = bool(case.get("unsafe"))
    assert [d for d in result.diagnostics if d.rule == rule and d.fix is not None], "no fix to apply"
    fixed = fixer.fix_text_file(lambda b: linter.lint_bytes(b, path), path, text.encode("utf-8"), unsafe, result)
    assert fixed.applied and fixed.new_text is not None
    for want in case["fixed"]:
        assert want in fixed.new_text, fixed.new_text
    for unwanted in case.get("not_fixed", []):
        assert unwanted not in fixed.new_text, fixed.new_text
    left = [d for d in fixed.result.diagnostics if d.rule == rule and fixer.wanted([d], unsafe)]
    assert not left, [(d.line, d.message) for d in left]


def test_every_rule_has_a_passing_and_a_failing_case():
    from govlint.checks import all_rules

    yaml = YAML(typ="safe")
    for rule in all_rules():
        path = RULE_DIR / f"{rule.id}.yaml"
        assert path.is_file(), f"no test cases for {rule.id}"
        cases = yaml.load(path.read_text(encoding="utf-8"))["cases"]
        assert any(c["expect"] == [] for c in cases), f"{rule.id}: no passing case"
        assert any(c["expect"] for c in cases), f"{rule.id}: no failing case"
        if rule.fixable:  # a rule that fixes shows its fix at work, and says what it does in both languages
            assert any("fixed" in c for c in cases), f"{rule.id}: no case applying its fix"
            assert set(rule.fix_summary) == {"zh", "en"}, rule.id


def test_missing_section_names_only_the_sections_whose_severity_differs(store):
    """What `govlint rules --pack` lists beside missing-section: the sections a pack marks with a
    severity other than the rule's (error), and no others."""
    from govlint.checks.structure import MissingSection
    from govlint.diagnostics import Severity

    assert MissingSection.pack_severities(store.load("gov-2021")) == []
    assert MissingSection.pack_severities(store.load("gov-2008")) == [("一、概述", Severity.INFO),
                                                                      ("七、其他需要报告的事项", Severity.INFO)]


@pytest.mark.parametrize("written, iso_from", [("统计期限为2023年9月1日至2023年12月31日", "2023-09-01"),
                                               ("统计期限为2023年9月1日至12月31日", "2023-09-01")])
def test_a_partial_period_gives_its_dates_as_iso_in_data_and_in_english(store, written, iso_from):
    """partial-statistics-period: the dates as written in Chinese, as ISO dates in English and in
    the JSON data (an end date without its year is in the start's year)."""
    from govlint.linter import Linter

    text = (FIXTURES / "mini-2021.md").read_text(encoding="utf-8").replace(
        "统计期限自2023年1月1日起至2023年12月31日止", written)
    for lang in ("zh", "en"):
        result = Linter(None, lang=lang, automatic=store.automatic()).lint_text(text, path="report.md", fmt="md")
        found = [d for d in result.diagnostics if d.rule == "partial-statistics-period"]
        assert [(d.line, d.data) for d in found] == [(3, {"from": iso_from, "to": "2023-12-31"})]
        if lang == "en":
            assert found[0].message.endswith(f"covers only part of 2023 ({iso_from} to 2023-12-31)"), found[0].message
