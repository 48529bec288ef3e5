"""Scanned copies read by OCR give the findings their text layer gives (issue 20).

The fixtures of ``tests/fixtures/scans/`` (made by its ``make_scans.py``): the 洪泽区 reports and
two 2021-format drafts (clean, and broken with planted errors) as image-only PDFs at 150 and 300
dpi, and the drafts as .docx with the tables of sections 三 and 四 pasted as pictures. Each is
linted next to its text-layer reference (the text PDF it was rendered from; for a picture .docx,
the .docx with the real tables), each file once per module (OCR costs a few seconds a page: about
40 pages here, a few minutes on 2 cores; with ``GOVLINT_CACHE_DIR`` set to a lasting folder a second
run reads no page again, the OCR cache being keyed by the file's bytes).
"""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES

from govlint import ocr
from govlint.linter import Linter

SCANS = FIXTURES / "scans"
REPORTS = FIXTURES / "reports"
FAMILIES = ("structure", "period", "contact")

# image fixture → its text-layer reference
PAIRS = {
    **{f"洪泽区_{y}_scan{dpi}.pdf": REPORTS / f"洪泽区_{y}.pdf" for y in (2023, 2024) for dpi in (150, 300)},
    **{f"draft-{k}_scan{dpi}.pdf": SCANS / f"draft-{k}.pdf" for k in ("clean", "broken") for dpi in (150, 300)},
    **{f"draft-{k}-picture.docx": SCANS / f"draft-{k}.docx" for k in ("clean", "broken")},
}

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="the ocr extra is not installed: pip install 'govlint[ocr]'")
pytestmark = needs_ocr


def _family(rule_id: str) -> str | None:
    from govlint.checks import get_rule

    rule = get_rule(rule_id)
    return rule.family if rule else None


@pytest.fixture(scope="module")
def lint():
    """lint(path) → the file's result, each file linted once in this module."""
    linter, done = Linter(), {}

    def get(path):
        key = str(path)
        if key not in done:
            done[key] = linter.lint_path(key)
        return done[key]

    return get


# a message naming a line of the file ("相关内容写在第121行"): the lines of an OCR'd page are not the
# text layer's (a table row is one line, not one a cell), so the number is left out of the comparison
_LINE_NUMBER = re.compile(r"第\d+行")


def _ours(result, families=FAMILIES) -> list[tuple[str, str]]:
    return sorted((d.rule, _LINE_NUMBER.sub("第…行", d.message)) for d in result.diagnostics
                  if _family(d.rule) in families)


def _rule(result, rule: str) -> list[tuple[str, str]]:
    return sorted((d.rule, d.message) for d in result.diagnostics if d.rule == rule)


def test_the_fixtures_are_image_only_and_their_references_have_text():
    from pypdf import PdfReader

    for name, reference in PAIRS.items():
        assert (SCANS / name).is_file() and reference.is_file(), name
        if name.endswith(".pdf"):
            assert not "".join(p.extract_text() or "" for p in PdfReader(SCANS / name).pages).strip(), name
            assert len(PdfReader(SCANS / name).pages) == len(PdfReader(reference).pages), name


def test_the_references_give_exactly_the_planted_findings(lint):
    """The text layers: the clean draft is clean, the broken one has its planted errors, and the
    real 洪泽区 2023 report its two table errors (行政复议 and 复议后起诉 totals written as 0)."""
    clean, broken = lint(SCANS / "draft-clean.pdf"), lint(SCANS / "draft-broken.pdf")
    assert clean.error is None and not clean.diagnostics
    assert not lint(SCANS / "draft-clean.docx").diagnostics
    rules = sorted(d.rule for d in broken.diagnostics)
    assert rules == ["period-year-mismatch", "section-without-heading", "table-sum-mismatch", "table-sum-mismatch"]
    docx_rules = sorted(d.rule for d in lint(SCANS / "draft-broken.docx").diagnostics)
    assert docx_rules == rules  # section 五's text opens mid-paragraph in Word, on a line of its own in the PDF
    sums = _rule(broken, "table-sum-mismatch")
    assert any("“（七）总计”（自然人列）的“36”很可能填错" in m for _, m in sums)
    assert any("行政复议：总计" in m and "表中为 4" in m for _, m in sums)
    real = _rule(lint(REPORTS / "洪泽区_2023.pdf"), "table-sum-mismatch")
    assert len(real) == 2 and all("表中为 0" in m for _, m in real)


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_ocr_gives_the_text_layers_headings_period_and_contact(lint, name):
    scan, text = lint(SCANS / name), lint(PAIRS[name])
    assert scan.error is None and scan.pack.id == text.pack.id == "gov-2021"
    assert _ours(scan) == _ours(text)
    if name.endswith(".pdf"):
        assert [d.line for d in scan.diagnostics if d.rule == "read-by-ocr"] == [1]


def _sums(result) -> dict[str, set[str]]:
    """The table-sum-mismatch findings: {the table and cell named as wrong: the relations broken}."""
    out: dict[str, set[str]] = {}
    for d in result.diagnostics:
        if d.rule == "table-sum-mismatch":
            ids = d.data["identity"]
            out[repr((d.data["table"], d.data["cell"]))] = set([ids] if isinstance(ids, str) else ids)
    return out


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_ocr_gives_the_text_layers_table_sums(lint, name):
    """The table relations checked on the OCR'd tables: the planted errors of the broken draft and
    the real errors of 洪泽区 2023 found at the same cell, and no error the text layer does not
    have (the clean draft, 洪泽区 2024). A number OCR read without confidence takes no relation, so
    a finding may name fewer of the relations broken through its cell than the text layer's."""
    scan, text = _sums(lint(SCANS / name)), _sums(lint(PAIRS[name]))
    assert set(scan) == set(text)
    assert all(scan[cell] and scan[cell] <= text[cell] for cell in scan)
    if "broken" in name or "2023" in name:
        assert len(scan) == 2


def test_an_ocr_finding_is_the_text_layers_where_every_number_is_trusted(lint):
    """Where OCR trusts every number of a relation, its finding says exactly what the text
    layer's says (the same numbers, read from the image)."""
    for name in ("洪泽区_2023_scan150.pdf", "洪泽区_2023_scan300.pdf"):
        assert _rule(lint(SCANS / name), "table-sum-mismatch") == _rule(lint(PAIRS[name]), "table-sum-mismatch")
    scan, text = lint(SCANS / "draft-broken_scan150.pdf"), lint(SCANS / "draft-broken.pdf")
    review = [m for _, m in _rule(text, "table-sum-mismatch") if "行政复议" in m and "（七）总计" not in m]
    assert review and [m for _, m in _rule(scan, "table-sum-mismatch") if m in review] == review
