"""``--format html``: one self-contained HTML page (inline CSS and a little inline script, nothing
fetched, works from a file:// URL) for a reviewer who reads many reports, and to send to the
person who wrote one:

- a summary table with one row per file: agency, its kind, report year, pack, the counts of
  findings, the codes of the rules found, what was checked of the statistics tables, the
  publication date; sortable by any column (the header cells are buttons) and filterable by
  agency or file name, by rule, and to the files with errors;
- the findings counted per rule across the run (what ``--statistics`` prints);
- each file's findings with the source line quoted and the span marked, the suggestion and notes;
- what each rule found checks, why, and how to fix it: every rule code links there.

Without script the page reads the same, unsorted and unfiltered. Everything taken from the files
or the findings is escaped; the script carries no data (it reads the table).
"""

from __future__ import annotations

import html as _html
from collections import Counter

from govlint.checks import get_rule
from govlint.diagnostics import SEVERITY_ZH, Severity
from govlint.formatters import RunInfo, locate, register, table_line
from govlint.version import __version__

MAX_QUOTED_LINES = 6
MAX_AGENCIES = 3  # a compilation's summary row names this many agencies, then "and N more"
_CLASS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
_SEVERITY_EN = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
# the summary's columns of table statuses: a table "read" (no relations, every row read) is as
# checked as it can be
_TABLE_COLUMNS = (("tables-checked", ("checked", "read")), ("tables-partly", ("partly",)),
                  ("tables-not-checked", ("not-checked",)), ("tables-absent", ("absent",)))
_NOT_CLEAN = ("partly", "not-checked", "absent")

