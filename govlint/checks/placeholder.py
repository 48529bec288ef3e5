"""Template residue left in a draft: 20××, ××局, **市, ____, 【请填写】."""

from __future__ import annotations

from govlint.checks import Rule, register
from govlint.diagnostics import Severity
from govlint.document import key_span_location
from govlint.facts import Context
from govlint.normalize import span_in_original
from govlint.patterns import any_char_pattern, required_chars, required_literal, substring_safe


def _may_match(pattern, whole: str) -> bool:
    """False when no line of the document can hold a match (``whole``: the keys joined)."""
    literal = required_literal(pattern)
    if literal is not None and literal not in whole:
        return False
    return not substring_safe(pattern) or pattern.search(whole) is not None


@register
class UnfilledPlaceholder(Rule):
    id = "unfilled-placeholder"
    code = "GL501"
    severity = Severity.ERROR
    family = "text"
    summary = "模板占位内容未填写"
    message = {
        "zh": "未填写的占位内容“{found}”（{description}）",
        "en": "unfilled placeholder “{found}” ({description})",
    }
    suggestion = {"zh": "把“{found}”改为实际内容", "en": "replace “{found}” with the actual text"}
    rationale = "报告常由往年报告或模板改写而成，留下的“20××年”“××局”“**市”等占位符发布后会被公众和评估机构直接看到。"
    fix = "逐处填写实际的年份、机构名称或数字。"
    example_bad = "20××年，我局共主动公开政府信息696条。"
    example_good = "2017年，我局共主动公开政府信息696条。"
    summary_en = "template placeholder left unfilled"
    rationale_en = ("Reports are often written from last year's report or a template; a “20××年”, “××局” or “**市” left "
                    "in it is published for the public and evaluators to see.")
    fix_en = "fill in each year, agency name or number."

    def check(self, ctx: Context):
        fmt = ctx.doc.format
        patterns = [p for p in ctx.pack.placeholders if fmt not in p.skip_formats]
        whole = ctx.doc.joined_key
        # one scan for the characters every match needs rules out most patterns in a clean draft
        needs = [required_chars(p.pattern) for p in patterns]
        union = frozenset().union(*(n for n in needs if n))
        present = set(any_char_pattern(union).findall(whole)) if union else set()
        patterns = [p for p, n in zip(patterns, needs) if not n or not n.isdisjoint(present)]
        patterns = [p for p in patterns if _may_match(p.pattern, whole)]
        if not patterns:
            return
        for line in ctx.doc.lines:
            if line.blank:
                continue
            key = line.key
            taken: list[tuple[int, int]] = []
            for p in patterns:
                for m in p.pattern.finditer(key):
                    a, b = m.span()
                    if a == b or any(a < y and x < b for x, y in taken):
                        continue
                    taken.append((a, b))
                    oa, ob = span_in_original(line.content, a, b)
                    yield self.diag(ctx, key_span_location(line, a, b), found=line.text[oa:ob],
                                    description=self.pack_text(ctx, p.description, p.description_en))
