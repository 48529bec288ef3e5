"""--roster: the agencies an office oversees against the reports of a run: who has not reported,
and which reports are of agencies not on the roster."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES, ROOT, run_cli


@pytest.fixture
def office(tmp_path):
    folder = tmp_path / "年报"
    folder.mkdir()
    shutil.copy(FIXTURES / "reports" / "洪泽区_2024.txt", folder / "洪泽区.txt")  # 淮安市洪泽区人民政府
    shutil.copy(ROOT / "examples" / "clean-gov-2021.md", folder / "农业农村局.md")  # 梧桐县农业农村局
    roster = tmp_path / "名单.csv"
    roster.write_text("机关,联系人\n洪泽区人民政府,张三\n洪泽区财政局,李四\n洪泽区教育局,王五\n", encoding="utf-8")
    return folder, roster


def test_the_summary_names_who_has_not_reported_and_the_stranger(office):
    folder, roster = office
    proc = run_cli("check", "--no-config", "--no-cache", "--roster", str(roster), str(folder))
    tail = proc.stdout.decode().strip().splitlines()[-2:]
    assert tail == [f"名单 {roster} 中 2 个机关（共 3 个）没有报告：洪泽区财政局、洪泽区教育局",
                    f"不在名单中的报告：{folder / '农业农村局.md'}（梧桐县农业农村局）"]
    doc = json.loads(run_cli("check", "--no-config", "--no-cache", "-f", "json", "--roster", str(roster), str(folder)).stdout)
    assert doc["roster"] == {"roster": str(roster), "agencies": 3, "missing": ["洪泽区财政局", "洪泽区教育局"],
                             "not_on_roster": [{"path": str(folder / "农业农村局.md"), "agency": "梧桐县农业农村局"}]}


def test_a_plain_list_and_the_xlsx_sheet(office, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    folder, _ = office
    roster = tmp_path / "名单.txt"
    roster.write_text("# 所辖机关\n洪泽区人民政府\n\n梧桐县农业农村局\n", encoding="utf-8")
    out = tmp_path / "汇总.xlsx"
    run_cli("check", "--no-config", "--no-cache", "-f", "xlsx", "-o", str(out), "--roster", str(roster), str(folder))
    sheet = openpyxl.load_workbook(out)["名单核对"]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [["机关", "情况", "文件"]]  # everyone reported
    text = run_cli("check", "--no-config", "--no-cache", "--roster", str(roster), str(folder)).stdout.decode()
    assert f"名单 {roster}：2 个机关都有报告。" in text


def test_an_unreadable_or_empty_roster_is_one_line_and_exit_2(tmp_path, office):
    folder, _ = office
    empty = tmp_path / "空.csv"
    empty.write_text("机关,联系人\n", encoding="utf-8")
    for path, says in ((tmp_path / "无.csv", "无法读取名单"), (empty, "名单中没有机关名称")):
        proc = run_cli("check", "--no-config", "--no-cache", "--roster", str(path), str(folder))
        assert proc.returncode == 2
        (line,) = proc.stderr.decode().strip().splitlines()
        assert line.startswith(f"govlint: 错误：{path}: {says}")


def test_the_roster_named_in_the_configuration(office, tmp_path):
    folder, roster = office
    (tmp_path / ".govlint.yaml").write_text(f"roster: {roster.name}\n", encoding="utf-8")
    proc = run_cli("check", "--no-cache", str(folder), cwd=tmp_path)
    assert f"名单 {roster.resolve()} 中 2 个机关（共 3 个）没有报告：洪泽区财政局、洪泽区教育局" in proc.stdout.decode()
