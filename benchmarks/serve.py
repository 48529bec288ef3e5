#!/usr/bin/env python3
"""govlint serve benchmark: starts ``govlint serve --no-browser --port 0`` on loopback and measures
(a) one 30 KB report answered by the warm server against linting it in process, (b) 20 reports in
one request, (c) a load of 8 clients × 25 uploads of mixed formats, every answer compared with
the in-process JSON, with the peak memory of the server and its workers, (d) a 300 MB upload and a
zip bomb refused with 413 and the server still answering. Prints one Markdown table with the
budgets. Usage: python benchmarks/serve.py [--govlint CMD] [--json FILE]. See benchmarks/README.md.

Requests are sent with http.client and raw sockets (httpx adds some 40 ms per request here)."""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import re
import select
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from helpers.peak_rss import pss, tree  # noqa: E402
from run import build_corpus, govlint_cmd, log, machine, ms  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
MB = 1024 * 1024


# ---------------------------------------------------------------- memory (helpers/peak_rss.py's pss and tree)
class Sampler(threading.Thread):
    """The PSS summed over the server's process tree (server, forkserver, workers), every 20 ms."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.last, self.processes = pid, 0, 0, 0
        self.at_peak: dict[int, int] = {}  # PSS of each process when the peak was seen
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            pids = tree(self.pid)
            each = {pid: pss(pid) for pid in pids}
            self.last = sum(each.values())
            if self.last > self.peak:
                self.peak, self.at_peak = self.last, each
            self.processes = max(self.processes, len(pids))
            self.done.wait(0.02)

    def reset(self) -> None:
        self.peak, self.at_peak = 0, {}

    def breakdown(self) -> str:
        """The processes at the peak, largest first: what each is (its command line) and its PSS."""
        def what(pid: int) -> str:
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    argv = f.read().split(b"\0")
            except OSError:
                return f"pid {pid} (gone)"
            text = " ".join(a.decode(errors="replace") for a in argv if a)
            try:
                with open(f"/proc/{pid}/stat") as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                parent = 0
            if pid == self.pid:
                return "server"
            if "resource_tracker" in text:
                return "resource tracker"
            if "forkserver" in text:  # the forkserver, and the workers it forked (the same command line)
                return "forkserver" if parent == self.pid else "worker"
            return "worker" if "multiprocessing" in text else text[:40]
        return ", ".join(f"{what(pid)} {v / MB:.0f} MB" for pid, v in sorted(self.at_peak.items(), key=lambda kv: -kv[1]))


# ---------------------------------------------------------------- HTTP
def multipart(files: list[tuple[str, bytes]], fields: dict[str, str] | None = None) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for k, v in (fields or {}).items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    for name, data in files:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
                  f"Content-Type: application/octet-stream\r\n\r\n".encode())
        out.write(data)
        out.write(b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


class Client:
    """One keep-alive connection (made again when the server closed it)."""

    def __init__(self, host: str, port: int):
        self.host, self.port, self.conn = host, port, None

    def post(self, path: str, body: bytes, ctype: str) -> tuple[int, bytes]:
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=300)
            try:
                self.conn.request("POST", path, body=body, headers={"Content-Type": ctype})
                r = self.conn.getresponse()
                data = r.read()
                if r.will_close:
                    self.close()
                return r.status, data
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def lint(self, files: list[tuple[str, bytes]]) -> tuple[int, dict]:
        body, ctype = multipart(files)
        status, data = self.post("/api/lint", body, ctype)
        return status, json.loads(data)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def raw_upload(host: str, port: int, head: bytes, body_chunks, total: int | None) -> tuple[int, float, int]:
    """A POST sent over a raw socket, the body chunk by chunk, stopping as soon as the server
    answers (it refuses before the body is read): (status, seconds, body bytes sent)."""
    t0 = time.perf_counter()
    s = socket.create_connection((host, port), timeout=120)
    s.sendall(head)
    sent = 0
    try:
        for chunk in body_chunks:
            if select.select([s], [], [], 0)[0]:  # answered already: the rest is not sent
                break
            s.sendall(chunk)
            sent += len(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and closed
    reply = b""
    try:
        while b"\r\n" not in reply:
            part = s.recv(65536)
            if not part:
                break
            reply += part
    except ConnectionResetError:
        pass
    s.close()
    m = re.match(rb"HTTP/1\.[01] (\d{3})", reply)
    return (int(m.group(1)) if m else 0), time.perf_counter() - t0, sent


def big_upload(host: str, port: int, size: int, with_length: bool) -> tuple[int, float, int]:
    boundary = uuid.uuid4().hex
    start = (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="大报告.txt"\r\n'
             f"Content-Type: text/plain\r\n\r\n").encode()
    end = f"\r\n--{boundary}--\r\n".encode()
    chunk = b"x" * MB

    def chunks():
        yield start
        for _ in range(size // MB):
            yield chunk
        yield end

    if with_length:
        length = len(start) + (size // MB) * MB + len(end)
        head = (f"POST /api/lint HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Length: {length}\r\n"
                f"Content-Type: multipart/form-data; boundary={boundary}\r\n\r\n").encode()
        return raw_upload(host, port, head, chunks(), length)
    head = (f"POST /api/lint HTTP/1.1\r\nHost: {host}:{port}\r\nTransfer-Encoding: chunked\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n\r\n").encode()
    framed = (f"{len(c):x}\r\n".encode() + c + b"\r\n" for c in chunks())
    return raw_upload(host, port, head, framed, None)


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("bomb.txt", b"\0" * (40 * MB))  # 40 MB in some 40 KB: under the file limit, 1000:1
    return buffer.getvalue()


# ---------------------------------------------------------------- the server
def start_server(gl: list[str], work: Path, workers: int | None) -> tuple[subprocess.Popen, str, int]:
    env = {**os.environ, "NO_COLOR": "1", "GOVLINT_CACHE_DIR": str(work / "cache")}
    extra = ["--workers", str(workers)] if workers else []
    with open(work / "server.stderr", "wb") as err:
        proc = subprocess.Popen(gl + ["serve", "--no-browser", "--port", "0", *extra], stdout=subprocess.PIPE,
                                stderr=err, env=env, start_new_session=True)
    line = proc.stdout.readline().decode()
    m = re.search(r"http://(127\.0\.0\.1|\[::1\]|localhost):(\d+)/", line)
    if not m:
        proc.kill()
        raise SystemExit(f"govlint serve did not print its address: {line!r}\n"
                         + (work / "server.stderr").read_text(errors="replace")[-2000:])
    return proc, m.group(1).strip("[]"), int(m.group(2))


def stop_server(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# ---------------------------------------------------------------- measures
def median_time(fn, repeat: int, warm_up: int = 2) -> float:
    for _ in range(warm_up):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def mixed_files(corpus: dict[str, Path]) -> list[Path]:
    """The load's files: .txt, .md, .docx, .html and .pdf from tests/fixtures, examples/ and a few
    generated reports."""
    picked = [ROOT / "examples" / "broken-twelve-section.txt", ROOT / "examples" / "clean-gov-2021.md",
              ROOT / "examples" / "clean-twelve-section.md", FIXTURES / "mini.txt", FIXTURES / "mini-2021.md",
              FIXTURES / "clean.md"]
    picked += sorted((FIXTURES / "seeds").glob("*.txt"))[:3] + sorted((FIXTURES / "pages").glob("*.txt"))[:2]
    picked += sorted((FIXTURES / "word").glob("*.docx"))
    picked += sorted((FIXTURES / "reports").glob("*.pdf")) + [FIXTURES / "word" / "draft.pdf"]
    for kind in ("html", "docx", "txt"):
        picked += sorted(corpus[kind].iterdir())[:3]
    return [p for p in picked if p.exists()]


def measure(args, work: Path) -> dict:
    from govlint.formatters.json import file_dict
    from govlint.runner import Options, Session

    gl = govlint_cmd(args.govlint)
    r: dict = {"govlint_cmd": " ".join(gl), "machine": machine()}
    corpus = build_corpus(work / "corpus", {"txt": 20, "html": 3, "docx": 3})
    twenty = sorted(corpus["txt"].iterdir())
    one = twenty[0]
    one_data = one.read_bytes()
    r["one_kb"] = len(one_data) / 1024
    session = Session(Options(no_config=True, cache=False))  # what a worker of the server keeps

    log("in process: Session.lint of one report …")
    r["inproc_one"] = median_time(lambda: session.lint(one.name, file_bytes=one_data), args.repeat)

    log("starting govlint serve …")
    proc, host, port = start_server(gl, work, args.workers)
    sampler = Sampler(proc.pid)
    sampler.start()
    try:
        client = Client(host, port)
        time.sleep(0.5)
        r["idle_mb"] = sampler.last / MB

        log("(a) one report, warm server …")

        def one_request():
            status, body = client.lint([(one.name, one_data)])
            assert status == 200, (status, body)

        r["serve_one"] = median_time(one_request, args.repeat)

        def one_request_new_connection():  # as curl does it: no keep-alive
            c = Client(host, port)
            status, body = c.lint([(one.name, one_data)])
            c.close()
            assert status == 200, (status, body)

        r["serve_one_fresh"] = median_time(one_request_new_connection, args.repeat)
        _, body = client.lint([(one.name, one_data)])
        r["serve_one_same"] = body["files"][0]["result"] == file_dict(session.lint(one.name, file_bytes=one_data))

        log("(b) 20 reports in one request; the CLI and the pure-Python scan of the same files …")
        files20 = [(p.name, p.read_bytes()) for p in twenty]

        def twenty_request():
            status, body = client.lint(files20)
            assert status == 200 and len(body["files"]) == 20, (status, str(body)[:300])

        r["serve_20"] = median_time(twenty_request, args.batch_repeat, warm_up=1)
        cli = gl + ["check", "-f", "json", "--no-config", "--no-cache", *map(str, twenty)]
        env = {**os.environ, "GOVLINT_CACHE_DIR": str(work / "cache")}
        r["cli_20"] = median_time(lambda: subprocess.run(cli, check=False, stdout=subprocess.DEVNULL, env=env), args.batch_repeat, 1)
        scan = [sys.executable, str(HERE / "helpers" / "py_scan.py"), str(corpus["txt"])]
        r["scan_20"] = median_time(lambda: subprocess.run(scan, check=False, stdout=subprocess.DEVNULL), args.batch_repeat, 1)

        log(f"(c) load: {args.clients} clients × {args.uploads} uploads, mixed formats …")
        mixed = mixed_files(corpus)
        payloads = [(p.name, p.read_bytes()) for p in mixed]
        expected = [file_dict(session.lint(n, file_bytes=d)) for n, d in payloads]
        r["load_formats"] = sorted({p.suffix.lstrip(".") for p in mixed})
        r["load_distinct_files"] = len(mixed)
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()

        def load_client(k: int):
            c = Client(host, port)
            for j in range(args.uploads):
                i = (k * args.uploads + j) % len(payloads)
                t0 = time.perf_counter()
                try:
                    status, body = c.lint([payloads[i]])
                    dt = time.perf_counter() - t0
                    why = None
                    if status != 200:
                        why = f"{payloads[i][0]}: HTTP {status}"
                    elif body["files"][0]["result"] != expected[i]:
                        why = f"{payloads[i][0]}: JSON differs from the in-process file_dict"
                except Exception as exc:  # noqa: BLE001  counted, not raised: the load goes on
                    dt, why = time.perf_counter() - t0, f"{payloads[i][0]}: {type(exc).__name__}: {exc}"
                with lock:
                    latencies.append(dt)
                    if why:
                        errors.append(why)
            c.close()

        sampler.reset()
        t0 = time.perf_counter()
        threads = [threading.Thread(target=load_client, args=(k,)) for k in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        r["load_time"] = time.perf_counter() - t0
        r["load_n"] = len(latencies)
        r["load_errors"] = errors
        q = statistics.quantiles(latencies, n=20, method="inclusive")
        r["load_p50"], r["load_p95"], r["load_max"] = statistics.median(latencies), q[18], max(latencies)
        r["load_peak_mb"] = sampler.peak / MB
        r["load_peak_processes"] = sampler.breakdown()

        log("(d) a 300 MB upload (with Content-Length, and chunked), a zip bomb; the server still answering …")

        def still_answers() -> bool:
            status, body = Client(host, port).lint([(one.name, one_data)])
            return status == 200 and body["files"][0]["result"] == file_dict(session.lint(one.name, file_bytes=one_data))

        sampler.reset()
        for key, with_length in (("big_length", True), ("big_chunked", False)):
            status, dt, sent = big_upload(host, port, 300 * MB, with_length)
            r[key] = {"status": status, "seconds": dt, "sent_mb": sent / MB, "next_ok": still_answers()}
        bomb = zip_bomb()
        t0 = time.perf_counter()
        status, body = client.lint([("bomb.zip", bomb)])
        r["bomb"] = {"status": status, "seconds": time.perf_counter() - t0, "zip_kb": len(bomb) / 1024,
                     "error": body.get("error"), "next_ok": still_answers()}
        r["refuse_peak_mb"] = sampler.peak / MB
        r["refuse_peak_processes"] = sampler.breakdown()
        client.close()
    finally:
        sampler.done.set()
        stop_server(proc)
    r["processes"] = sampler.processes
    r["peak_mb"] = max(r.get("load_peak_mb", 0), r.get("refuse_peak_mb", 0))
    return r


# ---------------------------------------------------------------- report
def report(r: dict, args) -> str:
    rows = []

    def row(*cells):
        rows.append("| " + " | ".join(str(c) for c in cells) + " |")

    ratio = r["serve_one"] / r["inproc_one"]
    row(f"one {r['one_kb']:.0f} KB .txt, warm server (`POST /api/lint` on a keep-alive connection, as a browser; "
        f"median of {args.repeat})", ms(r["serve_one"]),
        f"{ms(r['inproc_one'])} (in process: `Session.lint`)", f"{ratio:.2f}×", "≤ 5×",
        ("✅" if ratio <= 5 else "❌") + ("" if r["serve_one_same"] else " (JSON differs!)"))
    ratio = r["serve_one_fresh"] / r["inproc_one"]
    row(f"the same, a new connection per request (as curl; median of {args.repeat})", ms(r["serve_one_fresh"]),
        f"{ms(r['inproc_one'])} (in process: `Session.lint`)", f"{ratio:.2f}×", "≤ 5×", "✅" if ratio <= 5 else "❌")
    ratio = r["serve_20"] / r["scan_20"]
    row(f"20 × 30 KB .txt in one request (median of {args.batch_repeat})",
        f"{ms(r['serve_20'])} ({20 / r['serve_20']:,.0f} files/s)", f"{ms(r['scan_20'])} (pure-Python scan)",
        f"{ratio:.2f}×", "≤ 10×", "✅" if ratio <= 10 else "❌")
    row("the same 20 reports, `govlint check -f json --no-cache`", ms(r["cli_20"]), "—",
        f"server {r['serve_20'] / r['cli_20']:.2f}× the CLI", "—", "")
    n, errs = r["load_n"], len(r["load_errors"])
    row(f"load: {args.clients} clients × {args.uploads} uploads ({', '.join(r['load_formats'])}; "
        f"{r['load_distinct_files']} files), answers vs in-process `file_dict`",
        f"{n} answers in {r['load_time']:.1f} s ({n / r['load_time']:.1f}/s); latency median {ms(r['load_p50'])}, "
        f"p95 {ms(r['load_p95'])}, max {ms(r['load_max'])}", "—", f"{errs} errors", "0 errors",
        "✅" if errs == 0 and n == args.clients * args.uploads else "❌")
    row(f"peak memory under load, server + forkserver + workers ({r['processes']} processes, PSS summed, every 20 ms)",
        f"{r['load_peak_mb']:.0f} MB", f"{r['idle_mb']:.0f} MB (idle, just started)", "—", "≤ 150 MB (the CLI batch's)",
        "✅" if r["load_peak_mb"] <= 150 else "❌")
    for key, what in (("big_length", "300 MB upload (Content-Length)"), ("big_chunked", "300 MB upload (chunked, no length)")):
        b = r[key]
        ok = b["status"] == 413 and b["next_ok"]
        row(what, f"{b['status']} in {ms(b['seconds'])}, {b['sent_mb']:.0f} MB of the body sent; next request "
            + ("answered" if b["next_ok"] else "NOT answered"), "—", "—", "413, then answers", "✅" if ok else "❌")
    b = r["bomb"]
    row(f"zip bomb ({b['zip_kb']:.0f} KB inflating to 40 MB)",
        f"{b['status']} in {ms(b['seconds'])}; next request " + ("answered" if b["next_ok"] else "NOT answered"),
        "—", "—", "413, then answers", "✅" if b["status"] == 413 and b["next_ok"] else "❌")
    row("peak memory while refusing those", f"{r['refuse_peak_mb']:.0f} MB", "—", "—", "≤ 150 MB (the CLI batch's)",
        "✅" if r["refuse_peak_mb"] <= 150 else "❌")
    head = "| measure | govlint serve | floor | ratio | budget | ok? |\n| --- | --- | --- | --- | --- | --- |\n"
    out = head + "\n".join(rows)
    out += (f"\n\n- at the load's peak: {r['load_peak_processes']}"
            f"\n- at the refusals' peak: {r['refuse_peak_processes']}")
    if r["load_errors"]:
        out += "\n\nLoad errors (first 10):\n" + "\n".join(f"- {e}" for e in r["load_errors"][:10])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--govlint", help="govlint command (default: govlint beside this Python, PATH, python -m govlint)")
    ap.add_argument("--json", help="also write the raw numbers to this JSON file")
    ap.add_argument("--repeat", type=int, default=20, help="timed requests of one report (median; default 20)")
    ap.add_argument("--batch-repeat", type=int, default=5, help="timed requests of 20 reports (median; default 5)")
    ap.add_argument("--clients", type=int, default=8, help="load: client threads (default 8)")
    ap.add_argument("--uploads", type=int, default=25, help="load: uploads per client (default 25)")
    ap.add_argument("--workers", type=int, help="the server's worker processes (default: its own)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="govlint-serve-bench-") as tmp:
        r = measure(args, Path(tmp))
    print(f"## govlint serve benchmark\n\nMachine: {r['machine']}\n")
    print(report(r, args))
    print(f"\nTotal run time: {time.perf_counter() - t0:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(r, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
