"""OCR's page progress on stderr (issue 20): on a terminal only, redrawn in place and wiped, in the
run's language; stdout (the report) the same with and without it; nothing for a text PDF, a pipe,
-q, CI or pre-commit; worker processes and the progress bar. And ``govlint extract``'s OCR
columns: ``read_by`` (text | ocr) and the status ``doubtful``.

One test reads the scanned fixture by real OCR (some 15 s, skipped without the ``ocr`` extra); the
others replace ``govlint.ocr.read_pages`` by a fast stand-in that keeps its contract: the hook
(``progress`` or ``govlint.ocr.PROGRESS``) told ``(done, total)`` after each page."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli
from govlint import ocr

SCANS = FIXTURES / "scans"
SCAN = SCANS / "洪泽区_2023_scan150.pdf"  # 5 pages, images only
TEXT_PDF = FIXTURES / "reports" / "洪泽区_2023.pdf"  # the same report with its text layer
needs_ocr = pytest.mark.skipif(not ocr.available(), reason="the ocr extra is not installed: pip install 'govlint[ocr]'")
needs_pty = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")

# A stand-in for govlint.ocr.read_pages, for a child process: the text PDF's text as each page's
# lines, the hook told after each page as the real one does.
FAKE_OCR = f"""
import sys
from govlint import ocr
from pypdf import PdfReader

_TEXT = [p.extract_text() or "" for p in PdfReader({str(TEXT_PDF)!r}).pages]

def read_pages(data, pages, dpi=ocr.DPI, progress=None, **kwargs):
    hook = progress or ocr.PROGRESS
    for k, p in enumerate(pages, start=1):
        if hook is not None:
            hook(k, len(pages))
    return {{p: [ocr.OcrLine(t, 0.99, []) for t in _TEXT[p - 1].splitlines() if t.strip()] for p in pages}}

ocr.read_pages = read_pages
ocr.available = lambda: True
from govlint.cli import main
sys.argv = ["govlint", *sys.argv[1:]]
main()
"""


def _env(extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PRE_COMMIT", "GITHUB_ACTIONS", "COLUMNS")}
    env.update({"NO_COLOR": "1", "PYTHONPATH": str(ROOT)}, **(extra or {}))
    return env


def _on_terminal(args: list[str], *, fake: bool = True, cwd: Path | None = None, env: dict | None = None,
                 columns: int = 160, timeout: int = 120) -> tuple[int, bytes, str]:
    """(exit code, stdout, stderr) of govlint with stderr on a pseudo-terminal ``columns`` wide and
    stdout in a file."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    command = [sys.executable, "-c", FAKE_OCR, *args] if fake else [sys.executable, "-m", "govlint", *args]
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    with tempfile.TemporaryFile() as stdout:
        proc = subprocess.Popen(command, stdout=stdout, stderr=slave, stdin=subprocess.DEVNULL, cwd=cwd,
                                env=_env(env))
        os.close(slave)
        seen = b""
        deadline = time.monotonic() + timeout
        while True:
            if not select.select([master], [], [], max(0.0, deadline - time.monotonic()))[0]:
                proc.kill()  # a hang fails the test, never the whole run
                proc.wait()
                os.close(master)
                raise AssertionError(f"govlint did not end in {timeout} s: {seen[-500:]!r}")
            try:
                data = os.read(master, 65536)
            except OSError:  # the child has closed the terminal
                break
            if not data:
                break
            seen += data
        code = proc.wait(timeout=timeout)
        os.close(master)
        stdout.seek(0)
        return code, stdout.read(), seen.decode("utf-8", "replace").replace("\r\n", "\n")


def _piped(args: list[str], *, fake: bool = True, cwd: Path | None = None, env: dict | None = None,
           timeout: int = 120):
    command = [sys.executable, "-c", FAKE_OCR, *args] if fake else [sys.executable, "-m", "govlint", *args]
    return subprocess.run(command, capture_output=True, cwd=cwd, env=_env(env), timeout=timeout)


def _states(err: str) -> list[str]:
    """What the redrawn line showed, state by state (a carriage return starts each); "": wiped."""
    out: list[str] = []
    for part in err.split("\r")[1:]:
        state = part.rstrip(" ")
        if state or not out or out[-1]:  # a wipe writes spaces and returns: one empty state
            out.append(state)
    return out


# ----------------------------------------------------------------------------- real OCR, once


