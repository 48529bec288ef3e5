"""--previous DIR: each report paired with last year's report of the same agency in the folder;
what was paired (and what was not) said; unrelated pairs never compared; a report copied from
last year found, real consecutive reports not."""

from __future__ import annotations

import json
import shutil

from conftest import FIXTURES, ROOT, run_cli

REPORTS = FIXTURES / "reports"


def _folders(tmp_path):
    last, this = tmp_path / "2023", tmp_path / "2024"
    last.mkdir()
    this.mkdir()
    shutil.copy(REPORTS / "洪泽区_2023.txt", last / "洪泽区.txt")
    shutil.copy(REPORTS / "洪泽区_2024.txt", this / "洪泽区政府.txt")
    shutil.copy(ROOT / "examples" / "clean-gov-2021.md", this / "梧桐县农业农村局.md")
    copied = (REPORTS / "洪泽区_2023.txt").read_text(encoding="utf-8").replace("2023", "2024").replace("2022", "2023")
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "洪泽区_抄.txt").write_text(copied, encoding="utf-8")
    return last, this


def _run(*args):
    proc = run_cli("check", "--no-config", "--no-cache", "-f", "json", *args)
    return {f["path"].rsplit("/", 1)[-1]: f for f in json.loads(proc.stdout)["files"]}, proc.stderr.decode()


def test_reports_are_paired_by_agency_and_the_unpaired_are_named(tmp_path):
    last, this = _folders(tmp_path)
    files, err = _run("--previous", str(last), str(this))
    assert files["洪泽区政府.txt"]["previous"] == {"path": str(last / "洪泽区.txt"), "matched_by": "agency"}
    assert files["梧桐县农业农村局.md"]["previous"] == {"path": None, "matched_by": "none"}
    assert err.strip().splitlines() == [
        "govlint: 1 份报告在上一年度的目录中没有找到同一机关的报告（梧桐县农业农村局.md），未做跨年度核对"]
    # the real consecutive pair: their rewritten sections are not called copies
    assert not [d for d in files["洪泽区政府.txt"]["diagnostics"] if d["rule"] in ("copied-from-previous", "previous-mismatch")]
    text = run_cli("check", "--no-config", "--no-cache", "--previous", str(last), str(this / "洪泽区政府.txt")).stdout.decode()
    assert f"上一年度：{last / '洪泽区.txt'}，按机关名称配对" in text


def test_a_report_copied_from_last_year_is_found_on_every_section(tmp_path):
    last, _ = _folders(tmp_path)
    files, _ = _run("--previous", str(last), str(tmp_path / "copy"))
    copied = [d for d in files["洪泽区_抄.txt"]["diagnostics"] if d["rule"] == "copied-from-previous"]
    assert [d["message"][:4] for d in copied] == ["第一部分", "第二部分", "第三部分", "第四部分", "第五部分", "第六部分"]
    assert all(d["data"]["similarity"] >= 98 for d in copied)


def test_an_unrelated_report_given_as_last_year_s_is_not_compared(tmp_path):
    _folders(tmp_path)
    files, _ = _run("--previous", str(REPORTS / "洪泽区_2023.txt"), str(ROOT / "examples" / "clean-gov-2021.md"))
    f = files["clean-gov-2021.md"]
    assert [d["rule"] for d in f["diagnostics"]] == ["previous-mismatch"]
    assert "机关不同" not in f["diagnostics"][0]["message"]  # the year is said first: 2023 is not 2024
    assert f["previous"]["matched_by"] == "given"


def test_last_year_s_folder_from_the_configuration(tmp_path):
    last, this = _folders(tmp_path)
    (tmp_path / ".govlint.yaml").write_text('previous_dir: "2023"\n', encoding="utf-8")
    proc = run_cli("check", "--no-cache", "-f", "json", str(this), cwd=tmp_path)
    files = {f["path"].rsplit("/", 1)[-1]: f for f in json.loads(proc.stdout)["files"]}
    assert files["洪泽区政府.txt"]["previous"] == {"path": str((last / "洪泽区.txt").resolve()), "matched_by": "agency"}
