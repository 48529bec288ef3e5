"""A run as a short Markdown summary, for a GitHub Actions job's summary page: ``govlint check``
appends it to the file ``GITHUB_STEP_SUMMARY`` names (see ``govlint.cli``), whatever the output
format. In the run's language: a heading; the counts (files, errors, warnings, notices, files
that could not be read); whether anything reached the fail level; and a table of the files with
findings or that could not be read (file, 错误, 警告, 提示), at most :data:`MAX_ROWS` rows, then
how many more there are. Paths are relative to the working directory where the file lies under it.
"""

from __future__ import annotations

from govlint import rx
from govlint.diagnostics import SEVERITY_ZH, Severity
from govlint.formatters import RunInfo, ci_path

MAX_ROWS = 30
_EN = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
# ASCII punctuation Markdown could read as markup in a table cell (a backslash escapes any of it)
_MARKUP = rx.compile(r"([\\`*_\[\]<>|#~!])")


def _cell(text: str) -> str:
    return _MARKUP.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))


def step_summary(run: RunInfo) -> str:
    """The Markdown summary of a run (ends with a blank line, so that summaries appended one
    after another stay apart)."""
    zh = run.lang != "en"
    totals = run.totals
    c = totals.counts()
    out = ["### govlint：年度报告检查结果" if zh else "### govlint: annual report check", ""]
    found = c["errors"] + c["warnings"] + c["infos"]
    if zh:
        if not found and not c["unreadable"]:
            out.append(f"检查了 {c['files']} 个文件，没有发现问题。")
        else:
            out.append(f"检查了 {c['files']} 个文件：{c['errors']} 个错误，{c['warnings']} 个警告，{c['infos']} 个提示"
                       + (f"，{c['unreadable']} 个文件无法读取" if c["unreadable"] else "") + "。")
    else:
        out.append(f"{c['files']} file(s) checked: {c['errors']} error(s), {c['warnings']} warning(s), "
                   f"{c['infos']} info(s)" + (f", {c['unreadable']} unreadable" if c["unreadable"] else "") + ".")
    failing = totals.failing
    level = SEVERITY_ZH[run.fail_level] if zh else _EN[run.fail_level]
    if failing:
        out += ["", f"达到失败级别（{level}）的问题：{failing} 个。" if zh
                else f"{failing} finding(s) at or above the fail level ({level})."]
    elif found:
        out += ["", f"没有达到失败级别（{level}）的问题。" if zh else f"No finding at or above the fail level ({level})."]
    rows = totals.flagged  # (shown path, error, errors, warnings, infos)
    if rows:
        out += ["", "| 文件 | 错误 | 警告 | 提示 |" if zh else "| File | Errors | Warnings | Infos |",
                "| --- | ---: | ---: | ---: |"]
        for shown, error, errors, warnings, infos in rows[:MAX_ROWS]:
            name = _cell(ci_path(shown))
            if error:
                out.append(f"| {name}（无法读取） | – | – | – |" if zh else f"| {name} (unreadable) | – | – | – |")
            else:
                out.append(f"| {name} | {errors} | {warnings} | {infos} |")
        if len(rows) > MAX_ROWS:
            more = len(rows) - MAX_ROWS
            out += ["", f"……另有 {more} 个文件未列出。" if zh else f"…and {more} more file(s)."]
    return "\n".join(out) + "\n\n"
