"""Across years (``--previous LAST_YEAR``): this year's tables against last year's report."""

from __future__ import annotations

from rapidfuzz import fuzz

from govlint import rx
from govlint.checks import Rule, fmt_number, register
from govlint.diagnostics import Severity
from govlint.document import line_location
from govlint.facts import Context
from govlint.normalize import norm


def _previous_row(ctx: Context, row_id: str):
    """Last year's read row with this id, from any of its tables (the 2019 and 2021 tables share ids)."""
    if ctx.previous is None or ctx.previous_mismatch:
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
        if ctx.previous is None or ctx.previous_mismatch:
            return
        for table in ctx.trusted_tables.values():
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
        if ctx.previous is None or ctx.previous_mismatch:
            return
        for table in ctx.trusted_tables.values():
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


_NOTICE_2021 = "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）"


@register
class PreviousMismatch(Rule):
    id = "previous-mismatch"
    code = "GL901"
    severity = Severity.WARNING
    family = "crossyear"
    summary = "给出的上一年度报告不是本机关上一年的报告，未做跨年度核对"
    message = {
        "zh": "上一年度报告“{path}”是{other}，与本报告（{mine}）不对应：{why}，未做跨年度核对",
        "en": "last year's report “{path}” is {other}, which does not go with this report ({mine}): {why}; nothing was compared across years",
    }
    suggestion = {"zh": "用 --previous 指定本机关上一年度的报告（或其所在目录）", "en": "give this agency's report of the year before with --previous (or its folder)"}
    rationale = ("跨年度核对（上年结转、现行有效件数、与上年内容雷同）只在两份报告属于同一机关、相差一年时才有意义；"
                 "配错了报告，核对出的“不一致”都是假的。govlint 比较两份报告的机关名称（一方包含另一方即视为同一机关，"
                 "如“洪泽区人民政府”与“淮安市洪泽区人民政府”）和报告年度。")
    fix = "检查 --previous 或配置中 previous 的对应关系；按目录配对时检查文件是否放错年份目录。"
    example_bad = "本报告：梧桐县农业农村局2024年度；--previous：洪泽区农业农村局2023年度报告"
    example_good = "本报告：梧桐县农业农村局2024年度；--previous：梧桐县农业农村局2023年度报告"
    summary_en = "the report given as last year's is not this agency's report of the year before; nothing compared across years"
    rationale_en = ("Across-year checks (carried-over requests, documents in force, text copied from last year) mean "
                    "something only between two reports of one agency a year apart; with the wrong report every "
                    "“mismatch” is false. govlint compares the agencies' names (one holding the other counts as the "
                    "same agency) and the report years.")
    fix_en = "check --previous or the configuration's previous mapping; in a folder, check that files are under the right year."
    texts = {
        "report": {"zh": "{agency}{year}年度的报告", "en": "the report of “{agency}” for {year}"},
        "unknown_year": {"zh": "", "en": "?"},
        "year": {"zh": "它的报告年度是 {prev}，不是 {expected}", "en": "its year is {prev}, not {expected}"},
        "agency": {"zh": "机关不同", "en": "another agency"},
    }
    applies_to_non_reports = False

    def check(self, ctx: Context):
        why = ctx.previous_mismatch
        if why is None:
            return
        prev = ctx.previous

        def name(c) -> str:
            return self.text(ctx, "report", agency=c.agency or "", year=c.year or "")

        detail = (self.text(ctx, "year", prev=prev.year, expected=(ctx.year or 0) - 1) if why == "year"
                  else self.text(ctx, "agency"))
        title = ctx.doc.title.lines[0] if ctx.doc.title else next((l for l in ctx.doc.lines if not l.blank), None)
        if title is None:
            return
        yield self.diag(ctx, line_location(title), path=prev.doc.path, other=name(prev), mine=name(ctx), why=detail,
                        data={"previous": prev.doc.path, "reason": why})


_CITATION = rx.compile(r"《[^》]*》|[〔\[(（]\d{4}[〕\])）]\d+号|[（(][^（）()]*号[）)]")
PROSE_MIN = 100  # masked characters of prose below which a section is boilerplate (“本年度未收取信息处理费”)
PROSE_COPIED = 90  # rapidfuzz ratio of the masked prose at or above which a section is last year's text
DATED_COPIED = 98  # … of the whole section, years masked, numbers kept: the tables' numbers are last year's too
SAME_FIGURES_MIN = 3  # figures other than 0 that must be equal, in order (an all-zero table is the same every year)
_FIGURE = rx.compile(r"\d+(?:\.\d+)?")


