"""``--format csv`` and ``--format xlsx``: the run as a table a reviewer sends around.

One row per report (a compilation: one per part; an unreadable file: one row with the reason):
file, agency, agency kind, year, pack, whether it is an annual report, errors / warnings /
infos, the codes of the rules it fails, how many statistics tables were checked / partly / not
checked / absent, the publication date when one was found. ``--detail`` (CSV) gives one row per
finding instead; the .xlsx holds both, as two sheets. Chinese headers (``--lang en``: English).
CSV is UTF-8 with a BOM, so Excel and WPS open it without garbling the Chinese.
"""

from __future__ import annotations

import csv
import io

from govlint.diagnostics import SEVERITY_ZH, Severity
from govlint.formatters import RunInfo, locate, register

_KIND = {"government": ("人民政府", "government"), "department": ("政府部门", "department")}
_TABLE_COUNTS = (("checked", "统计表已核对", "tables checked"), ("partly", "部分核对", "partly checked"),
                 ("not-checked", "未核对", "not checked"), ("absent", "没有", "absent"))
SUMMARY = [("file", "文件", "file"), ("part", "篇", "part"), ("agency", "机关", "agency"),
           ("kind", "机关类型", "agency kind"), ("year", "报告年度", "report year"), ("pack", "规则包", "pack"),
           ("report", "是否年度报告", "annual report"), ("errors", "错误", "errors"), ("warnings", "警告", "warnings"),
           ("infos", "提示", "infos"), ("rules", "问题规则", "rules with findings"),
           *[(key, zh, en) for key, zh, en in _TABLE_COUNTS],
           ("published", "发布日期", "published"), ("error", "无法读取", "unreadable")]
DETAIL = [("file", "文件", "file"), ("part", "篇", "part"), ("agency", "机关", "agency"), ("year", "报告年度", "report year"),
          ("line", "行", "line"), ("column", "列", "column"), ("place", "位置", "place"), ("severity", "级别", "severity"),
          ("code", "代码", "code"), ("rule", "规则", "rule"), ("message", "问题", "message"),
          ("suggestion", "建议", "suggestion")]


def _headers(columns, lang: str) -> list[str]:
    return [en if lang == "en" else zh for _, zh, en in columns]


def _document_of(result, line: int):
    """The document (compilation part) a line belongs to."""
    docs = result.documents
    return next((d for d in docs if d.first_line <= line <= d.last_line), docs[0] if docs else None)


def file_summary_rows(r, lang: str = "zh") -> list[list]:
    """A file's rows of the summary: one per report (a compilation: one per part)."""
    zh = lang != "en"
    if r.error or not r.documents:
        return [[r.shown, "", "", "", "", "", "", 0, 0, 0, "", 0, 0, 0, 0, "", r.error or ""]]
    rows = []
    for doc in r.documents:
        diags = [d for d in r.diagnostics if _document_of(r, d.line) is doc]
        count = {s: sum(1 for d in diags if d.severity == s) for s in Severity}
        codes = " ".join(sorted({d.code for d in diags}))
        status = [t.status for t in doc.tables]
        tables = [sum(1 for s in status if s == key or (key == "checked" and s == "read")) for key, _, _ in _TABLE_COUNTS]
        kind = _KIND.get(doc.agency_kind, (doc.agency_kind or "", doc.agency_kind or ""))[0 if zh else 1]
        rows.append([r.shown, doc.part_label or "", doc.agency or "", kind,
                     doc.report_year if doc.is_report and doc.report_year else "",
                     doc.pack.id if doc.is_report else "", ("是" if doc.is_report else "否") if zh
                     else ("yes" if doc.is_report else "no"),
                     count[Severity.ERROR], count[Severity.WARNING], count[Severity.INFO], codes, *tables,
                     doc.published or "", ""])
    return rows


def file_detail_rows(r, lang: str = "zh") -> list[list]:
    """A file's rows of the findings: one per finding (an unreadable file: one with the reason)."""
    zh = lang != "en"
    if r.error:
        return [[r.shown, "", "", "", "", "", "", "", "", "", r.error, ""]]
    rows = []
    for d in r.diagnostics:
        doc = _document_of(r, d.line)
        place, _ = locate(r, d, lang)
        rows.append([r.shown, (doc.part_label or "") if doc else "", (doc.agency or "") if doc else "",
                     (doc.report_year or "") if doc else "", d.line, d.column, place,
                     SEVERITY_ZH[d.severity] if zh else d.severity.label, d.code, d.rule, d.message,
                     d.suggestion or ""])
    return rows


@register("csv")
def format_csv(run: RunInfo, out) -> None:
    """Written file by file (UTF-8 with a BOM, rows ended as Excel ends them)."""
    columns, rows_of = (DETAIL, file_detail_rows) if run.detail else (SUMMARY, file_summary_rows)
    writer = csv.writer(out, lineterminator="\r\n")  # as Excel writes it
    out.write("\ufeff")
    writer.writerow(_headers(columns, run.lang))
    for r in run.results:
        writer.writerows(rows_of(r, run.lang))


@register("xlsx")
def format_xlsx(run: RunInfo, out) -> None:
    """Two sheets, 汇总 (one row per report) and 问题明细 (one per finding): headers frozen, an
    autofilter, numbers as numbers. ``out`` is a binary stream."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False,
                                       "strings_to_formulas": False})  # a report's text is never a formula
    book.set_properties({"title": "govlint", "comments": "govlint check -f xlsx"})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    en = run.lang == "en"
    summary, detail = [], []  # rows, not results: the results are read once, as they come
    for r in run.results:
        summary += file_summary_rows(r, run.lang)
        detail += file_detail_rows(r, run.lang)
    for name, columns, rows, widths in (
            ("Summary" if en else "汇总", SUMMARY, summary,
             [40, 10, 24, 10, 8, 14, 8, 6, 6, 6, 24, 8, 8, 8, 6, 12, 30]),
            ("Findings" if en else "问题明细", DETAIL, detail,
             [40, 10, 24, 8, 6, 6, 18, 6, 8, 24, 80, 40])):
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, _headers(columns, run.lang), bold)
        write_string, write_number = sheet.write_string, sheet.write_number
        for i, row in enumerate(rows, start=1):  # typed writes (write_row guesses each cell's type): 2x faster
            for c, value in enumerate(row):
                if isinstance(value, str):
                    if value:  # an empty cell is no cell
                        write_string(i, c, value)
                else:
                    write_number(i, c, value)
        for c, width in enumerate(widths):
            sheet.set_column(c, c, width)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(1, len(rows)), len(columns) - 1)
    if run.roster is not None:  # who has not reported
        sheet = book.add_worksheet("Roster" if en else "名单核对")
        sheet.write_row(0, 0, ["agency" if en else "机关", "status" if en else "情况", "file" if en else "文件"], bold)
        rows = [[name, "no report" if en else "没有报告", ""] for name in run.roster.missing]
        rows += [[agency or "", "not on the roster" if en else "不在名单中", path] for path, agency in run.roster.strangers]
        for i, row in enumerate(rows, start=1):
            sheet.write_row(i, 0, row)
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, 1, 12)
        sheet.set_column(2, 2, 40)
    book.close()
    out.write(buffer.getvalue())