# the page's own words, per language
_TEXTS = {
    "title": {"zh": "govlint 检查报告", "en": "govlint report"},
    "html_lang": {"zh": "zh-CN", "en": "en"},
    "where": {"zh": "位置：", "en": "where: "},
    "help": {"zh": "建议：", "en": "help: "},
    "unreadable": {"zh": "无法读取：", "en": "cannot be read: "},
    "ok": {"zh": "没有发现问题。", "en": "no findings."},
    "ok_tables": {"zh": "没有发现问题，但统计表未能全部核对（见上），表中的数字没有全部检查。",
                  "en": "no findings, but not every statistics table could be checked (see above): "
                        "not all of their numbers were checked."},
    "footer": {"zh": "由 govlint {version} 生成。", "en": "made by govlint {version}."},
    "part": {"zh": "{part}（第{first}–{last}行）", "en": "“{part}” (lines {first}-{last})"},
    "agency": {"zh": "{agency}", "en": "“{agency}”"},
    "year": {"zh": "{year}年度", "en": "report year {year}"},
    "year_from": {"zh": "{year}年度（取自{source}）", "en": "report year {year} (from the {source})"},
    "pack": {"zh": "规则包 {pack}", "en": "pack {pack}"},
    "pack_reason": {"zh": "规则包 {pack}：{reason}", "en": "pack {pack}: {reason}"},
    "clean": {"zh": "检查了 {files} 个文件，没有发现问题。", "en": "{files} file(s) checked: no findings."},
    "totals": {"zh": "检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告，{infos} 个提示",
               "en": "{files} file(s) checked: {errors} error(s), {warnings} warning(s), {infos} info(s)"},
    "totals_unreadable": {"zh": "，{unreadable} 个文件无法读取", "en": ", {unreadable} unreadable"},
    "totals_nonreports": {"zh": "，{n} 个文件不是年度报告", "en": ", {n} not an annual report"},
    "totals_tables": {"zh": "，{n} 个文件的统计表未能全部核对", "en": ", {n} with statistics tables not all checked"},
    "end": {"zh": "。", "en": "."},
    # the summary
    "summary": {"zh": "汇总", "en": "Summary"},
    "sort_hint": {"zh": "点击列标题排序，再点一次倒序。", "en": "Click a column heading to sort; click again to reverse."},
    "filter_text": {"zh": "机关或文件名：", "en": "agency or file name: "},
    "filter_placeholder": {"zh": "如：街道、财政局", "en": "e.g. a district or department"},
    "filter_rule": {"zh": "规则：", "en": "rule: "},
    "filter_any_rule": {"zh": "全部规则", "en": "any rule"},
    "filter_errors": {"zh": "只看有错误的", "en": "only files with errors"},
    "filter_errors_title": {"zh": "有错误或无法读取的文件", "en": "files with errors, or that cannot be read"},
    "shown": {"zh": "显示 {shown} / {total} 个文件", "en": "showing {shown} of {total} file(s)"},
    "none_shown": {"zh": "没有符合条件的文件。", "en": "no file matches."},
    "not_report": {"zh": "不是年度报告", "en": "not an annual report"},
    "compilation": {"zh": "汇编：{parts} 部分，{reports} 篇年度报告", "en": "compilation: {parts} parts, {reports} report(s)"},
    "more_agencies": {"zh": "等 {n} 个机关", "en": "and {n} more"},
    "list_sep": {"zh": "、", "en": ", "},
    "back": {"zh": "↑ 回到汇总", "en": "↑ back to the summary"},
    "tables_group": {"zh": "统计表", "en": "statistics tables"},
    "tables_title": {"zh": "各统计表核对情况（已核对含无勾稽关系、每行都已读出的表）",
                     "en": "what was checked of each statistics table (checked includes a table "
                           "without relations whose every row was read)"},
    "published_title": {"zh": "文中的发布日期（或落款日期）", "en": "the publication (or signature) date in the text"},
    # rule counts and explanations
    "rule_counts": {"zh": "规则统计", "en": "Findings per rule"},
    "rule_counts_head": {"zh": ("数量", "文件数", "代码", "规则", "说明"),
                         "en": ("findings", "files", "code", "rule", "summary")},
    "no_findings": {"zh": "没有发现问题。", "en": "no findings."},
    "explanations": {"zh": "规则说明", "en": "The rules"},
    "default_severity": {"zh": "默认级别：{severity}", "en": "default severity: {severity}"},
    "why": {"zh": "依据与理由：", "en": "Why: "},
    "fix": {"zh": "如何修改：", "en": "How to fix: "},
    "unknown_rule": {"zh": "（没有这条规则的说明）", "en": "(no explanation of this rule)"},
}
# the summary's columns: key, type (the sort order: "num" numbers, "text" by collation), label
_COLUMNS = {
    "zh": [("file", "text", "文件"), ("agency", "text", "机关"), ("kind", "text", "机关类型"), ("year", "num", "年度"),
           ("pack", "text", "规则包"), ("errors", "num", "错误"), ("warnings", "num", "警告"), ("infos", "num", "提示"),
           ("rules", "text", "问题规则"), ("tables-checked", "num", "已核对"), ("tables-partly", "num", "部分核对"),
           ("tables-not-checked", "num", "未核对"), ("tables-absent", "num", "没有"), ("published", "text", "发布日期")],
    "en": [("file", "text", "file"), ("agency", "text", "agency"), ("kind", "text", "agency kind"), ("year", "num", "year"),
           ("pack", "text", "pack"), ("errors", "num", "errors"), ("warnings", "num", "warnings"), ("infos", "num", "infos"),
           ("rules", "text", "rules found"), ("tables-checked", "num", "checked"), ("tables-partly", "num", "partly"),
           ("tables-not-checked", "num", "unchecked"), ("tables-absent", "num", "absent"), ("published", "text", "published")],
}
_KIND = {"government": {"zh": "各级人民政府", "en": "government"}, "department": {"zh": "政府部门", "en": "department"}}
_YEAR_SOURCE = {"zh": {"title": "标题", "period": "统计期限", "text": "正文"},
                "en": {"title": "title", "period": "statistics period", "text": "text"}}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "zh"


def _t(lang: str, key: str, **fields):
    text = _TEXTS[key][_lang(lang)]
    return text.format(**fields) if isinstance(text, str) else text

