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
reported as ``unused-suppression`` (info, by the linter: see checks/suppression.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govlint import rx
from govlint.diagnostics import Diagnostic

_COMMENT = rx.compile(r"<!--\s*govlint-(disable-next-line|disable-file|disable|enable)\b([^>]*?)-->")
_TEXT = rx.compile(r"^\s*govlint\s*[:：]\s*(disable-next-line|disable-file|disable|enable)\s*(?:[=＝]\s*(.*?))?\s*$")
_BARE = rx.compile(r"^\s*govlint-(disable-next-line|disable-file|disable|enable)\b(.*)$")  # an HTML comment's text


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


def directives(lines, source_directives: list[tuple[int, str]]) -> list[Directive]:
    """The directives in a file: its ``lines`` (every document's), and the comments its reader
    kept apart (``source_directives``: an HTML page's comments, with their lines)."""
    found: list[tuple[int, str, list[str]]] = []
    for line in lines:
        if "govlint" not in line.text:
            continue  # both forms name govlint
        for m in _COMMENT.finditer(line.text):
            found.append((line.display, m.group(1), _names(m.group(2))))
        m = _TEXT.match(line.text)
        if m:
            found.append((line.display, m.group(1), _names(m.group(2))))
    for number, text in source_directives:
        m = _BARE.match(text.strip())
        if m:
            found.append((number, m.group(1), _names(m.group(2))))
    if not found:
        return []
    found.sort(key=lambda f: f[0])
    numbers = sorted({l.display for l in lines})  # the lines findings are reported at
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


def apply(diagnostics: list[Diagnostic], ds: list[Directive]) -> list[Diagnostic]:
    """The findings the directives do not suppress; each directive that suppressed one is marked used."""
    kept = []
    for diag in diagnostics:
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
    return kept
