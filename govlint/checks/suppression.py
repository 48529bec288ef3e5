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
    summary_en = "an inline suppression has no effect"
    rationale_en = ("A suppression should name its rules and suppress a finding; a needless one may hide a real "
                    "problem later.")
    fix_en = "name the rule (such as nonstandard-heading or GL104), or delete the directive."
    texts = {
        "names_none": {"zh": "没有写明要关闭的规则", "en": "names no rule"},
        "suppressed_nothing": {"zh": "没有关闭任何问题", "en": "suppressed nothing"},
        "no_names": {"zh": "无", "en": "none"},
    }

    def check(self, ctx: Context):
        return ()  # the linter asks unused() after the other rules ran and the directives were applied

    def unused(self, ctx: Context, directive) -> Diagnostic:
        """The finding for a directive (govlint.suppress.Directive) that suppressed nothing."""
        why = self.text(ctx, "names_none" if not directive.rules else "suppressed_nothing")
        return self.diag(ctx, Location(directive.line, 1), kind=directive.kind,
                         names=self.join(ctx, directive.rules) or self.text(ctx, "no_names"), why=why)
