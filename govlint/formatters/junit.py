"""``--format junit``: JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).

One ``<testsuite name="govlint">``; each error or warning is a failed ``<testcase
classname="govlint.{path}" name="{rule} L{line}">`` whose ``<failure>`` holds the finding as
text; a file with no error or warning is one passing test case; a file that could not be read
is a test case with an ``<error>``. Notices (info) are not test failures and are left out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from govlint import rx
from govlint.diagnostics import SEVERITY_ZH, Severity
from govlint.formatters import RunInfo, locate, register

# Characters XML 1.0 cannot hold (control characters a PDF or a .doc may leave in the text).
_NOT_XML = rx.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_EN = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


def _x(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _failure_text(r, d, zh: bool) -> str:
    where, _ = locate(r, d, "zh" if zh else "en")
    sev = SEVERITY_ZH[d.severity] if zh else _EN[d.severity]
    lines = [f"{r.path}:{where}: {sev} {d.code} [{d.rule}] {d.message}"]
    if d.suggestion:
        lines.append(f"建议：{d.suggestion}" if zh else f"help: {d.suggestion}")
    lines.extend(d.notes)
    return "\n".join(lines)


@register("junit")
def format_junit(run: RunInfo, out) -> None:
    zh = run.lang != "en"
    suite = ET.Element("testsuite", name="govlint")
    tests = failures = errors = 0
    for r in run.results:
        classname = _x(f"govlint.{r.path}")
        if r.error:
            case = ET.SubElement(suite, "testcase", classname=classname, name="unreadable")
            err = ET.SubElement(case, "error", message=_x(r.error), type="unreadable")
            err.text = _x(f"{r.path}: {r.error}")
            tests += 1
            errors += 1
            continue
        findings = [d for d in r.diagnostics if d.severity >= Severity.WARNING]
        if not findings:
            ET.SubElement(suite, "testcase", classname=classname, name="no findings")
            tests += 1
            continue
        for d in findings:
            case = ET.SubElement(suite, "testcase", classname=classname, name=f"{d.rule} L{d.line}")
            failure = ET.SubElement(case, "failure", message=_x(d.message), type=d.rule)
            failure.text = _x(_failure_text(r, d, zh))
            tests += 1
            failures += 1
    for key, value in (("tests", tests), ("failures", failures), ("errors", errors), ("skipped", 0)):
        suite.set(key, str(value))
    root = ET.Element("testsuites", name="govlint", tests=str(tests), failures=str(failures), errors=str(errors))
    root.append(suite)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
