"""govlint as a user runs it: a new process, real files, exit codes, output shapes."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from conftest import FIXTURES, ROOT, SEEDS, run_cli

ROOT_EXAMPLES = ROOT / "examples"


@pytest.fixture
def drafts(tmp_path):
    d = tmp_path / "drafts"
    d.mkdir()
    shutil.copy(FIXTURES / "mini.txt", d / "clean.txt")
    broken = (FIXTURES / "mini.txt").read_text(encoding="utf-8").replace("2017年，我局认真", "20××年，我局认真")
    (d / "broken.md").write_text(broken, encoding="utf-8")
    hidden = d / ".git"
    hidden.mkdir()
    (hidden / "old.txt").write_text("20××年", encoding="utf-8")
    (d / "notes.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    return d


def test_clean_file_exits_zero():
    r = run_cli("check", str(FIXTURES / "mini.txt"))
    assert r.returncode == 0, r.stdout.decode()
    assert "没有发现问题" in r.stdout.decode()


def test_findings_exit_one_and_text_has_location_frame_and_caret(drafts):
    r = run_cli("check", str(drafts / "broken.md"))
    out = r.stdout.decode()
    assert r.returncode == 1
    assert "GL501" in out and "[unfilled-placeholder]" in out
    assert f"{drafts / 'broken.md'}:4:1" in out
    assert "4 │ 20××年，我局认真贯彻落实" in out
    assert "  │ ^^^^^^" in out  # 20××年 is 2+2+2 columns... 2 ASCII + 2 wide × + 1 wide 年 = 2+4+2
    assert "检查了 1 个文件：1 个错误" in out


def test_directory_recursion_skips_hidden_and_unsupported(drafts):
    r = run_cli("check", "-f", "json", str(drafts))
    doc = json.loads(r.stdout)
    paths = [f["path"] for f in doc["files"]]
    assert [p.rsplit("/", 1)[-1] for p in paths] == ["broken.md", "clean.txt"]
    assert r.returncode == 1


def test_json_shape(drafts):
    r = run_cli("check", "-f", "json", str(drafts / "broken.md"))
    doc = json.loads(r.stdout)
    f = doc["files"][0]
    assert f["pack"] == "twelve-section" and f["report_year"] == 2017
    d = f["diagnostics"][0]
    assert {k: d[k] for k in ("rule", "severity", "line", "column")} == {
        "rule": "unfilled-placeholder", "severity": "error", "line": 4, "column": 1}
    assert d["code"] == "GL501" and d["message"] and d["suggestion"]
    assert doc["summary"] == {"files": 1, "errors": 1, "warnings": 0, "infos": 0, "unreadable": 0}


def test_stdin_with_name():
    data = (FIXTURES / "mini.txt").read_bytes().replace("2017年，我局认真".encode(), "20××年，我局认真".encode())
    r = run_cli("check", "-", "--stdin-filename", "草稿.txt", "-f", "concise", input=data)
    assert r.stdout.decode().startswith("草稿.txt:4:1: error[unfilled-placeholder]")
    assert r.returncode == 1


def test_stdin_gb18030():
    data = (FIXTURES / "mini.txt").read_text(encoding="utf-8").encode("gb18030")
    r = run_cli("check", "-", input=data)
    assert r.returncode == 0, r.stdout.decode() + r.stderr.decode()


def test_unreadable_file_exit_two_others_still_linted(tmp_path):
    missing = tmp_path / "nope.txt"
    r = run_cli("check", "-f", "concise", str(missing), str(SEEDS / "000_56b036c0542a6238.txt"))
    err = r.stderr.decode()
    assert r.returncode == 2
    assert err.strip().splitlines() == [f"govlint: 错误：{missing}: 文件或目录不存在"]
    assert "missing-section" in r.stdout.decode()
    assert "Traceback" not in err


def test_unsupported_and_binary_files(tmp_path):
    sheet = tmp_path / "统计表.xls"
    sheet.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    doc = tmp_path / "报告.doc"  # a Word file cut off after its signature
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    fake = tmp_path / "x.txt"
    fake.write_bytes(b"\x00\x01\x02\xff" * 100)
    r = run_cli("check", str(sheet), str(doc), str(fake))
    err = r.stderr.decode().strip().splitlines()
    assert r.returncode == 2
    assert len(err) == 3 and all(line.startswith("govlint: 错误：") for line in err)
    assert "不支持 .xls 文件（unsupported-format）：统计表请放入报告正文" in err[0]
    assert f"{doc}: 无法读取 .doc 文件" in err[1]
    assert "不是文本文件" in err[2]
    assert "Traceback" not in r.stderr.decode()


def test_fail_level(drafts):
    text = (FIXTURES / "mini.txt").read_text(encoding="utf-8").replace("围绕交通建设项目审批，公开项目信息12条。", "无")
    p = drafts / "warn.txt"
    p.write_text(text, encoding="utf-8")
    assert run_cli("check", str(p)).returncode == 0
    assert run_cli("check", "--fail-level", "warning", str(p)).returncode == 1


def test_input_files_are_never_written(drafts):
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in drafts.rglob("*") if p.is_file()}
    mtimes = {p: p.stat().st_mtime_ns for p in before}
    run_cli("check", "-f", "json", str(drafts))
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in before}
    assert before == after
    assert mtimes == {p: p.stat().st_mtime_ns for p in before}
    assert set(drafts.rglob("*")) == set(before) | {p for p in drafts.rglob("*") if p.is_dir()}


def test_bad_pack_names_file_and_line(tmp_path):
    src = (FIXTURES.parent.parent / "rules" / "twelve-section.yaml").read_text(encoding="utf-8")
    bad = src.replace("    allow_empty: true", "    allow_emtpy: true")
    p = tmp_path / "bad.yaml"
    p.write_text(bad, encoding="utf-8")
    line = next(i for i, l in enumerate(bad.splitlines(), 1) if l.startswith("    allow_emtpy: true"))
    r = run_cli("check", "--pack", str(p), str(FIXTURES / "mini.txt"))
    assert r.returncode == 2
    err = r.stderr.decode().strip()
    assert err.startswith(f"govlint: 错误：{p}:{line}: 未知的键“allow_emtpy”")
    assert len(err.splitlines()) == 1


def test_bad_pack_type(tmp_path):
    src = (FIXTURES.parent.parent / "rules" / "twelve-section.yaml").read_text(encoding="utf-8")
    p = tmp_path / "bad.yaml"
    p.write_text(src.replace("  threshold: 62 ", "  threshold: high "), encoding="utf-8")
    r = run_cli("check", "--pack", str(p), str(FIXTURES / "mini.txt"))
    assert r.returncode == 2 and "matching.threshold”应为数字" in r.stderr.decode()


def test_unknown_pack_name():
    r = run_cli("check", "--pack", "gov-1999", str(FIXTURES / "mini.txt"))
    assert r.returncode == 2 and "找不到规则包“gov-1999”" in r.stderr.decode()


def test_usage_error_exit_two():
    assert run_cli("check").returncode == 2
    assert run_cli("check", "--format", "nope", "x.txt").returncode == 2


def test_verbose_shows_scores():
    r = run_cli("check", "-v", str(SEEDS / "003_edff53855f6cc80f.txt"))
    out = r.stdout.decode()
    assert "标题匹配" in out and "一、概  述" in out and "匹配" in out and "100/62" in out


def test_explain_rules_packs_version():
    r = run_cli("explain", "missing-section")
    out = r.stdout.decode()
    assert r.returncode == 0 and "GL101" in out and "第三十二条" in out and "错误示例" in out
    assert run_cli("explain", "GL501").returncode == 0
    assert run_cli("explain", "no-such-rule").returncode == 2
    rules = run_cli("rules").stdout.decode()
    assert "missing-statistics-period" in rules and "GL203" in rules
    assert "twelve-section" in run_cli("packs").stdout.decode()
    assert run_cli("--version").stdout.decode().startswith("govlint ")


def test_english_messages():
    r = run_cli("check", "--lang", "en", "-f", "concise", str(SEEDS / "000_56b036c0542a6238.txt"))
    assert "missing section 12: “需要说明的事项与附表”" in r.stdout.decode()


def test_directory_without_reports_warns(tmp_path):
    (tmp_path / "a.xls").write_bytes(b"\xd0\xcf\x11\xe0")  # unsupported: skipped in a directory
    r = run_cli("check", str(tmp_path))
    assert r.returncode == 0
    assert r.stderr.decode().strip().startswith("govlint: 警告：没有找到可检查的文件")


@pytest.mark.parametrize("args,message", [
    (["check"], "govlint: 错误：缺少要检查的文件或目录（用 govlint check --help 查看用法）"),
    (["check", "--bogus", "x.txt"], "govlint: 错误：没有选项“--bogus”（用 govlint check --help 查看用法）"),
    (["check", "-f", "xml", "x.txt"], "govlint: 错误：--format 只能是 text、concise、json、jsonl、sarif、github、gitlab、junit、html、csv、xlsx（用 govlint check --help 查看用法）"),
])
def test_usage_errors_are_one_chinese_line(args, message):
    r = run_cli(*args)
    assert r.returncode == 2
    assert r.stderr.decode().strip() == message


def test_a_path_that_does_not_exist_says_so(tmp_path):
    r = run_cli("check", str(tmp_path / "seeds"))
    assert r.returncode == 2
    assert r.stderr.decode().strip() == f"govlint: 错误：{tmp_path / 'seeds'}: 文件或目录不存在"


def test_jobs_default_is_parallel_for_a_batch_with_the_same_output(tmp_path):
    """Without --jobs, 32 files or more are linted in worker processes (CPUs, at most 4); the
    output is the same as with --jobs 1, in the same order."""
    from govlint.runner import AUTO_JOBS_MIN_FILES

    folder = tmp_path / "batch"
    folder.mkdir()
    sources = [FIXTURES / "mini.txt", FIXTURES / "mini-2021.md", ROOT / "examples" / "broken-twelve-section.txt"]
    for i in range(AUTO_JOBS_MIN_FILES):
        src = sources[i % len(sources)]
        (folder / f"r{i:02d}{src.suffix}").write_bytes(src.read_bytes())
    default = run_cli("check", "-f", "json", "--no-config", "--no-cache", str(folder))
    serial = run_cli("check", "-f", "json", "--no-config", "--no-cache", "--jobs", "1", str(folder))
    assert default.returncode == serial.returncode == 1
    assert default.stdout == serial.stdout
    assert len(json.loads(default.stdout)["files"]) == AUTO_JOBS_MIN_FILES


def test_auto_jobs(monkeypatch):
    from govlint.runner import AUTO_JOBS_MAX, AUTO_JOBS_MIN_FILES, auto_jobs

    monkeypatch.delenv("PRE_COMMIT", raising=False)
    assert auto_jobs(AUTO_JOBS_MIN_FILES - 1) == 1
    assert 1 <= auto_jobs(AUTO_JOBS_MIN_FILES) <= AUTO_JOBS_MAX
    monkeypatch.setenv("PRE_COMMIT", "1")  # pre-commit runs hooks in parallel itself
    assert auto_jobs(1000) == 1


@pytest.mark.skipif(not hasattr(__import__("os"), "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_progress_bar_on_a_terminal_goes_to_stderr_only(tmp_path, jobs):
    """20 files or more with stderr on a terminal: a transient bar on stderr; stdout keeps only
    the report, byte for byte what it is without a terminal."""
    import os
    import pty
    import subprocess
    import sys

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(24):
        (folder / f"r{i:02d}.txt").write_bytes((FIXTURES / "mini.txt").read_bytes())
    args = [sys.executable, "-m", "govlint", "check", "-f", "json", "--no-config", "--no-cache", "--jobs", jobs,
            str(folder)]
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PRE_COMMIT", "GITHUB_ACTIONS")}
    master, slave = pty.openpty()
    out_file = tmp_path / "stdout"
    with open(out_file, "wb") as stdout:  # a file, not a pipe: the child never blocks on it
        proc = subprocess.Popen(args, stdout=stdout, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        seen += data
    proc.wait(timeout=120)
    os.close(master)
    out = out_file.read_bytes()
    assert "检查中" in seen.decode("utf-8", "replace")
    plain = run_cli("check", "-f", "json", "--no-config", "--no-cache", "--jobs", jobs, str(folder))
    assert out == plain.stdout


def test_explain_and_rules_show_what_a_pack_does_to_a_severity():
    """gov-2021 raises one of missing-required-content's requirements to an error; gov-2014 lowers
    nonstandard-heading to info: what is documented is what is emitted."""
    out = run_cli("explain", "missing-required-content", "--pack", "gov-2021").stdout.decode()
    assert "（默认级别：警告）" in out
    assert "规则包 gov-2021 中“一、总体情况：工作考核、社会评议和责任追究结果情况”：错误" in out
    plain = run_cli("explain", "missing-required-content").stdout.decode()
    assert "规则包" not in plain
    rules = run_cli("rules", "--pack", "gov-2014").stdout.decode()
    assert "规则包 gov-2014 把这条规则定为：提示" in rules.split("GL104")[1].split("GL105")[0]


def test_under_pre_commit_a_file_that_is_no_report_is_skipped_quietly(tmp_path):
    guide = tmp_path / "政府信息公开指南.md"
    guide.write_text("# 梧桐县农业农村局政府信息公开指南\n\n一、公开的主体\n本局办公室负责。\n", encoding="utf-8")
    plain = run_cli("check", "--no-config", "--no-cache", "-f", "concise", str(guide))
    assert "not-an-annual-report" in plain.stdout.decode()
    hook = run_cli("check", "--no-config", "--no-cache", "-f", "concise", str(guide), env={"PRE_COMMIT": "1"})
    assert hook.returncode == 0
    assert hook.stdout.decode() == "" and hook.stderr.decode() == ""


def test_quiet_prints_only_the_findings_and_qq_nothing(tmp_path):
    broken = ROOT_EXAMPLES / "broken-twelve-section.txt"
    full = run_cli("check", "--no-config", "--no-cache", str(broken)).stdout.decode()
    quiet = run_cli("check", "--no-config", "--no-cache", "-q", str(broken))
    out = quiet.stdout.decode()
    assert quiet.returncode == 1
    assert "检查了" not in out and "规则包" not in out and "梧桐县农业农村局 · 2017年度" not in out
    assert out.count("-->") == full.count("-->") > 0  # every finding, as in the full output
    qq = run_cli("check", "--no-config", "--no-cache", "-qq", str(broken), str(tmp_path / "missing.txt"))
    assert (qq.returncode, qq.stdout, qq.stderr) == (2, b"", b"")  # an unreadable file: exit 2, still silent
    clean = run_cli("check", "--no-config", "--no-cache", "-qq", str(ROOT_EXAMPLES / "clean-gov-2021.md"))
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, b"", b"")


def test_a_listed_name_too_long_for_the_system_is_one_line(tmp_path):
    """--files-from with a name longer than the system allows: one line for it, exit 2, no traceback."""
    listed = tmp_path / "list.txt"
    listed.write_text("甲" * 3000 + ".txt\n", encoding="utf-8")
    r = run_cli("check", "--files-from", str(listed), cwd=tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 2 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("govlint: 错误：甲甲")
