"""The statistics appendix (《政府信息公开情况统计表》): is it there?

Checking its rows and sums is the statistics-table family; here only its presence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from dataclasses import dataclass

from govlint.checks import Context, Rule, line_location, point_location, register
from govlint.checks.period import _intro_location
from govlint.diagnostics import Severity
from govlint.document import Line
from govlint.normalize import norm, to_chinese_numeral
from govlint.packs import TableSpec


_NUMBER_LINE = re.compile(r"^[-+]?\d+(\.\d+)?$")
_TABLE_CELLS = re.compile(r"[|\t]")


def _numbers_in_row(line: Line) -> int:
    """Values in a row of numbers ("10    1      0   0 …"): three or more, most of the row."""
    tokens = line.content.split()
    if len(tokens) < 3 or tokens.count("|") > 0.4 * len(tokens):
        return 0  # too few tokens, or a " | " row: its bars alone keep numbers under 60%
    numbers = sum(1 for t in tokens if _NUMBER_LINE.match(t))
    return numbers if numbers >= 3 and numbers >= 0.6 * len(tokens) else 0


def is_table_row(line: Line) -> bool:
    """Cells separated by | or tabs, or four or more short cells separated by spaces (PDF text:
    "行政复议(结果维持 结果纠正 其他结果 尚未审结 总计) …")."""
    content = line.content.strip()
    if _TABLE_CELLS.search(content):
        return True
    cells = content.split()
    return len(cells) >= 4 and sum(len(c) for c in cells) / len(cells) <= 12
_ROW_WITH_NUMBER = re.compile(r"[|\t].*\d|\d.*[|\t]")


@dataclass
class TableEvidence:
    title_line: Line | None  # the last line naming the table
    hints: int  # distinct indicator labels seen after it (or in its section)
    cells: int  # value cells: number-only lines, rows of numbers, table rows with numbers, "数条180"

    def present(self, min_rows: int) -> bool:
        if self.hints >= min_rows:
            return True
        # values count with the table's name above them, or with one of its labels in its section
        return self.cells >= 2 * min_rows and (self.title_line is not None or self.hints >= 1)


def _section_lines(ctx: Context, number: int | None) -> list[Line] | None:
    """The lines of section ``number`` (heading to the next matched heading), if it is found."""
    if number is None:
        return None
    al = ctx.alignment
    m = al.match_for(number)
    if m is None:
        return None
    later = [o.heading.line.number for o in al.matches if o.heading.position > m.heading.position]
    stop = min([l for l in later if l > m.heading.line.number], default=ctx.doc.last_line + 1)
    # the heading's own words are no evidence of the table, unless the line is run-on text
    first = m.heading.line.number if len(m.heading.line.key) > 300 else m.heading.line.number + 1
    return [l for l in ctx.doc.lines if first <= l.number < stop]


def table_region(ctx: Context, spec: TableSpec) -> list[Line] | None:
    """The lines a present table is read from: from the last line naming it to the end, or its
    section; None when the table is not there."""
    if not find_table(ctx, spec).present(spec.min_rows):
        return None
    lines = ctx.doc.lines
    if spec.find_title:
        names = [norm(n) for n in [spec.title, *spec.aliases]]
        idx = ctx.doc.last_line_with(names)
        return lines[idx:] if idx is not None else lines
    section = _section_lines(ctx, spec.section)
    return section if section is not None else lines


def find_table(ctx: Context, spec: TableSpec) -> TableEvidence:
    """Evidence of a table. A named table (the 2014 统计表): after the last line naming it, or
    in the whole document when none does; one-cell-per-line, pipe rows and run-on text all count.
    An unnamed one (the 2019/2021 tables): its own labels inside its section."""
    found = ctx.memo.setdefault("find_table", {})
    if spec.id not in found:
        found[spec.id] = _find_table(ctx, spec)
    return found[spec.id]


def _find_table(ctx: Context, spec: TableSpec) -> TableEvidence:
    names = [norm(n) for n in [spec.title, *spec.aliases]] if spec.find_title else []
    hints = [norm(h) for h in spec.row_hints]
    unit_cell = (re.compile(r"[\u4e00-\u9fff)）]\(?(%s)\)?[-+]?\d" % "|".join(map(re.escape, spec.units)))
                 if spec.units else None)  # label, unit, number: "信息数条120" (prose: "120条")
    lines = ctx.doc.lines
    title_idx, title_at = ctx.doc.last_line_with(names), 0
    if title_idx is not None:  # in that line, the last of the names it holds
        key = lines[title_idx].key
        for n in names:
            at = key.rfind(n)
            if at >= 0:
                title_at = at + len(n)
    region: list[tuple[str, bool, Line | None]] = []  # (key, labels count at any length, whole line)
    if title_idx is not None:
        region.append((lines[title_idx].key[title_at:], True, None))
        following = lines[title_idx + 1:]
    else:
        following = _section_lines(ctx, spec.section) if not spec.find_title else None
        following = lines if following is None else following
    scoped = title_idx is not None or following is not lines
    region += [(l.key, len(l.key) > 300 or is_table_row(l), l) for l in following if l.key]
    seen: set[str] = set()
    # the hints present on a line that counts for them, found with one search of the joined keys
    # per hint instead of a test per line and hint
    joined = "\n".join(key for key, _, _ in region)
    starts = list(accumulate((len(key) + 1 for key, _, _ in region[:-1]), initial=0))
    for h in set(hints):
        pos = joined.find(h) if h else -1
        while pos >= 0:
            key, any_length, _ = region[bisect_right(starts, pos) - 1]
            if any_length or len(key) <= len(h) + 40:
                seen.add(h)
                break
            pos = joined.find(h, pos + 1)
    cells = 0
    for key, any_length, line in region:
        if not scoped:
            break  # in the whole document, only the table's own labels are evidence
        in_row = _numbers_in_row(line) if line is not None else 0
        if in_row:
            cells += in_row
        elif _NUMBER_LINE.match(key) or _ROW_WITH_NUMBER.search(key):
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
    summary = "缺少格式要求的统计表格"
    message = {
        "zh": "缺少表格《{title}》{detail}",
        "en": "the table “{title}” is missing{detail}",
    }
    suggestion = {"zh": "在{where}加上《{title}》，按格式逐项填写", "en": "add the table “{title}” {where}"}
    rationale = ("国办发〔2014〕32号要求各地各部门按《政府信息公开情况统计表》统一指标、口径报送数据，"
                 "年度报告以附表形式公开这些数据；只在标题或正文中提到“附表”而没有表格，读者看不到数据。")
    fix = "在报告末尾（“需要说明的事项与附表”部分之后）附上完整的统计表。"
    example_bad = "十二、需要说明的事项与附表\n目前我局无其他需要说明的事项。"
    example_good = ("十二、需要说明的事项与附表\n附表：政府信息公开情况统计表\n| 统计指标 | 单位 | 统计数 |\n"
                    "| 一、主动公开情况 | — | — |\n| （一）主动公开政府信息数 | 条 | 236 |\n……")

    def check(self, ctx: Context):
        for spec in ctx.pack.tables:
            yield from self._check_table(ctx, spec)

    def _check_table(self, ctx: Context, spec: TableSpec):
        evidence = find_table(ctx, spec)
        if evidence.present(spec.min_rows):
            return
        doc = ctx.doc
        title_line = evidence.title_line
        home = ctx.alignment.match_for(spec.section) if spec.section else None
        if home is not None:
            where = f"“{home.heading.text}”一节中"
        elif spec.section:
            where = f"第{to_chinese_numeral(spec.section)}部分"
        else:
            where = "报告末尾"
        if title_line is not None:
            detail = f"：第{title_line.number}行提到了这张表，但其后没有表格内容"
            detail_en = f": line {title_line.number} names it but no table follows"
            loc = line_location(title_line)
        else:
            detail = detail_en = ""
            if home is not None:  # the section the table belongs to ("十二、需要说明的事项与附表")
                loc = line_location(home.heading.line, home.heading.start, home.heading.end)
            else:
                last = doc.last_nonblank()
                loc = point_location(last) if last is not None else _intro_location(doc)
        yield self.diag(ctx, loc, severity=spec.severity, title=spec.title,
                        detail=detail if ctx.lang == "zh" else detail_en, where=where,
                        notes=[f"依据：{spec.basis}"] if spec.basis else [], data={"table": spec.id})
