"""Inline suppressions.

Markdown and HTML, in comments::

    <!-- govlint-disable-next-line nonstandard-heading -->
    <!-- govlint-disable late-publication, GL104 -->  …  <!-- govlint-enable late-publication, GL104 -->
    <!-- govlint-disable-file missing-contact -->

Plain text and Word, on a line of its own::

    govlint: disable-next-line=nonstandard-heading
    govlint: disable=late-publication   …   govlint: enable=late-publication
    govlint: disable-file=missing-contact

A suppression must name rules (ids or codes). One that names none, or suppresses nothing, is
reported as ``unused-suppression`` (info).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govlint.checks import Context, Rule, register
from govlint.diagnostics import Location, Severity

_COMMENT = re.compile(r"<!--\s*govlint-(disable-next-line|disable-file|disable|enable)\b([^>]*?)-->")
_TEXT = re.compile(r"^\s*govlint\s*[:：]\s*(disable-next-line|disable-file|disable|enable)\s*(?:[=＝]\s*(.*?))?\s*$")
_BARE = re.compile(r"^\s*govlint-(disable-next-line|disable-file|disable|enable)\b(.*)$")  # an HTML comment's text


@dataclass
class Directive:
    kind: str
    rules: list[str]
    line: int
    used: bool = False
    end: int | None = None  # disable … enable: the last line covered
    targets: set = field(default_factory=set)


def _names(text: str) -> list[str]:
    return [n for n in re.split(r"[\s,，、;；]+", (text or "").strip().rstrip("-").strip()) if n]


def directives(result) -> list[Directive]:
    found: list[tuple[int, str, list[str]]] = []
    lines = [l for dr in result.documents for l in dr.document.lines]
    for line in lines:
        if "govlint" not in line.text:
            continue  # both forms name govlint
        for m in _COMMENT.finditer(line.text):
            found.append((line.number, m.group(1), _names(m.group(2))))
        m = _TEXT.match(line.text)
        if m:
            found.append((line.number, m.group(1), _names(m.group(2))))
    if result.documents:
        for number, text in result.documents[0].document.source.directives:
            m = _BARE.match(text.strip())
            if m:
                found.append((number, m.group(1), _names(m.group(2))))
    if not found:
        return []
    found.sort(key=lambda f: f[0])
    numbers = sorted(l.number for l in lines)
    out: list[Directive] = []
    open_ranges: dict[str, Directive] = {}
    for number, kind, names in found:
        d = Directive(kind, names, number)
        if kind == "disable-next-line":
            d.targets = {next((n for n in numbers if n > number and n not in {f[0] for f in found}), number + 1)}
        elif kind == "disable":
            for n in names:
                open_ranges[n] = d
        elif kind == "enable":
            for n in names:
                start = open_ranges.pop(n, None)
                if start is not None:
                    start.end = number
            continue  # an enable only closes ranges
        out.append(d)
    return out


def _matches(rule_names: list[str], diag) -> bool:
    return any(n.lower() == diag.rule or n.upper() == diag.code for n in rule_names)


def apply_suppressions(result, linter) -> None:
    """Drop the findings the file's directives suppress; report directives that suppress nothing."""
    ds = directives(result)
    if not ds:
        return
    kept = []
    for diag in result.diagnostics:
        hit = None
        for d in ds:
            if not _matches(d.rules, diag):
                continue
            if d.kind == "disable-file" or (d.kind == "disable-next-line" and diag.line in d.targets) or (
                    d.kind == "disable" and diag.line > d.line and (d.end is None or diag.line < d.end)):
                hit = d
                break
        if hit is None:
            kept.append(diag)
        else:
            hit.used = True
    result.diagnostics = kept
    rule = UnusedSuppression()
    if not any(r.id == rule.id for r in linter.rules) or not result.documents:
        return
    ctx = result.documents[0].context
    for d in ds:
        if not d.used:
            why = "没有写明要关闭的规则" if not d.rules else "没有关闭任何问题"
            result.diagnostics.append(rule.diag(ctx, Location(d.line, 1), kind=d.kind,
                                                names="、".join(d.rules) or "（无）", why=why))
    result.diagnostics.sort(key=lambda x: x.sort_key())


@register
class UnusedSuppression(Rule):
    id = "unused-suppression"
    code = "GL801"
    severity = Severity.INFO
    family = "meta"
    summary = "行内关闭规则的注释没有起作用"
    message = {"zh": "govlint-{kind}（{names}）{why}", "en": "govlint-{kind} ({names}): {why}"}
    rationale = "关闭规则的注释应写明规则名，并且确实关闭了某个问题；多余的注释会让以后真正的问题被漏掉。"
    fix = "写明规则名（如 nonstandard-heading 或 GL104），或删除不再需要的注释。"
    example_bad = "<!-- govlint-disable-next-line -->"
    example_good = "<!-- govlint-disable-next-line nonstandard-heading -->"

    def check(self, ctx: Context):
        return ()  # produced by govlint.suppress after the other rules ran
