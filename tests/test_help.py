"""Help and usage errors: Chinese by default (click's own words translated), English under
--lang en or GOVLINT_LANG=en, before or after the command; every command and option has its help
in both languages; `govlint rules` aligned by display width."""

from __future__ import annotations

import re

import click
import pytest
from rich.cells import cell_len

from conftest import FIXTURES, run_cli
from test_lang import english_words, unquoted_chinese

EN = {"GOVLINT_LANG": "en"}


def _commands() -> list[tuple[str, click.Command]]:
    from govlint.cli import cli

    return [("", cli)] + sorted(cli.commands.items())


def _allowed_in_chinese_help() -> set[str]:
    """Names Chinese help may say as they are: the commands, the values options take, products and
    formats, programs, and the rule "id"."""
    values = {str(v) for _, cmd in _commands() for p in cmd.params if isinstance(p.type, click.Choice)
              for v in p.type.choices}
    return values | {name for name, _ in _commands()} | {
        "govlint", "GitHub", "Actions", "Word", "WPS", "Excel", "Parquet", "patch", "id"}


def _english_prose(line: str) -> list[str]:
    """The English words in a line of Chinese help but names: options, file names, rule ids, option
    values, metavars and acronyms (in capitals), and those allowed above."""
    allowed = _allowed_in_chinese_help()
    return [part for word in english_words(line, allowed) for part in word.split("|")
            if part not in allowed and not part.isupper()]


def test_every_command_and_option_says_its_help_in_both_languages():
    """An option declared without English help fails here: declare it with ``_option(...,
    help=中文, help_en=English)`` in govlint/cli.py (a command: ``help_en=`` beside its docstring)."""
    missing = []
    for name, cmd in _commands():
        if not cmd.help or not getattr(cmd, "help_en", None) or unquoted_chinese(cmd.help_en):
            missing.append(f"govlint {name}: the command's help_en")
        for p in cmd.params:
            if not isinstance(p, click.Option) or p.hidden:
                continue
            en = getattr(p, "help_en", None)
            if not p.help or not en or unquoted_chinese(en) or not unquoted_chinese(p.help):
                missing.append(f"govlint {name} {max(p.opts, key=len)}: help (Chinese) and help_en (English)")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("command", [name for name, _ in _commands()])
def test_chinese_help_has_no_english_prose(command):
    r = run_cli(*([command] if command else []), "--help")
    assert r.returncode == 0, r.stderr.decode()
    text = r.stdout.decode()
    assert text.startswith(f"用法：govlint {command}".rstrip()) and "选项：" in text and "显示本帮助并退出。" in text
    bad = [(_english_prose(line), line) for line in text.splitlines() if _english_prose(line)]
    assert not bad, "\n".join(map(str, bad))
    usage = text.splitlines()[0]  # the arguments are named in Chinese too: “[文件或目录]...”, “规则”
    assert not re.findall(r"\b[A-Z]{2,}\b", usage), usage


@pytest.mark.parametrize("command", [name for name, _ in _commands()])
def test_english_help_has_no_unquoted_chinese(command):
    args = [command] if command else []
    for r in (run_cli(*args, "--help", "--lang", "en"), run_cli(*args, "-h", env=EN)):
        assert r.returncode == 0, r.stderr.decode()
        text = r.stdout.decode()
        assert text.startswith("Usage: govlint") and "Options:" in text and "Show this message and exit." in text
        bad = [line for line in text.splitlines() if unquoted_chinese(line)]
        assert not bad, "\n".join(bad)


def test_help_language_comes_before_the_command_too():
    """--lang is read from the whole command line before click parses it (--help is eager)."""
    assert run_cli("--lang", "en", "check", "-h").stdout.decode().startswith("Usage: govlint check [OPTIONS]")
    assert run_cli("check", "--lang=en", "-h").stdout.decode().startswith("Usage: govlint check [OPTIONS]")
    assert run_cli("check", "-h", "--lang", "zh", env=EN).stdout.decode().startswith("用法：govlint check [选项]")
    zh = run_cli("-h").stdout.decode()
    assert "命令：" in zh and "  check " in zh and "（默认" not in zh.split("命令：")[1]
    r = run_cli("--lang", "en")  # options, no command: the help, as a bare "govlint"
    assert r.returncode == 2 and "Commands:" in r.stdout.decode()


def test_defaults_and_required_are_said_in_the_help_language():
    zh, en = run_cli("init", "-h").stdout.decode(), run_cli("init", "-h", env=EN).stdout.decode()
    assert "报告年度（必填）。" in zh and "规则包（默认：gov-2021）。" in zh
    assert "The report's year (required)." in en and "(default: gov-2021)" in en
    for text in (zh, en):
        assert "[default" not in text and "[required]" not in text and "Usage:" not in text.replace("Usage: govlint", "")


