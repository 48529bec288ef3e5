"""The statistics appendix (《政府信息公开情况统计表》): is it there?

Checking its rows and sums is the statistics-table family; here only its presence.
"""

from __future__ import annotations

from govlint.checks import Context, Rule, line_location, point_location, register
from govlint.checks.period import _intro_location
from govlint.diagnostics import Severity
from govlint.normalize import norm, to_chinese_numeral


def find_table(ctx: Context):
    """(title line or None, number of indicator rows seen after it)."""
    spec = ctx.pack.statistics_table
    names = [norm(n) for n in [spec.title, *spec.aliases]]
    hints = [norm(h) for h in spec.row_hints]
    title_line = None
    lines = ctx.doc.lines
    for idx, line in enumerate(lines):
        key = line.key
        if key and any(n in key for n in names):
            title_line = line
            break
    start = lines.index(title_line) + 1 if title_line is not None else 0
    seen = set()
    for line in lines[start:]:
        key = line.key
        if not key or len(key) > 120:
            continue
        for h in hints:
            if h in key and h not in seen and len(key) <= len(h) + 40:
                seen.add(h)
    return title_line, len(seen)


@register
class MissingStatisticsTable(Rule):
    id = "missing-statistics-table"
    code = "GL401"
    severity = Severity.ERROR
    family = "tables"
    summary = "缺少附表《政府信息公开情况统计表》"
    message = {
        "zh": "缺少附表《{title}》{detail}",
        "en": "the appendix table “{title}” is missing{detail}",
    }
    suggestion = {"zh": "在{where}附上《{title}》，按统计指标逐项填写", "en": "append the table “{title}” {where}"}
    rationale = ("国办发〔2014〕32号要求各地各部门按《政府信息公开情况统计表》统一指标、口径报送数据，"
                 "年度报告以附表形式公开这些数据；只在标题或正文中提到“附表”而没有表格，读者看不到数据。")
    fix = "在报告末尾（“需要说明的事项与附表”部分之后）附上完整的统计表。"
    example_bad = "十二、需要说明的事项与附表\n目前我局无其他需要说明的事项。"
    example_good = ("十二、需要说明的事项与附表\n附表：政府信息公开情况统计表\n| 统计指标 | 单位 | 统计数 |\n"
                    "| 一、主动公开情况 | — | — |\n| （一）主动公开政府信息数 | 条 | 236 |\n……")

    def check(self, ctx: Context):
        spec = ctx.pack.statistics_table
        if spec is None:
            return
        title_line, rows = find_table(ctx)
        if rows >= spec.min_rows:
            return
        doc = ctx.doc
        where = "报告末尾"
        if spec.after_section:
            m = ctx.alignment.match_for(spec.after_section)
            if m is not None:
                where = f"“{m.heading.text}”一节中"
            else:
                where = f"第{to_chinese_numeral(spec.after_section)}部分"
        if title_line is not None:
            detail = f"：第{title_line.number}行提到了统计表，但其后没有表格内容"
            detail_en = f": line {title_line.number} names it but no table follows"
            loc = line_location(title_line)
        else:
            detail = detail_en = ""
            home = ctx.alignment.match_for(spec.after_section) if spec.after_section else None
            if home is not None:  # the section the table belongs to ("十二、需要说明的事项与附表")
                loc = line_location(home.heading.line, home.heading.start, home.heading.end)
            else:
                last = doc.last_nonblank()
                loc = point_location(last) if last is not None else _intro_location(doc)
        yield self.diag(ctx, loc, severity=spec.severity, title=spec.title,
                        detail=detail if ctx.lang == "zh" else detail_en, where=where,
                        notes=[f"依据：{spec.basis}"] if spec.basis else [])
