"""-f csv and -f xlsx: one row per report for a reviewer's table (and one per finding with
--detail / the second sheet), read back by the csv module, openpyxl and LibreOffice."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SEEDS, run_cli

EXAMPLES = ROOT / "examples"
SOFFICE = shutil.which("soffice")
# LibreOffice Calc (libreoffice-calc-nogui): Writer alone cannot open a spreadsheet
CALC = SOFFICE and any((d / "libsclo.so").exists() for d in (Path("/usr/lib/libreoffice/program"),
                                                             Path(SOFFICE).resolve().parent))


def _folder(tmp_path):
    d = tmp_path / "年报"
    d.mkdir()
    for p in sorted(EXAMPLES.iterdir()):
        shutil.copy(p, d / p.name)
    shutil.copy(FIXTURES / "word" / "draft.docx", d / "交通局.docx")
    (d / "坏.pdf").write_bytes(b"%PDF-1.4 broken")
    return d


def _json(folder):
    proc = run_cli("check", "--no-config", "--no-cache", "-f", "json", str(folder))
    return {f["path"]: f for f in json.loads(proc.stdout)["files"]}


def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # Excel and WPS read the BOM as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_summary_has_one_row_per_report_with_the_run_s_counts(tmp_path):
    folder = _folder(tmp_path)
    proc = run_cli("check", "--no-config", "--no-cache", "-f", "csv", str(folder))
    rows = _csv(proc.stdout)
    assert rows[0][:11] == ["文件", "篇", "机关", "机关类型", "报告年度", "规则包", "是否年度报告", "错误", "警告", "提示", "问题规则"]
    assert rows[0][11:] == ["统计表已核对", "部分核对", "未核对", "没有", "发布日期", "无法读取"]
    by_path = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    expected = _json(folder)
    assert sorted(by_path) == sorted(expected)
    for path, f in expected.items():
        row = by_path[path]
        if f.get("error"):
            assert row["无法读取"] == f["error"] and row["错误"] == "0"
            continue
        for key, severity in (("错误", "error"), ("警告", "warning"), ("提示", "info")):
            assert int(row[key]) == sum(1 for d in f["diagnostics"] if d["severity"] == severity)
        assert row["问题规则"].split() == sorted({d["code"] for d in f["diagnostics"]})
        assert row["机关"] == f["agency"] and row["报告年度"] == str(f["report_year"]) and row["规则包"] == f["pack"]
        assert row["发布日期"] == (f["published"] or "")
        checked = sum(1 for t in f["tables"] if t["status"] in ("checked", "read"))
        assert int(row["统计表已核对"]) == checked
    docx = by_path[str(folder / "交通局.docx")]
    assert (docx["机关"], docx["机关类型"], docx["报告年度"], docx["问题规则"]) == ("青禾县交通运输局", "政府部门", "2023",
                                                                         "GL104 GL405 GL501")


def test_csv_detail_has_one_row_per_finding_with_its_place(tmp_path):
    folder = _folder(tmp_path)
    proc = run_cli("check", "--no-config", "--no-cache", "-f", "csv", "--detail", str(folder))
    rows = _csv(proc.stdout)
    assert rows[0] == ["文件", "篇", "机关", "报告年度", "行", "列", "位置", "级别", "代码", "规则", "问题", "建议"]
    expected = _json(folder)
    findings = sum(len(f["diagnostics"]) for f in expected.values()) + sum(1 for f in expected.values() if f.get("error"))
    assert len(rows) - 1 == findings
    cell = next(r for r in rows if r[9] == "table-sum-mismatch")
    assert (cell[4], cell[6], cell[7], cell[8]) == ("295", "表2 第30行第8列", "错误", "GL405")


def test_xlsx_has_both_sheets_with_numbers_as_numbers(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    folder = _folder(tmp_path)
    out = tmp_path / "汇总.xlsx"
    proc = run_cli("check", "--no-config", "--no-cache", "-f", "xlsx", "-o", str(out), str(folder))
    assert proc.returncode == 2  # the broken PDF; the table is written all the same
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "问题明细"]
    summary = [list(r) for r in book["汇总"].iter_rows(values_only=True)]
    from_csv = _csv(run_cli("check", "--no-config", "--no-cache", "-f", "csv", str(folder)).stdout)
    assert [[("" if v is None else str(v)) for v in r] for r in summary] == from_csv
    assert all(isinstance(r[7], int) for r in summary[1:])  # counts are numbers, not text
    detail = list(book["问题明细"].iter_rows(values_only=True))
    assert len(detail) - 1 == len(_csv(run_cli("check", "--no-config", "--no-cache", "-f", "csv", "--detail",
                                               str(folder)).stdout)) - 1
    assert book["汇总"].freeze_panes == "A2" and book["汇总"].auto_filter.ref


@pytest.mark.skipif(not CALC, reason="LibreOffice Calc is not installed")
def test_libreoffice_reads_the_xlsx_summary(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    out = tmp_path / "summary.xlsx"
    run_cli("check", "--no-config", "--no-cache", "-f", "xlsx", "-o", str(out), str(folder))
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path / "lo-out"),
                    str(out)], check=True, capture_output=True, timeout=180)
    office = list(csv.reader(io.StringIO((tmp_path / "lo-out" / "summary.csv").read_text(encoding="utf-8"))))
    ours = _csv(run_cli("check", "--no-config", "--no-cache", "-f", "csv", str(folder)).stdout)
    assert office == ours


def test_xlsx_without_o_goes_to_a_pipe_as_bytes():
    proc = run_cli("check", "--no-config", "-f", "xlsx", str(EXAMPLES))
    # not a terminal here: the bytes go to standard output, as with a pipe
    assert proc.stdout.startswith(b"PK\x03\x04")
