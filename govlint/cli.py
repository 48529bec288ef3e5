"""Command line: ``govlint check``, ``explain``, ``rules``, ``packs``.

Exit codes (as ruff): 0 nothing at or above the fail level; 1 findings at or above it;
2 a usage or configuration error, or an input that could not be read.
"""

from __future__ import annotations

import os
import sys
from collections import Counter

import click

from govlint.version import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _err(message: str, lang: str = "zh") -> None:
    """One line on stderr, never a traceback."""
    click.echo(f"govlint: 错误：{message}" if lang == "zh" else f"govlint: error: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="govlint", message="%(prog)s %(version)s")
def cli() -> None:
    """govlint：政府信息公开工作年度报告检查工具（离线、确定性）。

    \b
    示例：
      govlint check 报告.txt            检查一个文件
      govlint check docs/               检查目录下的报告（.txt/.md/.docx/.doc/.wps/.html/.pdf 等）
      govlint check 报告.docx --annotate 另存一份带批注的副本（报告.govlint.docx）
      govlint explain missing-section   查看一条规则的说明
    """


def _format_choices() -> list[str]:
    from govlint import formatters

    return formatters.names()


FORMATS = ["text", "concise", "json", "jsonl", "sarif", "github", "junit", "html", "csv", "xlsx"]


def _split(values) -> tuple[str, ...]:
    return tuple(n for v in values for n in v.replace("，", ",").split(",") if n.strip())


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-f", "--format", "output_format", default=None, type=click.Choice(FORMATS),
              help="输出格式（默认 text；在 GitHub Actions 中默认 github）。")
@click.option("-o", "--output-file", default=None, type=click.Path(), help="把结果写入这个文件（而不是标准输出）。")
@click.option("-p", "--pack", "pack_name", default=None, metavar="NAME|PATH",
              help="指定规则包（名称或 YAML 文件路径）；默认按报告年度自动选用。")
@click.option("--agency-kind", type=click.Choice(["government", "department"]), default=None,
              help="机关类型：government（各级人民政府）或 department（政府部门）；默认从标题中的机关名称判断。")
@click.option("--previous", "previous_path", default=None, type=click.Path(), metavar="LAST_YEAR",
              help="上一年度的报告，或上一年度报告所在的目录（按机关名称、再按文件名为每份报告配对）：核对上年结转、现行有效件数等跨年度关系，以及是否照搬上年内容。")
@click.option("--select", multiple=True, metavar="RULES", help="只检查这些规则（id、代码或代码前缀，逗号分隔）。")
@click.option("--ignore", multiple=True, metavar="RULES", help="不检查这些规则（id、代码或代码前缀，逗号分隔）。")
@click.option("--config", "config_path", default=None, type=click.Path(), help="使用这个配置文件（默认逐级向上查找 .govlint.yaml 或 pyproject.toml）。")
@click.option("--no-config", is_flag=True, help="不读取任何配置文件。")
@click.option("--files-from", default=None, metavar="FILE", help="从文件（或 - 表示标准输入）读取要检查的路径，每行一个。")
@click.option("-j", "--jobs", default=None, type=click.IntRange(min=1),
              help="并行进程数（默认：要检查 32 个以上文件时用 CPU 核数，最多 4 个；在 pre-commit 中为 1）；结果与顺序与单进程相同。")
@click.option("--no-cache", is_flag=True, help="不使用结果缓存（默认缓存在 ~/.cache/govlint，文件和设置未变时不重新检查）。")
@click.option("--statistics", is_flag=True, help="最后按规则统计问题数。")
@click.option("--encoding", default=None, help="指定输入文件编码（默认自动识别：BOM、UTF-8、UTF-16、GB18030、Big5 等）。")
@click.option("--stdin-filename", default=None, metavar="NAME", help="从标准输入（-）读取时，在输出中使用的文件名。")
@click.option("--fail-level", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="达到该级别的问题使退出码为 1。")
@click.option("-v", "--verbose", is_flag=True, help="显示标题匹配的得分和对齐结果。")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="消息语言。")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="彩色输出（也遵循 NO_COLOR 环境变量）。")
@click.option("-q", "--quiet", count=True, help="-q 只输出问题（不输出文件信息和汇总）；-qq 什么都不输出，只用退出码。")
@click.option("--detail", is_flag=True, help="与 -f csv 一起用：每个问题一行（默认每份报告一行）。")
@click.option("--roster", default=None, type=click.Path(dir_okay=False), metavar="FILE",
              help="所辖机关名单（每行一个，或 CSV 的“机关”列）：列出没有报告的机关和不在名单中的报告。")
