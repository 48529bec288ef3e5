"""The default, human output (rich): severity, code and id, message, path:line:col, a frame of
the source line with a caret under the span (CJK characters are two columns wide), the
suggestion and notes; then a summary."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from govlint.diagnostics import SAFE, SEVERITY_ZH, Severity
from govlint.formatters import RunInfo, locate, register, table_line
from govlint.normalize import display_width, to_chinese_numeral

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold cyan"}
_EN = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
FRAME_WIDTH = 72  # display columns of source shown around the span


def _clip(text: str, start: int, end: int, width: int = FRAME_WIDTH) -> tuple[str, int, int]:
    """A window of ``text`` (tabs expanded to spaces) showing [start, end); returns the window
    and the caret's display offset and width within it."""
    text = text.replace("\t", " ")
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    lo = start
    budget = width // 3
    while lo > 0 and display_width(text[lo - 1:start]) <= budget:
        lo -= 1
    hi = start
    while hi < len(text) and display_width(text[lo:hi + 1]) <= width:
        hi += 1
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    window = prefix + text[lo:hi] + suffix
    caret_at = display_width(prefix + text[lo:start])
    caret_w = max(1, display_width(text[start:min(end, hi)]))
    return window, caret_at, caret_w


@register("text")
def format_text(run: RunInfo, out) -> None:
    console = Console(file=out, highlight=False, soft_wrap=True, emoji=False,
                      force_terminal=run.color if run.color else None,
                      no_color=(run.color is False) or None)
    zh = run.lang != "en"
    for r in run.results:
        if r.error:
            continue
        if not r.diagnostics and not run.verbose:
            continue
        if not run.quiet:
            _header(console, r, zh, run.verbose)
        if run.verbose:
            _alignment(console, r, zh)
        for d in r.diagnostics:
            sev = SEVERITY_ZH[d.severity] if zh else _EN[d.severity]
            head = Text()
            head.append(f"{sev}", style=_STYLE[d.severity])
            head.append(f" {d.code} ", style="bold")
            head.append(f"[{d.rule}]", style="dim")
            head.append(f" {d.message}")
            console.print(head)
            where, _ = locate(r, d, run.lang)
            console.print(Text(f"  --> {r.shown}:{where}", style="blue"))
            quoted = r.lines.get(d.line)
            src = quoted.text if quoted is not None else None
            if run.show_source and src is not None and src.strip():
                gutter = str(d.line)
                pad = " " * len(gutter)
                end = (d.location.end_column or d.column + 1) - 1
                if d.location.end_line and d.location.end_line != d.line:
                    end = len(src)
                window, at, width = _clip(src, d.column - 1, end)
                console.print(Text(f"{pad} │", style="blue"))
                line_text = Text(f"{gutter} │ ", style="blue")
                line_text.append(window)
                console.print(line_text)
                caret = Text(f"{pad} │ ", style="blue")
                caret.append(" " * at + "^" * width, style=_STYLE[d.severity])
                console.print(caret)
            if d.suggestion:
                console.print(Text(f"  = 建议：{d.suggestion}" if zh else f"  = help: {d.suggestion}", style="green"))
            for note in d.notes:
                console.print(Text(f"  = {note}", style="dim"))
            if d.fix is not None:
                console.print(Text(_fix_line(d.fix, zh), style="green"))
            console.print()
    if not run.quiet:
        _summary(console, run, zh)


def _fix_line(fix, zh: bool) -> str:
    how = "--fix" if fix.applicability == SAFE else "--fix --unsafe-fixes"
    return f"  = 可修复：{fix.message}（{how}）" if zh else f"  = fix: {fix.message} ({how})"


