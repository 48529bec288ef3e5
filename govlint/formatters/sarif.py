"""``--format sarif``: SARIF 2.1.0 (GitHub code scanning, VS Code's SARIF viewer, other CI).

One run; ``tool.driver.rules`` lists every rule (so ``ruleIndex`` points into it), each with its
summary, rationale, how to fix it and its default level. Files that could not be read are tool
execution notifications, and make the invocation unsuccessful. Paths are URIs relative to the
working directory where the file lies under it (an absolute path given on the command line
included), ``file:`` URIs otherwise; a notification's text names the file the same way.

Where a finding is:

- In a text file, a text region: the line and column (columns count characters:
  ``columnKind`` is ``unicodeCodePoints``). In a web page, the line alone: govlint's columns there
  count the page's text without its markup, not the characters of the file's line.
- In a Word, WPS, RTF, ODF or PDF document, govlint's line numbers count paragraphs, table rows
  or PDF text lines, not lines of the file, and SARIF 2.1.0 says a region in a binary artifact
  "SHALL NOT define a text region" (§3.30.1); its byte offsets inside a zip or a PDF stream mean
  nothing to a reader. So the physical location is the file alone (``artifactLocation``, no
  ``region``), and the place is said in words three times: a logical location (§3.33) whose
  ``name`` is the place (“表2 第30行第8列”, “第12段”, “第3页第7行”), its ``fullyQualifiedName`` the
  same as a path (“表2/第30行/第8列”) and ``kind`` ``element`` (a paragraph or a table cell is an
  element of the document) or ``text`` (a line of a PDF page); the location's ``message``; and
  the start of the result's message (“表2 第30行第8列：……”), which is what GitHub code scanning and
  other viewers show. GitHub files such a result under the file without a line (it cannot show
  the inside of a .docx or a .pdf in any case). ``properties.location`` and ``locationDetail``
  carry the same place as before, for tools that read them.
"""

from __future__ import annotations

import json as _json
from pathlib import Path, PurePath
from urllib.parse import quote

from govlint.checks import all_rules
from govlint.diagnostics import Severity
from govlint.formatters import RunInfo, ci_path, columned, locate, place, placed_message, register, worded, write_json_list
from govlint.version import __version__

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/govlint/govlint"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def camel_case(rule_id: str) -> str:
    """``missing-section`` → ``MissingSection``."""
    return "".join(part[:1].upper() + part[1:] for part in rule_id.replace("_", "-").split("-") if part)


def artifact_uri(path: str) -> str:
    """A path as given on the command line, as a URI reference: relative (to the working
    directory) with forward slashes where it can be, a ``file:`` URI where it cannot; characters
    outside URI syntax (Chinese file names, spaces) percent-encoded."""
    if path == "-":
        return "-"
    shown = ci_path(path)
    if PurePath(shown).is_absolute():  # outside the working directory
        return Path(path).as_uri()
    return quote(shown, safe="/")


def _rule_descriptor(rule, lang: str) -> dict:
    text = rule.describe(lang)
    return {
        "id": rule.id,
        "name": camel_case(rule.id),
        "shortDescription": {"text": text["summary"]},
        "fullDescription": {"text": text["rationale"]},
        "help": {"text": text["fix"]},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"code": rule.code, "tags": [getattr(rule, "family", "govlint")]},
    }


def _region(d, columns: bool = True) -> dict:
    """The finding's text region: its lines, and its columns where they are the file's."""
    loc = d.location
    region = {"startLine": max(1, loc.line), "startColumn": max(1, loc.column)}
    end_line = loc.end_line or loc.line
    region["endLine"] = max(region["startLine"], end_line)
    if not columns:
        del region["startColumn"]
        return region
    if loc.end_column is not None:
        end_column = loc.end_column
        if end_line == loc.line:
            end_column = max(end_column, region["startColumn"])
        region["endColumn"] = max(1, end_column)
    return region


def _logical(label: str, where: dict, lang: str) -> dict:
    """A document's place as a logical location: “表2 第30行第8列” is table 2/row 30/column 8."""
    en = lang == "en"
    if "table" in where:
        parts = [f"table {where['table']}", f"row {where['row']}", f"column {where['column']}"] if en else \
            [f"表{where['table']}", f"第{where['row']}行", f"第{where['column']}列"]
    elif "page" in where:
        parts = [f"page {where['page']}", f"line {where['line']}"] if en else [f"第{where['page']}页", f"第{where['line']}行"]
    else:
        parts = [label]
    return {"name": label, "fullyQualifiedName": "/".join(parts), "kind": "text" if "page" in where else "element"}


def _location(r, d, uri: str, where: dict | None, lang: str) -> dict:
    physical: dict = {"artifactLocation": {"uri": uri}}
    if not worded(r):
        physical["region"] = _region(d, columned(r))
        return {"physicalLocation": physical}
    out: dict = {"physicalLocation": physical}
    words = place(r, d, lang)
    if words is not None:  # else a finding about the whole document: the file is the place
        out["logicalLocations"] = [_logical(words, where, lang)]
        out["message"] = {"text": words}
    return out


def _result(r, d, index: dict[str, int], lang: str) -> dict:
    uri = artifact_uri(r.shown)
    out: dict = {"ruleId": d.rule}
    if d.rule in index:
        out["ruleIndex"] = index[d.rule]
    out["level"] = LEVEL[d.severity]
    out["message"] = {"text": placed_message(r, d, lang)}
    label, where = locate(r, d, lang)
    out["locations"] = [_location(r, d, uri, where, lang)]
    props: dict = {"code": d.code}
    if where is not None:  # a .docx paragraph, a table cell, a PDF page: where a user looks
        props["location"] = label
        props["locationDetail"] = where
    if d.suggestion:
        props["suggestion"] = d.suggestion
    if d.notes:
        props["notes"] = list(d.notes)
    if d.data:
        props["data"] = d.data
    out["properties"] = props
    return out


@register("sarif")
def format_sarif(run: RunInfo, out) -> None:
    rules = all_rules()
    index = {rule.id: i for i, rule in enumerate(rules)}
    notifications: list[dict] = []  # the files that could not be read

    def results():
        for r in run.results:
            if r.error:
                notifications.append({
                    "level": "error",
                    "message": {"text": f"{ci_path(r.shown)}: {r.error}"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(r.shown)}}}],
                    "descriptor": {"id": "unreadable-file"},
                })
            for d in r.diagnostics:
                yield _result(r, d, index, run.lang)

    sarif_run = {
        "tool": {"driver": {
            "name": "govlint",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [_rule_descriptor(rule, run.lang) for rule in rules],
        }},
        "language": "en-US" if run.lang == "en" else "zh-CN",
        "columnKind": "unicodeCodePoints",
    }
    # written result by result; the invocation (which files could not be read) after the results
    head = _json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [sarif_run]}, ensure_ascii=False, indent=2,
                       default=str)
    out.write(head[:head.rindex("\n    }\n  ]\n}")] + ',\n      "results": ')
    write_json_list(out, results(), level=3)
    invocation: dict = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    tail = _json.dumps({"invocations": [invocation]}, ensure_ascii=False, indent=2, default=str)
    out.write(",\n    " + tail[2:-2].replace("\n", "\n    ") + "\n    }\n  ]\n}\n")
