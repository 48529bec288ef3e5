"""Results stream from linting to the output: a batch is written file by file, so its memory does
not grow with the number of files; the output is the same, byte for byte, as from the results
held in a list; only a bounded window of files is looked at ahead of the one written; a reader
that stops early stops the workers."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from govlint.formatters import BINARY, Results, RunInfo, get, names
from govlint.runner import AHEAD, Options, Session, iter_batch, run_batch

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = ROOT / "examples" / "broken-twelve-section.txt"


def _inputs(tmp_path) -> list[str]:
    """A report with findings, clean ones, and a Word file that cannot be read."""
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    return [str(BROKEN), str(ROOT / "examples" / "clean-gov-2021.md"), str(FIXTURES / "mini.txt"), str(broken)]


def _format(fmt: str, results) -> bytes:
    buf = io.BytesIO()
    if fmt in BINARY:
        get(fmt)(RunInfo(results=results), buf)
        return buf.getvalue()
    text = io.TextIOWrapper(buf, encoding="utf-8", newline="")
    get(fmt)(RunInfo(results=results), text)
    text.flush()
    return buf.getvalue()


@pytest.mark.parametrize("fmt", [f for f in names() if f not in BINARY])
def test_streamed_output_equals_held_output(tmp_path, fmt):
    held = run_batch(Session(Options(no_config=True, cache=False)), _inputs(tmp_path), jobs=1)
    assert any(r.error for r in held) and any(r.diagnostics for r in held)
    streamed = Results(iter(held))
    assert _format(fmt, streamed) == _format(fmt, held)


def test_results_are_read_once_unless_held():
    ends = []
    stream = Results(iter(["a", "b"]))
    stream.totals.add = lambda r: None  # counting is another test's
    stream.at_end(ends.append)
    assert list(stream) == ["a", "b"] and ends == [stream.totals]
    with pytest.raises(RuntimeError):  # a stream is read once
        iter(stream)
    held = Results(iter(["a", "b"]))
    held.totals.add = lambda r: None
    assert held.all() == ["a", "b"] and list(held) == ["a", "b"]


def test_xlsx_from_a_stream_has_every_row(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    held = run_batch(Session(Options(no_config=True, cache=False)), _inputs(tmp_path), jobs=1)
    book = openpyxl.load_workbook(io.BytesIO(_format("xlsx", Results(iter(held)))))
    summary, detail = book.worksheets[0], book.worksheets[1]
    assert summary.max_row == 1 + len(held)  # one report each (no compilation among them)
    assert detail.max_row == 1 + sum(len(r.diagnostics) or bool(r.error) for r in held)


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_streamed_json_is_what_json_dumps_writes(tmp_path, fmt):
    """Written piece by piece, the document is byte for byte ``json.dumps(doc, indent=2)``."""
    held = run_batch(Session(Options(no_config=True, cache=False)), _inputs(tmp_path), jobs=1)
    text = _format(fmt, Results(iter(held))).decode("utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    empty = _format(fmt, []).decode("utf-8")
    assert empty == json.dumps(json.loads(empty), ensure_ascii=False, indent=2) + "\n"


def test_results_come_in_input_order_with_a_bounded_window(tmp_path):
    """Two workers: the results in the order of the paths; when the first result is read, at most
    the window has been looked up or linted, not the whole batch."""
    texts = {}
    paths = []
    for i in range(AHEAD * 3):
        p = tmp_path / f"r{i:04d}.txt"
        body = BROKEN.read_text(encoding="utf-8").replace("2019", str(2000 + i % 19)) if i % 7 == 0 else \
            (FIXTURES / "mini.txt").read_text(encoding="utf-8")
        p.write_text(body, encoding="utf-8")
        texts[str(p)] = body
        paths.append(str(p))
    done = []
    stream = iter_batch(Session(Options(no_config=True, cache=False)), paths, jobs=2, advance=done.append)
    first = next(stream)
    assert first.path == paths[0]
    assert sum(done) <= AHEAD + 16, sum(done)  # the window, and the chunks that were in flight
    rest = list(stream)
    assert [r.path for r in [first, *rest]] == paths
    assert sum(done) == len(paths)
    expected = run_batch(Session(Options(no_config=True, cache=False)), paths[:8], jobs=1)
    assert [[(d.rule, d.line) for d in r.diagnostics] for r in [first, *rest][:8]] == \
        [[(d.rule, d.line) for d in r.diagnostics] for r in expected]


def _children(pid: int) -> list[int]:
    out = []
    for d in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{d}/stat") as f:
                if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(d))
        except (OSError, IndexError, ValueError):
            pass
    return out


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_a_reader_that_stops_early_stops_the_workers(tmp_path):
    paths = []
    for i in range(200):
        p = tmp_path / f"r{i:03d}.txt"
        p.write_bytes((FIXTURES / "mini.txt").read_bytes())
        paths.append(str(p))
    before = set(_children(os.getpid()))
    stream = iter_batch(Session(Options(no_config=True, cache=False)), paths, jobs=2)
    next(stream)
    workers = set(_children(os.getpid())) - before
    assert workers  # the pool runs
    stream.close()
    left = set(_children(os.getpid())) & workers
    assert not left, left


PROBE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in kilobytes is Linux's")
@pytest.mark.parametrize("fmt", ["json", "text", "sarif"])
def test_batch_memory_does_not_grow_with_the_number_of_files(tmp_path, fmt):
    """100 and 800 reports with findings, in one process: the peak is the same within a few MB
    (held in a list, 700 more results with their findings cost over 10 MB)."""
    peaks = {}
    for n in (100, 800):
        folder = tmp_path / f"n{n}"
        folder.mkdir()
        body = BROKEN.read_bytes()
        for i in range(n):
            (folder / f"r{i:04d}.txt").write_bytes(body)
        out = subprocess.run([sys.executable, "-c", PROBE, sys.executable, "-m", "govlint", "check", "-f", fmt,
                              "--no-config", "--no-cache", "--jobs", "1", str(folder)],
                             capture_output=True, check=True, timeout=600)
        peaks[n] = int(out.stdout.split()[-1])
    assert peaks[800] - peaks[100] < 6_000, peaks  # KB


def test_roster_and_summary_come_after_a_streamed_batch(tmp_path):
    """The roster is matched against the reports once the last one has been read; the counts and
    the exit code are those of every file."""
    (tmp_path / "名单.txt").write_text("第一县交通运输局\n某个没有报告的局\n", encoding="utf-8")
    r = run_cli("check", "-f", "json", "--no-config", "--no-cache", "--roster", str(tmp_path / "名单.txt"),
                str(ROOT / "examples"), str(FIXTURES / "mini.txt"))
    doc = json.loads(r.stdout)
    assert doc["summary"]["files"] == 4
    assert doc["summary"]["errors"] == sum(d["severity"] == "error" for f in doc["files"] for d in f["diagnostics"])
    assert "某个没有报告的局" in doc["roster"]["missing"]
    assert r.returncode == 1