CSS = """
:root { --err: #b42318; --warn: #9a6700; --info: #0969da; --line: #d0d7de; --muted: #57606a; --attn: #fff4d6; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1360px; padding: 24px; color: #1f2328; background: #fff;
  font: 15px/1.6 "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 4px; padding-bottom: 4px; border-bottom: 1px solid var(--line);
  word-break: break-all; }
h3 { font-size: 16px; margin: 20px 0 4px; }
p.totals { margin: 0 0 16px; color: var(--muted); }
table.summary, table.rules { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
table.summary th, table.summary td, table.rules th, table.rules td { border: 1px solid var(--line);
  padding: 4px 5px; text-align: left; vertical-align: top; }
table.summary th, table.rules th { background: #f6f8fa; }
table.summary thead { position: sticky; top: 0; z-index: 1; box-shadow: 0 1px 0 var(--line); }
table.summary caption, table.rules caption { caption-side: top; text-align: left; color: var(--muted);
  font-size: 13px; padding: 0 0 4px; }
table.summary th.n, table.rules th.n { text-align: right; width: 1%; white-space: nowrap; }
th.group { text-align: center; font-weight: normal; color: var(--muted); }
th button { all: unset; cursor: pointer; font-weight: bold; }
th button:focus-visible { outline: 2px solid var(--info); outline-offset: 2px; }
th button::after { content: "\\2195"; margin-left: 3px; color: #afb8c1; font-weight: normal; }
th[aria-sort="ascending"] button::after { content: "\\25B2"; color: inherit; }
th[aria-sort="descending"] button::after { content: "\\25BC"; color: inherit; }
table.summary td.n, table.rules td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.path { word-break: break-all; min-width: 10em; }
td[data-col=agency] { min-width: 7em; }
td.nowrap { white-space: nowrap; }
td.n.errors.nonzero, td.unreadable, p.unreadable { color: var(--err); }
td.n.errors.nonzero, td.n.warnings.nonzero { font-weight: bold; }
td.n.warnings.nonzero { color: var(--warn); }
td.n.attn { background: var(--attn); color: var(--warn); font-weight: bold; }
table.summary td.none { color: #afb8c1; text-align: center; }
td.codes { min-width: 9em; }
td.codes a { margin-right: 4px; white-space: nowrap; }
td.codes a.error { color: var(--err); }
td.codes a.warning { color: var(--warn); }
td.codes .times { color: var(--muted); font-size: 12px; }
tr.nonreport td { color: var(--muted); }
.tag { display: inline-block; margin-left: 4px; padding: 0 5px; border-radius: 3px; font-size: 12px;
  background: #eaeef2; color: #424a53; word-break: keep-all; }
.compilation { display: block; color: var(--muted); font-size: 12px; }
.controls { display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: center; margin: 8px 0; font-size: 14px; }
.controls input[type=search] { width: 16em; }
.controls input, .controls select { font: inherit; padding: 2px 4px; }
.controls select { max-width: 28em; }
.controls output { color: var(--muted); }
p.none-shown { color: var(--muted); }
a { color: var(--info); text-decoration: none; }
a:hover { text-decoration: underline; }
a:focus-visible { outline: 2px solid var(--info); outline-offset: 1px; }
.meta { margin: 0; color: var(--muted); font-size: 13px; }
.meta.nonreport { color: #424a53; }
.meta.tables.attn { color: var(--warn); }
p.back { margin: 4px 0 0; font-size: 12px; text-align: right; }
.ok { color: #1a7f37; }
.ok.attn { color: var(--warn); }
.finding { margin: 12px 0; padding: 8px 12px; border-left: 4px solid var(--line); background: #fafbfc; }
.finding.error { border-left-color: var(--err); }
.finding.warning { border-left-color: var(--warn); }
.finding.info { border-left-color: var(--info); }
.finding .head { margin: 0; }
.sev { display: inline-block; padding: 0 6px; border-radius: 3px; color: #fff; font-size: 13px; }
.error .sev { background: var(--err); }
.warning .sev { background: var(--warn); }
.info .sev { background: var(--info); }
.code { font-weight: bold; margin-left: 4px; }
.rule { color: var(--muted); font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
a.rulelink .code { color: #1f2328; }
a.rulelink:hover .code, a.rulelink:hover .rule { color: var(--info); }
.where { margin: 2px 0; color: var(--muted); font-size: 13px; word-break: break-all; }
pre.src { margin: 6px 0; padding: 6px 8px; background: #fff; border: 1px solid var(--line); overflow-x: auto;
  white-space: pre-wrap; word-break: break-all; font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre.src .ln { display: inline-block; min-width: 3em; color: var(--muted); user-select: none; }
pre.src mark { background: #fff1b8; border-bottom: 2px solid var(--warn); }
.suggestion { margin: 4px 0; color: #1a7f37; }
ul.notes { margin: 4px 0; padding-left: 20px; color: var(--muted); font-size: 13px; }
section.explain { margin: 8px 0; padding: 4px 12px; border-left: 4px solid var(--line); }
section.explain:target { border-left-color: var(--info); background: #f0f6ff; }
section.explain h3 { margin: 4px 0; }
section.explain p { margin: 2px 0; }
section.explain .label { font-weight: bold; }
.default-severity { color: var(--muted); font-size: 13px; font-weight: normal; margin-left: 8px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print {
  .finding, section.explain { break-inside: avoid; } a { color: inherit; }
  .controls, .back, th button::after { display: none; } table.summary thead { position: static; }
}
"""

