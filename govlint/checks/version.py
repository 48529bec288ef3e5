"""A report whose tables or headings belong to another format than its year's."""

from __future__ import annotations

from govlint.checks import Rule, register
from govlint.diagnostics import Severity
from govlint.document import key_span_location
from govlint.facts import Context
from govlint.normalize import norm


@register
class FormatVersionMismatch(Rule):
    id = "format-version-mismatch"
    code = "GL701"
    severity = Severity.WARNING
    family = "meta"
    summary = "表格或标题属于另一时期的格式"
    message = {
        "zh": "{what}属于{other}（{other_years}）的格式，与报告年度 {year} 应使用的{expected}不一致",
        "en": "{what} belongs to the {other} format ({other_years}), not the {expected} format of report year {year}",
    }
    rationale = ("报告格式按报告年度确定：2019、2020年度用国办公开办函〔2019〕60号格式，2021年度起用国办公开办函〔2021〕30号格式"
                 "（两者表一的栏目不同：“本年新制作数量/本年新公开数量/对外公开总数量”改为“本年制发件数/本年废止件数/现行有效件数”）。"
                 "沿用旧表格是复制往年报告最常见的痕迹。")
    fix = "按报告年度适用的格式重新制作表格和标题（govlint packs 列出各格式的适用年度）。"
    example_bad = "2023年度报告的表一栏目：本年新制作数量 | 本年新公开数量 | 对外公开总数量"
    example_good = "2023年度报告的表一栏目：本年制发件数 | 本年废止件数 | 现行有效件数"
    summary_en = "a table or the headings belong to another period's format"
    rationale_en = ("The report year decides the format: the reports for 2019 and 2020 use “国办公开办函〔2019〕60号”, "
                    "those from 2021 “国办公开办函〔2021〕30号” (table one's columns differ: “本年新制作数量/本年新公开数量/"
                    "对外公开总数量” became “本年制发件数/本年废止件数/现行有效件数”). An old table is the most common "
                    "trace of copying last year's report.")
    fix_en = "redo the tables and headings in the format of the report year (govlint packs lists each format's years)."
    texts = {
        "column": {"zh": "表格栏目“{marker}”", "en": "the table column “{marker}”"},
        "headings": {"zh": "各部分标题的结构", "en": "the structure of the headings"},
        "fit": {"zh": "标题匹配度：{rival} {rival_score:.2f}，{names} {score:.2f}",
                "en": "heading fit: {rival} {rival_score:.2f}, {names} {score:.2f}"},
    }

    def check(self, ctx: Context):
        sel = ctx.selection
        year = ctx.year
        if sel is None or year is None:
            return
        expected = [p for p in (f.pack for f in sel.fits.values())
                    if p.years and p.years[0] <= year <= p.years[1]]
        if not expected:
            return
        expected_markers = {norm(m) for p in expected for m in p.era_markers}
        names = self.join(ctx, sorted(p.id for p in expected))
        lines = ctx.doc.lines
        whole = ctx.doc.joined_key
        own_found = bool(lines) and any(m in whole for m in expected_markers)
        # 1. table labels of another era, and none of this era's
        if not own_found:
            for f in sorted(sel.fits.values(), key=lambda f: f.pack.id):
                other = f.pack
                if other in expected or not other.years:
                    continue
                for marker in other.era_markers:
                    k = norm(marker)
                    if not k or k in expected_markers:
                        continue
                    hit = next((lines[i] for i in ctx.doc.lines_containing(k)), None)
                    if hit is not None:
                        at = hit.key.index(k)
                        yield self.diag(ctx, key_span_location(hit, at, at + len(k)),
                                        what=self.text(ctx, "column", marker=marker), other=other.id,
                                        other_years=other.years_text(ctx.lang),
                                        year=year, expected=names, data={"format": other.id})
                        return
        # 2. headings that follow another era's outline much better than this era's
        best_expected = max((sel.fits[p.id].score for p in expected if p.id in sel.fits), default=0.0)
        rivals = [f for f in sel.fits.values() if f.pack not in expected and f.pack.years]
        if not rivals:
            return
        rival = max(rivals, key=lambda f: (f.score, f.pack.id))
        if rival.score >= 0.7 and rival.score - best_expected >= 0.35 and ctx.doc.headings:
            h = ctx.doc.headings[0]
            yield self.diag(ctx, h.location, what=self.text(ctx, "headings"),
                            other=rival.pack.id, other_years=rival.pack.years_text(ctx.lang), year=year, expected=names,
                            notes=[self.text(ctx, "fit", rival=rival.pack.id, rival_score=rival.score, names=names,
                                             score=best_expected)],
                            data={"format": rival.pack.id})