def _header(console, r, zh: bool, verbose: bool = False) -> None:
    """The file, then per document: part, agency, report year (and where it came from), the
    pack used and why; with --verbose, how the agency's kind was decided."""
    t = Text()
    t.append(r.shown, style="bold underline")
    console.print(t)
    for doc in r.documents:
        if not doc.is_report:
            continue
        bits = []
        if doc.part_label:
            bits.append(f"{doc.part_label}（第{doc.first_line}–{doc.last_line}行）" if zh
                        else f"“{doc.part_label}” (lines {doc.first_line}-{doc.last_line})")
        if doc.agency:
            bits.append(doc.agency if zh else f"“{doc.agency}”")
        if doc.report_year:
            src = {"title": "标题", "period": "统计期限", "text": "正文"}.get(doc.year_source or "", "")
            bits.append(f"{doc.report_year}年度（取自{src}）" if zh else f"report year {doc.report_year} (from {doc.year_source})")
        console.print(Text("  " + " · ".join(bits), style="dim"))
        console.print(Text(f"  {'规则包' if zh else 'pack'} {doc.pack.id}：{doc.pack_reason}" if zh
                           else f"  pack {doc.pack.id}: {doc.pack_reason}", style="dim"))
        if doc.tables:
            console.print(Text("  " + table_line(doc.tables, zh), style="dim"))
        if verbose:
            console.print(Text("  " + _kind_line(doc, zh), style="dim"))
    if r.previous_how:
        console.print(Text("  " + _previous_line(r, zh), style="dim"))
    console.print()


_PAIRED = {"given": ("", ""), "agency": ("，按机关名称配对", ", paired by agency name"),
           "name": ("，按文件名配对", ", paired by file name")}


def _previous_line(r, zh: bool) -> str:
    """Which of last year's reports this one was checked against, and how it was found."""
    if r.previous is None:
        return "上一年度：目录中没有找到同一机关的报告，未做跨年度核对" if zh else \
            "last year: no report of the same agency in the folder; nothing compared across years"
    how = _PAIRED.get(r.previous_how or "", ("", ""))
    return f"上一年度：{r.previous}{how[0]}" if zh else f"last year: {r.previous}{how[1]}"


_KIND = {"government": ("各级人民政府", "a government"), "department": ("政府部门", "a department")}
_AGENCY_FROM = {"title": ("标题", "the title"), "header": ("网页的“标题”栏", "the page's 标题 field"),
                "signature": ("落款", "the signature"), "compiler": ("“由……编制”一句", "the sentence “由……编制”"),
                "publisher": ("网页的“发布机构”栏", "the page's 发布机构 field")}


def _kind_line(doc, zh: bool) -> str:
    """Where the agency's name was found, and how its kind was decided: by --agency-kind, by the
    end of its name, by the words the report uses for itself, or not at all."""
    where = _AGENCY_FROM.get(doc.agency_source or "")
    prefix = ((f"机关名称取自{where[0]}；" if zh else f"agency named in {where[1]}; ") if doc.agency and where else "")
    return prefix + _kind_reason(doc, zh)


def _kind_reason(doc, zh: bool) -> str:
    if doc.agency_kind_source == "option":
        who = _KIND[doc.agency_kind][0 if zh else 1]
        return f"机关类型：{who}（按 --agency-kind 指定）" if zh else f"agency kind: {who} (given with --agency-kind)"
    if doc.agency_kind_source == "self-reference":
        if doc.agency_kind is None:
            return (f"机关类型：未知（找不到机关名称，文中自称“{doc.agency_kind_basis}”），期限按较晚的 3月31日" if zh else
                    f"agency kind: unknown (no agency name; the report calls itself “{doc.agency_kind_basis}”); "
                    f"the later deadline applies")
        who = _KIND[doc.agency_kind][0 if zh else 1]
        return (f"机关类型：{who}（找不到机关名称，文中自称“{doc.agency_kind_basis}”）" if zh else
                f"agency kind: {who} (no agency name; the report calls itself “{doc.agency_kind_basis}”)")
    if not doc.agency:
        return ("机关类型：未知（找不到机关名称），期限按较晚的 3月31日，不检查各级人民政府才有的要求" if zh else
                "agency kind: unknown (no agency name); the later deadline applies, government-only content is not required")
    if doc.agency_kind is None:
        return (f"机关类型：未知（名称以“{doc.agency_kind_basis}”结尾，格式未作规定），期限按较晚的 3月31日" if zh else
                f"agency kind: unknown (the name ends in “{doc.agency_kind_basis}”, which the format leaves open); "
                f"the later deadline applies")
    who = _KIND[doc.agency_kind][0 if zh else 1]
    if doc.agency_kind_basis:
        return (f"机关类型：{who}（名称“{doc.agency}”以“{doc.agency_kind_basis}”结尾）" if zh else
                f"agency kind: {who} (the name “{doc.agency}” ends in “{doc.agency_kind_basis}”)")
    return (f"机关类型：{who}（名称“{doc.agency}”不是人民政府、管委会或地名）" if zh else
            f"agency kind: {who} (the name “{doc.agency}” is not a government's, a 管委会's or a place's)")


