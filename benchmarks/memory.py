#!/usr/bin/env python3
"""govlint memory benchmark: the inputs that once grew memory faster than their size, each run
once with its time and its peak memory against the 150 MB budget. Usage:
python benchmarks/memory.py [--out DIR] [--n 20000] [--govlint CMD] [--json FILE].
See benchmarks/README.md ("Memory")."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import HELPERS, build_corpus, govlint_cmd, log, machine  # noqa: E402  (the corpus generator)

BUDGET_MB = 150
HEADING = "某县2023年政府信息公开工作年度报告"


def one_line_page(path: Path, size: int) -> None:
    """A report crawled onto one line (a web page's text without its line breaks), ``size`` bytes:
    thousands of inline headings on one line."""
    body = "".join(f"{n}、工作情况" + "我局认真落实条例要求，全年主动公开信息多条，依申请公开工作规范有序。" * 20
                   for n in "一二三四五六")
    unit = "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。" + body
    copies = max(1, size // len(unit.encode("utf-8")))
    path.write_text(HEADING + " " + unit * copies + "\n", encoding="utf-8")


def cell_page(path: Path, cells: int) -> None:
    """A web page whose one table has ``cells`` cells (ten a row)."""
    row = "<tr>" + "<td>1</td>" * 10 + "</tr>"
    path.write_text(f"<html><body><h1>{HEADING}</h1><table>" + row * (cells // 10) + "</table></body></html>",
                    encoding="utf-8")


def paragraph_docx(path: Path, paragraphs: int) -> None:
    """A .docx whose body is ``paragraphs`` heading-like paragraphs (written as XML: python-docx
    would take minutes to add a million)."""
    import docx

    template = path.with_suffix(".template.docx")
    document = docx.Document()
    document.add_paragraph("x")
    document.save(template)
    with zipfile.ZipFile(template) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        start, end = xml.index("<w:body>") + len("<w:body>"), xml.index("<w:sectPr")
        body = "".join(f"<w:p><w:r><w:t>{'一二三四五六'[i % 6]}、主动公开政府信息情况</w:t></w:r></w:p>" for i in range(paragraphs))
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for item in z.infolist():
                data = z.read(item.filename)
                if item.filename == "word/document.xml":
                    data = (xml[:start] + body + xml[end:]).encode("utf-8")
                out.writestr(item, data)
    template.unlink()


def many_reports(out: Path, n: int) -> Path:
    """``n`` reports: the benchmark's 2,000 generated .txt reports (about 30 KB each), linked
    under new names until there are n (hard links: the bytes once on disk, each file linted)."""
    base = build_corpus(out, {"txt": min(n, 2000)})["txt"]
    folder = out / f"reports-{n}"
    if folder.exists() and len(list(folder.iterdir())) == n:
        return folder
    folder.mkdir(exist_ok=True)
    sources = sorted(base.iterdir())
    for i in range(n):
        target = folder / f"r{i:05d}.txt"
        if not target.exists():
            os.link(sources[i % len(sources)], target)
    return folder


def peak(cmd: list[str], env: dict, output: Path) -> dict:
    """Wall time, the largest process's peak RSS and the process tree's peak PSS of one run."""
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, str(HELPERS / "peak_rss.py"), str(output), *cmd], capture_output=True, text=True,
                       env=env)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"failed: {shlex.join(cmd)[:300]}\n{p.stderr[-2000:]}")
    return {"seconds": dt, **json.loads(p.stdout)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="inputs and outputs here (kept; the reports reused); default a temporary dir")
    ap.add_argument("--n", type=int, default=20000, help="reports in the batch (default 20000)")
    ap.add_argument("--govlint", help="govlint command (default: govlint beside this Python, PATH, python -m govlint)")
    ap.add_argument("--json", help="also write the raw numbers to this JSON file")
    args = ap.parse_args()
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="govlint-memory-"))
    out.mkdir(parents=True, exist_ok=True)
    gl = govlint_cmd(args.govlint)
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(out / "cache")}
    check = gl + ["check", "--no-config"]

    log("building the inputs …")
    page, cells, paras = out / "one-line-10mb.txt", out / "cells-1m.html", out / "paragraphs-1m.docx"
    one_line_page(page, 10 * 1024 * 1024)
    cell_page(cells, 1_000_000)
    paragraph_docx(paras, 1_000_000)
    reports = many_reports(out, args.n)
    n = len(list(reports.iterdir()))

    runs = [
        ("one line of 10 MB (.txt)", check + ["--no-cache", str(page)], "txt"),
        ("a page with 1,000,000 table cells (.html): input-too-large", check + ["--no-cache", str(cells)], "txt"),
        ("a .docx with 1,000,000 paragraphs: input-too-large", check + ["--no-cache", str(paras)], "txt"),
        (f"{n:,} reports, `-f json --no-cache` (workers by default)", check + ["-f", "json", "--no-cache", str(reports)], "json"),
        (f"{n:,} reports, `-f json --no-cache --jobs 1`", check + ["-f", "json", "--no-cache", "--jobs", "1", str(reports)], "json"),
        (f"{n:,} reports, `-f json`, warm results cache", check + ["-f", "json", str(reports)], "json"),
        (f"{n:,} reports, `-f sarif`, warm results cache", check + ["-f", "sarif", str(reports)], "sarif"),
    ]
    results = []
    log("filling the results cache (not measured) …")
    subprocess.run(check + ["-f", "json", "-o", str(out / "fill.json"), str(reports)], env=env, capture_output=True)
    for label, cmd, ext in runs:
        log(f"{label} …")
        r = peak(cmd, env, out / f"out-{len(results)}.{ext}")
        results.append({"measure": label, **r})
    rows = ["| input | time | largest process | all processes (PSS) | budget | ok? |",
            "| --- | ---: | ---: | ---: | --- | --- |"]
    for r in results:
        worst = max(r["maxrss_mb"], r["tree_mb"])
        rows.append(f"| {r['measure']} | {r['seconds']:.1f} s | {r['maxrss_mb']:.0f} MB | {r['tree_mb']:.0f} MB | "
                    f"≤ {BUDGET_MB} MB | {'✅' if worst <= BUDGET_MB else '❌'} |")
    print(f"## govlint memory\n\nMachine: {machine()}\ngovlint command: {shlex.join(gl)}\n")
    print("\n".join(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