@needs_ocr
@needs_pty
def test_real_ocr_shows_its_pages_on_the_terminal_and_extract_marks_the_rows(tmp_path):
    """The scanned fixture read by OCR with a fresh cache: the page being read on one line of the
    terminal, redrawn and wiped; the rows say ``read_by`` ocr; stdout is what it is without a
    terminal (the second run reads the OCR cache and shows no progress)."""
    cache = {"GOVLINT_CACHE_DIR": str(tmp_path / "cache")}
    code, out, err = _on_terminal(["extract", "-f", "jsonl", SCAN.name], fake=False, cwd=SCANS, env=cache, timeout=600)
    assert code == 0 and "\r" in err, err
    end = err.rindex("\r") + 1  # the wipe's; the summary line follows
    states, summary = _states(err[:end]), err[end:]
    shown = [s for s in states if s]
    assert shown and shown == sorted(shown)
    assert all(s.startswith(f"govlint: 文字识别 {SCAN.name}：第 ") and s.endswith("/5 页") for s in shown), states
    assert shown[-1] == f"govlint: 文字识别 {SCAN.name}：第 5/5 页"
    assert states[-1] == ""  # wiped: the summary line starts on a clean line
    assert "已提取 1 个文件的 " in summary and " 个由文字识别读取" in summary
    rows = [json.loads(line) for line in out.decode("utf-8").splitlines()]
    assert rows and {r["read_by"] for r in rows} == {"ocr"}
    assert {r["status"] for r in rows} <= {"read", "doubtful", "unread"}

    again = _piped(["extract", "-f", "jsonl", SCAN.name], fake=False, cwd=SCANS, env=cache, timeout=600)
    assert again.returncode == 0 and again.stdout == out
    assert "文字识别 " + SCAN.name not in again.stderr.decode() and "\r" not in again.stderr.decode()


# ----------------------------------------------------------------------------- the command line (fast OCR)


@needs_pty
def test_check_on_a_terminal_in_chinese_and_english(tmp_path):
    shutil.copy(SCAN, tmp_path / "扫描件.pdf")
    code, out, err = _on_terminal(["check", "-f", "json", "--no-cache", "扫描件.pdf"], cwd=tmp_path)
    assert code in (0, 1), err
    assert _states(err) == [f"govlint: 文字识别 扫描件.pdf：第 {k}/5 页" for k in range(2, 6)] + [""]
    json.loads(out)  # the report, whole
    plain = _piped(["check", "-f", "json", "--no-cache", "扫描件.pdf"], cwd=tmp_path)
    assert plain.stdout == out  # stdout unchanged by the progress
    assert plain.stderr == b""  # not a terminal: nothing

    code, out, err = _on_terminal(["check", "-f", "json", "--no-cache", "--lang", "en", "扫描件.pdf"], cwd=tmp_path)
    assert _states(err) == [f"govlint: OCR 扫描件.pdf: page {k}/5" for k in range(2, 6)] + [""]


@needs_pty
def test_a_long_name_keeps_its_end_within_the_terminal(tmp_path):
    folder = tmp_path / ("很长的目录名称" * 6)
    folder.mkdir()
    shutil.copy(SCAN, folder / "扫描件.pdf")
    _, _, err = _on_terminal(["check", "-f", "json", "--no-cache", str(folder / "扫描件.pdf")], columns=60)
    shown = [s for s in _states(err) if s]
    assert shown[-1].startswith("govlint: 文字识别 ...") and shown[-1].endswith("很长的目录名称/扫描件.pdf：第 5/5 页")
    from govlint.normalize import display_width

    assert {display_width(part) for part in err.split("\r")[1:] if part} == {59}  # never the last column


@needs_pty
@pytest.mark.parametrize("case", ["quiet", "ci", "pre-commit", "text-pdf"])
def test_no_progress_when_it_is_not_wanted_or_no_ocr_runs(tmp_path, case):
    shutil.copy(SCAN, tmp_path / "扫描件.pdf")
    shutil.copy(TEXT_PDF, tmp_path / "文字版.pdf")
    args, env = ["check", "-f", "json", "--no-cache", "扫描件.pdf"], None
    if case == "quiet":
        args.insert(1, "-q")
    elif case == "ci":
        env = {"CI": "true"}
    elif case == "pre-commit":
        env = {"PRE_COMMIT": "1"}
    else:
        args[-1] = "文字版.pdf"
    code, out, err = _on_terminal(args, cwd=tmp_path, env=env)
    assert code in (0, 1), err
    assert "\r" not in err and "文字识别" not in err and "OCR" not in err
    json.loads(out)


