"""Command line: ``govlint check``, ``explain``, ``rules``, ``packs``.

Exit codes (as ruff): 0 nothing at or above the fail level; 1 findings at or above it;
2 a usage or configuration error, or an input that could not be read.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import inspect
import os
import sys
from collections import Counter

import click

from govlint.version import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_CLOSED_STDOUT = 1  # standard output closed early (| head -1): quietly, as Python's docs, click and rich do


def _err(message: str, lang: str = "zh") -> None:
    """One line on stderr, never a traceback; a file name's control characters and undecodable
    bytes escaped (\\x1b, \\xff), so the line stays one line and the terminal is not driven."""
    _say(f"govlint: 错误：{message}" if lang == "zh" else f"govlint: error: {message}")


def _say(line: str) -> None:
    """A line on stderr, escaped as :func:`_err`'s."""
    from govlint.results import shown_path

    click.echo(shown_path(line), err=True)


# ------------------------------------------------------------------ click in the run's language
# Help and usage errors are said in Chinese, or in English under --lang en (read from the command
# line before click parses it, since --help is eager) or GOVLINT_LANG=en. click's own words are
# translated here; a command's ``help_en`` is the English of its docstring, an option's
# ``help_en`` that of its help (declare options with ``_option``: a test fails for one without).

LANGS = ("zh", "en")
LANG_ENV = "GOVLINT_LANG"
# click's words, as its source spells them, in Chinese
_CLICK_ZH = {"Usage:": "用法：", "Options": "选项", "Commands": "命令", "Positional arguments": "参数",
             "[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]...",
             # the commands' arguments in their usage lines
             "[PATHS]...": "[文件或目录]...", "[PATH]": "[文件或目录]", "RULE": "规则", "OUTPUT": "输出文件"}
_HELP_OPTION = ("显示本帮助并退出。", "Show this message and exit.")
# a line never starts with closing punctuation, nor ends with opening punctuation
_CLOSING, _OPENING = "，。、；：？！）》」』”’,.;:?!)]", "（《「『“‘(["
# what a missing or wrong argument is called: {command: {argument: (Chinese, English)}}
_ARGUMENTS = {
    "check": {"paths": ("要检查的文件或目录", "the files or folders to lint")},
    "extract": {"paths": ("要提取的文件或目录", "the files or folders to extract from")},
    "explain": {"rule": ("规则名称，如 missing-section", "the rule's name, e.g. missing-section")},
    "init": {"output": ("要生成的草稿文件，如 2026年度报告.md", "the draft to write, e.g. report-2026.md")},
}


def _lang_of(args) -> str:
    """The language a command line asks for: its last valid ``--lang`` (before a ``--``), else
    GOVLINT_LANG, else Chinese."""
    lang = os.environ.get(LANG_ENV, "")
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else arg[7:] if arg.startswith("--lang=") else None
        if value in LANGS:
            lang = value
    return lang if lang in LANGS else "zh"


def _default_lang() -> str:
    """A command's --lang when it is not given: the command line's (a --lang before the command,
    GOVLINT_LANG), else zh."""
    return getattr(click.get_current_context(), "lang", "zh")


def _segments(text: str, display_width):
    """``text`` cut at spaces (each space a segment), before opening punctuation and after CJK
    closing punctuation."""
    segment = ""
    for ch in text:
        if ch.isspace() or ch in _OPENING:
            if segment:
                yield segment
            segment = ""
            if ch.isspace():
                yield ch
                continue
        segment += ch
        if ch in _CLOSING and display_width(ch) == 2:
            yield segment
            segment = ""
    if segment:
        yield segment


def _wrap(text: str, width: int) -> list[str]:
    """``text`` (click's help markup: paragraphs; one whose first line is \\b is kept as it is) in
    lines of at most ``width`` columns, a CJK character taking two: broken at a space or between
    two CJK characters, never before closing punctuation nor after opening punctuation."""
    from govlint.normalize import display_width

    lines: list[str] = []
    for para in (p for p in text.split("\n\n") if p.strip()):
        if lines:
            lines.append("")
        if para.lstrip(" ").startswith("\b"):
            lines += para.split("\n")[1:]
            continue
        joined = ""
        for part in (p.strip() for p in para.split("\n")):
            cjk = display_width(joined[-1:]) == 2 or display_width(part[:1]) == 2
            joined += part if not joined or cjk else " " + part
        tokens: list[str] = []  # a space, a word with narrow letters ("报告.govlint.docx"), a CJK character
        for segment in _segments(joined, display_width):
            if segment.isspace() or any(display_width(ch) == 1 for ch in segment):
                tokens.append(segment)
                continue
            for ch in segment:
                if tokens and not tokens[-1].isspace() and (ch in _CLOSING or tokens[-1][-1] in _OPENING):
                    tokens[-1] += ch
                else:
                    tokens.append(ch)
        line, used = "", 0
        for token in tokens:
            size = display_width(token)
            if line.strip() and not token.isspace() and used + size > width:
                lines.append(line.rstrip())
                line, used = "", 0
            if line or not token.isspace():
                line, used = line + token, used + size
        lines.append(line.rstrip())
    return lines


