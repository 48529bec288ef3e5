"""``--format junit``: JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).

One ``<testsuite name="govlint">``; each finding is a ``<testcase classname="govlint.{path}"
name="{rule} L{line}">`` (in a Word, WPS, RTF, ODF or PDF document the place in words instead of
``L{line}``: ``"{rule} 表2 第30行第8列"``). The test cases follow ``--fail-level`` as the exit code
does: a finding at or above it is a failed test case whose ``<failure>`` holds the finding as
text; a finding below it is a passing test case that holds the same text in ``<system-out>``
(it is there to read, and fails nothing). With the default fail level (error) warnings and
notices pass. A file with no findings is one passing test case; a file that could not be read is
a test case with an ``<error>``. Paths are relative to the working directory where the file lies
under it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from govlint import rx
from govlint.diagnostics import SEVERITY_ZH, Severity
from govlint.formatters import RunInfo, ci_path, locate, place, placed_message, register, worded

# Characters XML 1.0 cannot hold (control characters a PDF or a .doc may leave in the text).
_NOT_XML = rx.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_EN = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


def _x(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _failure_text(r, d, path: str, zh: bool) -> str:
    where, _ = locate(r, d, "zh" if zh else "en")
    sev = SEVERITY_ZH[d.severity] if zh else _EN[d.severity]
    lines = [f"{path}:{where}: {sev} {d.code} [{d.rule}] {d.message}"]
    if d.suggestion:
        lines.append(f"建议：{d.suggestion}" if zh else f"help: {d.suggestion}")
    lines.extend(d.notes)
    return "\n".join(lines)


def _case_name(r, d, lang: str) -> str:
    if not worded(r):
        return f"{d.rule} L{d.line}"
    where = place(r, d, lang)
    return f"{d.rule} {where}" if where else d.rule


@register("junit")
def format_junit(run: RunInfo, out) -> None:
    zh = run.lang != "en"
    lang = "zh" if zh else "en"
    suite = ET.Element("testsuite", name="govlint")
    tests = failures = errors = 0
    for r in run.results:
        path = ci_path(r.shown)
        classname = _x(f"govlint.{path}")
        if r.error:
            case = ET.SubElement(suite, "testcase", classname=classname, name="unreadable")
            err = ET.SubElement(case, "error", message=_x(r.error), type="unreadable")
            err.text = _x(f"{path}: {r.error}")
            tests += 1
            errors += 1
            continue
        if not r.diagnostics:
            ET.SubElement(suite, "testcase", classname=classname, name="no findings")
            tests += 1
            continue
        for d in r.diagnostics:
            case = ET.SubElement(suite, "testcase", classname=classname, name=_x(_case_name(r, d, lang)))
            text = _x(_failure_text(r, d, path, zh))
            tests += 1
            if d.severity >= run.fail_level:
                failure = ET.SubElement(case, "failure", message=_x(placed_message(r, d, lang)), type=d.rule)
                failure.text = text
                failures += 1
            else:
                ET.SubElement(case, "system-out").text = text
    for key, value in (("tests", tests), ("failures", failures), ("errors", errors), ("skipped", 0)):
        suite.set(key, str(value))
    root = ET.Element("testsuites", name="govlint", tests=str(tests), failures=str(failures), errors=str(errors))
    root.append(suite)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