@click.option("--annotate", is_flag=True,
              help="为每个 Word 文件另存一份带批注的副本（报告.govlint.docx，放在原文件旁边），每个问题是一条批注；原文件不改动。")
@click.option("--annotate-dir", default=None, type=click.Path(file_okay=False), metavar="DIR",
              help="带批注的副本写到这个目录（含 --annotate）。")
def check(paths, output_format, output_file, pack_name, agency_kind, previous_path, select, ignore, config_path,
          no_config, files_from, jobs, no_cache, statistics, encoding, stdin_filename, fail_level, verbose, lang, color,
          quiet, detail, roster, annotate, annotate_dir):
    """检查年度报告草稿（文件、目录，或 - 表示标准输入）。"""
    from govlint.diagnostics import Severity
    from govlint.errors import GovlintError
    from govlint.formatters import BINARY, RunInfo, get

    if quiet >= 2:  # -qq: the exit code says it all (an -o file is still written)
        sys.stdout = open(os.devnull, "w", encoding="utf-8")
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    from govlint.linter import discover
    from govlint.runner import Options, Session, run_batch

    paths = list(paths)
    if files_from:
        try:
            listed = sys.stdin.read() if files_from == "-" else open(files_from, encoding="utf-8").read()
        except OSError as exc:
            _err(f"{files_from}: 无法读取：{exc.strerror or exc}")
            sys.exit(EXIT_ERROR)
        paths += [p.strip() for p in listed.splitlines() if p.strip()]
    if not paths:
        if files_from:
            click.echo("govlint: 警告：--files-from 没有列出任何文件", err=True)
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
    show = sys.stderr.isatty() and len(files) >= 20 and not os.environ.get("CI") and not os.environ.get("PRE_COMMIT")
    with _progress(show, len(files)) as advance:
        results = run_batch(session, files, jobs, stdin_data, stdin_filename, advance)
    if os.environ.get("PRE_COMMIT"):  # a hook: a file that is no annual report (a guide, a notice) is skipped quietly
        results = [r for r in results if r.error or not r.documents or any(d.is_report for d in r.documents)]
    for result in results:
        if result.error:
            _err(result.error if result.fatal else f"{result.path}: {result.error}", lang)
    unpaired = [r.path for r in results if r.previous_how == "none" and r.documents and r.documents[0].is_report]
    if unpaired:
        names = "、".join(os.path.basename(p) for p in unpaired[:5]) + ("等" if len(unpaired) > 5 else "")
        click.echo(f"govlint: {len(unpaired)} 份报告在上一年度的目录中没有找到同一机关的报告（{names}），未做跨年度核对" if lang == "zh"
                   else f"govlint: {len(unpaired)} report(s) have no report of the same agency in last year's folder "
                        f"({names}); nothing compared across years", err=True)

    if not results and not os.environ.get("PRE_COMMIT"):
        from govlint.readers import supported_extensions

        exts = ["." + e for e in supported_extensions()]
        click.echo(f"govlint: 警告：没有找到可检查的文件（目录中检查 {'、'.join(exts)} 文件）" if lang == "zh" else
                   f"govlint: warning: no files to lint (directories are searched for {', '.join(exts)})", err=True)

    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    roster_check = None
    if not roster:
        roster = _config_roster(session, files)
    if roster:
        from govlint.roster import check_roster

        try:
            roster_check = check_roster(roster, results)
        except GovlintError as exc:
            _err(str(exc), lang)
            sys.exit(EXIT_ERROR)
    run = RunInfo(results=results, verbose=verbose, lang=lang, detail=detail, roster=roster_check, quiet=quiet >= 1,
                  color=False if output_file else {"auto": None, "always": True, "never": False}[color])
    binary = output_format in BINARY
    if binary and not output_file and sys.stdout.isatty():
        _err("-f xlsx 的结果是文件：请用 -o 指定，如 -o 汇总.xlsx" if lang == "zh"
             else "-f xlsx writes a file: name it with -o, e.g. -o summary.xlsx", lang)
        sys.exit(EXIT_ERROR)
    try:
        if output_file:
            out = open(output_file, "wb") if binary else open(  # csv writes its own \r\n
                output_file, "w", encoding="utf-8", newline="" if output_format == "csv" else None)
        else:
            out = sys.stdout.buffer if binary else sys.stdout
    except OSError as exc:
        _err(f"{output_file}: 无法写入：{exc.strerror or exc}")
        sys.exit(EXIT_ERROR)
    with out if output_file else _nullcontext(out):
        get(output_format)(run, out)
        if statistics:
            _statistics(results, out if output_format in ("text", "concise") else sys.stderr)
    sys.stdout.flush()
    failed_copies = _annotate_all(session, results, annotate_dir, lang) if (annotate or annotate_dir) else 0

    if any(r.error for r in results) or failed_copies:
        sys.exit(EXIT_ERROR)
    threshold = Severity.parse(fail_level)
    if any(d.severity >= threshold for r in results for d in r.diagnostics):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


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
        _err(str(exc), lang)
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
        click.echo(f"govlint: 已写入带批注的副本 {target}：{added} 条批注{again}{how}" if zh
                   else f"govlint: wrote the annotated copy {target}: {added} comment(s){again}{how}", err=True)
    if others:
        click.echo(f"govlint: {len(others)} 个文件不是 Word 文件，没有写批注副本（批注只用于 .docx/.doc/.wps/.rtf/.odt）" if zh
                   else f"govlint: {len(others)} file(s) are not Word documents: no annotated copy "
                        "(only for .docx/.doc/.wps/.rtf/.odt)", err=True)
    return failed


