"""Publication after the legal deadline (2008 条例 第三十一条; 2019 条例 第四十九条)."""

from __future__ import annotations

from govlint.checks import Rule, register
from govlint.diagnostics import Severity
from govlint.document import key_span_location
from govlint.facts import Context
from govlint.outline import valid_date

@register
class LatePublication(Rule):
    id = "late-publication"
    code = "GL601"
    severity = Severity.WARNING
    family = "meta"
    summary = "发布或落款日期晚于法定期限"
    message = {
        "zh": "{kind}{found}晚于法定期限：{year}年度报告应在{deadline}前公布",
        "en": "{kind} {found} is after the deadline: the {year} report is due by {deadline}",
    }
    rationale = ("2008年《条例》第三十一条：各级行政机关应当在每年3月31日前公布上一年度报告；2019年《条例》第四十九条："
                 "县级以上人民政府部门在每年1月31日前、县级以上地方人民政府在每年3月31日前公布上一年度报告。"
                 "机关类型按机关名称判断（“……人民政府”、管委会或地名为政府，其余为部门；街道办事处按较晚的期限），"
                 "找不到名称时按报告的自称（“我乡”“我局”），可用 --agency-kind 指定。")
    fix = "核对发布日期；若确已逾期，按本级政府信息公开主管部门的要求说明情况。"
    example_bad = "某局2023年政府信息公开工作年度报告\n……\n2024年2月20日"
    example_good = "某局2023年政府信息公开工作年度报告\n……\n2024年1月25日"
    summary_en = "the publication or signature date is after the legal deadline"
    rationale_en = ("Article 31 of the 2008 regulation: every administrative agency publishes last year's report by "
                    "31 March. Article 49 of the 2019 regulation: departments of governments at county level and above "
                    "by 31 January, local governments at county level and above by 31 March. The agency's kind follows "
                    "from its name (a “人民政府”, a “管委会” or a place name is a government, anything else a "
                    "department; a “街道办事处” gets the later deadline), or without a name from how the report "
                    "speaks of itself (“我乡”, “我局”); --agency-kind sets it.")
    fix_en = "check the publication date; if the report was indeed late, explain as the disclosure office requires."
    texts = {
        "date": {"zh": "{y}年{m}月{d}日", "en": "{y}-{m:02d}-{d:02d}"},
        "labelled": {"zh": "{label}", "en": "the date “{label}”"},
        "signature": {"zh": "落款日期", "en": "the date under the signature"},
        "government": {"zh": "各级人民政府", "en": "a government"},
        "department": {"zh": "政府部门", "en": "a department"},
        "kind": {"zh": "机关类型：{who}，{source}", "en": "agency kind: {who}, {source}"},
        "by_name": {"zh": "按机关名称“{agency}”判断", "en": "from the agency's name “{agency}”"},
    }

    def check(self, ctx: Context):
        dl = ctx.pack.deadline
        year = ctx.year
        if dl is None or year is None:
            return
        found = ctx.report.published
        if found is None:
            return
        when, line, a, b, label = found
        # unknown agency kind: the later of the two deadlines, so nothing is flagged wrongly
        month, day = getattr(dl, ctx.agency_kind) if ctx.agency_kind else max(dl.government, dl.department)
        deadline = valid_date(year + 1, month, day)
        if deadline is None or when <= deadline:
            return
        if (when - deadline).days > 366:
            return  # a page re-posted years later (a site moved, a copy): its date says nothing of the publication
        notes = self.basis(ctx, dl.basis)
        if ctx.agency_kind:
            src = self.kind_source(ctx)
            notes.append(self.text(ctx, "kind", who=self.text(ctx, ctx.agency_kind), source=src))
        kind = self.text(ctx, "signature") if label is None else self.text(ctx, "labelled", label=label)
        yield self.diag(ctx, key_span_location(line, a, b), kind=kind,
                        found=self.text(ctx, "date", y=when.year, m=when.month, d=when.day), year=year,
                        deadline=self.text(ctx, "date", y=deadline.year, m=deadline.month, d=deadline.day), notes=notes,
                        data={"date": when.isoformat(), "deadline": deadline.isoformat()})
