"""The statistics-period statement (统计期限) and its year (the statement is a fact:
:mod:`govlint.period`)."""

from __future__ import annotations

import re

from govlint import rx
from govlint.checks import Rule, indent_of, intro_line, register
from govlint.diagnostics import Edit, Severity
from govlint.facts import Context

def _canonical(ctx: Context) -> str:
    spec = ctx.pack.statistics_period
    year = ctx.year or "××××"
    return spec.canonical.format(year=year) if spec and spec.canonical else ""


@register
class MissingStatisticsPeriod(Rule):
    id = "missing-statistics-period"
    code = "GL201"
    severity = Severity.WARNING
    family = "period"
    summary = "没有说明统计数据的期限"
    message = {
        "zh": "没有说明报告所列数据的统计期限",
        "en": "the report does not state the statistics period of its data",
    }
    suggestion = {"zh": "在报告开头写明：{canonical}", "en": "state near the beginning: “{canonical}”"}
    rationale = ("年度报告的数据应覆盖报告年度全年，开头一般写明“本报告中所列数据的统计期限自X年1月1日起至X年12月31日止”；"
                 "四川省地方标准 DB51/T 2660—2019 第2.1条明确规定统计时间段为上一年度1月1日至12月31日。"
                 "全国的格式没有规定引言，所以是警告。")
    fix = "在引言中加一句统计期限说明（见建议），年份与报告年度一致。"
    example_bad = "根据《中华人民共和国政府信息公开条例》要求，编制本报告。"
    example_good = "本报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。"
    summary_en = "the statistics period of the data is not stated"
    rationale_en = ("The report's figures cover the report year; its opening usually says “本报告中所列数据的统计期限"
                    "自X年1月1日起至X年12月31日止”. Sichuan's local standard “DB51/T 2660—2019” (2.1) sets the period "
                    "to 1 January to 31 December of the year reported. The national formats do not prescribe the "
                    "introduction, so this is a warning.")
    fix_en = "add the statistics-period sentence to the introduction (see the suggestion), with the report year."
    texts = {
        "scoped": {"zh": "第{line}行的“{found}”只说明该处数字的时间，不是全报告数据的统计期限说明",
                   "en": "“{found}” on line {line} dates the figures there; it is no statement of the report's period"},
    }
    fixable = "unsafe"
    fix_summary = {"zh": "在第一部分的标题之前插入统计期限说明（年份为报告年度）",
                   "en": "insert the statistics-period sentence, with the report year, before the first section's heading"}

    def check(self, ctx: Context):
        if ctx.pack.statistics_period is None or ctx.period is not None:
            return
        notes = []
        scoped = ctx.scoped_range
        if scoped is not None:
            notes.append(self.text(ctx, "scoped", line=scoped.location.line, found=scoped.text))
        yield self.diag(ctx, ctx.intro_location, canonical=_canonical(ctx), notes=notes, fix=self._insert(ctx))

    def _insert(self, ctx: Context):
        anchor = ctx.intro_anchor
        if anchor is None or ctx.year is None or ctx.report.year_source not in ("title", "period"):
            return None
        line, at = anchor
        like = intro_line(ctx, line)
        return self.insertion(ctx, line, at, [indent_of(ctx, like) + _canonical(ctx)], [like])


@register
class IncompleteStatisticsPeriod(Rule):
    id = "incomplete-statistics-period"
    code = "GL202"
    severity = Severity.WARNING
    family = "period"
    summary = "统计期限只写了截止日期或不完整"
    message = {
        "zh": "统计期限不完整：“{found}”{why}",
        "en": "incomplete statistics period: “{found}” {why}",
    }
    suggestion = {"zh": "{canonical}", "en": "write: “{canonical}”"}
    rationale = ("只写“截止X年12月31日”不能说明数据从何时起算（是全年还是累计），读者无法判断口径；"
                 "起止日期空着（“统计期限自至”）或缺了年、月（“20231月1日”）同样如此。")
    fix = "改为写明起止日期的完整表述（见建议）。"
    example_bad = "其中涉及到的数据均为截止2017年12月31日统计数据。"
    example_good = "本报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。"
    summary_en = "the statistics period gives only an end date or is incomplete"
    rationale_en = ("“截止X年12月31日” alone does not say where the figures start (the whole year, or a running "
                    "total), so readers cannot tell what they count.")
    fix_en = "state both the start and the end date (see the suggestion)."
    texts = {
        "no_dates": {"zh": "没有写明起止日期", "en": "does not give both start and end dates"},
        "unfilled": {"zh": "起止日期没有填写", "en": "leaves its dates blank"},
        "malformed": {"zh": "起止日期写得不完整（缺少年或月）", "en": "has dates without their year or month"},
    }

    def check(self, ctx: Context):
        p = ctx.period
        if p is None or p.complete:
            return
        why = self.text(ctx, p.kind if p.kind in ("unfilled", "malformed") else "no_dates")
        yield self.diag(ctx, p.location, found=p.text, why=why, canonical=_canonical(ctx),
                        data={"kind": p.kind})