# Sorting any table.sortable by a header button, and filtering table#reports. It reads only the
# table (data-col cells, data-v sort values, data-rules and data-failed on the rows); the words
# it writes come from the page (data-template), so it is the same script in every language. What
# only works with it (the filters, the sorting hint) is hidden until it runs.
SCRIPT = """
(function () {
  "use strict";
  function cellValue(tr, key, type) {
    var td = tr.querySelector('[data-col="' + key + '"]');
    if (!td) return null;
    var v = td.hasAttribute("data-v") ? td.getAttribute("data-v") : td.textContent.trim();
    if (v === "") return null;
    if (type === "num") { v = parseFloat(v); return isNaN(v) ? null : v; }
    return v;
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);  // the page's order: ties keep it
    var heads = Array.prototype.slice.call(table.querySelectorAll("th[data-key]"));
    if (table.caption) table.caption.hidden = false;  // the hint: sorting needs the script
    heads.forEach(function (th) {
      th.querySelector("button").addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        var key = th.getAttribute("data-key"), type = th.getAttribute("data-type");
        var sign = dir === "ascending" ? 1 : -1;
        var keyed = rows.map(function (tr, i) { return [cellValue(tr, key, type), i, tr]; });
        keyed.sort(function (a, b) {
          if (a[0] === null || b[0] === null) {  // empty cells last, either way
            return a[0] === b[0] ? a[1] - b[1] : (a[0] === null ? 1 : -1);
          }
          var c = type === "num" ? a[0] - b[0] : a[0].localeCompare(b[0], "zh", {numeric: true});
          return c ? sign * c : a[1] - b[1];
        });
        keyed.forEach(function (k) { body.appendChild(k[2]); });
      });
    });
  });

  var table = document.getElementById("reports"), controls = document.getElementById("filters");
  if (!table || !controls) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var text = document.getElementById("filter-text"), rule = document.getElementById("filter-rule");
  var failed = document.getElementById("filter-errors"), shown = document.getElementById("filter-shown");
  var none = document.getElementById("none-shown");
  function apply() {
    var terms = text.value.toLowerCase().split(/\\s+/).filter(Boolean), n = 0;
    rows.forEach(function (tr) {
      var hay = Array.prototype.map.call(tr.querySelectorAll("[data-search]"), function (el) {
        return el.textContent; }).join(" ").toLowerCase();
      var ok = terms.every(function (t) { return hay.indexOf(t) >= 0; }) &&
        (!rule.value || (" " + (tr.getAttribute("data-rules") || "") + " ").indexOf(" " + rule.value + " ") >= 0) &&
        (!failed.checked || tr.getAttribute("data-failed") === "1");
      tr.hidden = !ok;
      if (ok) n += 1;
    });
    shown.textContent = shown.getAttribute("data-template").replace("{shown}", n).replace("{total}", rows.length);
    none.hidden = n > 0;
  }
  text.addEventListener("input", apply);
  rule.addEventListener("change", apply);
  failed.addEventListener("change", apply);
  controls.hidden = false;
  apply();
})();
"""


def e(value) -> str:
    return _html.escape("" if value is None else str(value), quote=True)


def _quote(lines: dict[int, str], d) -> str:
    """The finding's source line(s), the span in <mark>; '' when the text has none."""
    loc = d.location
    first, last = loc.line, max(loc.line, loc.end_line or loc.line)
    shown = [n for n in range(first, last + 1) if n in lines]
    if not shown or not any(lines[n].strip() for n in shown):
        return ""
    cut = len(shown) > MAX_QUOTED_LINES
    if cut:
        shown = shown[:MAX_QUOTED_LINES]
    rows = []
    for n in shown:
        text = lines[n]
        start = loc.column - 1 if n == first else 0
        if n == last:
            end = (loc.end_column - 1) if loc.end_column is not None else start + 1
        else:
            end = len(text)
        start = max(0, min(start, len(text)))
        end = max(start, min(end, len(text)))
        body = e(text[:start]) + (f"<mark>{e(text[start:end])}</mark>" if end > start else "") + e(text[end:])
        rows.append(f'<span class="ln">{n}</span>{body}')
    if cut:
        rows.append('<span class="ln">…</span>')
    return '<pre class="src">' + "\n".join(rows) + "</pre>"


def _reports(r) -> list:
    """The file's documents that are annual reports."""
    return [d for d in r.documents if d.is_report]


def _is_report(r) -> bool:
    """Whether the summary treats a (readable) file as a report: yes unless every document it holds
    is no report (a guide, an empty file). A file without documents is not called a non-report."""
    return bool(_reports(r)) or not r.documents


