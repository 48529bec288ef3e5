"""The statistics appendix (《政府信息公开情况统计表》): is it there?

Checking its rows and sums is the statistics-table family; here only its presence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govlint.checks import Context, Rule, line_location, point_location, register
from govlint.checks.period import _intro_location
from govlint.diagnostics import Severity
from govlint.document import Line
from govlint.normalize import norm, to_chinese_numeral


_NUMBER_LINE = re.compile(r"^[-+]?\d+(\.\d+)?$")
_ROW_WITH_NUMBER = re.compile(r"[|\t].*\d|\d.*[|\t]")


@dataclass
class TableEvidence:
    title_line: Line | None  # the last line naming the table
    hints: int  # distinct indicator labels seen after it
    cells: int  # value cells seen after it: number-only lines, table rows with numbers, "数条180"

    def present(self, min_rows: int) -> bool:
        return self.hints >= min_rows or self.cells >= 2 * min_rows


def find_table(ctx: Context) -> TableEvidence:
    """Evidence of the statistics table after the last line that names it (or in the whole
    document when none does). Works on one-cell-per-line, pipe rows and run-on flattened text."""
    spec = ctx.pack.statistics_table
    names = [norm(n) for n in [spec.title, *spec.aliases]]
    hints = [norm(h) for h in spec.row_hints]
    # label, unit, number: "信息数条120"; prose puts the number first ("公开信息120条")
    unit_cell = re.compile(r"[\u4e00-\u9fff)）]\(?(%s)\)?[-+]?\d" % "|".join(map(re.escape, spec.units))) if spec.units else None
    lines = ctx.doc.lines
    title_idx, title_at = None, 0
    for idx, line in enumerate(lines):
        key = line.key
        for n in names:
            at = key.rfind(n)
            if at >= 0:
                title_idx, title_at = idx, at + len(n)
    region: list[tuple[str, bool]] = []  # (key, is the tail of a run-on line)
    if title_idx is not None:
        region.append((lines[title_idx].key[title_at:], True))
        following = lines[title_idx + 1:]
    else:
        following = lines
    region += [(l.key, False) for l in following if l.key]
    seen: set[str] = set()
    cells = 0
    for key, tail in region:
        for h in hints:
            if h not in seen and h in key and (tail or len(key) <= len(h) + 40):
                seen.add(h)
        if title_idx is None:
            continue  # without the table's name, only its indicator labels are evidence
        if _NUMBER_LINE.match(key) or _ROW_WITH_NUMBER.search(key):
            cells += 1
        if unit_cell is not None:
            cells += len(unit_cell.findall(key))
    return TableEvidence(lines[title_idx] if title_idx is not None else None, len(seen), cells)


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
        evidence = find_table(ctx)
        if evidence.present(spec.min_rows):
            return
        title_line = evidence.title_line
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