@needs_pty
@pytest.mark.skipif(sys.platform != "linux", reason="the stand-in reaches the workers by fork")
def test_worker_processes_say_one_whole_line_a_file(tmp_path):
    """-j 2 with stderr on a terminal and no progress bar: a worker's redrawn line could cross
    another's output, so each says a whole line when OCR starts on a file."""
    for name in ("甲.pdf", "乙.pdf"):
        shutil.copy(SCAN, tmp_path / name)
    code, out, err = _on_terminal(["extract", "-j", "2", "-f", "jsonl", "甲.pdf", "乙.pdf"], cwd=tmp_path)
    assert code == 0, err
    assert "\r" not in err
    lines = err.splitlines()
    assert sorted(line for line in lines if "正在文字识别" in line) == ["govlint: 正在文字识别 乙.pdf（共 5 页）",
                                                                   "govlint: 正在文字识别 甲.pdf（共 5 页）"]
    plain = _piped(["extract", "-j", "2", "-f", "jsonl", "甲.pdf", "乙.pdf"], cwd=tmp_path)
    assert plain.stdout == out and "正在文字识别" not in plain.stderr.decode()


# ----------------------------------------------------------------------------- the hook in this process


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _fake_read_pages(monkeypatch):
    def read_pages(data, pages, dpi=ocr.DPI, progress=None, **kwargs):
        hook = progress or ocr.PROGRESS
        for k, _ in enumerate(pages, start=1):
            if hook is not None:
                hook(k, len(pages))
        return {p: [ocr.OcrLine("第一页的文字", 0.99, [])] for p in pages}

    monkeypatch.setattr(ocr, "read_pages", read_pages)
    monkeypatch.setattr(ocr, "available", lambda: True)


def test_the_line_names_the_file_the_runner_and_extract_read(monkeypatch, tmp_path):
    from govlint import cli, extract
    from govlint.runner import Options, Session, _one

    _fake_read_pages(monkeypatch)
    scan = tmp_path / "扫描件.pdf"
    shutil.copy(SCAN, scan)
    monkeypatch.setenv("COLUMNS", "400")
    for lang, said in (("zh", "govlint: 文字识别 {}：第 {}/5 页"), ("en", "govlint: OCR {}: page {}/5")):
        stream = _Terminal()
        monkeypatch.setattr(ocr, "PROGRESS", cli._OcrProgress(lang, "line", stream=stream))
        session = Session(Options(no_config=True, cache=False, lang=lang))
        assert _one(session, str(scan)).error is None
        assert _states(stream.getvalue()) == [said.format(scan, k) for k in range(2, 6)] + [""]
        stream.truncate(0)
        stream.seek(0)
        assert not extract.extract_file(session, str(scan)).error
        assert _states(stream.getvalue()) == [said.format(scan, k) for k in range(2, 6)] + [""]


def test_the_hook_shows_the_page_being_read_and_wipes_its_line(monkeypatch):
    from govlint import cli

    monkeypatch.setenv("COLUMNS", "100")
    stream = _Terminal()
    hook = cli._OcrProgress("zh", "line", stream=stream)
    with hook.file("a.pdf"):
        hook(0, 3)  # a hook told before the first page shows page 1
        hook(1, 3)
        with hook.file("上年.pdf"):  # last year's report read within this file's reading
            hook(1, 2)
        hook(2, 3)
    hook(1, 2)  # no file named (a library's caller): no name
    hook(2, 2)
    assert _states(stream.getvalue()) == ["govlint: 文字识别 a.pdf：第 1/3 页", "govlint: 文字识别 a.pdf：第 2/3 页", "",
                                          "govlint: 文字识别 上年.pdf：第 2/2 页", "",
                                          "govlint: 文字识别 a.pdf：第 3/3 页", "",
                                          "govlint: 文字识别：第 2/2 页", ""]
    # each state overwrites the whole line, and the cursor never reaches the last column
    from govlint.normalize import display_width

    assert len({display_width(part) for part in stream.getvalue().split("\r")[1:] if part}) == 1


