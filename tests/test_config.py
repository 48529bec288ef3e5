"""Configuration, inline suppressions, batch runs and the Python API."""

from __future__ import annotations

import json
import textwrap

import pytest

from conftest import FIXTURES, SEEDS, run_cli


def _broken(text: str) -> str:  # two findings: a nonstandard heading (line 5) and 20×× (line 4)
    return text.replace("二、政府信息公开的组织领导和制度建设情况", "二、组织领导和制度建设情况").replace(
        "2017年，我局认真贯彻落实", "20××年，我局认真贯彻落实")


@pytest.fixture
def repo(tmp_path):
    """A documents repository: two folders of drafts and a .govlint.yaml."""
    text = _broken((FIXTURES / "mini.txt").read_text(encoding="utf-8"))
    for folder in ("区县", "市直"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "报告.txt").write_text(text, encoding="utf-8")
    (tmp_path / "归档").mkdir()
    (tmp_path / "归档" / "旧.txt").write_text(text, encoding="utf-8")
    (tmp_path / ".govlint.yaml").write_text(textwrap.dedent("""\
        pack: twelve-section
        exclude: ["归档/**"]
        overrides:
          - files: ["区县/**"]
            ignore: [nonstandard-heading]
        """), encoding="utf-8")
    return tmp_path


def _rules_by_file(stdout: bytes) -> dict:
    doc = json.loads(stdout)
    return {f["path"].replace("\\\\", "/").split("/", )[-2] + "/" + f["path"].split("/")[-1]:
            sorted((d["rule"], d["line"]) for d in f["diagnostics"]) for f in doc["files"]}


def test_ignore_for_one_glob_only(repo):
    r = run_cli("check", "-f", "json", ".", cwd=repo)
    got = _rules_by_file(r.stdout)
    assert got == {"区县/报告.txt": [("unfilled-placeholder", 4)],
                   "市直/报告.txt": [("nonstandard-heading", 5), ("unfilled-placeholder", 4)]}  # 归档 excluded


def test_same_findings_named_walked_or_from_a_list(repo):
    walked = _rules_by_file(run_cli("check", "-f", "json", ".", cwd=repo).stdout)
    named = _rules_by_file(run_cli("check", "-f", "json", "区县/报告.txt", "市直/报告.txt", cwd=repo).stdout)
    (repo / "changed.txt").write_text("区县/报告.txt\n市直/报告.txt\n归档/旧.txt\n", encoding="utf-8")
    listed = _rules_by_file(run_cli("check", "-f", "json", "--files-from", "changed.txt", cwd=repo).stdout)
    piped = _rules_by_file(run_cli("check", "-f", "json", "--files-from", "-", cwd=repo,
                                   input="区县/报告.txt\n市直/报告.txt\n".encode()).stdout)
    assert walked == named == listed == piped


def test_config_errors_name_file_and_line(repo):
    (repo / ".govlint.yaml").write_text("pack: twelve-section\nignroe: [GL104]\n", encoding="utf-8")
    r = run_cli("check", ".", cwd=repo)
    assert r.returncode == 2
    assert f"{repo / '.govlint.yaml'}:2: 未知的键“ignroe”" in r.stderr.decode()
    (repo / ".govlint.yaml").write_text("severity:\n  nonstandard-heading: loud\n", encoding="utf-8")
    r = run_cli("check", ".", cwd=repo)
    assert r.returncode == 2 and ":2: “severity.nonstandard-heading”应为 error、warning 或 info" in r.stderr.decode()
    (repo / ".govlint.yaml").write_text("ignore: [no-such-rule]\n", encoding="utf-8")
    assert "没有名为或以“no-such-rule”开头的规则" in run_cli("check", ".", cwd=repo).stderr.decode()


def test_pyproject_section_and_severity_override(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.govlint]\npack = "twelve-section"\n'
                                            '[tool.govlint.severity]\nnonstandard-heading = "error"\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(_broken((FIXTURES / "mini.txt").read_text(encoding="utf-8")), encoding="utf-8")
    doc = json.loads(run_cli("check", "-f", "json", "r.txt", cwd=tmp_path).stdout)
    sev = {d["rule"]: d["severity"] for d in doc["files"][0]["diagnostics"]}
    assert sev["nonstandard-heading"] == "error"


def test_select_and_ignore_on_the_command_line(repo):
    r = run_cli("check", "-f", "json", "--no-config", "--pack", "twelve-section", "--select", "GL5", "市直/报告.txt", cwd=repo)
    assert [d["rule"] for d in json.loads(r.stdout)["files"][0]["diagnostics"]] == ["unfilled-placeholder"]
    r = run_cli("check", "-f", "json", "--ignore", "unfilled-placeholder,GL104", "市直/报告.txt", cwd=repo)
    assert json.loads(r.stdout)["files"][0]["diagnostics"] == []


def test_config_command_shows_where_values_come_from(repo):
    out = run_cli("config", "区县/报告.txt", cwd=repo).stdout.decode()
    assert "pack         twelve-section" in out and str(repo / ".govlint.yaml") in out
    assert "nonstandard-heading" in out and "overrides 第1项" in out


# ---------------------------------------------------------------- inline suppressions

