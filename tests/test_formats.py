"""The machine-readable and shareable output formats: jsonl, sarif, github, junit, html.

Each is checked as a user gets it (``govlint check -f NAME``, a new process, paths relative to the
working directory) and, the same assertions, through the formatter registry on the linter's
results. The JSON format is the reference the others are counted against.
"""

from __future__ import annotations

import io
import json
import os
import re
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import FIXTURES, ROOT, SEEDS, run_cli

MINI = "tests/fixtures/mini.txt"
SEED_PATHS = [f"tests/fixtures/seeds/{p.name}" for p in sorted(SEEDS.glob("*.txt"))]
HONGZE = "tests/fixtures/reports/洪泽区_2023.txt"
ALL = (MINI, *SEED_PATHS, HONGZE)
MISSING = "tests/fixtures/no-such-report.txt"
SCHEMA = FIXTURES / "sarif-schema-2.1.0.json"
SOURCES = ["cli", "api"]

assert len(SEED_PATHS) >= 5 and (ROOT / HONGZE).is_file()


@contextmanager
def _cwd(path: Path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


@lru_cache(maxsize=None)
def _produce(source: str, fmt: str, paths: tuple[str, ...], cwd: str) -> tuple[str, int | None, str]:
    if source == "cli":
        r = run_cli("check", "-f", fmt, *paths, cwd=Path(cwd))
        return r.stdout.decode("utf-8"), r.returncode, r.stderr.decode("utf-8", "replace")
    from govlint.formatters import RunInfo, get
    from govlint.linter import Linter

    with _cwd(Path(cwd)):
        linter = Linter()
        results = [linter.lint_path(p) for p in paths]
        buf = io.StringIO()
        get(fmt)(RunInfo(results=results), buf)
    return buf.getvalue(), None, ""


def output(source: str, fmt: str, *paths: str, cwd: Path = ROOT) -> str:
    out, code, err = _produce(source, fmt, tuple(paths), str(cwd))
    if source == "cli":
        if code == 2 and not out.strip() and "--format" in err:
            pytest.skip(f"the CLI does not offer -f {fmt} yet: {err.strip()}")
        assert code in (0, 1, 2), err
    return out


def reference(source: str, *paths: str, cwd: Path = ROOT) -> dict:
    return json.loads(output(source, "json", *paths, cwd=cwd))


def all_diags(doc: dict) -> list[tuple[str, dict]]:
    return [(f["path"], d) for f in doc["files"] for d in f["diagnostics"]]


def total(doc: dict) -> int:
    s = doc["summary"]
    return s["errors"] + s["warnings"] + s["infos"]


def find(doc: dict, path: str, code: str, line: int) -> dict:
    hits = [d for p, d in all_diags(doc) if p == path and d["code"] == code and d["line"] == line]
    assert len(hits) == 1, (path, code, line, hits)
    return hits[0]


@pytest.fixture(params=SOURCES)
def source(request) -> str:
    return request.param


def test_every_format_is_registered_and_offered_by_the_cli():
    from govlint.formatters import names

    for fmt in ("jsonl", "sarif", "github", "junit", "html"):
        assert fmt in names()
    r = run_cli("check", "--help")
    help_text = r.stdout.decode()
    missing = [f for f in ("jsonl", "sarif", "github", "junit", "html") if f not in help_text]
    if missing:
        pytest.skip(f"the CLI's -f choices do not list {missing} yet")


def test_reference_run_has_findings_of_every_severity(source):
    doc = reference(source, *ALL)
    s = doc["summary"]
    assert s["files"] == len(ALL) and s["unreadable"] == 0
    assert s["errors"] > 0 and s["warnings"] > 0 and s["infos"] > 0
    assert [f["path"] for f in doc["files"]] == list(ALL)
    assert doc["files"][0]["diagnostics"] == []  # mini.txt is clean


# --- jsonl ---------------------------------------------------------------------------------------

def test_jsonl_is_one_object_per_finding(source):
    doc = reference(source, *ALL)
    text = output(source, "jsonl", *ALL)
    lines = text.splitlines()
    assert text.endswith("\n") and all(lines)
    objs = [json.loads(line) for line in lines]
    assert len(objs) == len(all_diags(doc)) == total(doc)
    # the same findings, in the same order, each the JSON format's object plus its path
    assert objs == [{"path": p, **d} for p, d in all_diags(doc)]
    for o in objs:
        assert {"path", "rule", "code", "severity", "line", "column", "message"} <= set(o)
        assert "summary" not in o and "files" not in o
    hongze = [o for o in objs if o["path"] == HONGZE and o["code"] == "GL106"]
    assert len(hongze) == 1
    assert {k: hongze[0][k] for k in ("rule", "severity", "line", "column", "end_line", "end_column")} == {
        "rule": "missing-required-content", "severity": "error", "line": 11, "column": 4,
        "end_line": 11, "end_column": 10}
    assert "总体情况" in hongze[0]["message"]


def test_jsonl_unreadable_file_is_a_path_and_error_line(source):
    lines = output(source, "jsonl", MISSING, MINI).splitlines()
    assert [json.loads(line) for line in lines] == [{"path": MISSING, "error": "文件或目录不存在"}]


def test_jsonl_exit_codes_follow_the_findings():
    out, code, _ = _produce("cli", "jsonl", (MINI,), str(ROOT))
    if code == 2:
        pytest.skip("the CLI does not offer -f jsonl yet")
    assert code == 0 and out == ""
    assert _produce("cli", "jsonl", ALL, str(ROOT))[1] == 1
    assert _produce("cli", "jsonl", (MISSING, MINI), str(ROOT))[1] == 2


# --- sarif ---------------------------------------------------------------------------------------

def _validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def _assert_valid(log: dict) -> None:
    errors = sorted(_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_sarif_schema_fixture_is_the_official_2_1_0_schema():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    assert {"result", "region", "reportingDescriptor", "toolComponent", "invocation", "notification"} \
        <= set(schema["definitions"])


def test_sarif_validates_and_has_one_run_with_all_rules(source):
    from govlint import __version__
    from govlint.checks import all_rules

    log = json.loads(output(source, "sarif", *ALL))
    _assert_valid(log)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "govlint" and driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    rules = all_rules()
    assert [r["id"] for r in driver["rules"]] == [r.id for r in rules]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for desc, rule in zip(driver["rules"], rules):
        assert desc["name"] == "".join(w.capitalize() for w in rule.id.split("-"))
        assert desc["shortDescription"] == {"text": rule.summary}
        assert desc["fullDescription"] == {"text": rule.rationale}
        assert desc["help"] == {"text": rule.fix}
        assert desc["defaultConfiguration"] == {"level": levels[rule.severity.label]}
        assert desc["properties"]["code"] == rule.code
    by_id = {r["id"]: r for r in driver["rules"]}
    assert by_id["missing-section"]["name"] == "MissingSection"
    assert run["invocations"][0]["executionSuccessful"] is True
    assert not run["invocations"][0].get("toolExecutionNotifications")


def test_sarif_results_match_the_json_findings(source):
    doc = reference(source, *ALL)
    log = json.loads(output(source, "sarif", *ALL))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == total(doc)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for res, (path, d) in zip(results, all_diags(doc)):
        assert res["ruleId"] == d["rule"] and rules[res["ruleIndex"]]["id"] == d["rule"]
        assert res["level"] == levels[d["severity"]]
        assert res["message"]["text"] == d["message"]
        (loc,) = res["locations"]
        uri = loc["physicalLocation"]["artifactLocation"]["uri"]
        assert "\\" not in uri and not uri.startswith("/") and ":" not in uri
        assert unquote(uri) == path
        region = loc["physicalLocation"]["region"]
        assert region["startLine"] == d["line"] and region["startColumn"] == d["column"]
        assert region["endLine"] == d["end_line"]
        assert region.get("endColumn") == d["end_column"]
        if d["suggestion"]:
            assert res["properties"]["suggestion"] == d["suggestion"]
    counts = {lvl: sum(1 for r in results if r["level"] == lvl) for lvl in ("error", "warning", "note")}
    s = doc["summary"]
    assert counts == {"error": s["errors"], "warning": s["warnings"], "note": s["infos"]}
    # one known finding, exactly
    (hz,) = [r for r in results if r["ruleId"] == "missing-required-content"
             and unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) == HONGZE]
    assert hz["level"] == "error"
    assert hz["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "tests/fixtures/reports/%E6%B4%AA%E6%B3%BD%E5%8C%BA_2023.txt"
    assert hz["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 11, "startColumn": 4, "endLine": 11, "endColumn": 10}
    assert "总体情况" in hz["message"]["text"] and hz["properties"]["code"] == "GL106"


def test_sarif_unreadable_file_is_a_failed_invocation(source):
    log = json.loads(output(source, "sarif", MISSING, SEED_PATHS[0]))
    _assert_valid(log)
    inv = log["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    (note,) = inv["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert MISSING in note["message"]["text"] and "文件或目录不存在" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == MISSING
    assert log["runs"][0]["results"]  # the readable file's findings are still there


def test_sarif_absolute_path_outside_the_working_directory_is_a_file_uri(source, tmp_path):
    draft = tmp_path / "draft dir" / "报告.txt"
    draft.parent.mkdir()
    draft.write_text((FIXTURES / "mini.txt").read_text(encoding="utf-8").replace("2017年，我局认真", "20××年，我局认真"),
                     encoding="utf-8")
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    log = json.loads(output(source, "sarif", str(draft), cwd=workdir))
    _assert_valid(log)
    (res,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "unfilled-placeholder"]
    uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == draft.as_uri() and uri.startswith("file:///") and " " not in uri


# --- github --------------------------------------------------------------------------------------

GITHUB_LINE = re.compile(
    r"^::(?P<cmd>error|warning|notice) file=(?P<file>[^,:]+),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"endLine=(?P<end_line>\d+)(?:,endColumn=(?P<end_col>\d+))?,title=(?P<code>GL\d{3}) (?P<rule>[a-z-]+)"
    r"::(?P<message>[^\r\n]*)$")


def test_github_one_workflow_command_per_finding(source):
    doc = reference(source, *ALL)
    lines = output(source, "github", *ALL).splitlines()
    assert len(lines) == total(doc)
    cmd = {"error": "error", "warning": "warning", "info": "notice"}
    for line, (path, d) in zip(lines, all_diags(doc)):
        m = GITHUB_LINE.match(line)
        assert m, line
        assert m["cmd"] == cmd[d["severity"]] and m["file"] == path
        assert (int(m["line"]), int(m["col"]), int(m["end_line"])) == (d["line"], d["column"], d["end_line"])
        assert (int(m["end_col"]) if m["end_col"] else None) == d["end_column"]
        assert (m["code"], m["rule"]) == (d["code"], d["rule"])
        assert m["message"] == d["message"].replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    s = doc["summary"]
    assert sum(line.startswith("::error ") for line in lines) == s["errors"]
    assert sum(line.startswith("::warning ") for line in lines) == s["warnings"]
    assert sum(line.startswith("::notice ") for line in lines) == s["infos"]
    known = find(doc, HONGZE, "GL106", 11)
    assert "总体情况" in known["message"]
    assert ("::error file=tests/fixtures/reports/洪泽区_2023.txt,line=11,col=4,endLine=11,endColumn=10,"
            "title=GL106 missing-required-content::" + known["message"]) in lines


def test_github_escaping_follows_the_documented_rules():
    from govlint.formatters.github import annotation, escape_data, escape_property

    assert escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert escape_property("C:\\a,b%\n") == "C%3A\\a%2Cb%25%0A"
    assert annotation("warning", "a\nb", file="x,y.txt", line=3, endColumn=None, title="GL1 r") == \
        "::warning file=x%2Cy.txt,line=3,title=GL1 r::a%0Ab"


def test_github_escapes_a_comma_and_colon_in_the_file_name(source, tmp_path):
    draft = tmp_path / "草稿,第2版:终.txt"
    draft.write_text((FIXTURES / "mini.txt").read_text(encoding="utf-8").replace("2017年，我局认真", "20××年，我局认真"),
                     encoding="utf-8")
    lines = output(source, "github", draft.name, cwd=tmp_path).splitlines()
    assert lines and all(GITHUB_LINE.match(line) for line in lines), lines
    assert any(line.startswith("::error file=草稿%2C第2版%3A终.txt,line=4,col=1,") and
               "title=GL501 unfilled-placeholder::" in line for line in lines), lines


def test_github_unreadable_file(source):
    lines = output(source, "github", MISSING, MINI).splitlines()
    assert lines == [f"::error file={MISSING}::文件或目录不存在"]


# --- junit ---------------------------------------------------------------------------------------

def _suite(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(text.encode("utf-8"))
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    assert len(suites) == 1
    assert suites[0].get("name") == "govlint"
    return suites[0]


def test_junit_counts_equal_the_json_output(source):
    doc = reference(source, *ALL)
    suite = _suite(output(source, "junit", *ALL))
    cases = suite.findall("testcase")
    failed = [c for c in cases if c.find("failure") is not None]
    noted = [c for c in cases if c.find("system-out") is not None]  # below the fail level: passing, to read
    passed = [c for c in cases if len(c) == 0]
    s = doc["summary"]
    assert len(failed) == s["errors"]  # the default fail level (error): warnings and notices fail nothing
    assert len(noted) == s["warnings"] + s["infos"]
    clean = [f["path"] for f in doc["files"] if not f["diagnostics"]]
    assert MINI in clean
    assert [c.get("classname") for c in passed] == [f"govlint.{p}" for p in clean]
    assert int(suite.get("tests")) == len(cases) == len(failed) + len(noted) + len(passed)
    assert int(suite.get("failures")) == len(failed)
    assert int(suite.get("errors")) == 0
    expected = [(f"govlint.{p}", f"{d['rule']} L{d['line']}", d["rule"], d["message"])
                for p, d in all_diags(doc) if d["severity"] == "error"]
    got = [(c.get("classname"), c.get("name"), c.find("failure").get("type"), c.find("failure").get("message"))
           for c in failed]
    assert got == expected
    (hz,) = [c for c in failed if c.get("classname") == f"govlint.{HONGZE}"
             and c.get("name") == "missing-required-content L11"]
    body = hz.find("failure").text
    assert body.startswith(f"{HONGZE}:11:4: 错误 GL106 [missing-required-content] ")
    assert "建议：" in body and "总体情况" in body


def test_junit_unreadable_file_is_an_error(source):
    suite = _suite(output(source, "junit", MISSING, MINI))
    cases = suite.findall("testcase")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "0", "1")
    err = cases[0].find("error")
    assert cases[0].get("classname") == f"govlint.{MISSING}"
    assert err is not None and err.get("message") == "文件或目录不存在"
    assert cases[1].get("classname") == f"govlint.{MINI}" and len(cases[1]) == 0


def test_junit_strips_characters_xml_cannot_hold(source, tmp_path):
    draft = tmp_path / "draft.txt"
    text = (FIXTURES / "mini.txt").read_text(encoding="utf-8")
    draft.write_text(text.replace("2017年，我局认真", "20××年\x0b，我局认真"), encoding="utf-8")
    suite = _suite(output(source, "junit", "draft.txt", cwd=tmp_path))
    assert suite.findall("testcase/failure")


# --- html ----------------------------------------------------------------------------------------

class Page(HTMLParser):
    """What the tests look at: the summary table's rows, the section headings, the severity
    labels, the quoted source blocks and the marked spans (all as text, entities decoded)."""

    VOID = {"meta", "br", "link", "img", "input", "hr", "col", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.title = ""
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self.row_colspans: list[list[int]] = []
        self.h2: list[str] = []
        self.sev: list[str] = []
        self.marks: list[str] = []
        self.src: list[str] = []
        self._open: list[tuple[str, int, list[str], int]] = []  # kind, depth, text, colspan
        self._row: list[str] = []
        self._spans: list[int] = []
        self._summary_depth: int | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in self.VOID:
            return
        self.stack.append(tag)
        depth = len(self.stack)
        cls = (a.get("class") or "").split()
        kind = None
        if tag == "table" and "summary" in cls:
            self._summary_depth = depth
        elif tag == "tr" and self._summary_depth is not None:
            self._row, self._spans = [], []
        elif tag in ("td", "th") and self._summary_depth is not None:
            kind = "cell"
        elif tag == "title":
            kind = "title"
        elif tag == "h2":
            kind = "h2"
        elif tag == "mark":
            kind = "mark"
        elif tag == "span" and "sev" in cls:
            kind = "sev"
        elif tag == "pre" and "src" in cls:
            kind = "src"
        if kind:
            self._open.append((kind, depth, [], int(a.get("colspan", 1))))

    def handle_endtag(self, tag):
        if tag in self.VOID or tag not in self.stack:
            return
        while self.stack:
            depth = len(self.stack)
            top = self.stack.pop()
            while self._open and self._open[-1][1] == depth:
                self._close(*self._open.pop())
            if top == "tr" and self._summary_depth is not None:
                if "thead" in self.stack:
                    self.header += self._row  # the summary has two header rows
                else:
                    self.rows.append(self._row)
                    self.row_colspans.append(self._spans)
            if top == "table" and depth == self._summary_depth:
                self._summary_depth = None
            if top == tag:
                break

    def _close(self, kind: str, depth: int, parts: list[str], colspan: int) -> None:
        text = "".join(parts)
        if kind == "cell":
            self._row.append(text.strip())
            self._spans.append(colspan)
        elif kind == "title":
            self.title = text
        else:
            getattr(self, {"h2": "h2", "mark": "marks", "sev": "sev", "src": "src"}[kind]).append(text)

    def handle_data(self, data):
        for _, _, parts, _ in self._open:
            parts.append(data)


def parse(text: str) -> Page:
    p = Page()
    p.feed(text)
    p.close()
    return p


def test_html_summary_table_has_one_row_per_file_with_the_counts(source):
    doc = reference(source, *ALL)
    text = output(source, "html", *ALL)
    page = parse(text)
    assert text.lstrip().lower().startswith("<!doctype html>")
    assert ("html", {"lang": "zh-CN"}) in page.tags
    assert ("meta", {"charset": "utf-8"}) in page.tags
    assert page.title == "govlint 检查报告"
    # the first header row, the “统计表” group among it, then the group's four columns
    assert page.header == ["文件", "机关", "机关类型", "年度", "规则包", "错误", "警告", "提示", "问题规则", "统计表",
                           "发布日期", "已核对", "部分核对", "未核对", "没有"]
    assert len(page.rows) == len(ALL)
    kinds = {"government": "各级人民政府", "department": "政府部门", None: ""}
    for row, f in zip(page.rows, doc["files"]):
        counts = [sum(1 for d in f["diagnostics"] if d["severity"] == s) for s in ("error", "warning", "info")]
        if len(f.get("documents", [])) > 1:  # a compilation: the agencies, years and packs of all its reports
            assert row[5:8] == [*map(str, counts)]
            continue
        assert row[:8] == [f["path"], f["agency"] or "", kinds[f["agency_kind"]], str(f["report_year"] or ""),
                           f["pack"] or "", *map(str, counts)]
        assert row[13] == (f["published"] or "")
    assert page.rows[-1][:5] == [HONGZE, "洪泽区人民政府", "各级人民政府", "2023", "gov-2021"]


def test_html_lists_every_finding_with_its_source(source):
    doc = reference(source, *ALL)
    page = parse(output(source, "html", *ALL))
    assert page.h2 == ["汇总", "规则统计", *ALL, "规则说明"]
    s = doc["summary"]
    assert len(page.sev) == total(doc)
    assert (page.sev.count("错误"), page.sev.count("警告"), page.sev.count("提示")) == \
        (s["errors"], s["warnings"], s["infos"])
    line11 = (ROOT / HONGZE).read_text(encoding="utf-8").splitlines()[10]
    assert line11.strip() == "一、总体情况"
    assert any(src == "11" + line11 for src in page.src)  # gutter, then the line as written
    assert line11[3:9] in page.marks  # columns 4–9, the span of the GL106 finding
    text = output(source, "html", *ALL)
    known = find(doc, HONGZE, "GL106", 11)
    assert known["suggestion"] and f"建议：{known['suggestion']}" in text.replace("&quot;", '"')
    for note in known.get("notes", []):
        assert f"<li>{note}</li>" in text
    assert f"位置：{HONGZE}:11:4" in text
    assert "没有发现问题" in text  # mini.txt's section


def test_html_is_self_contained(source):
    text = output(source, "html", *ALL)
    page = parse(text)
    tags = {t for t, _ in page.tags}
    assert "link" not in tags and "img" not in tags and "iframe" not in tags
    assert "style" in tags
    assert [(t, a) for t, a in page.tags if t == "script"] == [("script", {})]  # the page's own, inline
    for tag, attrs in page.tags:
        for key in ("src", "href"):
            if key in attrs:
                assert attrs[key].startswith("#"), (tag, attrs)
    assert "http://" not in text and "https://" not in text and "@import" not in text and "url(" not in text


def test_html_escapes_what_comes_from_the_files(source, tmp_path):
    name = 'a<b>&"c.txt'
    text = (FIXTURES / "mini.txt").read_text(encoding="utf-8")
    (tmp_path / name).write_text(
        text.replace("2017年，我局认真", "20××年<script>alert('x')</script>&amp;，我局认真"), encoding="utf-8")
    html = output(source, "html", name, cwd=tmp_path)
    assert html.count("<script") == 1 and "<b>" not in html  # the page's own script only
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;amp;" in html
    page = parse(html)
    assert page.rows[0][0] == name and page.h2 == ["汇总", "规则统计", name, "规则说明"]
    assert any("<script>alert('x')</script>&amp;" in src for src in page.src)
    assert "20××年" in page.marks


def test_html_unreadable_file_row_shows_the_error(source):
    page = parse(output(source, "html", MISSING, MINI))
    assert len(page.rows) == 2
    assert page.rows[0] == [MISSING, "无法读取：文件或目录不存在"] and page.row_colspans[0] == [1, 13]
    assert page.rows[1][0] == MINI and page.rows[1][5:8] == ["0", "0", "0"]