def _tables_not_clean(r) -> bool:
    return any(t.status in _NOT_CLEAN for d in _reports(r) for t in d.tables)


def _documents_meta(r, lang: str) -> list[str]:
    out = []
    if r.documents and not _reports(r):
        out.append(f'<p class="meta nonreport"><span class="tag">{e(_t(lang, "not_report"))}</span></p>')
    for doc in r.documents:
        if doc.part is not None and not doc.is_report:
            continue
        bits = []
        if doc.part_label:
            bits.append(_t(lang, "part", part=doc.part_label, first=doc.first_line, last=doc.last_line))
        if doc.agency:
            bits.append(_t(lang, "agency", agency=doc.agency))
        if doc.report_year:
            src = _YEAR_SOURCE[_lang(lang)].get(doc.year_source or "", "")
            bits.append(_t(lang, "year_from", year=doc.report_year, source=src) if src
                        else _t(lang, "year", year=doc.report_year))
        if doc.pack is not None and doc.is_report:
            bits.append(_t(lang, "pack_reason", pack=doc.pack.id, reason=doc.pack_reason) if doc.pack_reason
                        else _t(lang, "pack", pack=doc.pack.id))
        if bits:
            out.append(f'<p class="meta">{e(" · ".join(bits))}</p>')
        if doc.is_report and doc.tables:
            statuses = " ".join(sorted({t.status for t in doc.tables}))
            attn = " attn" if any(t.status in _NOT_CLEAN for t in doc.tables) else ""
            out.append(f'<p class="meta tables{attn}" data-tables="{e(statuses)}">'
                       f'{e(table_line(doc.tables, lang != "en"))}</p>')
    return out


def _rule_link(rule: str, inner: str, cls: str = "", title: str = "") -> str:
    cls_attr = f' class="{cls}"' if cls else ""
    title_attr = f' title="{e(title)}"' if title else ""
    return f'<a{cls_attr} href="#rule-{e(rule)}"{title_attr}>{inner}</a>'


def _rule_summary(rule: str, lang: str) -> str:
    r = get_rule(rule)
    return r.describe(_lang(lang))["summary"] if r is not None else ""


def _finding(r, d, lines: dict[int, str], show_source: bool, lang: str) -> str:
    cls = _CLASS[d.severity]
    where, _ = locate(r, d, lang)
    severity = _SEVERITY_EN[d.severity] if lang == "en" else SEVERITY_ZH[d.severity]
    link = _rule_link(d.rule, f'<span class="code">{e(d.code)}</span> <span class="rule">[{e(d.rule)}]</span>',
                      "rulelink", _rule_summary(d.rule, lang))
    parts = [
        f'<div class="finding {cls}" data-rule="{e(d.rule)}" data-severity="{e(d.severity.label)}">',
        f'<p class="head"><span class="sev">{e(severity)}</span>{link} <span class="msg">{e(d.message)}</span></p>',
        f'<p class="where">{e(_t(lang, "where"))}{e(r.shown)}:{e(where)}</p>',
    ]
    if show_source:
        quoted = _quote(lines, d)
        if quoted:
            parts.append(quoted)
    if d.suggestion:
        parts.append(f'<p class="suggestion">{e(_t(lang, "help"))}{e(d.suggestion)}</p>')
    if d.notes:
        parts.append('<ul class="notes">' + "".join(f"<li>{e(n)}</li>" for n in d.notes) + "</ul>")
    parts.append("</div>")
    return "\n".join(parts)


def _totals(run: RunInfo) -> str:
    c = run.totals.counts()
    nonreports = sum(1 for r in run.results if not r.error and not _is_report(r))
    unclean = sum(1 for r in run.results if not r.error and _tables_not_clean(r))
    if c["errors"] + c["warnings"] + c["infos"] == 0 and not c["unreadable"] and not unclean:
        return _t(run.lang, "clean", **c)
    text = _t(run.lang, "totals", **c)
    if c["unreadable"]:
        text += _t(run.lang, "totals_unreadable", **c)
    if nonreports:
        text += _t(run.lang, "totals_nonreports", n=nonreports)
    if unclean:
        text += _t(run.lang, "totals_tables", n=unclean)
    return text + _t(run.lang, "end")


# --- the summary table ------------------------------------------------------------------------

def _columns(lang: str) -> list[tuple[str, str, str]]:
    return _COLUMNS[_lang(lang)]


