"""``--format concise``: ``path:line:col: severity[rule] message`` (editors' problem matchers)."""

from __future__ import annotations

from govlint.formatters import RunInfo, register


@register("concise")
def format_concise(run: RunInfo, out) -> None:
    for r in run.results:
        if r.error:
            out.write(f"{r.shown}:1:1: error[unreadable] {r.error}\n")
        for d in r.diagnostics:
            out.write(f"{r.shown}:{d.line}:{d.column}: {d.severity.label}[{d.rule}] {d.message}\n")
