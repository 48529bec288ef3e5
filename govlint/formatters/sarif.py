"""``--format sarif``: SARIF 2.1.0 (GitHub code scanning, VS Code's SARIF viewer, other CI).

One run; ``tool.driver.rules`` lists every rule (so ``ruleIndex`` points into it), each with its
summary, rationale, how to fix it and its default level. A finding is a result at the file's
line and column (columns count characters: ``columnKind`` is ``unicodeCodePoints``). Files that
could not be read are tool execution notifications, and make the invocation unsuccessful.
"""

from __future__ import annotations

import json as _json
from pathlib import Path, PurePath
from urllib.parse import quote

from govlint.checks import all_rules
from govlint.diagnostics import Severity
from govlint.formatters import RunInfo, locate, register
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
    p = PurePath(path)
    if p.is_absolute():
        try:
            p = Path(path).resolve().relative_to(Path.cwd().resolve())
        except (ValueError, OSError):
            return Path(path).as_uri()
    return quote(p.as_posix(), safe="/")


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


def _region(d) -> dict:
    loc = d.location
    region = {"startLine": max(1, loc.line), "startColumn": max(1, loc.column)}
    end_line = loc.end_line or loc.line
    region["endLine"] = max(region["startLine"], end_line)
    if loc.end_column is not None:
        end_column = loc.end_column
        if end_line == loc.line:
            end_column = max(end_column, region["startColumn"])
        region["endColumn"] = max(1, end_column)
    return region


def _result(r, d, index: dict[str, int], lang: str) -> dict:
    uri = artifact_uri(r.path)
    out: dict = {"ruleId": d.rule}
    if d.rule in index:
        out["ruleIndex"] = index[d.rule]
    out["level"] = LEVEL[d.severity]
    out["message"] = {"text": d.message}
    out["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(d)}}]
    props: dict = {"code": d.code}
    label, where = locate(r, d, lang)
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
    results = [_result(r, d, index, run.lang) for r in run.results for d in r.diagnostics]
    notifications = [{
        "level": "error",
        "message": {"text": f"{r.path}: {r.error}"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(r.path)}}}],
        "descriptor": {"id": "unreadable-file"},
    } for r in run.results if r.error]
    invocation: dict = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    sarif_run = {
        "tool": {"driver": {
            "name": "govlint",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [_rule_descriptor(rule, run.lang) for rule in rules],
        }},
        "invocations": [invocation],
        "language": "en-US" if run.lang == "en" else "zh-CN",
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [sarif_run]}
    out.write(_json.dumps(doc, ensure_ascii=False, indent=2, default=str))
    out.write("\n")