def _figures(text: str) -> list[str]:
    return _FIGURE.findall(_CITATION.sub("", text))


@register
class CopiedFromPrevious(Rule):
    id = "copied-from-previous"
    code = "GL902"
    severity = Severity.WARNING
    family = "crossyear"
    summary = "某一部分与上一年度报告几乎相同（内容雷同）"
    message = {
        "zh": "第{number}部分“{title}”与上一年度报告几乎相同（相似度 {ratio}%{numbers}），可能照搬了上年的内容",
        "en": "section {number} (“{title}”) is nearly the same as last year's report (similarity {ratio}%{numbers}); it may be copied from last year",
    }
    suggestion = {"zh": "按本年度的实际工作重写这一部分，写明本年度的新情况、新数据", "en": "rewrite the section from this year's work, with this year's facts and numbers"}
    rationale = ("国办公开办函〔2021〕30号要求高质量编报年度报告，把“内容雷同”与不按时发布、内容不准确不全面并列为要追究责任的问题。"
                 "govlint 把本报告每一部分的文字与上一年度报告的同一部分比较：数字和年份不计（换了数字、年份仍算雷同），"
                 "只比较成段的文字（表格和“本年度未收取信息处理费”这类固定短句不比较）；相似度达到 90% 报告。"
                 "整部分连同表格数字都与上年相同（只改了年份）时也报告。")
    fix = "重写这一部分：本年度做了什么、有什么新情况和数据、存在什么新问题。"
    example_bad = "2024年报告的“五、存在的主要问题及改进情况”与2023年报告一字不差，只改了年份"
    example_good = "2024年报告的“五、存在的主要问题及改进情况”写明本年度的问题和下一年的措施"
    summary_en = "a section is nearly the same as in last year's report (copied text)"
    rationale_en = ("The 2021 notice (“国办公开办函〔2021〕30号”) lists “内容雷同” (copied content) among the defects for which "
                    "those responsible are held to account. govlint compares each section's text with the same section of "
                    "last year's report, numbers and years left out (changed numbers and years still count as the same "
                    "text), and only running prose (tables and fixed short sentences are not compared); 90% similar or more "
                    "is reported, and so is a whole section, tables' numbers included, that only changed its years.")
    fix_en = "rewrite the section: this year's work, its new facts and numbers, its new problems."
    texts = {"numbers": {"zh": "，连数字也与上年相同", "en": ", numbers included"},
             "basis": {"zh": "依据：" + _NOTICE_2021 + "“内容雷同”", "en": "basis: “" + _NOTICE_2021 + "”"}}

    def check(self, ctx: Context):
        prev = ctx.previous
        if prev is None or ctx.previous_mismatch or not ctx.is_report:
            return
        theirs = {norm(m.section.title): m for m in prev.alignment.matches}
        pairs = [(m, theirs[norm(m.section.title)]) for m in ctx.alignment.matches if norm(m.section.title) in theirs]
        # the whole report last year's, only its years changed: every section is copied, short ones too
        whole = fuzz.ratio("".join(ctx.section_dated(m) for m, _ in pairs),
                           "".join(prev.section_dated(pm) for _, pm in pairs)) if len(pairs) > 1 else 0.0
        for m, pm in pairs:
            numbers = ""
            mine, old = ctx.section_prose(m), prev.section_prose(pm)
            ratio = fuzz.ratio(mine, old) if len(mine) >= PROSE_MIN and len(old) >= PROSE_MIN else 0.0
            if ratio < PROSE_COPIED:
                dated, dated_old = ctx.section_dated(m), prev.section_dated(pm)
                figures = _figures(dated)  # the statistics, not years or document numbers
                same_figures = figures == _figures(dated_old) and sum(1 for f in figures if f.strip("0.")) >= SAME_FIGURES_MIN
                ratio = fuzz.ratio(dated, dated_old) if same_figures or whole >= DATED_COPIED else 0.0
                if ratio < DATED_COPIED:
                    continue
                numbers = self.text(ctx, "numbers") if same_figures else ""
            line = m.heading.line
            notes = [self.text(ctx, "basis"), _TEXTS["previous_at"]["en" if ctx.lang == "en" else "zh"].format(
                path=prev.doc.path, line=pm.heading.line.display)]
            yield self.diag(ctx, line_location(line), number=self.num(ctx, m.section.number), title=m.section.title,
                            ratio=int(ratio), numbers=numbers, notes=notes,
                            data={"similarity": round(ratio, 1), "previous": prev.doc.path})
