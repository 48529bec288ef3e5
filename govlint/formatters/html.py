"""``--format html``: one self-contained HTML page (inline CSS, no script, nothing fetched) to
send to the person who wrote the report: a summary table with one row per file, then each file's
findings with the source line quoted and the span marked, the suggestion and the notes.

Everything taken from the files or the findings is escaped.
"""

from __future__ import annotations

import html as _html

from govlint.diagnostics import SEVERITY_ZH, Severity
from govlint.formatters import RunInfo, locate, register, summary_counts, table_line
from govlint.version import __version__

MAX_QUOTED_LINES = 6
_CLASS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
_SEVERITY_EN = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
# the page's own words, per language
_TEXTS = {
    "title": {"zh": "govlint 检查报告", "en": "govlint report"},
    "html_lang": {"zh": "zh-CN", "en": "en"},
    "where": {"zh": "位置：", "en": "where: "},
    "help": {"zh": "建议：", "en": "help: "},
    "unreadable": {"zh": "无法读取：", "en": "cannot be read: "},
    "ok": {"zh": "没有发现问题。", "en": "no findings."},
    "footer": {"zh": "由 govlint {version} 生成。", "en": "made by govlint {version}."},
    "head": {"zh": ("文件", "机关", "年度", "规则包", "错误", "警告", "提示"),
             "en": ("file", "agency", "year", "pack", "errors", "warnings", "infos")},
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
    "end": {"zh": "。", "en": "."},
}
_YEAR_SOURCE = {"zh": {"title": "标题", "period": "统计期限", "text": "正文"},
                "en": {"title": "title", "period": "statistics period", "text": "text"}}


def _t(lang: str, key: str, **fields):
    text = _TEXTS[key]["en" if lang == "en" else "zh"]
    return text.format(**fields) if isinstance(text, str) else text