class _Context(click.Context):
    """A context that knows the run's language, so that help and usage errors are said in it
    even before --lang is parsed."""

    def __init__(self, *args, lang: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lang = lang or getattr(self.parent, "lang", None) or "zh"

    def make_formatter(self) -> click.HelpFormatter:
        return _Formatter(self.lang, width=self.terminal_width, max_width=self.max_content_width)


class _Formatter(click.HelpFormatter):
    """click's help layout in the run's language, wrapped by display width."""

    def __init__(self, lang: str, **kwargs):
        super().__init__(**kwargs)
        self.lang = lang

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = "用法：" if self.lang == "zh" else "Usage: "
        self.write(f"{'':>{self.current_indent}}{prefix}{prog} {args}\n")

    def write_heading(self, heading: str) -> None:
        said = f"{_CLICK_ZH.get(heading, heading)}：" if self.lang == "zh" else f"{heading}:"
        self.write(f"{'':>{self.current_indent}}{said}\n")

    def write_text(self, text: str) -> None:
        for line in _wrap(text, max(self.width - self.current_indent, 20)):
            self.write(f"{'':>{self.current_indent}}{line}\n" if line else "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        from govlint.normalize import display_width

        rows = list(rows)
        first = min(max((display_width(term) for term, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for term, text in rows:
            lines = _wrap(text, max(self.width - self.current_indent - first, 20)) if text else []
            if lines and display_width(term) <= first - col_spacing:
                self.write(f"{indent}{term}{' ' * (first - display_width(term))}{lines.pop(0)}\n")
            else:
                self.write(f"{indent}{term}\n")
            for line in lines:
                self.write(f"{indent}{' ' * first}{line}\n" if line else "\n")


class _Option(click.Option):
    """An option with its help in Chinese (``help``) and in English (``help_en``)."""

    def __init__(self, *args, help_en: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.help_en = help_en


def _option(*decls, help_en: str, **kwargs):
    """``click.option`` with its help in both languages: ``help`` (Chinese) and ``help_en``."""
    return click.option(*decls, cls=_Option, help_en=help_en, **kwargs)


def _lang_option(what: tuple[str, str] = ("语言", "Language"), **kwargs):
    """--lang: the language a command speaks (its help included); ``what``: what it sets, in Chinese and English."""
    return _option("--lang", type=click.Choice(LANGS), default=_default_lang,
                   help=f"{what[0]}：zh 或 en；默认为环境变量 {LANG_ENV} 的值，没有时为 zh。",
                   help_en=f"{what[1]}: zh or en; by default the value of the {LANG_ENV} environment variable, else zh.",
                   **kwargs)


_LANG = _lang_option()

# options `check` and `extract` share
_PACK = _option("-p", "--pack", "pack_name", default=None, metavar="NAME|PATH",
                help="指定规则包（名称或 YAML 文件路径）；默认按报告年度自动选用。",
                help_en="The rule pack (a name or a YAML file); by default chosen by the report's year.")
_AGENCY_KIND = _option("--agency-kind", type=click.Choice(["government", "department"]), default=None,
                       help="机关类型：government（各级人民政府）或 department（政府部门）；默认从标题中的机关名称判断。",
                       help_en="The kind of agency: government (a people's government) or department (a government "
                               "department); by default judged from the agency named in the title.")
_CONFIG = _option("--config", "config_path", default=None, type=click.Path(), metavar="FILE",
                  help="使用这个配置文件（默认逐级向上查找 .govlint.yaml 或 pyproject.toml）。",
                  help_en="Use this configuration file (by default .govlint.yaml or pyproject.toml, looked for upwards).")
_NO_CONFIG = _option("--no-config", is_flag=True, help="不读取任何配置文件。", help_en="Read no configuration file.")
_ENCODING = _option("--encoding", default=None, metavar="ENCODING",
                    help="指定输入文件编码（默认自动识别：BOM、UTF-8、UTF-16、GB18030、Big5 等）。",
                    help_en="The input files' encoding (by default detected: BOM, UTF-8, UTF-16, GB18030, Big5 …).")
def _files_from(verb: tuple[str, str]):
    """--files-from, for the paths to ``verb`` (Chinese, English)."""
    return _option("--files-from", default=None, metavar="FILE", help=f"从文件（或 - 表示标准输入）读取要{verb[0]}的路径，每行一个。",
                   help_en=f"Read the paths to {verb[1]} from this file (- for standard input), one per line.")


def _jobs(note: tuple[str, str] = ("", "")):
    """-j/--jobs; ``note``: what else sets the default (Chinese, English)."""
    return _option("-j", "--jobs", default=None, type=click.IntRange(min=1), metavar="N",
                   help=f"并行进程数（默认：32 个以上文件时用 CPU 核数，最多 4 个{note[0]}）；结果与顺序与单进程相同。",
                   help_en=f"Worker processes (by default, for 32 files or more, as many as CPUs, at most 4{note[1]}); "
                           "the results and their order are those of one process.")


_STDIN_FILENAME = _option("--stdin-filename", default=None, metavar="NAME", help="从标准输入（-）读取时，在输出中使用的文件名。",
                          help_en="The file name shown for standard input (-).")


def _option_row(ctx: click.Context, option: click.Option) -> tuple[str, str] | None:
    """An option's line in the help: its flags and metavar as click writes them, its help in the
    run's language, its default and whether it is required in that language too."""
    record = option.get_help_record(ctx)
    if record is None:
        return None
    zh = ctx.lang == "zh"
    text = (option.help if zh else getattr(option, "help_en", None) or option.help) or ""
    notes = []
    if option.show_default:
        default = option.show_default if isinstance(option.show_default, str) else option.default
        notes.append(f"默认：{default}" if zh else f"default: {default}")
    if option.required:
        notes.append("必填" if zh else "required")
    if notes:
        note, stop = ("（" + "；".join(notes) + "）", "。") if zh else (" (" + "; ".join(notes) + ")", ".")
        text = text[:-1] + note + stop if text.endswith(stop) else text + note
    return record[0], text


class _ExtraArguments(click.UsageError):
    def __init__(self, extra: list[str], ctx: click.Context):
        super().__init__(" ".join(extra), ctx)
        self.extra = extra


class _NoSuchCommand(click.UsageError):
    def __init__(self, name: str, ctx: click.Context):
        super().__init__(name, ctx)
        self.name = name


class _Command(click.Command):
    """A command whose help is said in the run's language: ``help`` (its docstring, Chinese) or
    ``help_en``."""

    context_class = _Context

    def __init__(self, *args, help_en: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.help_en = help_en

    def said_help(self, lang: str) -> str:
        return inspect.cleandoc((self.help if lang == "zh" else self.help_en or self.help) or "")

    def make_context(self, info_name, args, parent=None, **extra):
        if parent is None:  # the command line's language, for help and usage errors
            extra.setdefault("lang", _lang_of(args))
        return super().make_context(info_name, args, parent, **extra)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help, option.help_en = _HELP_OPTION
        return option

    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        return [_CLICK_ZH.get(p, p) for p in pieces] if ctx.lang == "zh" else pieces

    def format_help_text(self, ctx, formatter) -> None:
        text = self.said_help(ctx.lang)
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_options(self, ctx, formatter) -> None:
        rows = [row for p in self.get_params(ctx) if isinstance(p, click.Option) and (row := _option_row(ctx, p))]
        if rows:
            with formatter.section("Options"):
                formatter.write_dl(rows)

    def parse_args(self, ctx, args):
        strict = not ctx.allow_extra_args  # extra arguments are a usage error said by govlint
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        except click.UsageError as exc:  # click's parser raises some without their command
            exc.ctx = exc.ctx or ctx
            raise
        if strict and rest and not ctx.resilient_parsing:
            raise _ExtraArguments(rest, ctx)
        return rest


class _Group(_Command, click.Group):
    """govlint's command group: its commands are listed by the first sentence of their help."""

    command_class = _Command

    def format_commands(self, ctx, formatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                text = cmd.said_help(ctx.lang) if isinstance(cmd, _Command) else cmd.get_short_help_str()
                first = text.split("\n\n")[0].replace("\n", " ")
                stop = first.find("。" if ctx.lang == "zh" else ". ")
                rows.append((name, first[:stop + 1] if stop >= 0 else first))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def format_options(self, ctx, formatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def resolve_command(self, ctx, args):
        name = args[0]
        if not ctx.resilient_parsing and not name.startswith("-") and self.get_command(ctx, name) is None:
            raise _NoSuchCommand(name, ctx)
        return super().resolve_command(ctx, args)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True,
             no_args_is_help=True, subcommand_metavar="COMMAND [ARGS]...", help_en="""govlint: a linter for Chinese government information disclosure annual
             reports (“政府信息公开工作年度报告”), offline and deterministic.

             \b
             Examples:
               govlint check report.txt              lint one file
               govlint check reports/                lint the reports in a folder (.txt .docx .pdf …)
               govlint check report.docx --annotate  the findings as comments in a copy
               govlint explain missing-section       what a rule checks, how to fix it

             The language is Chinese; --lang en or GOVLINT_LANG=en says everything in English.""")
@click.version_option(__version__, "-V", "--version", prog_name="govlint", message="%(prog)s %(version)s", cls=_Option,
                      help="显示版本号并退出。", help_en="Show the version and exit.")
@_lang_option(expose_value=False)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """govlint：政府信息公开工作年度报告检查工具（离线、确定性）。

    \b
    示例：
      govlint check 报告.txt              检查一个文件
      govlint check 年报/                 检查目录下的报告（.txt/.md/.docx/.doc/.wps/.html/.pdf 等）
      govlint check 报告.docx --annotate  另存一份带批注的副本：报告.govlint.docx
      govlint explain missing-section     查看一条规则的说明

    各命令用中文说话；--lang en 或环境变量 GOVLINT_LANG=en 时用英文。
    """
    if ctx.invoked_subcommand is None:  # options but no command ("govlint --lang en"): as a bare "govlint"
        click.echo(ctx.get_help())
        ctx.exit(EXIT_ERROR)


def _format_choices() -> list[str]:
    from govlint import formatters

    return formatters.names()


FORMATS = ["text", "concise", "json", "jsonl", "sarif", "github", "gitlab", "junit", "html", "csv", "xlsx"]


def _split(values) -> tuple[str, ...]:
    return tuple(n for v in values for n in v.replace("，", ",").split(",") if n.strip())


@cli.command(help_en="Lint annual report drafts (files, folders, or - for standard input).")
@click.argument("paths", nargs=-1, type=click.Path())
@_option("-f", "--format", "output_format", default=None, type=click.Choice(FORMATS),
         help="输出格式（默认 text；在 GitHub Actions 中默认 github）。",
         help_en="Output format (by default text; github in GitHub Actions).")
@_option("-o", "--output-file", default=None, type=click.Path(), metavar="FILE", help="把结果写入这个文件（而不是标准输出）。",
         help_en="Write the results to this file (instead of standard output).")
@_PACK
@_AGENCY_KIND
@_option("--previous", "previous_path", default=None, type=click.Path(), metavar="LAST_YEAR",
         help="上一年度的报告，或上一年度报告所在的目录（按机关名称、再按文件名为每份报告配对）：核对上年结转、现行有效件数等跨年度关系，以及是否照搬上年内容。",
         help_en="Last year's report, or the folder of last year's reports (paired with each report by agency, then by "
                 "file name): checks the carry-over, the documents in force and the other relations across years, and "
                 "whether last year's text was copied.")
@_option("--select", multiple=True, metavar="RULES", help="只检查这些规则（id、代码或代码前缀，逗号分隔）。",
         help_en="Check only these rules (ids, codes or code prefixes, comma-separated).")
@_option("--ignore", multiple=True, metavar="RULES", help="不检查这些规则（id、代码或代码前缀，逗号分隔）。",
         help_en="Do not check these rules (ids, codes or code prefixes, comma-separated).")
@_CONFIG
@_NO_CONFIG
@_files_from(("检查", "lint"))
@_jobs(("；在 pre-commit 中为 1", "; 1 in pre-commit"))
@_option("--no-cache", is_flag=True, help="不使用结果缓存（默认缓存在 ~/.cache/govlint，文件和设置未变时不重新检查）。",
         help_en="Do not use the results cache (by default in ~/.cache/govlint: a file is not linted again while it "
                 "and the settings are unchanged).")
@_option("--statistics", is_flag=True, help="最后按规则统计问题数。", help_en="Count the findings by rule at the end.")
@_ENCODING
@_STDIN_FILENAME
@_option("--fail-level", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
         help="达到该级别的问题使退出码为 1。", help_en="Findings at this level or above make the exit code 1.")
@_option("-v", "--verbose", is_flag=True, help="显示标题匹配的得分和对齐结果。",
         help_en="Show the scores and the alignment of the heading matches.")
@_LANG
@_option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
         help="彩色输出；也遵循 NO_COLOR 环境变量。", help_en="Colour output; NO_COLOR is honoured too.")
@_option("-q", "--quiet", count=True, help="-q 只输出问题（不输出文件信息和汇总）；-qq 什么都不输出，只用退出码。",
         help_en="-q prints only the findings (no file headers, no summary); -qq prints nothing, the exit code says it all.")
@_option("--detail", is_flag=True, help="与 -f csv 一起用：每个问题一行（默认每份报告一行）。",
         help_en="With -f csv: a row per finding (by default a row per report).")
@_option("--roster", default=None, type=click.Path(dir_okay=False), metavar="FILE",
         help="所辖机关名单（每行一个，或 CSV 的“机关”列）：列出没有报告的机关和不在名单中的报告。",
         help_en="The roster of agencies that report (one a line, or a CSV column “机关”): lists the agencies without a "
                 "report and the reports of agencies not on it.")
@_option("--annotate", is_flag=True,
         help="为每个 Word 文件另存一份带批注的副本（报告.govlint.docx，放在原文件旁边），每个问题是一条批注；原文件不改动。",
         help_en="Save a copy of each Word file with each finding as a comment (report.govlint.docx, next to the file); "
                 "the file itself is not changed.")
@_option("--annotate-dir", default=None, type=click.Path(file_okay=False), metavar="DIR",
         help="带批注的副本写到这个目录（含 --annotate）。",
         help_en="Write the annotated copies into this folder (implies --annotate).")
@_option("--fix", "apply_fixes", is_flag=True,
         help="自动修复能安全修复的问题：.txt、.md 文件就地修改，Word 文件写入副本 报告.fixed.govlint.docx，原文件不改动。",
         help_en="Apply the safe fixes: .txt and .md files in place, Word files into a copy, report.fixed.govlint.docx; "
                 "the draft itself is not changed.")
@_option("--unsafe-fixes", is_flag=True,
         help="与 --fix 或 --diff 一起用：也做插入待填写内容的修复，即缺少的部分标题、统计期限说明和联系方式。",
         help_en="With --fix or --diff: also the fixes that insert text to fill in, namely a missing section's heading, "
                 "the statistics-period sentence and a contact line.")
@_option("--diff", "show_diff", is_flag=True,
         help="只显示 --fix 会做的改动，为统一差异格式，可用 patch 应用；不写任何文件。",
         help_en="Only show the changes --fix would make, as a unified diff that patch applies; nothing is written.")
def check(paths, output_format, output_file, pack_name, agency_kind, previous_path, select, ignore, config_path,
          no_config, files_from, jobs, no_cache, statistics, encoding, stdin_filename, fail_level, verbose, lang, color,
          quiet, detail, roster, annotate, annotate_dir, apply_fixes, unsafe_fixes, show_diff):
    """检查年度报告草稿（文件、目录，或 - 表示标准输入）。"""
    from govlint.diagnostics import Severity
    from govlint.errors import GovlintError
    from govlint import interrupts
    from govlint.atomic import replacing
    from govlint.formatters import BINARY, Results, RunInfo, get

    if quiet >= 2:  # -qq: the exit code says it all (an -o file is still written)
        sys.stdout = open(os.devnull, "w", encoding="utf-8")
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    from govlint.linter import discover
    from govlint.runner import Options, Session, auto_jobs, iter_batch, run_batch

    interrupts.catch()  # after the engine's imports, so that its exit hook runs before theirs (last in, first out)

    paths = list(paths)
    if files_from:
        try:
            listed = sys.stdin.read() if files_from == "-" else open(files_from, encoding="utf-8").read()
        except OSError as exc:
            _err(f"{files_from}: 无法读取：{exc.strerror or exc}" if lang == "zh"
                 else f"{files_from}: cannot read: {exc.strerror or exc}", lang)
            sys.exit(EXIT_ERROR)
        paths += [p.strip() for p in listed.splitlines() if p.strip()]
    if not paths:
        if files_from:
            click.echo("govlint: 警告：--files-from 没有列出任何文件" if lang == "zh"
                       else "govlint: warning: --files-from lists no file", err=True)
            sys.exit(EXIT_OK)
        raise click.MissingParameter(ctx=click.get_current_context(), param=click.get_current_context().command.params[0])
    options = Options(pack=pack_name, agency_kind=agency_kind, select=_split(select) or None, ignore=_split(ignore),
                      previous=previous_path, config=config_path, no_config=no_config, encoding=encoding, lang=lang,
                      cache=not no_cache, verbose=verbose)
    session = _session(Session, options, lang)

    skipped: list[tuple[str, str]] = []
    files = [p for p in discover(paths, skipped) if p == "-" or not session.excluded(p)]
    if skipped:
        _skipped_line(skipped, lang)
    stdin_data = sys.stdin.buffer.read() if "-" in files else None
    if not files and not os.environ.get("PRE_COMMIT"):
        from govlint.readers import supported_extensions

        exts = ["." + e for e in supported_extensions()]
        click.echo(f"govlint: 警告：没有找到可检查的文件（目录中检查 {'、'.join(exts)} 文件）" if lang == "zh" else
                   f"govlint: warning: no files to lint (directories are searched for {', '.join(exts)})", err=True)
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    binary = output_format in BINARY
    if binary and not output_file and sys.stdout.isatty():
        _err("-f xlsx 的结果是文件：请用 -o 指定，如 -o 汇总.xlsx" if lang == "zh"
             else "-f xlsx writes a file: name it with -o, e.g. -o summary.xlsx", lang)
        sys.exit(EXIT_ERROR)
    roster_check = None
    if not roster:
        roster = _config_roster(session, files)
    if roster:  # read before linting: a roster that cannot be read stops the run at once
        from govlint.roster import RosterCheck, read_roster

        try:
            roster_check = RosterCheck(roster, read_roster(roster))
        except GovlintError as exc:
            _err(exc.said(lang), lang)
            sys.exit(EXIT_ERROR)

    stdin_name = (stdin_filename or "-") if "-" in files else None
    show = sys.stderr.isatty() and len(files) >= 20 and not os.environ.get("CI") and not os.environ.get("PRE_COMMIT")
    # The results stream from linting to the output, file by file (a batch of any size runs in the
    # same memory), unless they must all be held: to fix or annotate them, or while a progress
    # bar and the report share the terminal.
    held = show_diff or apply_fixes or annotate or annotate_dir or (show and not output_file and sys.stdout.isatty())
    threshold = Severity.parse(fail_level)
    ocr_shown = _ocr_shown(quiet)
    parallel = (jobs or auto_jobs(len(files))) > 1 and len([p for p in files if p != "-"]) > 1  # as iter_batch decides
    with contextlib.ExitStack() as stack:
        bar = _progress(show, len(files), "检查中" if lang == "zh" else "linting")
        advance = stack.enter_context(bar)
        stack.enter_context(_ocr_progress(lang, ocr_shown, bar, parallel))
        batch = run_batch if held else iter_batch
        setup = functools.partial(_worker_setup, lang, ocr_shown and not show)
        results = stack.enter_context(contextlib.closing(_reports(batch(session, files, jobs, stdin_data, stdin_filename,
                                                                         advance, setup))))
        if held:
            results = list(results)
            stack.close()  # the progress bar ends before the report is written
        if show_diff:
            sys.exit(_diff_all(session, results, unsafe_fixes, stdin_data, lang, stdin_name))
        if apply_fixes:
            results = _fix_all(session, results, unsafe_fixes, lang, stdin_name)
        stream = Results(_said_errors(results, lang), threshold)
        if roster_check is not None:
            stream.at_end(lambda totals: roster_check.match(totals.reports))
        run = RunInfo(results=stream, verbose=verbose, lang=lang, detail=detail, roster=roster_check,
                      quiet=quiet >= 1, color=False if output_file else {"auto": None, "always": True, "never": False}[color],
                      fail_level=threshold)

        def emit(out) -> None:
            get(output_format)(run, out)
            if statistics:
                _statistics(run.totals, out if output_format in ("text", "concise") else sys.stderr)

        try:
            if output_file:  # whole or not at all: the previous file stays until the new one is complete
                with replacing(output_file, "wb" if binary else "w", encoding=None if binary else "utf-8",
                               newline="" if output_format == "csv" else None) as out:  # csv writes its own \r\n
                    emit(out)
            else:
                emit(sys.stdout.buffer if binary else sys.stdout)
                sys.stdout.flush()
        except OSError as exc:
            if not output_file:
                _drop_stdout()
                if isinstance(exc, BrokenPipeError):  # the reader has gone (| head -1): nothing to say
                    sys.exit(EXIT_CLOSED_STDOUT)
            where = output_file or ("标准输出" if lang == "zh" else "standard output")
            _err(f"{where}: 无法写入：{_write_error(exc, lang)}" if lang == "zh"
                 else f"{where}: cannot write: {_write_error(exc, lang)}", lang)
            sys.exit(EXIT_ERROR)
    totals = run.totals
    if totals.unpaired:
        unpaired = totals.unpaired
        names = "、".join(os.path.basename(p) for p in unpaired[:5]) + ("等" if len(unpaired) > 5 else "")
        click.echo(f"govlint: {len(unpaired)} 份报告在上一年度的目录中没有找到同一机关的报告（{names}），未做跨年度核对" if lang == "zh"
                   else f"govlint: {len(unpaired)} report(s) have no report of the same agency in last year's folder "
                        f"({names}); nothing compared across years", err=True)
    if os.environ.get("GITHUB_STEP_SUMMARY") and not os.environ.get("PRE_COMMIT"):  # a hook runs in batches
        _step_summary(os.environ["GITHUB_STEP_SUMMARY"], run, lang)
    failed_copies = _annotate_all(session, results, annotate_dir, lang) if (annotate or annotate_dir) else 0

    if totals.unreadable or failed_copies:
        sys.exit(EXIT_ERROR)
    if totals.failing:
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


def _reports(results):
    """The results a run shows: under pre-commit, a file that is no annual report (a guide, a
    notice) is skipped quietly."""
    hook = bool(os.environ.get("PRE_COMMIT"))
    for r in results:
        if not hook or r.error or not r.documents or any(d.is_report for d in r.documents):
            yield r


def _said_errors(results, lang: str):
    """The results, each file that could not be linted said on stderr as it passes (one line)."""
    for r in results:
        if r.error:
            _err(r.error if r.fatal else f"{r.path}: {r.error}", lang)
        yield r


def _step_summary(path: str, run, lang: str) -> None:
    """Append the run's Markdown summary to a GitHub Actions job summary (never truncating it);
    a file that cannot be written is one line on stderr and changes nothing else."""
    from govlint.formatters.summary import step_summary

    try:
        with open(path, "a", encoding="utf-8") as f:
            f.write(step_summary(run))
    except OSError as exc:
        click.echo(f"govlint: 警告：无法写入 GITHUB_STEP_SUMMARY（{path}）：{exc.strerror or exc}" if lang == "zh"
                   else f"govlint: warning: cannot write GITHUB_STEP_SUMMARY ({path}): {exc.strerror or exc}", err=True)


def _fixed(session, result, unsafe: bool, data: bytes):
    """Fix one file's findings (fixer.Fixed), linting again under the file's own settings."""
    from govlint import annotate, fixer

    path = result.path
    target = fixer.docx_target(path)
    if result.format in annotate.CONVERTIBLE:  # .doc, .wps, .rtf, .odt: LibreOffice makes it a .docx first
        data = annotate.to_docx(path, data)
        result = session.lint(target, file_bytes=data)
    if result.format == "docx":
        return fixer.fix_docx(lambda b: session.lint(target, file_bytes=b), path, data, unsafe, result)
    return fixer.fix_text_file(lambda b: session.lint(result.path, file_bytes=b), result.path, data, unsafe, result)


def _fixable(results, unsafe: bool):
    """The results with a fix to apply, and those in a format govlint does not fix (a web page, a
    PDF) with findings of a rule that fixes."""
    from govlint import fixer
    from govlint.checks import get_rule
    from govlint.linter import FIXABLE_FORMATS

    todo, unfixable = [], []
    for r in results:
        if r.error:
            continue
        if r.format not in FIXABLE_FORMATS:
            if any(getattr(get_rule(d.rule), "fixable", None) for d in r.diagnostics):
                unfixable.append(r)
        elif fixer.wanted(r.diagnostics, unsafe):
            todo.append(r)
    return todo, unfixable


def _read_input(result, stdin_data, stdin_name: str | None):
    """The bytes a result was linted from: standard input's (named ``stdin_name``), or the file's."""
    if stdin_name is not None and result.path in ("-", stdin_name):
        return stdin_data
    with open(result.path, "rb") as fh:
        return fh.read()


def _unfixable_line(unfixable, lang: str) -> None:
    if unfixable:
        exts = "、".join(sorted({"." + r.format for r in unfixable}))
        click.echo(f"govlint: {len(unfixable)} 个文件（{exts}）不能自动修复：只修复 .txt、.md 和 Word 文件（Word 文件写入副本）" if lang == "zh"
                   else f"govlint: {len(unfixable)} file(s) ({exts}) cannot be fixed: only .txt, .md and Word files (into a copy)",
                   err=True)


def _unapplied_line(fixed, unsafe: bool, lang: str) -> None:
    """One line for the fixes left after fixing: a place the fix could not be made at (a Word
    paragraph not where the reader saw it, as in a converted file whose numbering Word draws)."""
    from govlint import fixer

    left = len(fixer.wanted(fixed.result.diagnostics, unsafe))
    if left:
        _say(f"govlint: {fixed.path}: {left} 个问题的修复无法应用，请手工修改" if lang == "zh"
             else f"govlint: {fixed.path}: {left} fix(es) could not be applied; edit by hand")


def _diff_all(session, results, unsafe: bool, stdin_data, lang: str, stdin_name: str | None = None) -> int:
    """--diff: the fixes as a unified diff on standard output; nothing written. Exit 1 when
    there is something to fix (as ruff), 2 when a file cannot be read."""
    from govlint import fixer
    from govlint.errors import InputError, say

    todo, unfixable = _fixable(results, unsafe)
    count = files = 0
    failed = any(r.error for r in results)
    for r in results:
        if r.error:
            _err(r.error if r.fatal else f"{r.path}: {r.error}", lang)
    out = sys.stdout.buffer
    for r in todo:
        try:
            fixed = _fixed(session, r, unsafe, _read_input(r, stdin_data, stdin_name))
        except (InputError, OSError) as exc:
            _err(f"{r.path}: {say(exc.reason, lang) if isinstance(exc, InputError) else exc.strerror or exc}", lang)
            failed = True
            continue
        _unapplied_line(fixed, unsafe, lang)
        if not fixed.applied:
            continue
        count += len(fixed.applied)
        files += 1
        text = fixer.unified_diff(fixed, fixed.target if fixed.target != r.path else None, r.format)
        out.write(text.encode(fixer.diff_encoding(fixed, r.format), errors="replace"))
    out.flush()
    _unfixable_line(unfixable, lang)
    click.echo(f"govlint: {files} 个文件中有 {count} 个问题可以修复（--fix 应用这些改动）" if lang == "zh"
               else f"govlint: {count} fix(es) in {files} file(s) (--fix applies them)", err=True)
    return EXIT_ERROR if failed else EXIT_FINDINGS if count else EXIT_OK


def _fix_all(session, results, unsafe: bool, lang: str, stdin_name: str | None = None) -> list:
    """--fix: write each text file's fixes in place and each Word draft's into a copy; the
    results become those of the fixed files (what is left to do)."""
    from govlint.annotate import write
    from govlint.errors import InputError, say

    todo, unfixable = _fixable(results, unsafe)
    by_path = {id(r): r for r in todo}
    out, count, files = [], 0, 0
    for r in results:
        if id(r) not in by_path:
            out.append(r)
            continue
        if r.path in ("-", stdin_name):
            _err("标准输入的内容不能就地修复，请用 --diff 查看改动" if lang == "zh"
                 else "standard input cannot be fixed in place: use --diff to see the changes", lang)
            out.append(r)
            continue
        try:
            fixed = _fixed(session, r, unsafe, _read_input(r, None, None))
            if fixed.applied:
                write(fixed.target, fixed.data)  # atomic, keeping the file's permission bits
        except InputError as exc:
            _err(f"{r.path}: {say(exc.reason, lang)}", lang)
            out.append(r)
            continue
        except OSError as exc:
            _err(f"{r.path}: 无法写入：{exc.strerror or exc}" if lang == "zh" else f"{r.path}: cannot write: {exc.strerror or exc}", lang)
            out.append(r)
            continue
        if fixed.applied and fixed.target != r.path:
            _say(f"govlint: 已写入修正后的副本 {fixed.target}：{len(fixed.applied)} 处修复（原文件未改动）" if lang == "zh"
                 else f"govlint: wrote the fixed copy {fixed.target}: {len(fixed.applied)} fix(es); the draft is unchanged")
        _unapplied_line(fixed, unsafe, lang)
        count += len(fixed.applied)
        files += 1 if fixed.applied else 0
        out.append(fixed.result if fixed.applied else r)
    _unfixable_line(unfixable, lang)
    click.echo(f"govlint: 已修复 {count} 个问题（{files} 个文件）" if lang == "zh"
               else f"govlint: fixed {count} finding(s) in {files} file(s)", err=True)
    return out


def _config_roster(session, files) -> str | None:
    """The roster a configuration names: that of the first file's configuration naming one (a
    broken configuration is reported with its file, not here)."""
    from govlint.errors import GovlintError

    for p in files:
        if p == "-":
            continue
        try:
            found = session.config_for(p).roster
        except GovlintError:
            return None
        if found:
            return found
    return None


def _session(session_type, options, lang: str):
    """The run's session; a broken --pack or --config is one error for the whole run (exit 2)."""
    from govlint.errors import GovlintError

    session = session_type(options)
    try:
        if options.pack:
            session.packs.load(options.pack)
        if options.config:
            from govlint.config import load_config

            load_config(options.config)
    except GovlintError as exc:
        _err(exc.said(lang), lang)
        sys.exit(EXIT_ERROR)
    return session


def _skipped_line(skipped: list[tuple[str, str]], lang: str) -> None:
    """One line on stderr for the files a run left out (lock files, annotated copies)."""
    locks = [p for p, why in skipped if why == "lock"]
    copies = [p for p, why in skipped if why == "annotated"]
    zh = lang == "zh"
    bits = []
    if locks:
        names = "、".join(os.path.basename(p) for p in locks[:3]) + ("等" if len(locks) > 3 else "")
        bits.append(f"{len(locks)} 个 Word/WPS 锁定文件（{names}）" if zh else f"{len(locks)} Word/WPS lock file(s) ({names})")
    if copies:
        bits.append(f"{len(copies)} 个 govlint 写的带批注副本（*.govlint.docx）" if zh
                    else f"{len(copies)} annotated cop(ies) govlint wrote (*.govlint.docx)")
    click.echo(("govlint: 已跳过 " + "，".join(bits)) if zh else ("govlint: skipped " + "; ".join(bits)), err=True)


def _annotate_all(session, results, out_dir: str | None, lang: str) -> int:
    """Write the annotated copy of each Word file linted; one line on stderr per copy, and one for
    the files that are not Word documents. Returns how many copies could not be written."""
    from govlint import annotate as A
    from govlint.errors import InputError, say

    zh = lang == "zh"
    failed, others = 0, []
    for result in results:
        if result.error or result.path == "-" or result.format not in ("docx", *A.CONVERTIBLE):
            if not result.error and result.path != "-":
                others.append(result.path)
            continue
        target = A.target_path(result.path, out_dir)
        try:
            with open(result.path, "rb") as fh:
                data = fh.read()
            converted = None
            if result.format != "docx":  # named by its extension (.wps, not the format "doc")
                converted = (os.path.splitext(result.path)[1].lstrip(".").lower() or result.format)
                data = A.to_docx(result.path, data)
                s = session.settings_for(result.path)
                result = session.linter(s).lint_bytes(data, str(target))
            copy, added, removed = A.annotate(data, result, lang)
            A.write(target, copy)
        except InputError as exc:
            _err(f"{result.path}: {say(exc.reason, lang)}", lang)
            failed += 1
            continue
        except OSError as exc:
            _err(f"{target}: 无法写入：{exc.strerror or exc}" if zh else f"{target}: cannot write: {exc.strerror or exc}", lang)
            failed += 1
            continue
        except Exception as exc:  # a bug must not lose the report already printed
            what = f"{type(exc).__name__}: {exc}"
            _err(f"{result.path}: 无法写批注副本，内部错误（请报告此问题）：{what}" if zh
                 else f"{result.path}: cannot write the annotated copy, internal error (please report it): {what}", lang)
            failed += 1
            continue
        how = (f"（由 .{converted} 转换为 .docx）" if zh else f" (converted from .{converted})") if converted else ""
        again = (f"，替换了上次的 {removed} 条" if zh else f", replacing {removed} earlier") if removed else ""
        _say(f"govlint: 已写入带批注的副本 {target}：{added} 条批注{again}{how}" if zh
             else f"govlint: wrote the annotated copy {target}: {added} comment(s){again}{how}")
    if others:
        click.echo(f"govlint: {len(others)} 个文件不是 Word 文件，没有写批注副本（批注只用于 .docx/.doc/.wps/.rtf/.odt）" if zh
                   else f"govlint: {len(others)} file(s) are not Word documents: no annotated copy "
                        "(only for .docx/.doc/.wps/.rtf/.odt)", err=True)
    return failed


class _progress:
    """A transient progress bar on a terminal (``advance(n)``), or nothing; ``label``: what it counts."""

    def __init__(self, show: bool, total: int, label: str):
        self.show, self.total, self.label, self.bar, self.task = show, total, label, None, None

    def __enter__(self):
        if not self.show:
            return lambda n: None
        from rich.console import Console
        from rich.progress import Progress

        # stdout carries the report (written while the bar runs): never redirected into the bar's console
        self.bar = Progress(transient=True, console=Console(stderr=True), redirect_stdout=False)
        self.bar.__enter__()
        task = self.task = self.bar.add_task(self.label, total=self.total)
        return lambda n: self.bar.advance(task, n)

    def note(self, text: str | None) -> None:
        """Words after the label while the bar shows (OCR's page progress); None: the label alone."""
        if self.bar is not None:
            from rich.markup import escape

            self.bar.update(self.task, description=f"{self.label} · {escape(text)}" if text else self.label)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False


# ----------------------------------------------------------------------------- OCR's page progress
# Reading a scanned PDF by OCR takes some 3 s a page. While it reads, the page it is on is shown on
# stderr (never stdout, which carries the report): on a terminal only, as a line redrawn in place
# and wiped when the file is read, or in the progress bar when one shows. A pipe, a file, a CI log
# and pre-commit (which shows a hook's output only once it has ended) get nothing, nor -q.


def _ocr_shown(quiet: int = 0) -> bool:
    """Whether OCR's page progress is shown on stderr (see above)."""
    return (not quiet and sys.stderr.isatty() and not os.environ.get("CI") and not os.environ.get("PRE_COMMIT"))


class _OcrProgress:
    """OCR's page progress, installed as ``govlint.ocr.PROGRESS`` (told ``(done, total)`` after each
    page OCR reads); the batches name the file read with :meth:`file` (``govlint.ocr.reading``).

    ``mode`` "line": "govlint: 文字识别 扫描件.pdf：第 3/12 页", the page being read, on one
    terminal line redrawn in place (a carriage return and spaces: no escape sequence) and wiped
    when the file is read, so nothing is left among the report's lines; "bar": the same words in
    the run's progress bar (``bar``, a :class:`_progress`); "start": one whole line when OCR starts
    on a file, in a worker process (whose redrawn line could cross another process's output)."""

    def __init__(self, lang: str, mode: str = "line", bar: _progress | None = None, stream=None):
        self.lang, self.mode, self.bar = lang, mode, bar
        self.stream = stream  # None: sys.stderr, as it is when written
        self.name: str | None = None
        self.drawn = False  # a line (or the bar's note) is showing
        self.started = False  # "start": this file's line is printed

    @contextlib.contextmanager
    def file(self, name: str):
        """While ``name`` is read (a file read within another's reading, such as last year's
        report, has the line until it is done)."""
        outer = self.name, self.started
        self.clear()
        self.name, self.started = name, False
        try:
            yield
        finally:
            self.clear()
            self.name, self.started = outer

    def __call__(self, done: int, total: int) -> None:
        if done >= total:  # the last page is read: nothing more to show
            self.clear()
            return
        if self.mode == "start":
            if not self.started:
                self.started = True
                self._write(self._start_line(total) + "\n")
            return
        if self.mode == "bar":
            from govlint.results import shown_path

            self.bar.note(self._said(shown_path(os.path.basename(self.name or "")), done + 1, total))
        else:
            width = self._width()
            text = self._line(done + 1, total, width)
            self._write("\r" + text + " " * (width - _display_width(text)))
        self.drawn = True

    def clear(self) -> None:
        if not self.drawn:
            return
        self.drawn = False
        if self.mode == "bar":
            self.bar.note(None)
        else:
            self._write("\r" + " " * self._width() + "\r")

    def _said(self, name: str, page: int, total: int) -> str:
        """What is being read: "文字识别 扫描件.pdf：第 3/12 页", "OCR scan.pdf: page 3/12"."""
        if self.lang == "zh":
            return f"文字识别 {name}：第 {page}/{total} 页" if name else f"文字识别：第 {page}/{total} 页"
        return f"OCR {name}: page {page}/{total}" if name else f"OCR: page {page}/{total}"

    def _line(self, page: int, total: int, width: int) -> str:
        """The terminal's line, at most ``width`` columns: a long name keeps its end."""
        from govlint.results import shown_path

        name = shown_path(self.name or "")
        text = "govlint: " + self._said(name, page, total)
        over = _display_width(text) - width
        if over > 0 and name:
            keep = name
            while keep and _display_width(keep) > max(_display_width(name) - over - 3, 0):
                keep = keep[1:]
            text = "govlint: " + self._said("..." + keep, page, total)
        while _display_width(text) > width:
            text = text[:-1]
        return text

    def _start_line(self, total: int) -> str:
        from govlint.results import shown_path

        name = shown_path(self.name or "")
        if self.lang == "zh":
            return f"govlint: 正在文字识别 {name}（共 {total} 页）" if name else f"govlint: 正在文字识别（共 {total} 页）"
        return f"govlint: reading {name} by OCR ({total} pages)" if name else f"govlint: reading by OCR ({total} pages)"

    def _width(self) -> int:
        """The columns a line may take: the terminal's but the last (where a character would wrap)."""
        try:
            columns = os.get_terminal_size((self.stream or sys.stderr).fileno()).columns
        except (AttributeError, OSError, ValueError):
            columns = 0
        if columns <= 0:
            try:
                columns = int(os.environ.get("COLUMNS", ""))
            except ValueError:
                columns = 80
        return max(columns - 1, 20)

    def _write(self, text: str) -> None:
        stream = self.stream or sys.stderr
        try:
            stream.write(text)
            stream.flush()
        except (OSError, ValueError):  # stderr closed: progress is not worth an error
            pass


def _display_width(text: str) -> int:
    from govlint.normalize import display_width

    return display_width(text)


@contextlib.contextmanager
def _ocr_progress(lang: str, shown: bool, bar: _progress, parallel: bool = False):
    """OCR's page progress in this process while the run reads: in ``bar`` when it shows, else
    when ``shown`` as a redrawn line, or as a whole line a file while worker processes may write
    theirs (``parallel``; this process reads standard input); else none."""
    from govlint import ocr

    before = ocr.PROGRESS
    hook = ocr.PROGRESS = (_OcrProgress(lang, "bar", bar) if bar.bar is not None
                           else _OcrProgress(lang, "start" if parallel else "line") if shown else None)
    try:
        yield
    finally:  # an interruption's line starts on a clean line too
        if hook is not None:
            hook.clear()
        ocr.PROGRESS = before


def _worker_setup(lang: str, lines: bool) -> None:
    """A worker process's start (check's and extract's, picklable with functools.partial): the
    batch's tuning, and OCR's progress as one line when a file's OCR starts (``lines``: stderr is
    a terminal and no progress bar shows), else none."""
    from govlint import ocr
    from govlint.runner import tune_gc

    tune_gc()
    ocr.PROGRESS = _OcrProgress(lang, "start") if lines else None


def _statistics(totals, out) -> None:
    """--statistics: the findings of each rule, most first."""
    from govlint.checks import get_rule

    for rule, n in Counter(totals.by_rule).most_common():
        r = get_rule(rule)
        out.write(f"{n:>6}  {r.code if r else ''}  {rule}\n")


@cli.command(help_en="Explain a rule: what it checks, why, wrong and right examples, how to fix it.")
@click.argument("rule")
@_option("-p", "--pack", "pack_name", default=None, metavar="NAME|PATH", help="同时说明该规则包怎样调整这条规则的级别。",
         help_en="Also say how this rule pack changes the rule's severity.")
@_LANG
def explain(rule, pack_name, lang):
    """说明一条规则：检查什么、依据、错误与正确示例、如何修改。"""
    from govlint.checks import get_rule
    from govlint.errors import GovlintError
    from govlint.packs.loader import load_pack

    r = get_rule(rule)
    if r is None:
        _err(f"没有名为“{rule}”的规则（用 govlint rules 查看全部规则）" if lang == "zh"
             else f"no rule named “{rule}” (govlint rules lists them)", lang)
        sys.exit(EXIT_ERROR)
    pack = None
    if pack_name:
        try:
            pack = load_pack(pack_name)
        except GovlintError as exc:
            _err(exc.said(lang), lang)
            sys.exit(EXIT_ERROR)
    click.echo(r.explanation(lang, pack))


def fix_label(rule, lang: str = "zh") -> str:
    """What the rules table says of a rule's fix: 可修复 (--fix), 可插入 (--unsafe-fixes inserts
    text to fill in), or "-"."""
    if not rule.fixable:
        return "-"
    if lang == "en":
        return "fix" if rule.fixable == "safe" else "unsafe-fix"
    return "可修复" if rule.fixable == "safe" else "可插入"


def _markdown_fix(rule) -> str:
    return {"safe": "`--fix`", "unsafe": "`--unsafe-fixes`"}.get(rule.fixable or "", "")


def rules_markdown() -> str:
    """The README's rule table, generated from the rules' metadata."""
    from govlint.checks import all_rules
    from govlint.diagnostics import SEVERITY_ZH

    rows = ["| 规则 | 代码 | 默认级别 | 自动修复 | 说明 |", "| --- | --- | --- | --- | --- |"]
    rows += [f"| `{r.id}` | {r.code} | {SEVERITY_ZH[r.severity]} | {_markdown_fix(r)} | {r.summary} |" for r in all_rules()]
    return "\n".join(rows)


@cli.command(help_en="List all rules (code, id, family, default severity, summary).")
@_option("-p", "--pack", "pack_name", default=None, metavar="NAME|PATH", help="同时列出该规则包的部分。",
         help_en="Also list the parts of this rule pack, and how it changes the rules' severity.")
@_option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", help="输出格式。",
         help_en="Output format.")
@_LANG
def rules(pack_name, fmt, lang):
    """列出全部规则（代码、编号、类别、默认级别、说明）。"""
    from govlint.checks import all_rules, severity_name
    from govlint.diagnostics import Severity
    from govlint.errors import GovlintError
    from govlint.normalize import display_width, to_chinese_numeral
    from govlint.packs.loader import load_pack

    if fmt == "markdown":
        click.echo(rules_markdown())
        return
    zh = lang == "zh"
    families = {"meta": "报告", "structure": "结构", "period": "统计期限", "contact": "联系方式", "tables": "统计表", "text": "文字",
                "crossyear": "跨年度"}
    pack = None
    if pack_name:
        try:
            pack = load_pack(pack_name)
        except GovlintError as exc:
            _err(exc.said(lang), lang)
            sys.exit(EXIT_ERROR)
    table = [([r.code, r.id, families.get(r.family, r.family) if zh else r.family, severity_name(r.severity, lang),
               fix_label(r, lang)], r.summary if zh else r.summary_en, r) for r in all_rules()]
    widths = [max(display_width(cells[i]) for cells, _, _ in table) for i in range(5)]
    for cells, summary, r in table:  # each column padded by display width: a CJK character takes two
        click.echo("".join(c + " " * (w - display_width(c) + 2) for c, w in zip(cells, widths)) + summary)
        if pack is not None:
            for line in r.pack_severity_lines(pack, lang):
                click.echo("      " + line.strip())
    if pack is not None:
        click.echo(f"\n规则包 {pack.id}：{pack.name}" if zh else f"\npack {pack.id}: “{pack.name}”")
        for s in pack.sections:
            sev = severity_name(s.severity or Severity.ERROR, lang)
            click.echo(f"  {to_chinese_numeral(s.number)}、{s.title}（缺失：{sev}）" if zh
                       else f"  {s.number}. “{s.title}” (missing: {sev})")


@cli.command(help_en="List the built-in rule packs.")
@_LANG
def packs(lang):
    """列出内置规则包。"""
    from govlint.errors import GovlintError
    from govlint.packs.loader import PackStore, available_packs

    zh = lang == "zh"
    store = PackStore()
    for name in available_packs():
        try:
            p = store.load(name)
        except GovlintError as exc:
            _err(exc.said(lang), lang)
            continue
        status = "" if p.status == "verified" else "；依据待核实" if zh else "; basis to be verified"
        named = "" if p.automatic else f"；仅在指定时使用：--pack {p.id}" if zh else f"; used only when named: --pack {p.id}"
        tables = "、".join("《" + t.title + "》" for t in p.tables)
        if zh:
            click.echo(f"{p.id}  {p.years_label}  {p.name}{status}{named}")
            click.echo(f"    部分：{'、'.join(s.title for s in p.sections)}")
            click.echo(f"    表格：{tables}" if tables else "", nl=bool(tables))
            click.echo("".join(f"    依据：{b}\n" for b in p.basis))
        else:
            click.echo(f"{p.id}  {p.years_text(lang)}  “{p.name}”{status}{named}")
            click.echo(f"    parts: {', '.join('“' + s.title + '”' for s in p.sections)}")
            click.echo(f"    tables: {tables.replace('、', ', ')}" if tables else "", nl=bool(tables))
            click.echo("".join(f"    basis: “{b}”\n" for b in p.basis))


def _usage_message(exc: click.UsageError, lang: str) -> str:
    """click's usage errors, said on one line in ``lang`` (click's own English only for a kind of
    error govlint does not know)."""
    zh = lang == "zh"
    command = exc.ctx.command if exc.ctx is not None else None
    if isinstance(exc, click.NoSuchOption):
        return f"没有选项“{exc.option_name}”" if zh else f"no option “{exc.option_name}”"
    if isinstance(exc, _NoSuchCommand):
        return f"没有命令“{exc.name}”" if zh else f"no command “{exc.name}”"
    if isinstance(exc, _ExtraArguments):
        return f"多余的参数：{' '.join(exc.extra)}" if zh else f"unexpected argument(s): {' '.join(exc.extra)}"
    if isinstance(exc, click.BadOptionUsage):
        option = next((p for p in command.params if exc.option_name in getattr(p, "opts", ())), None) if command else None
        if getattr(option, "is_flag", False):  # --no-cache=yes
            return f"{exc.option_name} 不带值" if zh else f"{exc.option_name} takes no value"
        return f"{exc.option_name} 后面缺少值" if zh else f"{exc.option_name} needs a value"
    param = getattr(exc, "param", None)
    if isinstance(param, click.Option):
        name = max(param.opts, key=len)  # --format rather than -f
    elif param is not None:
        said = _ARGUMENTS.get(command.name if command else "", {}).get(param.name or "")
        name = said[0 if zh else 1] if said else param.human_readable_name
    else:
        name = "参数" if zh else "an argument"
    if isinstance(exc, click.MissingParameter):  # 缺少 --year, 缺少要检查的文件或目录
        return (f"缺少 {name}" if isinstance(param, click.Option) else f"缺少{name}") if zh else f"missing {name}"
    if isinstance(exc, click.BadParameter) and param is not None:
        if isinstance(param.type, click.Choice):
            choices = list(map(str, param.type.choices))
            return f"{name} 只能是 {'、'.join(choices)}" if zh else f"{name} must be one of {', '.join(choices)}"
        if isinstance(param.type, click.IntRange) and param.type.min is not None and param.type.max is None:
            low = param.type.min + (1 if param.type.min_open else 0)
            return f"{name} 须为不小于 {low} 的整数" if zh else f"{name} must be a whole number of at least {low}"
        if isinstance(param.type, click.types.IntParamType):
            return f"{name} 须为整数" if zh else f"{name} must be a whole number"
        return f"{name} 的值无效：{exc.message}" if zh else f"invalid value for {name}: {exc.message}"
    return exc.format_message()


@cli.command("config", help_en="Show the configuration in effect for a file (or folder), and the file each setting "
                              "comes from.")
@click.argument("path", default=".", type=click.Path())
@_option("--config", "config_path", default=None, type=click.Path(), metavar="FILE", help="使用这个配置文件。",
         help_en="Use this configuration file.")
@_LANG
def config_cmd(path, config_path, lang):
    """显示对某个文件（或目录）生效的配置，以及每一项来自哪个文件。"""
    from govlint.errors import GovlintError
    from govlint.runner import Options, Session

    zh = lang == "zh"
    session = Session(Options(config=config_path, cache=False))
    try:
        cfg = session.config_for(path)
        s = session.settings_for(path)
    except GovlintError as exc:
        _err(exc.said(lang), lang)
        sys.exit(EXIT_ERROR)
    click.echo(f"配置文件：{cfg.path or '（没有找到，使用默认值）'}" if zh
               else f"configuration file: {cfg.path or '(none found: the defaults)'}")
    sep, none = ("、", "（无）") if zh else (", ", "(none)")
    shown = {
        "pack": s.pack or ("（按报告年度自动选用）" if zh else "(chosen by the report's year)"),
        "agency_kind": s.agency_kind or ("（按机关名称判断）" if zh else "(judged from the agency's name)"),
        "select": sep.join(s.select) if s.select else ("（全部规则）" if zh else "(all rules)"),
        "ignore": sep.join(s.ignore) if s.ignore else none,
        "severity": sep.join(f"{k}={v.label}" for k, v in (s.severity or {}).items()) or ("（默认）" if zh else "(defaults)"),
        "previous": s.previous or none,
        "exclude": sep.join(cfg.data.get("exclude", [])) or none,
    }
    for key, value in shown.items():
        origin = s.origin.get(key) or (cfg.path if key == "exclude" and cfg.data.get("exclude") else "默认" if zh else "default")
        click.echo(f"  {key:<12} {value}    ← {origin}")


@cli.command("init", help_en="Write the skeleton of an annual report draft: the required parts' headings, the opening "
                            "paragraph, empty statistics tables. An existing file is never overwritten.")
@click.argument("output", type=click.Path())
@_option("-p", "--pack", "pack_name", default="gov-2021", show_default=True, metavar="NAME|PATH", help="规则包。",
         help_en="The rule pack.")
@_option("--year", type=int, required=True, metavar="YEAR", help="报告年度。", help_en="The report's year.")
@_option("--agency", required=True, metavar="NAME", help="机关名称。", help_en="The agency's name.")
@_option("--format", "fmt", type=click.Choice(["md", "docx"]), default=None, help="md 或 docx（默认按文件扩展名）。",
         help_en="md or docx (by default from the file's extension).")
@_LANG
def init_cmd(output, pack_name, year, agency, fmt, lang):
    """生成一份年度报告草稿框架：规定的各部分标题、开头段、空白统计表。不会覆盖已有文件。"""
    from govlint.errors import GovlintError
    from govlint.init import write_skeleton

    try:
        write_skeleton(output, pack_name, year, agency, fmt)
    except GovlintError as exc:
        _err(exc.said(lang), lang)
        sys.exit(EXIT_ERROR)
    click.echo(f"已生成 {output}：请填写其中的【请填写】部分，然后运行 govlint check {output}" if lang == "zh"
               else f"wrote {output}: fill in the places marked “【请填写】”, then run govlint check {output}")


@cli.command("clean", help_en="Empty the cache (lint results and parsed rule packs).")
@_LANG
def clean_cmd(lang):
    """清空缓存（检查结果和解析过的规则包）。"""
    from govlint.cache import clean

    root, files, size = clean()
    click.echo(f"已删除 {root} 中的 {files} 个缓存文件（{size / 1024:.0f} KB）" if lang == "zh"
               else f"deleted {files} cache file(s) in {root} ({size / 1024:.0f} KB)")


@cli.command("extract", help_en="""Extract the statistics tables' data: a row per cell, as CSV, Excel, jsonl or Parquet.

             A row per cell of each report's statistics tables (file, agency, year, table, row, column, value, status,
             place); CSV is UTF-8 with a BOM. A row found whose values cannot be read is listed too (status
             “unread”).""")
@click.argument("paths", nargs=-1, type=click.Path())
@_option("-o", "--output-file", default=None, type=click.Path(dir_okay=False), metavar="FILE",
         help="写入这个文件（写完整后才替换同名文件）；默认以 CSV 写到标准输出。",
         help_en="Write to this file (it replaces a file of that name only once complete); by default CSV on standard "
                 "output.")
@_option("-f", "--format", "output_format", default=None, type=click.Choice(["csv", "xlsx", "jsonl", "parquet"]),
         help="输出格式（默认按 -o 文件的扩展名：.csv .xlsx .jsonl .parquet；没有 -o 时为 csv）。",
         help_en="Output format (by default by the -o file's extension: .csv .xlsx .jsonl .parquet; csv without -o).")
@_PACK
@_AGENCY_KIND
@_CONFIG
@_NO_CONFIG
@_files_from(("提取", "extract"))
@_jobs()
@_ENCODING
@_STDIN_FILENAME
@_lang_option(("表头和消息的语言", "Language of the column headers and messages"))
def extract(paths, output_file, output_format, pack_name, agency_kind, config_path, no_config, files_from, jobs, encoding,
            stdin_filename, lang):
    """提取统计表数据：每个单元格一行，写成 CSV、Excel、jsonl 或 Parquet。

    每份报告统计表的每个单元格一行（文件、机关、年度、表格、行、列、数值、状态、位置）；CSV 为 UTF-8 带 BOM。
    找到了却读不出数值的行也列出，状态为“unread”。
    """
    from govlint import extract as X
    from govlint import interrupts
    from govlint.errors import GovlintError
    from govlint.linter import discover
    from govlint.runner import Options, Session, auto_jobs, tune_gc

    interrupts.catch()
    zh = lang == "zh"
    paths = list(paths)
    if files_from:
        try:
            listed = sys.stdin.read() if files_from == "-" else open(files_from, encoding="utf-8").read()
        except OSError as exc:
            _err(f"{files_from}: 无法读取：{exc.strerror or exc}" if zh else f"{files_from}: cannot read: {exc.strerror or exc}", lang)
            sys.exit(EXIT_ERROR)
        paths += [p.strip() for p in listed.splitlines() if p.strip()]
    if not paths:
        if files_from:
            click.echo("govlint: 警告：--files-from 没有列出任何文件" if zh else "govlint: warning: --files-from lists no file", err=True)
            sys.exit(EXIT_OK)
        raise click.MissingParameter(ctx=click.get_current_context(), param=click.get_current_context().command.params[0])
    fmt = output_format or X.format_for(output_file) or (None if output_file else "csv")
    if fmt is None:
        _err(f"{output_file}: 无法从扩展名判断输出格式（.csv、.xlsx、.jsonl、.parquet），请用 -f 指定" if zh
             else f"{output_file}: the extension names no output format (.csv, .xlsx, .jsonl, .parquet): give -f", lang)
        sys.exit(EXIT_ERROR)
    if fmt in ("xlsx", "parquet") and not output_file:
        _err(f"{fmt} 格式需要用 -o 指定输出文件" if zh else f"the {fmt} format needs an output file (-o)", lang)
        sys.exit(EXIT_ERROR)
    if fmt == "parquet" and not X.parquet_available():
        _err("写 Parquet 需要 pyarrow，请先安装：pip install pyarrow（或改用 -f csv、xlsx、jsonl）" if zh
             else "Parquet needs pyarrow: pip install pyarrow (or use -f csv, xlsx, jsonl)", lang)
        sys.exit(EXIT_ERROR)

    session = _session(Session, Options(pack=pack_name, agency_kind=agency_kind, config=config_path, no_config=no_config,
                                        encoding=encoding, lang=lang, cache=False), lang)
    skipped: list[tuple[str, str]] = []
    files = [p for p in discover(paths, skipped) if p == "-" or not session.excluded(p)]
    if skipped:
        _skipped_line(skipped, lang)
    if output_file:  # the output never replaces an input
        target = os.path.realpath(output_file)
        if any(p != "-" and os.path.realpath(p) == target for p in files):
            _err(f"{output_file}: 输出文件不能是要提取的输入文件" if zh else f"{output_file}: the output is one of the inputs", lang)
            sys.exit(EXIT_ERROR)
    if not files:
        from govlint.readers import supported_extensions

        exts = ["." + e for e in supported_extensions()]
        click.echo(f"govlint: 警告：没有找到可提取的文件（目录中查找 {'、'.join(exts)} 文件）" if zh else
                   f"govlint: warning: no files to extract (directories are searched for {', '.join(exts)})", err=True)
    stdin_data = sys.stdin.buffer.read() if "-" in files else None
    if jobs is None:
        jobs = auto_jobs(len(files))
    if len(files) > 1:
        tune_gc()
    show = sys.stderr.isatty() and len(files) >= 20 and not os.environ.get("CI")
    ocr_shown = _ocr_shown()
    parallel = jobs > 1 and len([p for p in files if p != "-"]) > 1  # as extract_batch decides
    bar = _progress(show, len(files), "提取中" if zh else "extracting")
    try:
        with bar as advance, _ocr_progress(lang, ocr_shown, bar, parallel):
            setup = functools.partial(_worker_setup, lang, ocr_shown and not show)
            batches = X.extract_batch(session, files, jobs, stdin_data, stdin_filename, advance, setup=setup)
            done = X.write(batches, fmt, output_file, lang, sys.stdout.buffer)
    except GovlintError as exc:
        _err(exc.said(lang), lang)
        sys.exit(EXIT_ERROR)
    for got in done.failed:
        _err(got.error if got.fatal else f"{got.path}: {got.error}", lang)
    where = (f"，已写入 {output_file}" if zh else f", written to {output_file}") if output_file else ""
    by_ocr = ""
    if done.by_ocr:
        by_ocr = (f"；{done.by_ocr} 个由文字识别读取" + (f"，{done.doubtful} 个识别存疑" if done.doubtful else "") if zh
                  else f"; {done.by_ocr} read by OCR" + (f", {done.doubtful} doubtful" if done.doubtful else ""))
    line = (f"govlint: 已提取 {done.files} 个文件的 {done.rows} 个统计表单元格（其中 {done.unread} 个未读出{by_ocr}）{where}" if zh
            else f"govlint: extracted {done.rows} statistics-table cells ({done.unread} not read{by_ocr}) from "
                 f"{done.files} file(s){where}")
    if done.without:
        names = "、".join(os.path.basename(p) for p in done.without[:3]) + ("等" if len(done.without) > 3 else "")
        line += (f"；{len(done.without)} 个文件没有读出统计表（{names}）" if zh
                 else f"; no statistics table read in {len(done.without)} file(s) ({', '.join(os.path.basename(p) for p in done.without[:3])})")
    click.echo(line, err=True)
    sys.exit(EXIT_ERROR if done.failed else EXIT_OK)


@cli.command("serve", help_en="""Serve a local web page to lint drafts without a terminal: drop files, a folder or a .zip,
             see the findings highlighted in the text, download the annotated Word copy and a batch's summary table.

             The page and the linting run on this computer; uploads are kept in memory only, never written or
             logged.""")
@_option("--host", default="127.0.0.1", show_default=True, metavar="HOST",
         help="监听的地址；默认只允许本机访问。其他地址须同时加 --allow-remote。",
         help_en="The address to listen on; by default only this computer can connect. Another address needs "
                 "--allow-remote too.")
@_option("--port", default=0, type=click.IntRange(0, 65535), metavar="PORT",
         help="端口（默认：自动选一个空闲端口）。", help_en="The port (by default a free one).")
@_option("--no-browser", is_flag=True, help="不自动打开浏览器。", help_en="Do not open the browser.")
@_option("--allow-remote", is_flag=True,
         help="允许在本机以外的地址上监听：同一网络中的其他计算机都可以打开网页、上传文件（没有登录验证）。",
         help_en="Allow listening on an address other than loopback: other computers on the network can open the "
                 "page and upload files (there is no login).")
@_option("--workers", default=None, type=click.IntRange(min=1), metavar="N",
         help="检查用的进程数（默认：CPU 核数，最多 4 个）。",
         help_en="Worker processes for linting (by default as many as CPUs, at most 4).")
@_LANG
def serve(host, port, no_browser, allow_remote, workers, lang):
    """启动本机网页：不用命令行，把报告拖进网页即可检查，查看标出问题的原文、下载带批注的副本和汇总表。

    网页和检查都在本机运行；上传的文件只在内存中处理，不写入磁盘，也不记录到日志。
    """
    from govlint.serve import missing_backends

    zh = lang == "zh"
    missing = missing_backends()
    if missing:
        _err(f"网页功能需要另行安装：pip install 'govlint[serve]'（缺少 {'、'.join(missing)}）" if zh
             else f"the web page needs an extra: pip install 'govlint[serve]' (missing {', '.join(missing)})", lang)
        sys.exit(EXIT_ERROR)
    from govlint.serve.server import is_loopback, serve as run_server

    if not is_loopback(host):
        if not allow_remote:
            _err(f"--host {host} 不是本机地址：其他计算机将能访问此网页；确需如此请同时加 --allow-remote" if zh
                 else f"--host {host} is not loopback: other computers could reach the page; add --allow-remote "
                      "if that is meant", lang)
            sys.exit(EXIT_ERROR)
        _say(f"govlint: 警告：正在 {host} 上监听，能连到本机的人都可以打开网页并上传文件（没有登录验证）；"
             "只在可信的内部网络中这样做" if zh
             else f"govlint: warning: listening on {host}: anyone who can reach this computer can open the page and "
                  "upload files (there is no login); do this only on a trusted internal network")
    try:
        run_server(host, port, not no_browser, workers, lang)
    except OSError as exc:
        _err(f"无法在 {host}:{port} 上监听：{exc.strerror or exc}" if zh
             else f"cannot listen on {host}:{port}: {exc.strerror or exc}", lang)
        sys.exit(EXIT_ERROR)


_WRITE_ERRORS = {  # errno name: (Chinese, English)
    "ENOSPC": ("磁盘空间已满", "no space left on the device"), "EDQUOT": ("超出磁盘配额", "disk quota exceeded"),
    "EFBIG": ("文件超过允许的大小", "file too large"), "EACCES": ("没有写入权限", "permission denied"),
    "EPERM": ("没有写入权限", "permission denied"), "EROFS": ("只读文件系统", "read-only file system"),
    "ENOENT": ("目录不存在", "no such directory"), "EISDIR": ("是一个目录", "is a directory"),
    "EPIPE": ("读取方已关闭", "the reader has closed it"),
}


def _write_error(exc: OSError, lang: str) -> str:
    """Why an output could not be written, in ``lang``."""
    said = _WRITE_ERRORS.get(errno.errorcode.get(exc.errno or 0, ""))
    if said is None:
        return str(exc.strerror or exc)
    return said[0] if lang == "zh" else said[1]


def _drop_stdout() -> None:
    """Standard output cannot be written (a closed pipe, a full disk): what is still buffered goes
    to /dev/null, so that Python's flush at exit says nothing (as the Python docs advise)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no file descriptor (a test's stream)
        pass


def _interrupted(code: int) -> None:
    """SIGINT or SIGTERM: one line, and 130 or 143. The run's temporary files are gone by now and
    its workers stopped; nothing is left to wait for (a pool's exit hook could wait for ever on a
    result a stopped worker left half sent), so the process ends here."""
    click.echo("govlint: 已中断" if _lang_of(sys.argv[1:]) == "zh" else "govlint: interrupted", err=True)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def main() -> None:
    from govlint.errors import Interrupted

    try:
        code = cli.main(prog_name="govlint", standalone_mode=False)
    except click.UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError" and exc.ctx is not None:  # bare "govlint"
            click.echo(exc.ctx.get_help())
            sys.exit(EXIT_ERROR)
        lang = getattr(exc.ctx, "lang", None) or _lang_of(sys.argv[1:])
        command = exc.ctx.command_path if exc.ctx is not None else "govlint"
        hint = f"（用 {command} --help 查看用法）" if lang == "zh" else f" (see {command} --help)"
        _err(_usage_message(exc, lang) + hint, lang)
        sys.exit(EXIT_ERROR)
    except Interrupted as exc:
        _interrupted(exc.code)
    except (click.Abort, KeyboardInterrupt):  # before the command set its handlers
        _interrupted(128 + 2)  # SIGINT
    except BrokenPipeError:
        _drop_stdout()
        sys.exit(EXIT_CLOSED_STDOUT)
    sys.exit(code or 0)


if __name__ == "__main__":
    main()
