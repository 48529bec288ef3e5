"""Real-machine failures (issue 18): inputs that are no regular files, outputs that cannot be
written, a closed standard output, interrupts. Each test checks the one line said, the exit code
and that nothing is left behind (no temporary file, no partial report, no process)."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from govlint import atomic
from govlint.cache import ResultCache
from govlint.errors import Interrupted
from govlint.results import FileResult

CLEAN = ROOT / "examples" / "clean-gov-2021.md"
BROKEN = ROOT / "examples" / "broken-twelve-section.txt"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices, signals and rlimits are POSIX")


def _env(cache: Path | None = None, **more: str) -> dict:
    env = dict(os.environ, NO_COLOR="1", COLUMNS="200", **more)
    env.pop("GITHUB_ACTIONS", None)
    env.pop("GITHUB_STEP_SUMMARY", None)
    if cache is not None:
        env["GOVLINT_CACHE_DIR"] = str(cache)
    return env


def _govlint(*args: str, cache: Path | None = None, **popen) -> subprocess.Popen:
    popen = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **popen}
    return subprocess.Popen([sys.executable, "-m", "govlint", *args], env=_env(cache), **popen)


def _lines(stderr: bytes) -> list[str]:
    return stderr.decode("utf-8").splitlines()


def _leftovers(*folders: Path) -> list[str]:
    """Temporary files (ours are *.tmp) anywhere under ``folders``."""
    return [str(p) for f in folders if f.exists() for p in f.rglob("*") if p.name.endswith(".tmp")]


def _reports(folder: Path, n: int) -> Path:
    """``n`` reports with findings, each with bytes of its own (no two share a cache entry)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = BROKEN.read_text(encoding="utf-8")
    for i in range(n):
        (folder / f"r{i:03d}.txt").write_text(f"{text}\n第 {i} 份\n", encoding="utf-8")
    return folder


# ----------------------------------------------------------------------------- 1. no regular file

def test_a_fifo_is_refused_without_a_hang(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(CLEAN, folder / "a.md")
    os.mkfifo(folder / "pipe.txt")
    for extra in ([], ["--no-cache"], ["--jobs", "2"]):
        r = run_cli("check", str(folder), *extra, env={"GOVLINT_CACHE_DIR": str(tmp_path / "cache")})
        assert r.returncode == 2, (extra, r.stderr.decode())
        assert _lines(r.stderr) == [f"govlint: 错误：{folder / 'pipe.txt'}: 不是普通文件"]
        assert "检查了 2 个文件" in r.stdout.decode()  # the other file still linted
    r = run_cli("check", str(folder / "pipe.txt"), "--lang", "en", env={"GOVLINT_CACHE_DIR": str(tmp_path / "cache")})
    assert r.returncode == 2
    assert _lines(r.stderr) == [f"govlint: error: {folder / 'pipe.txt'}: not a regular file"]
    assert not _leftovers(tmp_path)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_and_a_symlink_to_it_are_refused_before_a_byte_is_read(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(CLEAN, folder / "a.md")
    (folder / "zero.txt").symlink_to("/dev/zero")
    start = time.monotonic()
    r = run_cli("check", "/dev/zero", str(folder), env={"GOVLINT_CACHE_DIR": str(tmp_path / "cache")})
    assert time.monotonic() - start < 20
    assert r.returncode == 2
    assert _lines(r.stderr) == ["govlint: 错误：/dev/zero: 不是普通文件",
                                f"govlint: 错误：{folder / 'zero.txt'}: 不是普通文件"]
    assert "检查了 3 个文件" in r.stdout.decode()


def test_read_file_reads_no_more_than_the_limit_and_one_byte(tmp_path, linter):
    from govlint.limits import Limits
    from govlint.linter import Linter

    small = Linter(linter.pinned, automatic=linter.automatic, limits=Limits(max_file_mb=0.001))  # 1048 bytes
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2000)
    data, error = small.read_file(str(path))
    assert data is None and "input-too-large" in error
    os.mkfifo(tmp_path / "p.txt")
    assert small.read_file(str(tmp_path / "p.txt")) == (None, "不是普通文件")
    assert small.read_file(str(tmp_path))[1] == "是一个目录"


# ----------------------------------------------------------------------------- 2. outputs

@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_output_to_a_full_device_is_one_line(tmp_path):
    for args, where in ((["-o", "/dev/full"], "/dev/full"), ([], "标准输出")):
        with open("/dev/full", "wb") as full:
            p = _govlint("check", str(CLEAN), *args, cache=tmp_path / "cache", stdout=full)
            _, err = p.communicate(timeout=20)
        assert p.returncode == 2
        assert _lines(err) == [f"govlint: 错误：{where}: 无法写入：磁盘空间已满"]
    assert os.path.exists("/dev/full") and stat.S_ISCHR(os.stat("/dev/full").st_mode)  # written to, never replaced


def _fsize_limit(n: int):
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death
        resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))
    return limit