class _nullcontext:
    def __init__(self, value):
        self.value = value

    def __enter__(self):
        return self.value

    def __exit__(self, *exc):
        return False


class _progress:
    """A transient progress bar on a terminal (``advance(n)``), or nothing."""

    def __init__(self, show: bool, total: int):
        self.show, self.total, self.bar = show, total, None

    def __enter__(self):
        if not self.show:
            return lambda n: None
        from rich.console import Console
        from rich.progress import Progress

        self.bar = Progress(transient=True, console=Console(stderr=True))  # stdout carries the report
        self.bar.__enter__()
        task = self.bar.add_task("检查中", total=self.total)
        return lambda n: self.bar.advance(task, n)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False


def _statistics(results, out) -> None:
    from govlint.checks import get_rule

    counts = Counter(d.rule for r in results for d in r.diagnostics)
    for rule, n in counts.most_common():
        r = get_rule(rule)
        out.write(f"{n:>6}  {r.code if r else ''}  {rule}\n")


_LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="语言。")
_EXPLAIN = {
    "zh": ("{code} {id}（默认级别：{severity}）", "依据与理由：", "错误示例：", "正确示例：", "如何修改："),
    "en": ("{code} {id} (default severity: {severity})", "Why:", "Wrong:", "Right:", "How to fix:"),
}


def _severity_name(severity, lang: str) -> str:
    from govlint.diagnostics import SEVERITY_ZH

    return SEVERITY_ZH[severity] if lang == "zh" else severity.label


def _pack_severity_lines(r, pack, lang: str) -> list[str]:
    """What a pack does to a rule's severity, one line per part it changes."""
    out = []
    for where, severity in r.pack_severities(pack):
        sev = _severity_name(severity, lang)
        if not where:
            out.append(f"  规则包 {pack.id} 把这条规则定为：{sev}" if lang == "zh" else f"  pack {pack.id} sets this rule to: {sev}")
        else:
            out.append(f"  规则包 {pack.id} 中“{where}”：{sev}" if lang == "zh" else f"  pack {pack.id}, “{where}”: {sev}")
    return out