@register
class PartialStatisticsPeriod(Rule):
    id = "partial-statistics-period"
    code = "GL204"
    severity = Severity.INFO
    family = "period"
    summary = "统计期限只覆盖年度的一部分"
    message = {
        "zh": "统计期限“{found}”只覆盖{year}年的一部分（{start}至{end}）",
        "en": "the statistics period “{found}” covers only part of {year} ({start} to {end})",
    }
    suggestion = {"zh": "如机构在年内设立、撤并或调整职能，请在报告中说明统计期限不是全年的原因",
                  "en": "if the agency was created, merged or reorganised during the year, say why the period is not the whole year"}
    rationale = ("年度报告的数据一般覆盖报告年度全年。机构年内新设或撤并时，统计期限只能从设立之日起或到撤并之日止，"
                 "这是正当的；报告应说明原因，读者才不会以为数据不全。")
    fix = "在统计期限的句子后说明原因（如“我局于2019年8月组建，统计期限自组建之日起”）。"
    example_bad = "本报告中所列数据的统计期限为2019年9月1日至2019年12月31日。"
    example_good = "我局于2019年8月组建，本报告中所列数据的统计期限为2019年9月1日至2019年12月31日。"
    summary_en = "the statistics period covers only part of the year"
    rationale_en = ("A report's figures usually cover the whole report year. An agency created or merged during the "
                    "year can only report part of it, which is legitimate; the report should say why, so readers "
                    "do not take the figures for incomplete.")
    fix_en = "say why after the period sentence (“我局于2019年8月组建，统计期限自组建之日起”)."

    def check(self, ctx: Context):
        p = ctx.period
        if p is None or p.kind != "part" or not p.dates:
            return
        text = "".join(p.paragraph.key.split())
        if _EXPLAINED.search(text):
            return  # the report says why (组建、成立、挂牌、撤并…)
        start, end = (d if ctx.lang == "zh" else _iso(d, p.end_year) for d in p.dates)
        yield self.diag(ctx, p.location, found=p.text, year=p.start_year, start=start, end=end,
                        data={"from": _iso(p.dates[0], p.start_year), "to": _iso(p.dates[1], p.end_year)})


def _iso(date: str, year: int | None) -> str:
    """"2019年9月1日" (or "12月31日" in that year) as 2019-09-01."""
    m = re.search(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日", date)
    if not m:
        return date
    return f"{int(m.group(1) or year or 0):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"


_EXPLAINED = rx.compile(r"组建|成立|设立|挂牌|撤并|合并|撤销|划转|职能调整|机构改革")


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
        "from_title": {"zh": "报告年度取自标题“{title}”", "en": "the report year is that of the title “{title}”"},
        "from_text": {"zh": "报告年度取自正文中第一次出现的年份", "en": "the report year is the first year the text names"},
    }
    fixable = "safe"
    fix_summary = {"zh": "把统计期限中的年份改为标题中的报告年度", "en": "write the title's report year in the statistics period"}

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
        fix = self._years(ctx, p, year) if source == "title" and doc.title and not self._stale_title(ctx, p) else None
        yield self.diag(ctx, p.location, found=found, year=year, canonical=_canonical(ctx), notes=[note], fix=fix)

    @staticmethod
    def _stale_title(ctx: Context, p) -> bool:
        """The title's year may be the stale one: the report is dated in the year after the
        period's (a 2023 period, signed in January 2024, under a title saying 2022)."""
        published = ctx.report.published
        return published is not None and published[0].year - 1 in p.years and published[0].year - 1 != ctx.year

    def _years(self, ctx: Context, p, year: int):
        """Each other year written in the period sentence replaced by the title's (as wide as
        it was written: ２０２３ stays full-width)."""
        edits = []
        for m in _YEAR.finditer(p.paragraph.key, p.start, p.end):
            if int(m.group()) == year:
                continue
            loc = p.paragraph.location(m.start(), m.end())
            if loc.end_line != loc.line:
                return None
            line = next(l for l in p.paragraph.lines if l.display == loc.line and
                        l.offset < loc.column <= l.offset + len(l.text))
            written = line.text[loc.column - 1 - line.offset:loc.end_column - 1 - line.offset]
            wide = any("０" <= c <= "９" for c in written)
            edits.append(Edit(loc.line, loc.column, loc.line, loc.end_column,
                              str(year).translate(_WIDE) if wide else str(year)))
        return self._fix(ctx, edits)


_YEAR = rx.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_WIDE = str.maketrans("0123456789", "０１２３４５６７８９")
