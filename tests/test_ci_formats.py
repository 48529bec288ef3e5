"""CI output that points at the right place: the place in words for Word and PDF documents,
paths relative to the working directory, JUnit by --fail-level, GitLab Code Quality, and the
GitHub Actions step summary.

The reports: ``draft.docx`` has a heading warning in paragraph 3, a table-sum error in table 2,
row 30, column 8 (its line 295) and a placeholder error in paragraph 377; ``draft.pdf`` is the
same draft printed (page 1 line 7, page 3 line 4, page 3 line 50); ``scan.pdf`` has no text
layer (one error about the whole file); ``broken-twelve-section.txt`` has 3 errors, 5 warnings and
1 notice, among them ``××局`` unfilled at line 9, columns 42 to 45.
"""

from __future__ import annotations

import hashlib
import io
import json
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli
from govlint.diagnostics import Diagnostic, Location, Severity
from govlint.formatters import RunInfo, ci_path, get
from govlint.formatters.summary import MAX_ROWS, step_summary
from govlint.results import FileResult

DOCX = "tests/fixtures/word/draft.docx"
PDF = "tests/fixtures/word/draft.pdf"
SCAN = "tests/fixtures/scan.pdf"
BROKEN = "examples/broken-twelve-section.txt"
EXAMPLES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").iterdir() if p.is_file())
MISSING = "tests/fixtures/no-such-report.txt"
ALL = (*EXAMPLES, DOCX, PDF, SCAN)


@lru_cache(maxsize=None)
def _check(fmt: str, paths: tuple[str, ...], extra: tuple[str, ...] = (), absolute: bool = True) -> tuple[str, int]:
    """``govlint check -f fmt`` from the repository's top, the paths given absolute (as a CI job's
    script may) unless ``absolute`` is false."""
    args = [str(ROOT / p) if absolute else p for p in paths]
    r = run_cli("check", "--no-config", "-f", fmt, *extra, *args, cwd=ROOT)
    assert r.returncode in (0, 1, 2), r.stderr.decode()
    return r.stdout.decode("utf-8"), r.returncode


def _validator(schema_path: Path, draft: str):
    jsonschema = pytest.importorskip("jsonschema")
    cls = getattr(jsonschema, draft)
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    cls.check_schema(schema)
    return cls(schema, format_checker=jsonschema.FormatChecker())


def _assert_valid(doc, schema_path: Path, draft: str) -> None:
    errors = sorted(_validator(schema_path, draft).iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


# --- paths ---------------------------------------------------------------------------------------

def test_ci_path_is_relative_under_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "年报").mkdir()
    assert ci_path(str(tmp_path / "年报" / "a.docx")) == "年报/a.docx"
    assert ci_path("./年报/a.docx") == "年报/a.docx"
    assert ci_path("年报/a.docx") == "年报/a.docx"
    assert ci_path("-") == "-"
    outside = str(tmp_path.parent / "elsewhere" / "b.txt")
    assert ci_path(outside) == outside  # outside the working directory: as given
    assert ci_path("../b.txt") == "../b.txt"


# --- sarif ---------------------------------------------------------------------------------------

def _sarif(*paths: str, extra: tuple[str, ...] = ()) -> dict:
    log = json.loads(_check("sarif", paths, extra)[0])
    _assert_valid(log, FIXTURES / "sarif-schema-2.1.0.json", "Draft4Validator")
    return log


def _results(log: dict, uri: str) -> list[dict]:
    return [r for r in log["runs"][0]["results"]
            if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri]