_DECISION_ZH = {"matched": "匹配", "matched (unnumbered)": "匹配（无编号）", "out-of-order": "顺序不对",
                "duplicate": "重复", "unmatched": "未匹配", "missing": "缺少"}


def _alignment(console, r, zh: bool) -> None:
    """--verbose: every heading candidate, the section it was matched to, score and threshold."""
    from rich.table import Table  # only with --verbose

    for doc in r.documents:
        if doc.part is not None and not doc.is_report:
            continue
        part = (f"（{doc.part_label}）" if zh else f" (“{doc.part_label}”)") if doc.part_label else ""
        table = Table(title=("标题匹配" if zh else "heading alignment") + part,
                      title_justify="left", box=None, pad_edge=False, header_style="bold")
        headers = (("行", "line"), ("文中标题", "heading"), ("判定", "decision"), ("对应部分", "section"),
                   ("得分/阈值", "score/threshold"), ("按此写法匹配", "matched via"))
        for zh_name, en_name in headers:
            table.add_column(zh_name if zh else en_name, no_wrap=True, overflow="ellipsis", max_width=30)
        for row in doc.alignment or []:
            section = f"{to_chinese_numeral(row['section'])}、{row['section_title']}" if row["section"] else ""
            score = "" if row["score"] is None else f"{row['score']:.0f}/{row['threshold']:.0f}"
            via = row["via"] if row["via"] and row["via"] != row["section_title"] else ""
            decision = _DECISION_ZH.get(row["decision"], row["decision"]) if zh else row["decision"]
            table.add_row(str(row["line"] or ""), row["heading"] or "", decision, section, score, via)
        console.print(table)
        console.print()


def _summary(console, run: RunInfo, zh: bool) -> None:
    c = run.totals.counts()
    if zh:
        if c["errors"] + c["warnings"] + c["infos"] == 0 and not c["unreadable"]:
            line = Text(f"检查了 {c['files']} 个文件，没有发现问题。", style="bold green")
        else:
            line = Text(f"检查了 {c['files']} 个文件：")
            line.append(f"{c['errors']} 个错误", style="bold red" if c["errors"] else "")
            line.append("，")
            line.append(f"{c['warnings']} 个警告", style="bold yellow" if c["warnings"] else "")
            line.append(f"，{c['infos']} 个提示")
            if c["unreadable"]:
                line.append(f"，{c['unreadable']} 个文件无法读取", style="bold red")
            line.append("。")
    else:
        line = Text(f"{c['files']} file(s) checked: {c['errors']} error(s), {c['warnings']} warning(s), "
                    f"{c['infos']} info(s)" + (f", {c['unreadable']} unreadable" if c["unreadable"] else "") + ".")
    console.print(line)
    safe, unsafe = run.totals.safe_fixes, run.totals.unsafe_fixes
    if safe or unsafe:
        if zh:
            bits = [f"{safe} 个可用 --fix 自动修复"] if safe else []
            bits += [f"{unsafe} 个可用 --fix --unsafe-fixes 插入待填写的内容"] if unsafe else []
            console.print("其中 " + "，".join(bits) + "（--diff 先看改动）。")
        else:
            bits = [f"{safe} fixable with --fix"] if safe else []
            bits += [f"{unsafe} with --fix --unsafe-fixes, inserting text to fill in"] if unsafe else []
            console.print("Of these, " + "; ".join(bits) + " (--diff shows the changes first).")
    if run.roster is not None:
        _roster(console, run.roster, zh)


def _roster(console, check, zh: bool) -> None:
    """Who on the roster has no report, and which reports are of agencies not on it."""
    n = len(check.names)
    if not check.missing and not check.strangers:
        console.print(Text(f"名单 {check.path}：{n} 个机关都有报告。" if zh else f"roster {check.path}: all {n} agencies reported.",
                           style="green"))
        return
    if check.missing:
        head = (f"名单 {check.path} 中 {len(check.missing)} 个机关（共 {n} 个）没有报告：" if zh
                else f"roster {check.path}: {len(check.missing)} of {n} agencies have no report: ")
        console.print(Text(head + ("、" if zh else ", ").join(check.missing), style="bold red"))
    for path, agency in check.strangers:
        who = agency or ("（找不到机关名称）" if zh else "(no agency name found)")
        console.print(Text(f"不在名单中的报告：{path}（{who}）" if zh else f"report not on the roster: {path} ({who})",
                           style="yellow"))
