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
    fixable = "safe"
    fix_summary = {"zh": "在位置明确处（标题、统计期限的日期、句首的“20××年，”）把未填写的年份改为报告年度",
                   "en": "write the report year for an unfilled year where the place is unambiguous (the title, the period's dates, “20××年，” opening a sentence)"}

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
                    fix = self._fill(ctx, p, line, key, a, b, oa, ob) if p.fill == "year" else None
                    yield self.diag(ctx, key_span_location(line, a, b), found=line.text[oa:ob],
                                    description=self.pack_text(ctx, p.description, p.description_en), fix=fix)

    def _fill(self, ctx: Context, p, line, key: str, a: int, b: int, oa: int, ob: int):
        """The report year for “20××年” where the place says it is the report year: the title,
        the period's dates (“20××年1月1日”, “至20××年12月31日”), or “20××年，” opening a
        sentence. Only when the year is known from the title or the period statement; never in
        a title that is itself the placeholder."""
        year, source = ctx.year, ctx.report.year_source
        if year is None or source not in ("title", "period"):
            return None
        title = ctx.doc.title
        in_title = title is not None and any(l is line for l in title.lines)
        after, before = key[b:b + 6], key[a - 1:a] if a else ""
        dated = key[a:b].endswith("年") and after.startswith(("1月1日", "12月31日"))
        opening = before in ("", "。", "；", ";") and after[:1] in ("，", ",")
        if not (in_title or dated or opening) or (in_title and source == "title" and not opening):
            return None
        written = line.text[oa:ob]
        suffix = "年度" if written.endswith("年度") else "年" if written.endswith("年") else ""
        return self.replacement(ctx, line, oa, ob, f"{year}{suffix}")