@cli.command()
@click.argument("rule")
@click.option("-p", "--pack", "pack_name", default=None, metavar="NAME|PATH", help="同时说明该规则包怎样调整这条规则的级别。")
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
            _err(str(exc))
            sys.exit(EXIT_ERROR)
    head, why, bad, good, fix = _EXPLAIN[lang]
    text = r.describe(lang)
    out = [
        head.format(code=r.code, id=r.id, severity=_severity_name(r.severity, lang)),
        *(_pack_severity_lines(r, pack, lang) if pack is not None else []),
        f"  {text['summary']}",
        "",
        why,
        f"  {text['rationale']}",
        "",
        bad,
        *("  " + l for l in r.example_bad.splitlines()),
        "",
        good,
        *("  " + l for l in r.example_good.splitlines()),
        "",
        fix,
        f"  {text['fix']}",
    ]
    click.echo("\n".join(out))


def rules_markdown() -> str:
    """The README's rule table, generated from the rules' metadata."""
    from govlint.checks import all_rules
    from govlint.diagnostics import SEVERITY_ZH

    rows = ["| 规则 | 代码 | 默认级别 | 说明 |", "| --- | --- | --- | --- |"]
    rows += [f"| `{r.id}` | {r.code} | {SEVERITY_ZH[r.severity]} | {r.summary} |" for r in all_rules()]
    return "\n".join(rows)


@cli.command()
@click.option("-p", "--pack", "pack_name", default=None, metavar="NAME|PATH", help="同时列出该规则包的部分。")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", help="输出格式。")
@_LANG
def rules(pack_name, fmt, lang):
    """列出全部规则（代码、编号、默认级别、说明）。"""
    from govlint.checks import all_rules
    from govlint.diagnostics import SEVERITY_ZH
    from govlint.errors import GovlintError
    from govlint.packs.loader import load_pack

    if fmt == "markdown":
        click.echo(rules_markdown())
        return
    families = {"meta": "报告", "structure": "结构", "period": "统计期限", "contact": "联系方式", "tables": "统计表", "text": "文字",
                "crossyear": "跨年度"}
    pack = None
    if pack_name:
        try:
            pack = load_pack(pack_name)
        except GovlintError as exc:
            _err(str(exc))
            sys.exit(EXIT_ERROR)
    for r in all_rules():
        if lang == "en":
            click.echo(f"{r.code}  {r.id:<30} {r.family:<9} {r.severity.label:<7}  {r.summary_en}")
        else:
            click.echo(f"{r.code}  {r.id:<30} {families.get(r.family, r.family):<6} {SEVERITY_ZH[r.severity]}  {r.summary}")
        if pack is not None:
            for line in _pack_severity_lines(r, pack, lang):
                click.echo("      " + line.strip())
    if pack is not None:
        from govlint.normalize import to_chinese_numeral

        click.echo(f"\n规则包 {pack.id}：{pack.name}")
        for s in pack.sections:
            sev = SEVERITY_ZH[s.severity] if s.severity else "错误"
            click.echo(f"  {to_chinese_numeral(s.number)}、{s.title}（缺失：{sev}）")


@cli.command()
def packs():
    """列出内置规则包。"""
    from govlint.errors import GovlintError
    from govlint.packs.loader import PackStore, available_packs

    store = PackStore()
    for name in available_packs():
        try:
            p = store.load(name)
        except GovlintError as exc:
            _err(str(exc))
            continue
        years = p.years_label
        status = "" if p.status == "verified" else "（依据待核实）"
        named = "" if p.automatic else f"（仅在指定时使用：--pack {p.id}）"
        click.echo(f"{p.id}  {years}  {p.name}{status}{named}")
        click.echo(f"    部分：{'、'.join(s.title for s in p.sections)}")
        if p.tables:
            click.echo(f"    表格：{'、'.join('《' + t.title + '》' for t in p.tables)}")
        for b in p.basis:
            click.echo(f"    依据：{b}")
        click.echo()


