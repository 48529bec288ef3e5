"""--fix, --unsafe-fixes and --diff, as a user runs them: on copies of every example and every
text fixture, in the file's own encoding and line breaks, and on Word drafts (into a copy, the
draft untouched, formatting kept, opened by LibreOffice)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import docx
import pytest
from conftest import FIXTURES, ROOT, run_cli
from docx_build import build

from govlint.checks import all_rules

TEXT_INPUTS = sorted([*FIXTURES.rglob("*.txt"), *FIXTURES.rglob("*.md"), *(ROOT / "examples").glob("*.txt"),
                      *(ROOT / "examples").glob("*.md")])


def _json(proc) -> dict:
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return json.loads(proc.stdout)


def _lint(path: Path) -> list[dict]:
    out = _json(run_cli("check", "--no-config", "--no-cache", "-f", "json", str(path)))
    return [d for f in out["files"] for d in f["diagnostics"]]


def _copy(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / src.name
    shutil.copyfile(src, dst)
    return dst


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("src", TEXT_INPUTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_fix_round_trip(src, tmp_path):
    """Safe fixes: every finding that had one is gone, no new finding of those rules appears,
    the rest of the findings stay; a file with nothing to fix is not written at all."""
    before = _lint(src)
    path = _copy(src, tmp_path)
    mtime = path.stat().st_mtime_ns
    proc = run_cli("check", "--no-config", "--no-cache", "--fix", "-f", "json", str(path))
    after = [d for f in _json(proc)["files"] for d in f["diagnostics"]]
    fixed = [d for d in before if d.get("fix") and d["fix"]["applicability"] == "safe"]
    if not fixed:
        assert path.read_bytes() == src.read_bytes() and path.stat().st_mtime_ns == mtime
        return
    kinds = {d["rule"] for d in fixed}
    assert not [d for d in after if d.get("fix") and d["fix"]["applicability"] == "safe"]
    left = Counter(d["rule"] for d in after if d["rule"] in kinds)
    unfixable = Counter(d["rule"] for d in before if d["rule"] in kinds and not d.get("fix"))
    assert left == unfixable, (left, unfixable)
    assert _lint(path) == after  # what --fix printed is what linting the fixed file says
    assert f"已修复 {len(fixed)} 个问题（1 个文件）" in proc.stderr.decode()


@pytest.mark.parametrize("src", TEXT_INPUTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_unsafe_fixes_round_trip_and_diff_applies_with_patch(src, tmp_path):
    """--unsafe-fixes too: no finding with a fix is left. --diff writes nothing and prints a diff
    that `patch -p0` applies to give the same bytes as --fix."""
    if not any(d.get("fix") for d in _lint(src)):
        pytest.skip("nothing to fix in this input")
    fixed_dir, patched_dir = tmp_path / "fixed", tmp_path / "patched"
    fixed_dir.mkdir()
    patched_dir.mkdir()
    fixed, patched = _copy(src, fixed_dir), _copy(src, patched_dir)
    before = _sha(patched)
    diff = run_cli("check", "--no-config", "--no-cache", "--diff", "--unsafe-fixes", patched.name, cwd=patched_dir)
    assert diff.returncode == 1, diff.stderr.decode()
    assert _sha(patched) == before  # --diff writes nothing
    assert diff.stdout.startswith(f"--- {patched.name}\n+++ {patched.name}\n".encode())
    subprocess.run(["patch", "-p0", "--quiet"], input=diff.stdout, cwd=patched_dir, check=True)
    proc = run_cli("check", "--no-config", "--no-cache", "--fix", "--unsafe-fixes", "-f", "json", str(fixed))
    after = [d for f in _json(proc)["files"] for d in f["diagnostics"]]
    assert not [d for d in after if d.get("fix")], [d["rule"] for d in after if d.get("fix")]
    assert patched.read_bytes() == fixed.read_bytes()
    again = run_cli("check", "--no-config", "--no-cache", "--diff", "--unsafe-fixes", str(fixed))
    assert again.returncode == 0 and again.stdout == b""  # nothing left to fix


MINI = (FIXTURES / "mini.txt").read_text(encoding="utf-8")
STALE = MINI.replace("二、政府信息公开的组织领导和制度建设情况", "二、组织领导和制度建设情况").replace(
    "自2017年1月1日起至2017年12月31日止", "自2016年1月1日起至2016年12月31日止")


@pytest.mark.parametrize("encoding,newline", [("gb18030", "\r\n"), ("utf-8-sig", "\n"), ("utf-16", "\r\n"), ("utf-8", "\r")])
def test_fix_keeps_the_file_encoding_and_line_breaks(tmp_path, encoding, newline):
    path = tmp_path / "报告.txt"
    path.write_bytes(STALE.replace("\n", newline).encode(encoding))
    proc = run_cli("check", "--no-config", "--no-cache", "--fix", "--unsafe-fixes", str(path))
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    want = MINI.replace("\n", newline).encode(encoding)
    assert path.read_bytes() == want


def test_fix_keeps_file_permissions(tmp_path):
    path = tmp_path / "报告.md"
    path.write_text(STALE, encoding="utf-8")
    path.chmod(0o640)
    run_cli("check", "--no-config", "--no-cache", "--fix", "--unsafe-fixes", str(path))
    assert path.read_text(encoding="utf-8") == MINI
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["报告.md"]  # no temporary file left


def test_diff_of_a_file_with_a_byte_order_mark_starts_with_its_header(tmp_path):
    path = tmp_path / "报告.txt"
    path.write_bytes(STALE.encode("utf-8-sig"))
    proc = run_cli("check", "--no-config", "--no-cache", "--diff", "报告.txt", cwd=tmp_path)
    assert proc.stdout.startswith("--- 报告.txt\n".encode())
    subprocess.run(["patch", "-p0", "--quiet"], input=proc.stdout, cwd=tmp_path, check=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") and "统计期限自2017年1月1日" in path.read_text(encoding="utf-8-sig")


def test_unsafe_fixes_need_the_flag(tmp_path):
    """A missing section is inserted only with --unsafe-fixes; --fix alone says how."""
    lines = MINI.split("\n")
    del lines[18:20]  # section 九 and its body
    path = tmp_path / "报告.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    proc = run_cli("check", "--no-config", "--no-cache", "--fix", str(path))
    assert "九、政府信息公开保密审查" not in path.read_text(encoding="utf-8")
    out = proc.stdout.decode()
    assert "可修复：在下一部分的标题之前插入缺少部分的标题和一行待填写的提示（--fix --unsafe-fixes）" in out
    assert "1 个可用 --fix --unsafe-fixes 插入待填写的内容" in out
    proc = run_cli("check", "--no-config", "--no-cache", "--fix", "--unsafe-fixes", "-f", "concise", str(path))
    text = path.read_text(encoding="utf-8")
    assert "九、政府信息公开保密审查及监督检查情况\n【请填写本部分内容】\n十、" in text
    # what is left is the prompt to fill in, said as such
    assert proc.stdout.decode().splitlines() == [
        f"{path}:20:1: error[unfilled-placeholder] 未填写的占位内容“【请填写本部分内容】”（模板提示语）"]


def test_fix_standard_input_and_other_formats(tmp_path):
    for named in ([], ["--stdin-filename", "报告.txt"]):
        proc = run_cli("check", "--no-config", "--no-cache", "--fix", *named, "-", input=STALE.encode())
        assert "标准输入的内容不能就地修复，请用 --diff 查看改动" in proc.stderr.decode()
    proc = run_cli("check", "--no-config", "--no-cache", "--diff", "--stdin-filename", "报告.txt", "-", input=STALE.encode())
    assert proc.returncode == 1
    assert "本报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。" in proc.stdout.decode().split("\n+", 1)[1]
    page = tmp_path / "报告.html"
    page.write_text("<html><body>" + "".join(f"<p>{l}</p>" for l in STALE.split("\n")) + "</body></html>",
                    encoding="utf-8")
    before = _sha(page)
    proc = run_cli("check", "--no-config", "--no-cache", "--fix", str(page))
    assert "1 个文件（.html）不能自动修复：只修复 .txt、.md 和 Word 文件（Word 文件写入副本）" in proc.stderr.decode()
    assert _sha(page) == before and sorted(p.name for p in tmp_path.iterdir()) == ["报告.html"]


# ----------------------------------------------------------------------------- Word


def _word_draft(tmp_path: Path, auto_numbering: bool = False) -> Path:
    lines = [l for l in STALE.split("\n") if l]
    del lines[18:20]  # section 九 and its body
    document = docx.Document(io.BytesIO(build(lines, auto_numbering=auto_numbering)))
    for p in document.paragraphs:  # the headings bold, as a clerk sets them
        if p.text.endswith("情况") or p.text.endswith("附表"):
            for r in p.runs:
                r.bold = True
    path = tmp_path / "报告.docx"
    document.save(path)
    return path


def _paragraphs(path: Path) -> list:
    return docx.Document(str(path)).paragraphs


@pytest.mark.parametrize("auto_numbering", [False, True])
def test_docx_fixes_go_into_a_copy_keeping_formatting(tmp_path, auto_numbering):
    draft = _word_draft(tmp_path, auto_numbering)
    draft.chmod(0o644)
    before = _sha(draft)
    proc = run_cli("check", "--no-config", "--no-cache", "--fix", "--unsafe-fixes", "-f", "json", str(draft))
    assert _sha(draft) == before
    copy = tmp_path / "报告.fixed.govlint.docx"
    assert f"已写入修正后的副本 {copy}：3 处修复（原文件未改动）" in proc.stderr.decode()
    umask = os.umask(0)
    os.umask(umask)
    assert copy.stat().st_mode & 0o777 == 0o666 & ~umask  # a new file's permissions, not mkstemp's private ones
    out = _json(proc)
    assert [f["path"] for f in out["files"]] == [str(copy)]
    assert not [d for d in out["files"][0]["diagnostics"] if d.get("fix")]
    paragraphs = _paragraphs(copy)
    texts = [p.text for p in paragraphs]
    number = "" if auto_numbering else "二、"
    heading = next(p for p in paragraphs if p.text == f"{number}政府信息公开的组织领导和制度建设情况")
    assert all(r.bold for r in heading.runs if r.text)  # the words changed, the bold stayed
    assert any("统计期限自2017年1月1日起至2017年12月31日止" in t for t in texts)
    nine = texts.index(f"{'' if auto_numbering else '九、'}政府信息公开保密审查及监督检查情况")
    assert texts[nine + 1] == "【请填写本部分内容】"
    inserted, ten = paragraphs[nine], paragraphs[nine + 2]
    assert all(r.bold for r in inserted.runs if r.text)  # looks like the next heading
    if auto_numbering:  # numbered by Word as the heading after it is
        assert inserted._p.pPr.numPr is not None and ten._p.pPr.numPr is not None
    # the copy lints as the JSON said, and a second --fix has nothing to do
    again = run_cli("check", "--no-config", "--no-cache", "--diff", "--unsafe-fixes", str(copy))
    assert again.returncode == 0 and again.stdout == b""


WORD_INPUTS = sorted(FIXTURES.rglob("*.docx"))


def _unfixed(diagnostics: list[dict]) -> Counter:
    """The findings without a fix; not the reminder on the prompt a missing section's fix writes
    under its heading (“【请填写本部分内容】”, to be filled in by the writer)."""
    from govlint.checks.structure import PROMPT

    return Counter((d["rule"], d["message"]) for d in diagnostics
                   if not d.get("fix") and not (d["rule"] == "unfilled-placeholder" and PROMPT in d["message"]))


@pytest.mark.parametrize("src", WORD_INPUTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_fix_round_trip_on_word_fixtures(src, tmp_path):
    """Every Word fixture: the fixes go into the copy, the fixture's bytes stay, the copy has no
    finding with a fix left and the same findings otherwise (nothing new, nothing lost)."""
    before = _lint(src)
    draft = _copy(src, tmp_path)
    proc = run_cli("check", "--no-config", "--no-cache", "--fix", "--unsafe-fixes", "-f", "json", str(draft))
    assert draft.read_bytes() == src.read_bytes()
    copy = tmp_path / f"{src.stem}.fixed.govlint.docx"
    if not any(d.get("fix") for d in before):
        assert not copy.exists()
        return
    after = [d for f in _json(proc)["files"] for d in f["diagnostics"]]
    assert not [d for d in after if d.get("fix")]
    assert _unfixed(after) == _unfixed(before)
    assert [d["rule"] for d in after] == [d["rule"] for d in _lint(copy)]


OFFICE_INPUTS = [FIXTURES / "office" / name for name in ("draft.doc", "draft.odt", "draft.rtf", "draft-breaks.wps")]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("src", OFFICE_INPUTS, ids=lambda p: p.name)
def test_fix_round_trip_on_other_word_formats(src, tmp_path):
    """.doc, .odt, .rtf, .wps: converted by LibreOffice, fixed into 报告-doc.fixed.govlint.docx,
    the draft untouched, no fix left in the copy."""
    draft = _copy(src, tmp_path)
    proc = run_cli("check", "--no-config", "--no-cache", "--fix", "--unsafe-fixes", "-f", "json", str(draft))
    assert draft.read_bytes() == src.read_bytes()
    ext = src.suffix.lstrip(".")
    copy = tmp_path / f"{src.stem}-{ext}.fixed.govlint.docx"
    assert f"已写入修正后的副本 {copy}" in proc.stderr.decode()
    after = [d for f in _json(proc)["files"] for d in f["diagnostics"]]
    assert not [d for d in after if d.get("fix")]
    assert "一、总体情况" in [p.text for p in _paragraphs(copy)]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_fixed_copy(tmp_path):
    draft = _word_draft(tmp_path)
    run_cli("check", "--no-config", "--no-cache", "--fix", "--unsafe-fixes", str(draft))
    copy = tmp_path / "报告.fixed.govlint.docx"
    out = tmp_path / "out"
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(out), str(copy)],
                   check=True, capture_output=True, timeout=180)
    text = (out / "报告.fixed.govlint.txt").read_text(encoding="utf-8-sig")
    assert "二、政府信息公开的组织领导和制度建设情况" in text
    assert "九、政府信息公开保密审查及监督检查情况\n【请填写本部分内容】\n十、" in text.replace("\r\n", "\n")


def test_a_fixed_copy_is_skipped_in_a_folder_and_fixing_it_writes_over_itself(tmp_path):
    draft = _word_draft(tmp_path)
    run_cli("check", "--no-config", "--no-cache", "--fix", str(draft))
    copy = tmp_path / "报告.fixed.govlint.docx"
    assert copy.exists()
    out = _json(run_cli("check", "--no-config", "--no-cache", "-f", "json", str(tmp_path)))
    assert [Path(f["path"]).name for f in out["files"]] == ["报告.docx"]
    run_cli("check", "--no-config", "--no-cache", "--fix", "--unsafe-fixes", str(copy))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.docx", "报告.fixed.govlint.docx"]


def test_explain_and_rules_say_which_rules_fix():
    out = run_cli("explain", "nonstandard-heading").stdout.decode()
    assert "自动修复（--fix）：把标题改为规范写法，保留原来的序号。" in out
    out = run_cli("explain", "missing-section", "--lang", "en").stdout.decode()
    assert "Automatic fix with --fix --unsafe-fixes: insert the missing section's heading" in out
    assert "自动修复" not in run_cli("explain", "table-sum-mismatch").stdout.decode()
    rows = {line.split()[1]: line.split()[4] for line in run_cli("rules").stdout.decode().splitlines()}
    assert rows["nonstandard-heading"] == "可修复" and rows["missing-section"] == "可插入"
    assert rows["table-sum-mismatch"] == "-"
    assert {r.id for r in all_rules() if r.fixable} == {  # the rules that fix, each with its YAML fix case
        "nonstandard-heading", "missing-section", "period-year-mismatch", "missing-statistics-period",
        "unfilled-placeholder", "missing-contact"}