def test_a_write_over_the_file_size_limit_keeps_the_previous_report(tmp_path):
    folder = _reports(tmp_path / "reports", 20)
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    out.write_text('{"previous": true}', encoding="utf-8")
    p = _govlint("check", str(folder), "-f", "json", "-o", str(out), "--jobs", "1", cache=tmp_path / "cache",
                 preexec_fn=_fsize_limit(8192))
    _, err = p.communicate(timeout=60)
    assert p.returncode == 2
    assert _lines(err) == [f"govlint: 错误：{out}: 无法写入：文件超过允许的大小"]
    assert out.read_text(encoding="utf-8") == '{"previous": true}'
    assert os.listdir(out.parent) == ["report.json"]
    assert not _leftovers(tmp_path)


@contextlib.contextmanager
def _tmpfs(where: Path, size: str):
    where.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], capture_output=True)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="mounting a tmpfs needs root")
def test_a_full_disk_leaves_the_previous_report_and_no_temporary_file(tmp_path):
    folder = _reports(tmp_path / "reports", 30)
    with _tmpfs(tmp_path / "disk", "128k") as disk:
        out = disk / "report.json"
        out.write_text('{"previous": true}', encoding="utf-8")
        p = _govlint("check", str(folder), "-f", "json", "-o", str(out), "--jobs", "1", cache=disk / "cache")
        _, err = p.communicate(timeout=60)
        assert p.returncode == 2
        assert _lines(err) == [f"govlint: 错误：{out}: 无法写入：磁盘空间已满"]  # cache misses are silent
        assert out.read_text(encoding="utf-8") == '{"previous": true}'
        assert not _leftovers(disk)