@pytest.mark.parametrize("fmt,before,after", [
    ("md", "<!-- govlint-disable-next-line nonstandard-heading -->", ""),
    ("md", "<!-- govlint-disable GL104 -->", "<!-- govlint-enable GL104 -->"),
    ("md", "<!-- govlint-disable-file nonstandard-heading -->", ""),
    ("txt", "govlint: disable-next-line=nonstandard-heading", ""),
    ("txt", "govlint: disable=nonstandard-heading", "govlint: enable=nonstandard-heading"),
])
def test_inline_suppression(tmp_path, fmt, before, after):
    lines = _broken((FIXTURES / "mini.txt").read_text(encoding="utf-8")).split("\n")
    i = next(n for n, l in enumerate(lines) if l.startswith("二、组织领导"))
    lines[i:i + 2] = [before, lines[i], lines[i + 1]] + ([after] if after else [])
    p = tmp_path / f"r.{fmt}"
    p.write_text("\n".join(lines), encoding="utf-8")
    doc = json.loads(run_cli("check", "-f", "json", "--pack", "twelve-section", str(p)).stdout)
    rules = [d["rule"] for d in doc["files"][0]["diagnostics"]]
    assert "nonstandard-heading" not in rules and "unfilled-placeholder" in rules
    assert "unused-suppression" not in rules


def test_a_suppression_that_suppresses_nothing_is_reported(tmp_path):
    text = (FIXTURES / "mini.txt").read_text(encoding="utf-8").replace(
        "一、概述\n", "govlint: disable-next-line=missing-contact\n一、概述\ngovlint: disable-next-line\n")
    p = tmp_path / "r.txt"
    p.write_text(text, encoding="utf-8")
    doc = json.loads(run_cli("check", "-f", "json", "--pack", "twelve-section", str(p)).stdout)
    unused = [(d["line"], d["severity"]) for d in doc["files"][0]["diagnostics"] if d["rule"] == "unused-suppression"]
    assert unused == [(3, "info"), (5, "info")]


# ---------------------------------------------------------------- batch runs and the API

def test_jobs_give_identical_output(tmp_path):
    files = [str(p) for p in sorted(SEEDS.glob("*.txt"))] + [str(FIXTURES / "mini.txt"), str(FIXTURES / "mini-2021.md"),
                                                             str(FIXTURES / "reports")]
    one = run_cli("check", "-f", "json", "--no-config", *files)
    two = run_cli("check", "-f", "json", "--no-config", "--jobs", "2", *files)
    assert one.stdout == two.stdout and one.returncode == two.returncode
    assert len(json.loads(one.stdout)["files"]) == 11


def test_output_file_and_statistics(tmp_path):
    out = tmp_path / "result.json"
    r = run_cli("check", "-f", "json", "-o", str(out), "--statistics", str(SEEDS / "000_56b036c0542a6238.txt"))
    assert r.stdout == b"" and json.loads(out.read_text(encoding="utf-8"))["summary"]["files"] == 1
    assert "missing-section" in r.stderr.decode()
    text = run_cli("check", "--statistics", str(SEEDS / "000_56b036c0542a6238.txt")).stdout.decode()
    assert "GL104  nonstandard-heading" in text


def test_python_api():
    import govlint

    diags = govlint.lint_file(str(SEEDS / "003_edff53855f6cc80f.txt"), use_config=False)
    assert ("empty-section", 20) in [(d.rule, d.line) for d in diags]
    text = (FIXTURES / "mini.txt").read_text(encoding="utf-8")
    assert govlint.lint_text(text, pack="twelve-section") == []
    assert [d.rule for d in govlint.lint_text(_broken(text), pack="twelve-section")] == ["unfilled-placeholder",
                                                                                          "nonstandard-heading"]


def test_previous_year_mapping_in_the_config(tmp_path):
    import re

    reports = FIXTURES / "reports"
    (tmp_path / "2023.txt").write_text((reports / "洪泽区_2023.txt").read_text(encoding="utf-8"), encoding="utf-8")
    text = (reports / "洪泽区_2024.txt").read_text(encoding="utf-8")
    (tmp_path / "2024.txt").write_text(re.sub(r"(上年结转政府信息公开申请数量\s+)0", r"\g<1>1", text, count=1),
                                       encoding="utf-8")
    plain = run_cli("check", "-f", "concise", "2024.txt", cwd=tmp_path).stdout.decode()
    assert "carryover-mismatch" not in plain
    (tmp_path / ".govlint.yaml").write_text('previous: {"2024.txt": "2023.txt"}\n', encoding="utf-8")
    mapped = run_cli("check", "-f", "concise", "2024.txt", cwd=tmp_path).stdout.decode()
    assert [l.split(":")[1] for l in mapped.splitlines() if "carryover-mismatch" in l] == ["96"]


def test_suppression_in_a_web_page_and_in_word(tmp_path):
    from docx_build import build

    lines = _broken((FIXTURES / "mini.txt").read_text(encoding="utf-8")).split("\n")
    html = ["<html><head><meta charset='utf-8'></head><body>"]
    for line in lines:
        if line.startswith("二、组织领导"):
            html.append("<!-- govlint-disable-next-line nonstandard-heading -->")
        html.append(f"<p>{line}</p>")
    html.append("</body></html>")
    (tmp_path / "r.html").write_text("\n".join(html), encoding="utf-8")
    paragraphs = []
    for line in lines:
        if line.startswith("二、组织领导"):
            paragraphs.append("govlint: disable-next-line=nonstandard-heading")
        paragraphs.append(line)
    (tmp_path / "r.docx").write_bytes(build(paragraphs))
    for name in ("r.html", "r.docx"):
        doc = json.loads(run_cli("check", "-f", "json", "--pack", "twelve-section", str(tmp_path / name)).stdout)
        rules = [d["rule"] for d in doc["files"][0]["diagnostics"]]
        assert "nonstandard-heading" not in rules and "unused-suppression" not in rules, name
        assert "unfilled-placeholder" in rules, name


def test_config_pyproject_without_a_govlint_section(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    r = run_cli("check", "--config", str(tmp_path / "pyproject.toml"), str(FIXTURES / "mini.txt"))
    assert r.returncode == 2 and "没有 [tool.govlint] 一节" in r.stderr.decode() and "Traceback" not in r.stderr.decode()