def test_sarif_of_examples_and_documents_validates_with_relative_uris():
    log = _sarif(*ALL)
    results = log["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {BROKEN, DOCX, PDF, SCAN}  # given absolute, written relative (the clean examples have none)
    for r in results:
        physical = r["locations"][0]["physicalLocation"]
        if physical["artifactLocation"]["uri"] == BROKEN:  # a text file: a text region, its line and column
            assert physical["region"]["startLine"] >= 1 and "logicalLocations" not in r["locations"][0]
        else:  # a document: no text region in a binary artifact (SARIF 2.1.0 §3.30.1)
            assert "region" not in physical
    (placeholder,) = [r for r in _results(log, BROKEN) if r["message"]["text"].startswith("未填写的占位内容“××局”")]
    assert placeholder["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 9, "startColumn": 42, "endLine": 9, "endColumn": 45}


def test_sarif_docx_finding_has_its_place_as_a_logical_location():
    docx = _results(_sarif(*ALL), DOCX)
    assert [(r["ruleId"], r["level"]) for r in docx] == [
        ("nonstandard-heading", "warning"), ("table-sum-mismatch", "error"), ("unfilled-placeholder", "error")]
    heading, table, placeholder = docx
    assert heading["message"]["text"] == "第3段：标题“一、总体工作情况”与规范写法不一致，应为“总体情况”"
    assert table["message"]["text"].startswith("表2 第30行第8列：勾稽关系“")
    assert table["locations"] == [{
        "physicalLocation": {"artifactLocation": {"uri": DOCX}},
        "logicalLocations": [{"name": "表2 第30行第8列", "fullyQualifiedName": "表2/第30行/第8列", "kind": "element"}],
        "message": {"text": "表2 第30行第8列"}}]
    assert table["properties"]["location"] == "表2 第30行第8列"
    assert table["properties"]["locationDetail"] == {"table": 2, "row": 30, "column": 8}
    assert placeholder["locations"][0]["logicalLocations"] == [
        {"name": "第377段", "fullyQualifiedName": "第377段", "kind": "element"}]
    assert placeholder["message"]["text"].startswith("第377段：未填写的占位内容“20××年”")


def test_sarif_pdf_places_and_a_finding_about_the_whole_file():
    log = _sarif(*ALL)
    pdf = _results(log, PDF)
    assert [r["locations"][0]["logicalLocations"][0] for r in pdf] == [
        {"name": "第1页第7行", "fullyQualifiedName": "第1页/第7行", "kind": "text"},
        {"name": "第3页第4行", "fullyQualifiedName": "第3页/第4行", "kind": "text"},
        {"name": "第3页第50行", "fullyQualifiedName": "第3页/第50行", "kind": "text"}]
    (scan,) = _results(log, SCAN)
    assert scan["ruleId"] == "no-text-layer"
    assert scan["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": SCAN}}}]
    assert scan["message"]["text"] == "这个 PDF 没有文字层（可能是扫描件或图片），无法检查其内容"


def test_sarif_places_in_english():
    table = _results(_sarif(DOCX, extra=("--lang", "en")), DOCX)[1]
    assert table["locations"][0]["logicalLocations"] == [
        {"name": "table 2, row 30, column 8", "fullyQualifiedName": "table 2/row 30/column 8", "kind": "element"}]
    assert table["message"]["text"].startswith("table 2, row 30, column 8: relation “")


