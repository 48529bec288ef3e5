"""The statistics-period statement (统计期限) and its year (the statement is a fact:
:mod:`govlint.period`)."""

from __future__ import annotations

from govlint.checks import Rule, register
from govlint.diagnostics import Severity
from govlint.facts import Context

def _canonical(ctx: Context) -> str:
    spec = ctx.pack.statistics_period
    year = ctx.year or "××××"
    return spec.canonical.format(year=year) if spec and spec.canonical else ""


@register
class MissingStatisticsPeriod(Rule):
    id = "missing-statistics-period"
    code = "GL201"
    severity = Severity.ERROR
    family = "period"
    summary = "没有说明统计数据的期限"
    message = {
        "zh": "没有说明报告所列数据的统计期限",
        "en": "the report does not state the statistics period of its data",
    }
    suggestion = {"zh": "在报告开头写明：{canonical}", "en": "state near the beginning: “{canonical}”"}
    rationale = ("年度报告的数据应覆盖报告年度全年，开头一般写明“本报告中所列数据的统计期限自X年1月1日起至X年12月31日止”；"
                 "四川省地方标准 DB51/T 2660—2019 第2.1条明确规定统计时间段为上一年度1月1日至12月31日。")
    fix = "在引言中加一句统计期限说明（见建议），年份与报告年度一致。"
    example_bad = "根据《中华人民共和国政府信息公开条例》要求，编制本报告。"
    example_good = "本报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。"
    summary_en = "the statistics period of the data is not stated"
    rationale_en = ("The report's figures cover the report year; its opening usually says “本报告中所列数据的统计期限"
                    "自X年1月1日起至X年12月31日止”. Sichuan's local standard “DB51/T 2660—2019” (2.1) sets the period "
                    "to 1 January to 31 December of the year reported.")
    fix_en = "add the statistics-period sentence to the introduction (see the suggestion), with the report year."

    def check(self, ctx: Context):
        if ctx.pack.statistics_period is None or ctx.period is not None:
            return
        yield self.diag(ctx, ctx.intro_location, canonical=_canonical(ctx))


@register
class IncompleteStatisticsPeriod(Rule):
    id = "incomplete-statistics-period"
    code = "GL202"
    severity = Severity.WARNING
    family = "period"
    summary = "统计期限只写了截止日期或不完整"
    message = {
        "zh": "统计期限不完整：“{found}”没有写明起止日期",
        "en": "incomplete statistics period: “{found}” does not give both start and end dates",
    }
    suggestion = {"zh": "{canonical}", "en": "write: “{canonical}”"}
    rationale = "只写“截止X年12月31日”不能说明数据从何时起算（是全年还是累计），读者无法判断口径。"
    fix = "改为写明起止日期的完整表述（见建议）。"
    example_bad = "其中涉及到的数据均为截止2017年12月31日统计数据。"
    example_good = "本报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。"
    summary_en = "the statistics period gives only an end date or is incomplete"
    rationale_en = ("“截止X年12月31日” alone does not say where the figures start (the whole year, or a running "
                    "total), so readers cannot tell what they count.")
    fix_en = "state both the start and the end date (see the suggestion)."

    def check(self, ctx: Context):
        p = ctx.period
        if p is None or p.complete:
            return
        yield self.diag(ctx, p.location, found=p.text, canonical=_canonical(ctx))


@register
class PeriodYearMismatch(Rule):
    id = "period-year-mismatch"
    code = "GL203"
    severity = Severity.ERROR
    family = "period"
    summary = "统计期限的年份与报告年度不一致"
    message = {
        "zh": "统计期限的年份（{found}）与报告年度 {year} 不一致",
        "en": "the statistics period ({found}) does not match the report year {year}",
    }
    suggestion = {"zh": "{canonical}", "en": "write: “{canonical}”"}
    rationale = "年度报告报告的是一个自然年度的工作；统计期限年份与标题年度不一致，多半是沿用了往年报告未改年份。"
    fix = "核对报告年度，把统计期限中的年份改为报告年度。"
    example_bad = "2017年政府信息公开工作年度报告……本报告中所列数据的统计期限自2016年1月1日起至2016年12月31日止。"
    example_good = "2017年政府信息公开工作年度报告……本报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。"
    summary_en = "the year of the statistics period differs from the report year"
    rationale_en = ("An annual report reports one calendar year's work; a statistics period of another year than the "
                    "title's is most often last year's report with its years left unchanged.")
    fix_en = "check the report year and write it in the statistics period."
    texts = {
        "year": {"zh": "{year}年", "en": "{year}"},
        "from_title": {"zh": "报告年度取自标题“{title}”", "en": "the report year is the title's (“{title}”)"},
        "from_text": {"zh": "报告年度取自正文中第一次出现的年份", "en": "the report year is the first year the text names"},
    }

    def check(self, ctx: Context):
        p = ctx.period
        doc, year, source = ctx.doc, ctx.year, ctx.report.year_source
        if p is None or not p.years or year is None or source == "period":
            return
        if p.years == {year}:
            return
        found = self.join(ctx, (self.text(ctx, "year", year=y) for y in sorted(p.years)))
        note = (self.text(ctx, "from_title", title=doc.title.text) if doc.title and source == "title"
                else self.text(ctx, "from_text"))
        yield self.diag(ctx, p.location, found=found, year=year, canonical=_canonical(ctx), notes=[note])