def _th(key: str, type_: str, label: str, span: str = "") -> str:
    cls = ' class="n"' if type_ == "num" else ""
    return (f'<th scope="col"{span}{cls} data-key="{key}" data-type="{type_}">'
            f'<button type="button">{e(label)}</button></th>')


def _summary_head(lang: str) -> str:
    """Two header rows: the four table-status columns under one “统计表” heading."""
    top, bottom = [], []
    for key, type_, label in _columns(lang):
        if key.startswith("tables-"):
            if key == "tables-checked":
                top.append(f'<th scope="colgroup" colspan="4" class="group" title="{e(_t(lang, "tables_title"))}">'
                           f'{e(_t(lang, "tables_group"))}</th>')
            bottom.append(_th(key, type_, label))
        else:
            top.append(_th(key, type_, label, ' rowspan="2"'))
    return f'<thead><tr>{"".join(top)}</tr><tr>{"".join(bottom)}</tr></thead>'


def _distinct(values) -> list:
    out = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


def _cell(key: str, text: str, cls: str = "", sort: str | int | None = None, raw: bool = False,
          title: str = "") -> str:
    """A summary cell: ``data-col`` names its column for the script, ``data-v`` its sort value
    where the text is not it; ``raw``: ``text`` is HTML already."""
    cls_attr = f' class="{cls}"' if cls else ""
    sort_attr = f' data-v="{e(sort)}"' if sort is not None else ""
    title_attr = f' title="{e(title)}"' if title else ""
    return f'<td data-col="{key}"{cls_attr}{sort_attr}{title_attr}>{text if raw else e(text)}</td>'


def _codes_cell(r, lang: str) -> str:
    """The codes of the rules the file's findings come from, each linking to its explanation."""
    count = Counter(d.rule for d in r.diagnostics)
    worst: dict[str, Severity] = {}
    code: dict[str, str] = {}
    for d in r.diagnostics:
        worst[d.rule] = max(worst.get(d.rule, d.severity), d.severity)
        code[d.rule] = d.code
    rules = sorted(count, key=lambda rule: code[rule])
    links = []
    for rule in rules:
        times = f'<span class="times">×{count[rule]}</span>' if count[rule] > 1 else ""
        title = f"{rule}: {_rule_summary(rule, lang)}" if lang == "en" else f"{rule}：{_rule_summary(rule, lang)}"
        links.append(_rule_link(rule, e(code[rule]) + times, _CLASS[worst[rule]], title))
    return _cell("rules", " ".join(links), "codes", " ".join(code[rule] for rule in rules) or None, raw=True)