def test_a_formatter_crash_leaves_the_previous_report(tmp_path):
    out = tmp_path / "report.json"
    out.write_text("previous", encoding="utf-8")
    code = ("import sys\n"
            "from govlint.formatters import register\n"
            "@register('json')\n"
            "def boom(run, out):\n"
            "    out.write('{' * 100000)\n"
            "    raise RuntimeError('a formatter bug')\n"
            "from govlint.cli import main\n"
            f"sys.argv = ['govlint', 'check', {str(CLEAN)!r}, '-f', 'json', '-o', {str(out)!r}, '--no-cache']\n"
            "main()\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, env=_env(), timeout=60)
    assert r.returncode == 1 and b"a formatter bug" in r.stderr
    assert out.read_text(encoding="utf-8") == "previous"
    assert os.listdir(tmp_path) == ["report.json"]


def test_the_output_file_is_replaced_whole_keeping_its_permissions_and_link(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("previous", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real.name)
    r = run_cli("check", str(CLEAN), "-f", "json", "-o", str(link), "--no-cache")
    assert r.returncode == 0, r.stderr.decode()
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("{")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["link.json", "real.json"]


def test_replacing_removes_its_temporary_file_on_any_failure(tmp_path):
    target = tmp_path / "x.json"
    target.write_text("old", encoding="utf-8")
    for failure in (OSError(28, "No space left on device"), Interrupted(signal.SIGTERM)):
        with pytest.raises(type(failure)):
            with atomic.replacing(target, "w", encoding="utf-8") as fh:
                fh.write("new, cut off")
                raise failure
        assert os.listdir(tmp_path) == ["x.json"] and target.read_text(encoding="utf-8") == "old"


def test_a_cache_write_that_fails_is_a_silent_miss_with_no_temporary_file(tmp_path, monkeypatch):
    cache = ResultCache(tmp_path)
    result = FileResult(path="a.txt")

    def full(obj, fh, protocol=None):
        fh.write(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("govlint.cache.pickle.dump", full)
    cache.put("ab" + "0" * 38, result)  # no exception
    assert not _leftovers(tmp_path) and not list(tmp_path.rglob("*.pickle"))

    def interrupted(obj, fh, protocol=None):
        fh.write(b"partial")
        raise Interrupted(signal.SIGINT)

    monkeypatch.setattr("govlint.cache.pickle.dump", interrupted)
    with pytest.raises(Interrupted):
        cache.put("ab" + "1" * 38, result)
    assert not _leftovers(tmp_path) and not list(tmp_path.rglob("*.pickle"))


def test_a_closed_standard_output_ends_quietly(tmp_path):
    folder = _reports(tmp_path / "reports", 60)  # far more than a pipe's buffer of output
    for args in ((), ("-f", "json"), ("--jobs", "2")):
        p = _govlint("check", str(folder), *args, cache=tmp_path / "cache")
        first = p.stdout.readline()
        p.stdout.close()  # as `| head -1` does
        try:
            err = p.communicate(timeout=60)[1]
        finally:
            p.kill()
        assert first.strip()
        assert err == b"", err.decode()  # no traceback, no "Exception ignored"
        assert p.returncode == 1


# ----------------------------------------------------------------------------- 5. interrupts

def _group(pgid: int) -> list[int]:
    """The processes of a process group (zombies not counted: nothing runs)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            out.append(int(entry))
    return out


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    return _reports(tmp_path_factory.mktemp("batch"), 300)


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to see a process group")
@pytest.mark.parametrize("sig, code, lang, to_group", [
    (signal.SIGINT, 130, "zh", False), (signal.SIGTERM, 143, "en", False),
    (signal.SIGINT, 130, "zh", True),  # Ctrl-C in a terminal: the whole group
    (signal.SIGTERM, 143, "zh", True),
])
def test_an_interrupt_stops_the_workers_and_leaves_nothing(batch, tmp_path, sig, code, lang, to_group):
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    cache = tmp_path / "cache"
    p = _govlint("check", str(batch), "--jobs", "2", "-f", "json", "-o", str(out), "--lang", lang, cache=cache,
                 start_new_session=True)
    try:
        deadline = time.monotonic() + 15
        while len(_group(p.pid)) < 3 and time.monotonic() < deadline:  # the command and its 2 workers
            time.sleep(0.02)
        assert len(_group(p.pid)) >= 3, "the workers did not start"
        time.sleep(0.2)  # linting
        (os.killpg if to_group else os.kill)(p.pid, sig)
        _, err = p.communicate(timeout=20)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(p.pid, signal.SIGKILL)
    assert p.returncode == code
    assert _lines(err) == ["govlint: 已中断" if lang == "zh" else "govlint: interrupted"]
    deadline = time.monotonic() + 2
    while _group(p.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group(p.pid) == []  # no orphan
    assert os.listdir(out.parent) == []  # no partial report
    assert not _leftovers(cache)  # no partial cache entry


def test_an_interrupt_without_workers(batch, tmp_path):
    out = tmp_path / "report.json"
    cache = tmp_path / "cache"
    p = _govlint("check", str(batch), "--jobs", "1", "-o", str(out), cache=cache, start_new_session=True)
    deadline = time.monotonic() + 15
    while not list(cache.rglob("*.pickle")) and time.monotonic() < deadline:  # linting (and the handlers set)
        time.sleep(0.02)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=20)
    assert p.returncode == 143
    assert _lines(err) == ["govlint: 已中断"]
    assert os.listdir(tmp_path) == ["cache"] or os.listdir(tmp_path) == []
    assert not _leftovers(tmp_path)


_KILLED_PARENT = """
import functools, sys, time
from govlint.runner import Session, iter_batch
from govlint.runner import Options
paths = sys.argv[1:]
# each worker starts by sleeping a minute: long after its parent is killed
for _ in iter_batch(Session(Options()), paths, jobs=2, setup=functools.partial(time.sleep, 60)):
    pass
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_end_when_the_run_is_killed_outright(batch, tmp_path):
    """SIGKILL (a CI job's timeout) gives the command no chance to stop its workers: they are told
    to end with their parent, instead of reading on for minutes."""
    files = [str(p) for p in sorted(batch.iterdir())[:4]]
    p = subprocess.Popen([sys.executable, "-c", _KILLED_PARENT, *files], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while len(_group(p.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(_group(p.pid)) >= 3, "the workers did not start"
        time.sleep(0.5)
        p.kill()
        p.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _group(p.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _group(p.pid) == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(p.pid, signal.SIGKILL)


_HALF_SENT = r"""
import gc, os, struct, sys, threading, time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.queues import SimpleQueue
from govlint import interrupts

def half_sent():
    # a worker stopped while it sends its result: the header of 100,000 bytes, then nothing
    queue = next(o for o in gc.get_objects() if isinstance(o, SimpleQueue))
    os.write(queue._writer.fileno(), struct.pack("!i", 100_000) + b"x" * 10)
    time.sleep(60)

pool = ProcessPoolExecutor(max_workers=1)
pool.submit(half_sent)
time.sleep(2)  # the worker has started and written the header
interrupts.stop(pool)
print(sum(t.is_alive() for t in threading.enumerate() if t is not threading.main_thread()), flush=True)
"""


def test_stopping_a_pool_with_a_result_left_half_sent_lets_the_process_end(tmp_path):
    """A worker stopped while sending its result (a closed standard output stops the run at any
    moment) leaves the pool's thread reading the rest, for ever, and the interpreter's exit joins
    that thread: CI once waited 80 minutes on `| head -1`. stop() ends the read."""
    p = subprocess.Popen([sys.executable, "-c", _HALF_SENT], cwd=ROOT, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = p.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(p.pid, signal.SIGKILL)
    assert p.returncode == 0, err.decode()
    assert out.decode().strip() == "0"  # no thread left alive for the exit to wait on
