"""Content a section must mention (the pack's ``mentions``): 信息处理费 in 2021's section 六;
for 各级人民政府, 工作考核、社会评议和责任追究结果情况 (2019 条例 第五十条第（四）项)."""

from __future__ import annotations

from govlint.checks import Rule, register
from govlint.diagnostics import Severity
from govlint.facts import Context
from govlint.normalize import to_chinese_numeral


@register
class MissingRequiredContent(Rule):
    id = "missing-required-content"
    code = "GL106"
    severity = Severity.WARNING
    family = "structure"
    summary = "某一部分没有写到格式要求的内容"
    message = {
        "zh": "第{num}部分“{heading}”没有写明{description}",
        "en": "section {num} “{heading}” does not report {description}",
    }
    suggestion = {"zh": "在这一部分写明{description}（没有发生的也要写明）",
                  "en": "state {description} in this section (say so if there was none)"}
    rationale = ("年度报告格式对部分内容有具体要求：国办公开办函〔2021〕30号格式要求在“其他需要报告的事项”中报告"
                 "收取信息处理费的情况（《政府信息公开信息处理费管理办法》，国办函〔2020〕109号）；"
                 "2019年《条例》第五十条第（四）项要求各级人民政府的年度报告包括工作考核、社会评议和责任追究结果情况。")
    fix = "在相应部分补写这项内容；确实没有发生的，也要明确写出。"
    example_bad = "六、其他需要报告的事项\n无。"
    example_good = "六、其他需要报告的事项\n本年度未收取信息处理费。"
    summary_en = "a section does not report content the format requires"
    rationale_en = ("The formats require some content in particular sections: the 2021 format (“国办公开办函〔2021〕30号”) "
                    "asks the section on other matters to report the information processing fees charged "
                    "(“国办函〔2020〕109号”); article 50 (4) of the 2019 regulation asks a government's report to cover "
                    "the results of assessment, public appraisal and accountability.")
    fix_en = "write this content in the section; if it did not happen, say so."
    texts = {
        "as_government": {"zh": "按各级人民政府的要求检查：{source}", "en": "checked as a government's report: {source}"},
        "by_name": {"zh": "机关名称“{agency}”", "en": "the agency's name “{agency}”"},
    }

    @classmethod
    def pack_severities(cls, pack):
        out = super().pack_severities(pack)
        return out + [(f"{to_chinese_numeral(s.number)}、{s.title}：{m.description}", m.severity) for s in pack.sections
                      for m in s.mentions if m.severity is not None and m.severity != cls.severity]

    def check(self, ctx: Context):
        if ctx.truncated:
            return  # the content may be written after the point where the text stops
        doc_text = None
        for m in ctx.alignment.matches:
            for mention in m.section.mentions:
                if mention.only_for and mention.only_for != ctx.agency_kind:
                    continue
                if mention.pattern.search(ctx.section_text(m)):
                    continue
                if doc_text is None:  # written in another section: the content is there
                    doc_text = "".join(l.key for l in ctx.doc.lines)
                if mention.pattern.search(doc_text):
                    continue
                h = m.heading
                notes = self.basis(ctx, mention.basis)
                if mention.only_for == "government":
                    src = self.kind_source(ctx)
                    notes.append(self.text(ctx, "as_government", source=src))
                yield self.diag(ctx, h.location, severity=mention.severity, num=self.num(ctx, m.section.number),
                                heading=h.text, description=self.pack_text(ctx, mention.description, mention.description_en),
                                notes=notes, data={"mention": mention.id})