def _usage_message(exc: click.UsageError) -> str:
    """click's usage errors, said in Chinese on one line."""
    if isinstance(exc, click.NoSuchOption):
        return f"没有选项“{exc.option_name}”"
    param = getattr(exc, "param", None)
    if param is None:
        name = "参数"
    elif isinstance(param, click.Option):
        name = max(param.opts, key=len)  # --format rather than -f
    else:
        name = {"rule": "规则名称（如 missing-section）"}.get(param.name or "", param.human_readable_name)
    if isinstance(exc, click.MissingParameter):
        return "缺少要检查的文件或目录" if param is not None and param.name == "paths" else f"缺少 {name}"
    if isinstance(exc, click.BadParameter):
        if param is not None and isinstance(param.type, click.Choice):
            return f"{name} 只能是 {'、'.join(map(str, param.type.choices))}"
        return f"{name} 的值无效：{exc.message}"
    return exc.format_message()


@cli.command("config")
@click.argument("path", default=".", type=click.Path())
@click.option("--config", "config_path", default=None, type=click.Path(), help="使用这个配置文件。")
def config_cmd(path, config_path):
    """显示对某个文件（或目录）生效的配置，以及每一项来自哪个文件。"""
    from govlint.errors import GovlintError
    from govlint.runner import Options, Session

    session = Session(Options(config=config_path, cache=False))
    try:
        cfg = session.config_for(path)
        s = session.settings_for(path)
    except GovlintError as exc:
        _err(str(exc))
        sys.exit(EXIT_ERROR)
    click.echo(f"配置文件：{cfg.path or '（没有找到，使用默认值）'}")
    shown = {
        "pack": s.pack or "（按报告年度自动选用）",
        "agency_kind": s.agency_kind or "（按机关名称判断）",
        "select": "、".join(s.select) if s.select else "（全部规则）",
        "ignore": "、".join(s.ignore) if s.ignore else "（无）",
        "severity": "、".join(f"{k}={v.label}" for k, v in (s.severity or {}).items()) or "（默认）",
        "previous": s.previous or "（无）",
        "exclude": "、".join(cfg.data.get("exclude", [])) or "（无）",
    }
    for key, value in shown.items():
        origin = s.origin.get(key) or (cfg.path if key == "exclude" and cfg.data.get("exclude") else "默认")
        click.echo(f"  {key:<12} {value}    ← {origin}")


@cli.command("init")
@click.argument("output", type=click.Path())
@click.option("-p", "--pack", "pack_name", default="gov-2021", show_default=True, help="规则包。")
@click.option("--year", type=int, required=True, help="报告年度。")
@click.option("--agency", required=True, help="机关名称。")
@click.option("--format", "fmt", type=click.Choice(["md", "docx"]), default=None, help="md 或 docx（默认按文件扩展名）。")
def init_cmd(output, pack_name, year, agency, fmt):
    """生成一份年度报告草稿框架：规定的各部分标题、开头段、空白统计表。不会覆盖已有文件。"""
    from govlint.errors import GovlintError
    from govlint.init import write_skeleton

    try:
        write_skeleton(output, pack_name, year, agency, fmt)
    except GovlintError as exc:
        _err(str(exc))
        sys.exit(EXIT_ERROR)
    click.echo(f"已生成 {output}：请填写其中的【请填写】部分，然后运行 govlint check {output}")


@cli.command("clean")
def clean_cmd():
    """清空缓存（检查结果和解析过的规则包）。"""
    from govlint.cache import clean

    root, files, size = clean()
    click.echo(f"已删除 {root} 中的 {files} 个缓存文件（{size / 1024:.0f} KB）")


@cli.command("extract")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output-file", default=None, type=click.Path(dir_okay=False),
              help="写入这个文件（写完整后才替换同名文件）；默认以 CSV 写到标准输出。")