CSS = """
:root { --err: #b42318; --warn: #9a6700; --info: #0969da; --line: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; color: #1f2328; background: #fff;
  font: 15px/1.6 "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 4px; padding-bottom: 4px; border-bottom: 1px solid var(--line);
  word-break: break-all; }
p.totals { margin: 0 0 16px; color: var(--muted); }
table.summary { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
table.summary th, table.summary td { border: 1px solid var(--line); padding: 4px 8px; text-align: left;
  vertical-align: top; }
table.summary th { background: #f6f8fa; white-space: nowrap; }
table.summary td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.summary td.path { word-break: break-all; }
td.n.errors.nonzero { color: var(--err); font-weight: bold; }
td.n.warnings.nonzero { color: var(--warn); font-weight: bold; }
td.unreadable, p.unreadable { color: var(--err); }
a { color: var(--info); text-decoration: none; }
a:hover { text-decoration: underline; }
.meta { margin: 0; color: var(--muted); font-size: 13px; }
.ok { color: #1a7f37; }
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
.where { margin: 2px 0; color: var(--muted); font-size: 13px; word-break: break-all; }
pre.src { margin: 6px 0; padding: 6px 8px; background: #fff; border: 1px solid var(--line); overflow-x: auto;
  white-space: pre-wrap; word-break: break-all; font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre.src .ln { display: inline-block; min-width: 3em; color: var(--muted); user-select: none; }
pre.src mark { background: #fff1b8; border-bottom: 2px solid var(--warn); }
.suggestion { margin: 4px 0; color: #1a7f37; }
ul.notes { margin: 4px 0; padding-left: 20px; color: var(--muted); font-size: 13px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print { .finding { break-inside: avoid; } a { color: inherit; } }
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


def _documents_meta(r, lang: str) -> list[str]:
    out = []
    for doc in r.documents:
        if doc.part is not None and not doc.is_report:
            continue
        bits = []
        if doc.part_label:
            bits.append(_t(lang, "part", part=doc.part_label, first=doc.first_line, last=doc.last_line))
        if doc.agency:
            bits.append(_t(lang, "agency", agency=doc.agency))
        if doc.report_year:
            src = _YEAR_SOURCE["en" if lang == "en" else "zh"].get(doc.year_source or "", "")
            bits.append(_t(lang, "year_from", year=doc.report_year, source=src) if src
                        else _t(lang, "year", year=doc.report_year))
        if doc.pack is not None:
            bits.append(_t(lang, "pack_reason", pack=doc.pack.id, reason=doc.pack_reason) if doc.pack_reason
                        else _t(lang, "pack", pack=doc.pack.id))
        if bits:
            out.append(f'<p class="meta">{e(" · ".join(bits))}</p>')
        if doc.is_report and doc.tables:
            statuses = " ".join(sorted({t.status for t in doc.tables}))
            out.append(f'<p class="meta tables" data-tables="{e(statuses)}">{e(table_line(doc.tables, lang != "en"))}</p>')
    return out


def _finding(r, d, lines: dict[int, str], show_source: bool, lang: str) -> str:
    cls = _CLASS[d.severity]
    where, _ = locate(r, d, lang)
    severity = _SEVERITY_EN[d.severity] if lang == "en" else SEVERITY_ZH[d.severity]
    parts = [
        f'<div class="finding {cls}" data-rule="{e(d.rule)}" data-severity="{e(d.severity.label)}">',
        f'<p class="head"><span class="sev">{e(severity)}</span>'
        f'<span class="code">{e(d.code)}</span> <span class="rule">[{e(d.rule)}]</span> '
        f'<span class="msg">{e(d.message)}</span></p>',
        f'<p class="where">{e(_t(lang, "where"))}{e(r.path)}:{e(where)}</p>',
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
    c = summary_counts(run.results)
    if c["errors"] + c["warnings"] + c["infos"] == 0 and not c["unreadable"]:
        return _t(run.lang, "clean", **c)
    text = _t(run.lang, "totals", **c)
    if c["unreadable"]:
        text += _t(run.lang, "totals_unreadable", **c)
    return text + _t(run.lang, "end")


@register("html")
def format_html(run: RunInfo, out) -> None:
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

    w.append('<table class="summary">')
    w.append("<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in _t(lang, "head")) + "</tr></thead>")
    w.append("<tbody>")
    for i, r in enumerate(run.results, start=1):
        link = f'<td class="path"><a href="#file-{i}">{e(r.path)}</a></td>'
        if r.error:
            w.append(f'<tr class="unreadable">{link}<td class="unreadable" colspan="6">{e(_t(lang, "unreadable"))}{e(r.error)}</td></tr>')
            continue
        counts = [(name, r.count(sev)) for name, sev in
                  (("errors", Severity.ERROR), ("warnings", Severity.WARNING), ("infos", Severity.INFO))]
        cells = "".join(f'<td class="n {name}{" nonzero" if n else ""}">{n}</td>' for name, n in counts)
        w.append(f"<tr>{link}<td>{e(_t(lang, 'agency', agency=r.agency) if r.agency else '')}</td><td>{e(r.report_year or '')}</td>"
                 f"<td>{e(r.pack.id if r.pack else '')}</td>{cells}</tr>")
    w.append("</tbody>")
    w.append("</table>")

    for i, r in enumerate(run.results, start=1):
        w.append(f'<section class="file" id="file-{i}">')
        w.append(f"<h2>{e(r.path)}</h2>")
        if r.error:
            w.append(f'<p class="unreadable">{e(_t(lang, "unreadable"))}{e(r.error)}</p>')
            w.append("</section>")
            continue
        w.extend(_documents_meta(r, lang))
        if not r.diagnostics:
            w.append(f'<p class="ok">{e(_t(lang, "ok"))}</p>')
        lines = {n: q.text for n, q in r.lines.items()}
        for d in r.diagnostics:
            w.append(_finding(r, d, lines, run.show_source, lang))
        w.append("</section>")

    w.append(f"<footer>{e(_t(lang, 'footer', version=__version__))}</footer>")
    w.append("</body>")
    w.append("</html>")
    out.write("\n".join(w))
    out.write("\n")