def _summary_row(i: int, r, lang: str, ncols: int) -> str:
    path = f'<a href="#file-{i}" data-search>{e(r.shown)}</a>'
    if r.error:
        return (f'<tr class="unreadable" data-failed="1" data-rules="">{_cell("file", path, "path", r.shown, raw=True)}'
                f'<td class="unreadable" colspan="{ncols - 1}">{e(_t(lang, "unreadable"))}{e(r.error)}</td></tr>')
    reports = _reports(r)
    is_report = _is_report(r)
    sep = _t(lang, "list_sep")
    file_cell = path
    if not is_report:
        file_cell += f'<span class="tag nonreport">{e(_t(lang, "not_report"))}</span>'
    elif len(r.documents) > 1:
        file_cell += (f'<span class="compilation">'
                      f'{e(_t(lang, "compilation", parts=len(r.documents), reports=len(reports)))}</span>')
    agencies = _distinct(d.agency for d in (reports or r.documents))
    agency = sep.join(_t(lang, "agency", agency=a) for a in agencies[:MAX_AGENCIES])
    if len(agencies) > MAX_AGENCIES:
        agency += " " + _t(lang, "more_agencies", n=len(agencies) - MAX_AGENCIES)
    cells = [_cell("file", file_cell, "path", r.shown, raw=True),
             _cell("agency", f"<span data-search>{e(agency)}</span>" if agency else "", raw=True)]
    if is_report:
        kinds = _distinct(_KIND.get(d.agency_kind, {}).get(_lang(lang)) for d in reports)
        years = sorted(_distinct(d.report_year for d in reports))
        packs = _distinct(d.pack.id for d in reports if d.pack is not None)
        if not packs and r.pack is not None:
            packs = [r.pack.id]
        cells += [_cell("kind", sep.join(kinds), "nowrap"),
                  _cell("year", sep.join(map(str, years)), "n", years[0] if years else None),
                  _cell("pack", sep.join(packs), "nowrap")]
    else:
        cells += [_cell("kind", ""), _cell("year", "", "n"), _cell("pack", "")]
    errors, warnings, infos = (r.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    for key, n in (("errors", errors), ("warnings", warnings), ("infos", infos)):
        cells.append(_cell(key, str(n), f"n {key}{' nonzero' if n else ''}"))
    cells.append(_codes_cell(r, lang))
    tables = [t for d in reports for t in d.tables]
    if is_report:
        title = table_line(tables, lang != "en") if tables else ""
        for key, statuses in _TABLE_COLUMNS:
            n = sum(1 for t in tables if t.status in statuses)
            attn = " attn" if n and key != "tables-checked" else ""
            cells.append(_cell(key, str(n), f"n{attn}", title=title))
    else:
        cells += [_cell(key, "–", "none", "") for key, _ in _TABLE_COLUMNS]
    dates = _distinct(d.published for d in reports)
    cells.append(_cell("published", sep.join(dates), "nowrap", min(dates) if dates else None))
    rules = " ".join(sorted({d.rule for d in r.diagnostics}))
    cls = [] if is_report else ["nonreport"]
    if is_report and _tables_not_clean(r):
        cls.append("tables-not-clean")
    cls_attr = f' class="{" ".join(cls)}"' if cls else ""
    return (f'<tr{cls_attr} data-failed="{1 if errors else 0}" data-rules="{e(rules)}">'
            + "".join(cells) + "</tr>")


def _filters(run: RunInfo, rules: list[str]) -> str:
    lang = run.lang
    options = [f'<option value="">{e(_t(lang, "filter_any_rule"))}</option>']
    for rule in rules:
        r = get_rule(rule)
        label = f"{r.code} {_rule_summary(rule, lang)}" if r is not None else rule
        options.append(f'<option value="{e(rule)}">{e(label)}</option>')
    total = len(run.results.all())
    return (
        '<div class="controls" id="filters" hidden>'
        f'<label>{e(_t(lang, "filter_text"))}<input type="search" id="filter-text" '
        f'placeholder="{e(_t(lang, "filter_placeholder"))}" autocomplete="off"></label>'
        f'<label>{e(_t(lang, "filter_rule"))}<select id="filter-rule">{"".join(options)}</select></label>'
        f'<label title="{e(_t(lang, "filter_errors_title"))}"><input type="checkbox" id="filter-errors"> '
        f'{e(_t(lang, "filter_errors"))}</label>'
        f'<output id="filter-shown" aria-live="polite" data-template="{e(_t(lang, "shown", shown="{shown}", total="{total}"))}">'
        f'{e(_t(lang, "shown", shown=total, total=total))}</output>'
        "</div>"
    )


def _summary(run: RunInfo, rules: list[str]) -> list[str]:
    lang = run.lang
    ncols = len(_columns(lang))
    w = ['<section id="summary" aria-labelledby="summary-title">',
         f'<h2 id="summary-title">{e(_t(lang, "summary"))}</h2>',
         _filters(run, rules),
         '<table class="summary sortable" id="reports">',
         f"<caption hidden>{e(_t(lang, 'sort_hint'))}</caption>",
         _summary_head(lang),
         "<tbody>"]
    for i, r in enumerate(run.results, start=1):
        w.append(_summary_row(i, r, lang, ncols))
    w += ["</tbody>", "</table>",
          f'<p class="none-shown" id="none-shown" hidden>{e(_t(lang, "none_shown"))}</p>',
          "</section>"]
    return w


# --- rule counts and explanations ---------------------------------------------------------------

def _rule_counts(run: RunInfo) -> tuple[list[str], list[str]]:
    """The findings per rule (as ``--statistics`` counts them), and the rules found in code order."""
    lang = run.lang
    counts = Counter(d.rule for r in run.results for d in r.diagnostics)
    files = Counter(rule for r in run.results for rule in {d.rule for d in r.diagnostics})
    codes = {d.rule: d.code for r in run.results for d in r.diagnostics}
    by_code = sorted(counts, key=lambda rule: (codes[rule], rule))
    w = ['<section id="rule-counts" aria-labelledby="rule-counts-title">',
         f'<h2 id="rule-counts-title">{e(_t(lang, "rule_counts"))}</h2>']
    if not counts:
        w += [f'<p class="ok">{e(_t(lang, "no_findings"))}</p>', "</section>"]
        return w, by_code
    head = _t(lang, "rule_counts_head")
    types = ("num", "num", "text", "text", "text")
    keys = ("count", "files", "code", "rule", "summary")
    w.append('<table class="rules sortable">')
    w.append(f"<caption hidden>{e(_t(lang, 'sort_hint'))}</caption>")
    w.append("<thead><tr>" + "".join(_th(k, t, h) for k, t, h in zip(keys, types, head)) + "</tr></thead>")
    w.append("<tbody>")
    for rule in sorted(counts, key=lambda rule: (-counts[rule], codes[rule])):
        link = _rule_link(rule, e(codes[rule]))
        w.append("<tr>" + _cell("count", str(counts[rule]), "n") + _cell("files", str(files[rule]), "n")
                 + _cell("code", link, "nowrap", codes[rule], raw=True)
                 + _cell("rule", _rule_link(rule, f'<span class="rule">{e(rule)}</span>'), "nowrap", rule, raw=True)
                 + _cell("summary", _rule_summary(rule, lang)) + "</tr>")
    w += ["</tbody>", "</table>", "</section>"]
    return w, by_code


def _explanations(rules: list[str], lang: str) -> list[str]:
    """What each rule found checks, why, and how to fix it: the target of every rule link."""
    if not rules:
        return []
    w = ['<section id="explanations" aria-labelledby="explanations-title">',
         f'<h2 id="explanations-title">{e(_t(lang, "explanations"))}</h2>']
    for rule in rules:
        r = get_rule(rule)
        w.append(f'<section class="explain" id="rule-{e(rule)}">')
        if r is None:
            w += [f'<h3><span class="rule">{e(rule)}</span></h3>', f"<p>{e(_t(lang, 'unknown_rule'))}</p>", "</section>"]
            continue
        text = r.describe(_lang(lang))
        severity = _SEVERITY_EN[r.severity] if lang == "en" else SEVERITY_ZH[r.severity]
        w += [f'<h3><span class="code">{e(r.code)}</span> <span class="rule">{e(r.id)}</span>'
              f'<span class="default-severity">{e(_t(lang, "default_severity", severity=severity))}</span></h3>',
              f'<p class="summary">{e(text["summary"])}</p>',
              f'<p class="why"><span class="label">{e(_t(lang, "why"))}</span>{e(text["rationale"])}</p>',
              f'<p class="fix"><span class="label">{e(_t(lang, "fix"))}</span>{e(text["fix"])}</p>',
              "</section>"]
    w.append("</section>")
    return w


@register("html")
def format_html(run: RunInfo, out) -> None:
    run.results.all()  # a page with its summary table first: every file is held
    lang = run.lang
    title = _t(lang, "title")
    w = []
    w.append("<!DOCTYPE html>")
    w.append(f'<html lang="{_t(lang, "html_lang")}">')
    w.append("<head>")
    w.append('<meta charset="utf-8">')
    w.append('<meta name="viewport" content="width=device-width, initial-scale=1">')
    w.append(f'<meta name="generator" content="govlint {e(__version__)}">')
    w.append(f"<title>{e(title)}</title>")
    w.append(f"<style>{CSS}</style>")
    w.append("</head>")
    w.append("<body>")
    w.append(f"<h1>{e(title)}</h1>")
    w.append(f'<p class="totals">{e(_totals(run))}</p>')

    counts, rules = _rule_counts(run)
    w.extend(_summary(run, rules))
    w.extend(counts)

    back = f'<p class="back"><a href="#summary">{e(_t(lang, "back"))}</a></p>'
    for i, r in enumerate(run.results, start=1):
        w.append(f'<section class="file" id="file-{i}">')
        w.append(f"<h2>{e(r.shown)}</h2>")
        if r.error:
            w.append(f'<p class="unreadable">{e(_t(lang, "unreadable"))}{e(r.error)}</p>')
            w.append(back)
            w.append("</section>")
            continue
        w.extend(_documents_meta(r, lang))
        if not r.diagnostics:
            attn = _tables_not_clean(r)
            w.append(f'<p class="ok{" attn" if attn else ""}">{e(_t(lang, "ok_tables" if attn else "ok"))}</p>')
        lines = {n: q.text for n, q in r.lines.items()}
        for d in r.diagnostics:
            w.append(_finding(r, d, lines, run.show_source, lang))
        w.append(back)
        w.append("</section>")

    w.extend(_explanations(rules, lang))
    w.append(f"<footer>{e(_t(lang, 'footer', version=__version__))}</footer>")
    w.append(f"<script>{SCRIPT}</script>")
    w.append("</body>")
    w.append("</html>")
    out.write("\n".join(w))
    out.write("\n")