def test_a_one_page_scan_shows_nothing_and_the_bar_takes_the_words():
    from govlint import cli

    stream = _Terminal()
    hook = cli._OcrProgress("en", "line", stream=stream)
    with hook.file("one.pdf"):
        hook(1, 1)
    assert stream.getvalue() == ""

    bar = cli._progress(True, 3, "linting")
    with bar as advance, cli._ocr_progress("en", True, bar):
        assert isinstance(ocr.PROGRESS, cli._OcrProgress) and ocr.PROGRESS.mode == "bar"
        with ocr.PROGRESS.file("dir/[scan].pdf"):
            ocr.PROGRESS(1, 4)
            assert bar.bar.tasks[0].description == "linting · OCR \\[scan].pdf: page 2/4"
        assert bar.bar.tasks[0].description == "linting"
        advance(1)
    assert ocr.PROGRESS is None


def test_a_worker_says_one_line_a_file():
    from govlint import cli

    stream = _Terminal()
    hook = cli._OcrProgress("zh", "start", stream=stream)
    with hook.file("甲.pdf"):
        for k in range(1, 4):
            hook(k, 3)
    with hook.file("乙.pdf"):
        hook(1, 1)  # one page: done before anything could be said
    assert stream.getvalue() == "govlint: 正在文字识别 甲.pdf（共 3 页）\n"


def test_worker_setup_installs_the_hook_or_none(monkeypatch):
    import pickle
    from functools import partial

    from govlint import cli

    monkeypatch.setattr(ocr, "PROGRESS", None)
    setup = pickle.loads(pickle.dumps(partial(cli._worker_setup, "en", True)))  # as a pool sends it
    setup()
    assert isinstance(ocr.PROGRESS, cli._OcrProgress) and ocr.PROGRESS.mode == "start" and ocr.PROGRESS.lang == "en"
    cli._worker_setup("en", False)
    assert ocr.PROGRESS is None


# ----------------------------------------------------------------------------- extract's OCR columns


def test_read_by_and_doubtful_cells():
    """A table read by OCR gives ``read_by`` ocr on each of its rows; a number OCR doubted is
    ``doubtful`` (its value kept); a text file's rows are ``read_by`` text."""
    from conftest import contexts
    from govlint.extract import BY_OCR, BY_TEXT, DOUBTFUL, KEYS, READ, _Places, context_rows
    from govlint.linter import Linter

    linter = Linter()
    path = FIXTURES / "reports" / "洪泽区_2023.txt"
    (ctx,) = contexts(linter, path)
    places = _Places(str(path), [ctx], "zh")
    rows = [dict(zip(KEYS, r)) for r in context_rows(ctx, str(path), places)[0]]
    assert rows and {r["read_by"] for r in rows} == {BY_TEXT} and KEYS[-1] == "read_by"
    table = next(t for t in ctx.tables.values() if any(rr.cells for rr in t.rows.values()))
    token = next(tok for rr in table.rows.values() if rr.readable for tok in rr.cells.values() if tok.value is not None)
    table.ocr, token.doubtful = True, True
    rows = [dict(zip(KEYS, r)) for r in context_rows(ctx, str(path), places)[0]]
    ours = [r for r in rows if r["table_id"] == table.spec.id]
    assert {r["read_by"] for r in ours} == {BY_OCR}
    doubtful = [r for r in ours if r["status"] == DOUBTFUL]
    assert len(doubtful) == 1 and doubtful[0]["value"] == _value(token) and doubtful[0]["text"] == token.text
    assert {r["read_by"] for r in rows if r["table_id"] != table.spec.id} == {BY_TEXT}
    assert {r["status"] for r in ours} - {DOUBTFUL} <= {READ, "unread"}


def _value(token):
    from govlint.extract import _number

    return _number(token)


def test_extract_counts_ocr_and_doubtful_cells_in_its_summary(tmp_path):
    shutil.copy(SCAN, tmp_path / "扫描件.pdf")
    r = _piped(["extract", "-o", "cells.csv", "扫描件.pdf"], cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    assert "个由文字识别读取" in r.stderr.decode()
    r = _piped(["extract", "-o", "cells.jsonl", "--lang", "en", "扫描件.pdf"], cwd=tmp_path)
    assert " read by OCR" in r.stderr.decode()
    rows = [json.loads(line) for line in (tmp_path / "cells.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows and {r["read_by"] for r in rows} == {"ocr"}
    text = run_cli("extract", "-f", "jsonl", str(TEXT_PDF))
    assert {json.loads(line)["read_by"] for line in text.stdout.decode().splitlines()} == {"text"}
    assert "文字识别" not in text.stderr.decode()