def test_sarif_notification_names_the_file_relative():
    log = _sarif(MISSING, BROKEN)
    (note,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["message"]["text"] == f"{MISSING}: 文件或目录不存在"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == MISSING
    assert str(ROOT) not in json.dumps(log, ensure_ascii=False)  # no absolute path anywhere


# --- github --------------------------------------------------------------------------------------

def test_github_annotations_of_a_docx_carry_the_place_in_words_and_no_line():
    lines = _check("github", (DOCX, BROKEN, MISSING))[0].splitlines()
    docx = [line for line in lines if f"file={DOCX}," in line]
    assert docx[0] == ("::warning file=tests/fixtures/word/draft.docx,title=GL104 nonstandard-heading::"
                       "第3段：标题“一、总体工作情况”与规范写法不一致，应为“总体情况”")
    assert docx[1].startswith("::error file=tests/fixtures/word/draft.docx,title=GL405 table-sum-mismatch::"
                              "表2 第30行第8列：勾稽关系“")
    assert docx[2].startswith("::error file=tests/fixtures/word/draft.docx,title=GL501 unfilled-placeholder::"
                              "第377段：未填写的占位内容“20××年”")
    assert len(docx) == 3
    assert ("::error file=examples/broken-twelve-section.txt,line=9,col=42,endLine=9,endColumn=45,"
            "title=GL501 unfilled-placeholder::未填写的占位内容“××局”") in "\n".join(lines)
    assert f"::error file={MISSING}::文件或目录不存在" in lines
    assert str(ROOT) not in "\n".join(lines)


def test_github_annotations_of_a_pdf_in_english():
    lines = _check("github", (PDF,), ("--lang", "en"))[0].splitlines()
    assert [line.split("::")[2].split(":")[0] for line in lines] == ["page 1, line 7", "page 3, line 4",
                                                                     "page 3, line 50"]
    assert not any(",line=" in line for line in lines)


# --- junit ---------------------------------------------------------------------------------------

def _suite(fmt_extra: tuple[str, ...], *paths: str) -> tuple[ET.Element, int]:
    out, code = _check("junit", paths, fmt_extra)
    root = ET.fromstring(out.encode("utf-8"))
    (suite,) = root.findall("testsuite")
    return suite, code


def _tally(suite: ET.Element) -> tuple[int, int, int]:
    cases = suite.findall("testcase")
    return (sum(c.find("failure") is not None for c in cases), sum(c.find("system-out") is not None for c in cases),
            sum(len(c) == 0 for c in cases))


@pytest.mark.parametrize("level,failed,noted", [("error", 3, 6), ("warning", 8, 1), ("info", 9, 0)])
def test_junit_failures_follow_the_fail_level(level, failed, noted):
    suite, code = _suite(("--fail-level", level), BROKEN, "examples/clean-gov-2021.md")
    assert _tally(suite) == (failed, noted, 1)  # the clean report: one passing test case
    assert suite.get("failures") == str(failed) and suite.get("tests") == str(failed + noted + 1)
    assert code == 1  # the same threshold decides the exit code
    (placeholder,) = [c for c in suite.findall("testcase") if c.get("name") == "unfilled-placeholder L9"]
    assert placeholder.get("classname") == f"govlint.{BROKEN}"  # given absolute, written relative
    assert placeholder.find("failure").text.startswith(f"{BROKEN}:9:42: 错误 GL501 [unfilled-placeholder] ")


def test_junit_below_the_fail_level_is_a_passing_case_to_read():
    suite, code = _suite(("--select", "missing-contact"), BROKEN)
    assert code == 0 and _tally(suite) == (0, 1, 0)
    (case,) = suite.findall("testcase")
    assert case.get("name") == "missing-contact L4"
    assert case.find("system-out").text.startswith(f"{BROKEN}:4:3: 提示 GL301 [missing-contact] ")
    suite, code = _suite(("--select", "missing-contact", "--fail-level", "info"), BROKEN)
    assert code == 1 and _tally(suite) == (1, 0, 0)


def test_junit_docx_cases_are_named_by_the_place():
    suite, _ = _suite((), DOCX)
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {"nonstandard-heading 第3段", "table-sum-mismatch 表2 第30行第8列", "unfilled-placeholder 第377段"}
    failure = cases["unfilled-placeholder 第377段"].find("failure")
    assert failure.get("message").startswith("第377段：未填写的占位内容“20××年”")
    assert failure.text.startswith(f"{DOCX}:第377段: 错误 GL501 [unfilled-placeholder] ")
    assert cases["nonstandard-heading 第3段"].find("failure") is None  # a warning, below the default level


# --- gitlab --------------------------------------------------------------------------------------

def _gitlab(*paths: str, extra: tuple[str, ...] = (), absolute: bool = True) -> list[dict]:
    issues = json.loads(_check("gitlab", paths, extra, absolute)[0])
    _assert_valid(issues, FIXTURES / "gitlab-code-quality.schema.json", "Draft7Validator")
    return issues


def test_gitlab_schema_holds_what_the_documentation_says():
    validator = _validator(FIXTURES / "gitlab-code-quality.schema.json", "Draft7Validator")
    good = {"description": "d", "check_name": "c", "fingerprint": "f", "severity": "minor",
            "location": {"path": "lib/index.js", "lines": {"begin": 42}}}
    assert validator.is_valid([good])
    assert validator.is_valid([{**good, "location": {"path": "a.js", "positions": {"begin": {"line": 3}}}}])
    for path in ("/abs/a.js", "./a.js", "C:/a.js", "file:///a.js", "a\\b.js"):
        assert not validator.is_valid([{**good, "location": {"path": path, "lines": {"begin": 1}}}]), path
    assert not validator.is_valid([{**good, "severity": "error"}])
    assert not validator.is_valid([{**good, "location": {"path": "a.js"}}])
    assert not validator.is_valid([{k: v for k, v in good.items() if k != "fingerprint"}])
    assert not validator.is_valid(good)  # an array, not an object


def test_gitlab_report_has_the_documented_shape():
    issues = _gitlab(*ALL, MISSING)
    assert len(issues) == 9 + 3 + 3 + 1 + 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert {i["location"]["path"] for i in issues} == {BROKEN, DOCX, PDF, SCAN, MISSING}
    (placeholder,) = [i for i in issues if i["location"]["path"] == BROKEN and i["check_name"] == "unfilled-placeholder"
                      and "××局" in i["description"]]
    assert {k: placeholder[k] for k in ("check_name", "severity", "location")} == {
        "check_name": "unfilled-placeholder", "severity": "major",
        "location": {"path": BROKEN, "lines": {"begin": 9, "end": 9}}}
    severities = {i["check_name"]: i["severity"] for i in issues if i["location"]["path"] == BROKEN}
    assert severities["missing-contact"] == "info" and severities["nonstandard-heading"] == "minor"
    (table,) = [i for i in issues if i["location"]["path"] == DOCX and i["check_name"] == "table-sum-mismatch"]
    assert table["description"].startswith("表2 第30行第8列：勾稽关系“")
    assert table["location"] == {"path": DOCX, "lines": {"begin": 1, "end": 1}}  # a document has no lines to show
    (missing,) = [i for i in issues if i["location"]["path"] == MISSING]
    assert (missing["check_name"], missing["severity"], missing["description"]) == (
        "unreadable-file", "major", "文件或目录不存在")


def test_gitlab_fingerprints_are_stable_and_do_not_depend_on_how_the_path_was_given():
    relative = _check("gitlab", (BROKEN, DOCX), absolute=False)[0]
    assert relative == _check("gitlab", (BROKEN, DOCX))[0]  # the same report, the paths given either way
    (placeholder,) = [i for i in json.loads(relative) if "××局" in i["description"]]
    key = "\0".join([BROKEN, "unfilled-placeholder", "9", "42", placeholder["description"]])
    assert placeholder["fingerprint"] == hashlib.sha256(key.encode("utf-8")).hexdigest()


def test_gitlab_two_equal_findings_get_two_fingerprints():
    d = Diagnostic("unfilled-placeholder", "GL501", Severity.ERROR, "未填写", Location(3, 1, 3, 4))
    buf = io.StringIO()
    get("gitlab")(RunInfo(results=[FileResult(path="a.txt", format="txt", diagnostics=[d, d])]), buf)
    first, second = json.loads(buf.getvalue())
    assert first["fingerprint"] != second["fingerprint"]
    assert first["fingerprint"] == hashlib.sha256("a.txt\0unfilled-placeholder\x003\x001\0未填写".encode()).hexdigest()


# --- step summary --------------------------------------------------------------------------------

def test_step_summary_is_appended_and_changes_nothing_else(tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("## earlier step\n", encoding="utf-8")
    args = ("check", "--no-config", "-f", "concise", str(ROOT / BROKEN), str(ROOT / "examples/clean-gov-2021.md"),
            str(ROOT / DOCX), str(ROOT / MISSING))
    plain = run_cli(*args, cwd=ROOT)
    with_summary = run_cli(*args, cwd=ROOT, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert (with_summary.stdout, with_summary.stderr, with_summary.returncode) == (
        plain.stdout, plain.stderr, plain.returncode)
    assert summary.read_text(encoding="utf-8") == (
        "## earlier step\n"
        "### govlint：年度报告检查结果\n\n"
        "检查了 4 个文件：5 个错误，6 个警告，1 个提示，1 个文件无法读取。\n\n"
        "达到失败级别（错误）的问题：5 个。\n\n"
        "| 文件 | 错误 | 警告 | 提示 |\n"
        "| --- | ---: | ---: | ---: |\n"
        "| examples/broken-twelve-section.txt | 3 | 5 | 1 |\n"
        "| tests/fixtures/word/draft.docx | 2 | 1 | 0 |\n"
        "| tests/fixtures/no-such-report.txt（无法读取） | – | – | – |\n\n")


def test_step_summary_in_english_and_by_the_fail_level(tmp_path):
    summary = tmp_path / "summary.md"
    r = run_cli("check", "--no-config", "--lang", "en", "--select", "missing-contact", BROKEN, cwd=ROOT,
                env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert r.returncode == 0
    assert summary.read_text(encoding="utf-8") == (
        "### govlint: annual report check\n\n"
        "1 file(s) checked: 0 error(s), 0 warning(s), 1 info(s).\n\n"
        "No finding at or above the fail level (error).\n\n"
        "| File | Errors | Warnings | Infos |\n"
        "| --- | ---: | ---: | ---: |\n"
        "| examples/broken-twelve-section.txt | 0 | 0 | 1 |\n\n")


def test_step_summary_of_a_clean_run(tmp_path):
    summary = tmp_path / "summary.md"
    r = run_cli("check", "--no-config", "examples/clean-gov-2021.md", cwd=ROOT, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert r.returncode == 0
    assert summary.read_text(encoding="utf-8") == "### govlint：年度报告检查结果\n\n检查了 1 个文件，没有发现问题。\n\n"


def test_unwritable_step_summary_is_one_line_on_stderr(tmp_path):
    args = ("check", "--no-config", "-f", "concise", BROKEN)
    plain = run_cli(*args, cwd=ROOT)
    r = run_cli(*args, cwd=ROOT, env={"GITHUB_STEP_SUMMARY": str(tmp_path)})  # a directory
    assert (r.stdout, r.returncode) == (plain.stdout, plain.returncode) and r.returncode == 1
    err = r.stderr.decode("utf-8")
    assert err.startswith(f"govlint: 警告：无法写入 GITHUB_STEP_SUMMARY（{tmp_path}）：") and err.count("\n") == 1
    assert "Traceback" not in err


def test_no_step_summary_under_pre_commit(tmp_path):
    summary = tmp_path / "summary.md"
    run_cli("check", "--no-config", BROKEN, cwd=ROOT, env={"GITHUB_STEP_SUMMARY": str(summary), "PRE_COMMIT": "1"})
    assert not summary.exists()


def test_step_summary_table_is_capped_and_escaped():
    d = Diagnostic("unfilled-placeholder", "GL501", Severity.WARNING, "未填写", Location(1))
    results = [FileResult(path=f"年报/{i:02d}|草稿_*.txt", format="txt", diagnostics=[d])
               for i in range(MAX_ROWS + 5)]
    text = step_summary(RunInfo(results=results, fail_level=Severity.WARNING))
    rows = [line for line in text.splitlines() if line.startswith("| 年报/")]
    assert len(rows) == MAX_ROWS
    assert rows[0] == r"| 年报/00\|草稿\_\*.txt | 0 | 1 | 0 |"
    assert "达到失败级别（警告）的问题：35 个。" in text
    assert text.endswith("\n\n……另有 5 个文件未列出。\n\n")


def test_a_web_page_s_findings_have_its_line_and_no_column(tmp_path):
    """A minified page is one line of the file; govlint's columns count its text without the
    markup. SARIF and GitHub annotations give the line alone, never a column inside the tags."""
    text = (ROOT / BROKEN).read_text(encoding="utf-8").splitlines()
    page = tmp_path / "report.html"
    page.write_text("<html><head><meta charset='utf-8'></head><body>"
                    + "".join(f"<p>{line}</p>" for line in text if line.strip()) + "</body></html>", encoding="utf-8")
    log = json.loads(run_cli("check", "--no-config", "-f", "sarif", str(page), cwd=tmp_path).stdout)
    _assert_valid(log, FIXTURES / "sarif-schema-2.1.0.json", "Draft4Validator")
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in log["runs"][0]["results"]]
    assert regions and all(region == {"startLine": 1, "endLine": 1} for region in regions)
    lines = run_cli("check", "--no-config", "-f", "github", str(page), cwd=tmp_path).stdout.decode().splitlines()
    placeholder = [line for line in lines if "unfilled-placeholder" in line]
    assert placeholder and all(line.startswith("::error file=report.html,line=1,endLine=1,title=GL501") for line in placeholder)
    assert not any(",col=" in line for line in lines)
