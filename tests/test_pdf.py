"""PDF through the optional pypdf extra: real reports, scans, and the extra missing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import FIXTURES, run_cli
from govlint.linter import Linter

REPORTS = FIXTURES / "reports"
TABLE_RULES = ("table-sum-mismatch", "missing-table-row", "missing-table-column", "invalid-table-value", "unreadable-table")

pytest.importorskip("pypdf")


def _table_findings(r):
    return sorted((d.rule, d.data.get("identity")) for d in r.diagnostics if d.rule in TABLE_RULES)


@pytest.mark.parametrize("year", [2023, 2024])
def test_pdf_gives_the_same_findings_as_its_text(year):
    linter = Linter()
    pdf = linter.lint_path(str(REPORTS / f"洪泽区_{year}.pdf"))
    txt = linter.lint_path(str(REPORTS / f"洪泽区_{year}.txt"))
    assert pdf.error is None and pdf.pack.id == "gov-2021"
    assert _table_findings(pdf) == _table_findings(txt)
    assert sorted(d.rule for d in pdf.diagnostics) == sorted(d.rule for d in txt.diagnostics)
    if year == 2023:
        assert _table_findings(pdf) == [("table-sum-mismatch", "t3-after"), ("table-sum-mismatch", "t3-review")]
    else:
        assert _table_findings(pdf) == []


def test_pdf_locations_are_page_and_line():
    r = run_cli("check", str(REPORTS / "洪泽区_2023.pdf"))
    out = r.stdout.decode()
    assert "洪泽区_2023.pdf:第" in out and "页第" in out
    import json

    doc = json.loads(run_cli("check", "-f", "json", str(REPORTS / "洪泽区_2023.pdf")).stdout)
    sums = [d for d in doc["files"][0]["diagnostics"] if d["rule"] == "table-sum-mismatch"]
    assert all(set(d["location"]) == {"page", "line"} for d in sums)


def test_scanned_pdf_is_never_clean():
    r = run_cli("check", str(FIXTURES / "scan.pdf"))
    assert r.returncode == 1
    assert "no-text-layer" in r.stdout.decode()


def test_without_the_pdf_extra(tmp_path):
    """pypdf absent: a one-line install hint, exit 2 for the PDF, the other files still linted."""
    code = ("import sys; sys.modules['pypdf'] = None; from govlint.cli import main; "
            f"sys.argv = ['govlint', 'check', '-f', 'concise', {str(REPORTS / '洪泽区_2024.pdf')!r}, "
            f"{str(FIXTURES / 'mini.txt')!r}]; main()")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, env={"NO_COLOR": "1", "PATH": ""})
    err = r.stderr.decode().strip().splitlines()
    assert r.returncode == 2
    assert err == [f"govlint: 错误：{REPORTS / '洪泽区_2024.pdf'}: 读取 PDF 需要 pypdf（govlint 的依赖，安装不完整？）：pip install pypdf"]
    assert "Traceback" not in r.stderr.decode()


def test_help_does_not_import_the_heavy_back_ends():
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "govlint", "--help"], capture_output=True)
    assert r.returncode == 0
    imported = {line.split("|")[-1].strip().split(".")[0] for line in r.stderr.decode().splitlines() if "|" in line}
    assert not imported & {"docx", "pypdf", "lxml", "rich", "rapidfuzz", "opencc"}