@pytest.mark.parametrize("args,zh,en", [
    (["check"], "缺少要检查的文件或目录", "missing the files or folders to lint"),
    (["extract"], "缺少要提取的文件或目录", "missing the files or folders to extract from"),
    (["check", "--bogus", "x.txt"], "没有选项“--bogus”", "no option “--bogus”"),
    (["rules", "--format", "xml"], "--format 只能是 text、markdown", "--format must be one of text, markdown"),
    (["check", "-j", "0", "x.txt"], "--jobs 须为不小于 1 的整数", "--jobs must be a whole number of at least 1"),
    (["init", "x.md", "--agency", "某局", "--year", "next"], "--year 须为整数", "--year must be a whole number"),
    (["init", "x.md", "--agency", "某局"], "缺少 --year", "missing --year"),
    (["explain"], "缺少规则名称，如 missing-section", "missing the rule's name, e.g. missing-section"),
    (["explain", "missing-section", "extra"], "多余的参数：extra", "unexpected argument(s): extra"),
    (["check", "x.txt", "--no-cache=yes"], "--no-cache 不带值", "--no-cache takes no value"),
    (["check", "x.txt", "--encoding"], "--encoding 后面缺少值", "--encoding needs a value"),
    (["chek", "x.txt"], "没有命令“chek”", "no command “chek”"),
])
def test_usage_errors_in_both_languages(args, zh, en):
    command = "govlint" + ("" if args[0] == "chek" else f" {args[0]}")
    r = run_cli(*args)
    assert r.returncode == 2
    assert r.stderr.decode().strip() == f"govlint: 错误：{zh}（用 {command} --help 查看用法）"
    for r in (run_cli(*args, env=EN), run_cli("--lang", "en", *args)):
        assert r.returncode == 2
        assert r.stderr.decode().strip() == f"govlint: error: {en} (see {command} --help)"


def test_commands_speak_english(tmp_path):
    """Every line the commands write under --lang en: Chinese only in quotations (the examples
    `explain` quotes are a report's text)."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    draft = str(tmp_path / "draft.md")
    runs = [run_cli("packs", "--lang", "en"), run_cli("rules", "-p", "gov-2021", "--lang", "en"),
            run_cli("config", str(tmp_path), "--lang", "en"), run_cli("clean", "--lang", "en", env=env),
            run_cli("init", draft, "--year", "2025", "--agency", "某县农业农村局", env=EN),
            run_cli("init", draft, "--year", "2025", "--agency", "某县农业农村局", env=EN),
            run_cli("init", draft + "x", "--year", "2010", "--agency", "某县农业农村局", env=EN),
            run_cli("explain", "no-such-rule", "--lang", "en"),
            run_cli("check", "--pack", "gov-1999", draft, "--lang", "en"),
            run_cli("check", "--config", str(tmp_path / "none.yaml"), draft, "--lang", "en"),
            run_cli("check", "--roster", str(tmp_path / "none.csv"), draft, "--lang", "en"),
            run_cli("check", "--files-from", str(tmp_path / "none.txt"), "--lang", "en"),
            run_cli("check", str(tmp_path / "none.txt"), "-o", str(tmp_path), "--lang", "en"),
            run_cli("extract", str(FIXTURES / "mini.txt"), "-o", str(tmp_path / "x.csv"), "--lang", "en")]
    said = [line.replace(str(tmp_path), "<tmp>") for r in runs for line in (r.stdout + r.stderr).decode().splitlines()]
    example = False
    for line in run_cli("explain", "missing-section", "--lang", "en").stdout.decode().splitlines():
        example = line in ("Wrong:", "Right:") or example and line != ""
        said += [] if example else [line]
    assert len(said) > 40
    bad = [line for line in said if unquoted_chinese(line)]
    assert not bad, "\n".join(bad)


def _columns(line: str) -> list[int]:
    """The display columns at which the first five fields of a `rules` line start."""
    starts = [m.start() for m in re.finditer(r"(?:^|(?<=  ))\S", line)][:5]
    return [cell_len(line[:s]) for s in starts]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rules_table_is_aligned_by_display_width(lang):
    lines = run_cli("rules", "--lang", lang).stdout.decode().splitlines()
    assert len(lines) > 30
    columns = {tuple(_columns(line)) for line in lines}
    assert len(columns) == 1, sorted(columns)[:5]
    assert len(next(iter(columns))) == 5
