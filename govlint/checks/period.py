"""The statistics-period statement (统计期限) and its year."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govlint.checks import Context, Rule, point_location, register
from govlint.diagnostics import Location, Severity
from govlint.document import Document, Paragraph, is_metadata
from govlint.packs import Pack

_SENTENCES = re.compile(r"[^。！？!?]+[。！？!?]?")


@dataclass
class Period:
    complete: bool
    paragraph: Paragraph
    start: int  # span in the paragraph's key
    end: int
    start_year: int | None
    end_year: int | None

    @property
    def years(self) -> set[int]:
        return {y for y in (self.start_year, self.end_year) if y}

    @property
    def location(self) -> Location:
        return self.paragraph.location(self.start, self.end)

    @property
    def text(self) -> str:
        return self.paragraph.text(self.start, self.end)


def _year(text: str) -> int | None:
    """A year, or None for a placeholder such as 20××."""
    return int(text) if text.isdigit() else None


def _sentences(key: str):
    for m in _SENTENCES.finditer(key):
        yield m.start(), m.group(0)


def find_period(doc: Document, pack: Pack) -> Period | None:
    """The first complete statement, else the first incomplete one, else None."""
    spec = pack.statistics_period
    if spec is None:
        return None
    # the year is resolved with one pack's statement patterns, the checks use the chosen pack's:
    # the same patterns (every built-in pack) are searched once
    rules = (tuple(spec.keywords), spec.range, spec.end_only, spec.end_only_context, spec.whole_year)
    found = doc.memo.setdefault("period", {})
    if rules not in found:
        found[rules] = _find_period(doc, spec)
    return found[rules]


def _find_period(doc: Document, spec) -> Period | None:
    incomplete: Period | None = None
    for para in doc.paragraphs:
        key = para.key
        for offset, sentence in _sentences(key):
            has_keyword = any(k.search(sentence) for k in spec.keywords)
            m = spec.range.search(sentence)
            if m and has_keyword:
                start = _year(m.group("start"))
                end = _year(m.group("end")[:4]) if m.group("end") else start
                return Period(True, para, offset + m.start(), offset + m.end(), start, end)
            if has_keyword and spec.whole_year is not None:
                w = spec.whole_year.search(sentence)
                if w:
                    y = int(w.group("start"))
                    return Period(True, para, offset + w.start(), offset + w.end(), y, y)
            if incomplete is None and spec.end_only is not None:
                e = spec.end_only.search(sentence)
                if e and (spec.end_only_context is None or spec.end_only_context.search(sentence)):
                    incomplete = Period(False, para, offset + e.start(), offset + e.end(), None, int(e.group("end")))
                    continue
            if incomplete is None and has_keyword and m is None:
                k = next(k.search(sentence) for k in spec.keywords if k.search(sentence))
                if re.search(r"\d{4}年", sentence[k.start():]):
                    incomplete = Period(False, para, offset + k.start(), offset + len(sentence.rstrip("。")),
                                        None, None)
    return incomplete


def _canonical(ctx: Context) -> str:
    spec = ctx.pack.statistics_period
    year = ctx.doc.report_year or "××××"
    return spec.canonical.format(year=year) if spec and spec.canonical else ""


def _intro_location(doc: Document) -> Location:
    """Where an introduction statement belongs: the line after the title (or line 1)."""
    if doc.title:
        last = doc.title.lines[-1]
        for line in doc.lines:
            if line.number > last.number and not line.blank and not is_metadata(line):
                return point_location(line)
        return point_location(last)
    first = next((l for l in doc.lines if not l.blank), None)
    return point_location(first) if first else Location(doc.first_line, 1)


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
    suggestion = {"zh": "在报告开头写明：{canonical}", "en": "state near the beginning: {canonical}"}
    rationale = ("年度报告的数据应覆盖报告年度全年，开头一般写明“本报告中所列数据的统计期限自X年1月1日起至X年12月31日止”；"
                 "四川省地方标准 DB51/T 2660—2019 第2.1条明确规定统计时间段为上一年度1月1日至12月31日。")
    fix = "在引言中加一句统计期限说明（见建议），年份与报告年度一致。"
    example_bad = "根据《中华人民共和国政府信息公开条例》要求，编制本报告。"
    example_good = "本报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。"

    def check(self, ctx: Context):
        if ctx.pack.statistics_period is None or ctx.period is not None:
            return
        yield self.diag(ctx, _intro_location(ctx.doc), canonical=_canonical(ctx))


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
    suggestion = {"zh": "{canonical}", "en": "{canonical}"}
    rationale = "只写“截止X年12月31日”不能说明数据从何时起算（是全年还是累计），读者无法判断口径。"
    fix = "改为写明起止日期的完整表述（见建议）。"
    example_bad = "其中涉及到的数据均为截止2017年12月31日统计数据。"
    example_good = "本报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。"

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
    suggestion = {"zh": "{canonical}", "en": "{canonical}"}
    rationale = "年度报告报告的是一个自然年度的工作；统计期限年份与标题年度不一致，多半是沿用了往年报告未改年份。"
    fix = "核对报告年度，把统计期限中的年份改为报告年度。"
    example_bad = "2017年政府信息公开工作年度报告……本报告中所列数据的统计期限自2016年1月1日起至2016年12月31日止。"
    example_good = "2017年政府信息公开工作年度报告……本报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。"

    def check(self, ctx: Context):
        p = ctx.period
        doc = ctx.doc
        if p is None or not p.years or doc.report_year is None or doc.year_source == "period":
            return
        if p.years == {doc.report_year}:
            return
        found = "、".join(f"{y}年" for y in sorted(p.years))
        yield self.diag(ctx, p.location, found=found, year=doc.report_year,
                        canonical=_canonical(ctx),
                        notes=[f"报告年度取自标题“{doc.title.text}”" if doc.title and doc.year_source == "title"
                               else "报告年度取自正文中第一次出现的年份"])