@click.option("-f", "--format", "output_format", default=None, type=click.Choice(["csv", "xlsx", "jsonl", "parquet"]),
              help="输出格式（默认按 -o 文件的扩展名：.csv .xlsx .jsonl .parquet；没有 -o 时为 csv）。")
@click.option("-p", "--pack", "pack_name", default=None, metavar="NAME|PATH",
              help="指定规则包（名称或 YAML 文件路径）；默认按报告年度自动选用。")
@click.option("--agency-kind", type=click.Choice(["government", "department"]), default=None,
              help="机关类型：government（各级人民政府）或 department（政府部门）；默认从机关名称判断。")
@click.option("--config", "config_path", default=None, type=click.Path(), help="使用这个配置文件（默认逐级向上查找）。")
@click.option("--no-config", is_flag=True, help="不读取任何配置文件。")
@click.option("--files-from", default=None, metavar="FILE", help="从文件（或 - 表示标准输入）读取要提取的路径，每行一个。")
@click.option("-j", "--jobs", default=None, type=click.IntRange(min=1),
              help="并行进程数（默认：32 个以上文件时用 CPU 核数，最多 4 个）；结果与顺序与单进程相同。")
@click.option("--encoding", default=None, help="指定输入文件编码（默认自动识别）。")
@click.option("--stdin-filename", default=None, metavar="NAME", help="从标准输入（-）读取时，在输出中使用的文件名。")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="表头和消息的语言（en：表头用英文列名）。")
def extract(paths, output_file, output_format, pack_name, agency_kind, config_path, no_config, files_from, jobs, encoding,
            stdin_filename, lang):
    """提取统计表数据：每个单元格一行，写成 CSV、Excel、JSON lines 或 Parquet。

    每份报告统计表的每个单元格一行（文件、机关、年度、表格、行、列、数值、状态、位置）；CSV 为 UTF-8 带 BOM。
    找到了却读不出数值的行也列出（状态 unread）。
    """
    from govlint import extract as X
    from govlint.errors import GovlintError
    from govlint.linter import discover
    from govlint.runner import Options, Session, auto_jobs, tune_gc

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
    try:
        with _progress(show, len(files)) as advance:
            batches = X.extract_batch(session, files, jobs, stdin_data, stdin_filename, advance, setup=tune_gc)
            done = X.write(batches, fmt, output_file, lang, sys.stdout.buffer)
    except GovlintError as exc:
        _err(str(exc), lang)
        sys.exit(EXIT_ERROR)
    for got in done.failed:
        _err(got.error if got.fatal else f"{got.path}: {got.error}", lang)
    where = (f"，已写入 {output_file}" if zh else f", written to {output_file}") if output_file else ""
    line = (f"govlint: 已提取 {done.files} 个文件的 {done.rows} 个统计表单元格（其中 {done.unread} 个未读出）{where}" if zh
            else f"govlint: extracted {done.rows} statistics-table cells ({done.unread} not read) from {done.files} file(s){where}")
    if done.without:
        names = "、".join(os.path.basename(p) for p in done.without[:3]) + ("等" if len(done.without) > 3 else "")
        line += (f"；{len(done.without)} 个文件没有读出统计表（{names}）" if zh
                 else f"; no statistics table read in {len(done.without)} file(s) ({', '.join(os.path.basename(p) for p in done.without[:3])})")
    click.echo(line, err=True)
    sys.exit(EXIT_ERROR if done.failed else EXIT_OK)


def main() -> None:
    try:
        code = cli.main(prog_name="govlint", standalone_mode=False)
    except click.UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError" and exc.ctx is not None:  # bare "govlint"
            click.echo(exc.ctx.get_help())
            sys.exit(EXIT_ERROR)
        command = exc.ctx.command_path if exc.ctx is not None else "govlint"
        _err(f"{_usage_message(exc)}（用 {command} --help 查看用法）")
        sys.exit(EXIT_ERROR)
    except click.Abort:
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(EXIT_ERROR)
    sys.exit(code or 0)


if __name__ == "__main__":
    main()
