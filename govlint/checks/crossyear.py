"""Across years (``--previous LAST_YEAR``): this year's tables against last year's report."""

from __future__ import annotations

from govlint.checks import Rule, fmt_number, register
from govlint.diagnostics import Severity
from govlint.facts import Context


def _previous_row(ctx: Context, row_id: str):
    """Last year's read row with this id, from any of its tables (the 2019 and 2021 tables share ids)."""
    if ctx.previous is None:
        return None, None
    for table in ctx.previous.tables.values():
        rr = table.rows.get(row_id)
        if rr is not None and rr.readable:
            return table, rr
    return None, None


_TEXTS = {
    "year_report": {"zh": "{year}年度报告", "en": "{year}"},
    "last_year_report": {"zh": "上一年度报告", "en": "last year's"},
    "previous_at": {"zh": "上一年度：{path} 第{line}行", "en": "last year: {path} line {line}"},
}


def _year(rule: Rule, ctx: Context) -> str:
    prev = ctx.previous
    return rule.text(ctx, "year_report", year=prev.year) if prev and prev.year else rule.text(ctx, "last_year_report")


@register
class CarryoverMismatch(Rule):
    id = "carryover-mismatch"
    code = "GL407"
    severity = Severity.ERROR
    family = "tables"
    summary = "上年结转与上一年度报告的结转下年度不一致"
    message = {
        "zh": "“{row}”（{column}）为 {found}，但{year}的“{previous_row}”为 {expected}",
        "en": "“{row}” (“{column}”) is {found}, but the {year} report carried {expected} forward",
    }
    rationale = "本年的“上年结转政府信息公开申请数量”就是上一年度报告的“结转下年度继续办理”，两者应逐列相等；不一致说明有一年填错。"
    fix = "核对两年的报告，改正填错的一项。"
    example_bad = "2023年度：四、结转下年度继续办理 2 …；2024年度：二、上年结转政府信息公开申请数量 1 …"
    example_good = "2023年度：四、结转下年度继续办理 2 …；2024年度：二、上年结转政府信息公开申请数量 2 …"
    summary_en = "this year's carry-over differs from last year's report"
    rationale_en = ("This year's “上年结转政府信息公开申请数量” is last year's “结转下年度继续办理”: the two are equal "
                    "column by column; when they differ, one year's figure is wrong.")
    fix_en = "compare the two years' reports and correct the wrong figure."
    texts = _TEXTS

    def check(self, ctx: Context):
        if ctx.previous is None:
            return
        for table in ctx.tables.values():
            link = table.spec.carryover
            if not link:
                continue
            rr = table.rows.get(link["row"])
            prev_table, prev = _previous_row(ctx, link["previous_row"])
            if rr is None or not rr.readable or prev is None:
                continue
            for col, cell in rr.cells.items():
                before = prev.cells.get(col)
                if cell.value is None or before is None or before.value is None:
                    continue
                if abs(cell.value - before.value) > 0.005:
                    yield self.diag(ctx, cell.location, row=rr.spec.label, column=table.column_label(col),
                                    found=fmt_number(cell.value), year=_year(self, ctx), previous_row=prev.spec.label,
                                    expected=fmt_number(before.value),
                                    notes=[self.text(ctx, "previous_at", path=ctx.previous.doc.path, line=before.line.display)],
                                    data={"table": table.spec.id, "column": col})


@register
class StockMismatch(Rule):
    id = "stock-mismatch"
    code = "GL408"
    severity = Severity.WARNING
    family = "tables"
    summary = "现行有效件数与上年数加减本年制发、废止后不一致"
    message = {
        "zh": "“{row}”现行有效件数为 {found}，按{year}的 {before} + 本年制发 {added} − 本年废止 {removed} 应为 {expected}",
        "en": "“{row}”: {found} in force, but last year's {before} + {added} − {removed} = {expected}",
    }
    rationale = "现行有效件数是累计数：大致等于上年的现行有效件数加本年制发、减本年废止。文件也会因有效期届满而失效，所以只作提示。"
    fix = "核对现行有效件数；差额来自文件到期失效的，可在报告中说明。"
    example_bad = "2023年度：行政规范性文件 现行有效 9；2024年度：制发 2、废止 1、现行有效 12"
    example_good = "2023年度：行政规范性文件 现行有效 9；2024年度：制发 2、废止 1、现行有效 10"
    summary_en = "the number in force differs from last year's plus this year's issued minus repealed"
    rationale_en = ("The number of documents in force is a running total: about last year's number in force, plus "
                    "those issued this year, minus those repealed. Documents also lapse when they expire, so this is "
                    "a warning only.")
    fix_en = "check the number in force; where documents expired, the report may say so."
    texts = _TEXTS

    def check(self, ctx: Context):
        if ctx.previous is None:
            return
        for table in ctx.tables.values():
            link = table.spec.stock
            if not link:
                continue
            for rr in table.rows.values():
                if not rr.readable or link["stock"] not in rr.cells:
                    continue
                _, prev = _previous_row(ctx, rr.spec.id)
                if prev is None or link["stock"] not in prev.cells:
                    continue
                stock, added, removed = (rr.cells.get(link[k]) for k in ("stock", "added", "removed"))
                before = prev.cells[link["stock"]]
                if any(t is None or t.value is None for t in (stock, added, removed, before)):
                    continue
                expected = before.value + added.value - removed.value
                if abs(stock.value - expected) > 0.005:
                    yield self.diag(ctx, stock.location, row=rr.spec.label, found=fmt_number(stock.value), year=_year(self, ctx),
                                    before=fmt_number(before.value), added=fmt_number(added.value), removed=fmt_number(removed.value),
                                    expected=fmt_number(expected), data={"table": table.spec.id, "row": rr.spec.id})
