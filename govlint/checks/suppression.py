"""Inline suppressions that suppress nothing (the directives are read by govlint.suppress)."""

from __future__ import annotations

from govlint.checks import Rule, register
from govlint.diagnostics import Diagnostic, Location, Severity
from govlint.facts import Context


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

    def unused(self, ctx: Context, directive) -> Diagnostic:
        """The finding for a directive (govlint.suppress.Directive) that suppressed nothing."""
        why = "没有写明要关闭的规则" if not directive.rules else "没有关闭任何问题"
        return self.diag(ctx, Location(directive.line, 1), kind=directive.kind,
                         names="、".join(directive.rules) or "（无）", why=why)
