#!/usr/bin/env python3
"""govlint performance benchmark: builds a synthetic corpus, measures govlint against floors, prints
one Markdown table with the budgets. Usage: python benchmarks/run.py [--n 2000] [--n-other 200]
[--out DIR] [--keep] [--skip-docx] [--profile].  See benchmarks/README.md."""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELPERS = Path(__file__).resolve().parent / "helpers"  # the floors' small scripts, and the memory sampler
# (template, years to draw from): two 2021-format reports and two twelve-section (2015–2018) ones.
TEMPLATES = [(ROOT / "examples/clean-gov-2021.md", (2021, 2025)), (ROOT / "examples/clean-twelve-section.md", (2015, 2018)),
             (ROOT / "tests/fixtures/mini-2021.md", (2021, 2025)), (ROOT / "tests/fixtures/mini.txt", (2015, 2018))]
DEPARTMENTS = ["交通运输局", "农业农村局", "自然资源局", "卫生健康局", "教育局", "民政局", "水利局", "商务局"]
HEADING = re.compile(r"^[一二三四五六七八九十]+、")
PROSE_NUMBER = re.compile(r"(\d+)(条|篇|期|人次|次|个|场)")
VARY_ROWS = {"行政许可", "行政处罚", "行政强制", "行政规范性文件"}  # table rows whose numbers we redraw
TARGET_BYTES = 30_000  # size of a .txt report
GENERATOR_VERSION = 1  # bump when the corpus changes (a kind in --out is reused only if it matches)


# ---------------------------------------------------------------- corpus
def parse(path: Path) -> list[tuple]:
    """A report as blocks: ("title", s), ("h", s), ("p", s), ("table", rows); agency and years as tokens."""
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.strip()).lstrip("# ").strip()
    m = re.match(r"(.+?)(\d{4})年", title)
    agency, year = m.group(1), int(m.group(2))
    county = agency[: agency.index("县") + 1]
    years = {str(year - 1): "{Y-1}", str(year): "{Y}", str(year + 1): "{Y+1}"}

    def tok(s: str) -> str:
        s = s.replace(agency, "{AGENCY}").replace(county, "{COUNTY}")
        return re.sub(r"(\d{4})(?=年)", lambda mm: years.get(mm.group(1), mm.group(1)), s)

    blocks, rows, md = [], None, path.suffix == ".md"
    for line in text.splitlines():
        is_row = line.startswith("|") if md else " | " in line
        if is_row:
            if md and re.match(r"^\|\s*-", line):
                continue
            cells = line.strip()[1:-1].split("|") if md else line.split(" | ")
            if rows is None:
                rows = []
                blocks.append(("table", rows))
            rows.append([tok(c.strip(" ")) for c in cells])
            continue
        rows = None
        s = line.strip()
        if not s:
            continue
        if not blocks:
            blocks.append(("title", tok(title)))
        elif s.startswith("## ") or (not md and HEADING.match(s)):
            blocks.append(("h", tok(s.lstrip("# "))))
        else:
            blocks.append(("p", tok(s)))
    return blocks


def padding_pools(templates: list[list[tuple]]) -> list[list[str]]:
    """For each template, paragraphs to repeat and shuffle as padding: its own body paragraphs, and those
    of the others that state no count of 件 (those would contradict this report's tables)."""
    def body(blocks):
        first_h = next(i for i, b in enumerate(blocks) if b[0] == "h")
        return [re.sub(r"^（[一二三四五六七八九十]+）", "", s) for kind, s in blocks[first_h:]
                if kind == "p" and len(s) >= 20 and "统计期限" not in s and "联系" not in s]

    bodies = [body(b) for b in templates]
    return [own + [s for j, other in enumerate(bodies) if j != t for s in other if not re.search(r"\d件", s)]
            for t, own in enumerate(bodies)]


def make_report(i: int, templates, pools) -> tuple[list[tuple], dict[str, str]]:
    """Report i (deterministic: random.Random(i)): blocks padded to about TARGET_BYTES, and its tokens."""
    rng = random.Random(i)
    t = i % len(TEMPLATES)
    year = rng.randint(*TEMPLATES[t][1])
    county = f"第{i}号县"
    tokens = {"{AGENCY}": county + rng.choice(DEPARTMENTS), "{COUNTY}": county,
              "{Y-1}": str(year - 1), "{Y}": str(year), "{Y+1}": str(year + 1)}

    def vary(s: str) -> str:
        return PROSE_NUMBER.sub(lambda m: f"{max(1, round(int(m.group(1)) * rng.uniform(0.5, 2))) if int(m.group(1)) > 1 else m.group(1)}{m.group(2)}", s)

    blocks = []
    for kind, v in templates[t]:
        if kind == "table":
            v = [[str(rng.randint(0, 400)) if r[0] in VARY_ROWS and c.isdigit() else c for c in r] for r in v]
        elif kind == "p":
            v = vary(v)
        blocks.append((kind, v))
    first_h = next(k for k, b in enumerate(blocks) if b[0] == "h")
    spots = [k for k, b in enumerate(blocks) if k > first_h and b[0] == "p" and len(b[1]) >= 20]
    extra: dict[int, list[str]] = {}
    size = len(render(blocks, tokens, "txt").encode())
    while size < TARGET_BYTES:
        para = vary(rng.choice(pools[t]))
        extra.setdefault(rng.choice(spots), []).append(para)
        size += len(para.encode()) + 10  # + the tokens' growth and the blank line, roughly
    padded = []
    for k, b in enumerate(blocks):
        padded.append(b)
        padded.extend(("p", p) for p in extra.get(k, []))
    return padded, tokens


def fill(s: str, tokens: dict[str, str]) -> str:
    for k, v in tokens.items():
        s = s.replace(k, v)
    return s


def render(blocks, tokens, kind: str) -> str:
    """The report as .txt (tables as "| a | b |" lines), .md or .html."""
    out = []
    for block, v in blocks:
        if kind == "html":
            if block == "table":
                v = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>\n" for r in v)
                out.append(f"<table border=\"1\">\n{v}</table>")
            else:
                tag = {"title": "h1", "h": "h2", "p": "p"}[block]
                out.append(f"<{tag}>{html.escape(v)}</{tag}>")
        elif block == "table":
            rows = ["| " + " | ".join(r) + " |" for r in v]
            if kind == "md":
                rows.insert(1, "| " + " | ".join("---" for _ in v[0]) + " |")
            out.append("\n".join(rows))
        else:
            out.append({"title": "# ", "h": "## ", "p": ""}[block] + v if kind == "md" else v)
    if kind == "html":
        return fill('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>年度报告</title></head>\n'
                    "<body>\n" + "\n".join(out) + "\n</body></html>\n", tokens)
    return fill("\n\n".join(out) + "\n", tokens)


def write_docx(blocks, tokens, path: Path) -> None:
    import docx  # python-docx: a govlint dependency

    document = docx.Document()
    for kind, v in blocks:
        if kind == "title":
            document.add_heading(fill(v, tokens), level=1)
        elif kind == "h":
            document.add_heading(fill(v, tokens), level=2)
        elif kind == "p":
            document.add_paragraph(fill(v, tokens))
        else:  # a real Word table; cells empty where the Markdown has a merged cell
            table = document.add_table(rows=len(v), cols=max(len(r) for r in v))
            for row, values in zip(table.rows, v):
                for cell, text in zip(row.cells, values):
                    if text:
                        cell.text = fill(text, tokens)
    document.save(str(path))


def build_corpus(out: Path, counts: dict[str, int]) -> dict[str, Path]:
    """counts: kind -> reports. A kind's directory is reused when its manifest matches."""
    dirs = {k: out / k for k in counts}
    todo = {}
    for k, n in counts.items():
        manifest = out / f"{k}.corpus.json"
        if manifest.exists() and json.loads(manifest.read_text()) == {"version": GENERATOR_VERSION, "n": n}:
            log(f"reusing {dirs[k]}")
            continue
        shutil.rmtree(dirs[k], ignore_errors=True)
        dirs[k].mkdir(parents=True)
        todo[k] = n
    if not todo:
        return dirs
    templates = [parse(p) for p, _ in TEMPLATES]
    pools = padding_pools(templates)
    t0 = time.perf_counter()
    for i in range(max(todo.values())):
        blocks, tokens = make_report(i, templates, pools)
        for k, n in todo.items():
            path = dirs[k] / f"report-{i:05d}.{k}"
            if i < n and k == "docx":
                write_docx(blocks, tokens, path)
            elif i < n:
                path.write_text(render(blocks, tokens, k), encoding="utf-8")
    for k, n in todo.items():
        (out / f"{k}.corpus.json").write_text(json.dumps({"version": GENERATOR_VERSION, "n": n}))
        size = sum(f.stat().st_size for f in dirs[k].iterdir()) / max(n, 1) / 1024
        log(f"built {n} .{k} reports ({size:.1f} KB on average)")
    log(f"corpus built in {time.perf_counter() - t0:.1f} s")
    return dirs


REAL_KINDS = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")


def real_corpus(out: Path, sources: list[str], n: int) -> Path:
    """n real reports cycled from the report files under ``sources`` (copied, each keeping its
    extension), in out/real: a batch as published reports are (one-line pages, web residue, PDFs),
    not as the generator writes them."""
    found = sorted(p for s in sources for p in Path(s).rglob("*") if p.is_file() and p.suffix.lower() in REAL_KINDS)
    if not found:
        raise SystemExit(f"no report files ({', '.join(REAL_KINDS)}) under {', '.join(sources)}")
    real = out / "real"
    shutil.rmtree(real, ignore_errors=True)
    real.mkdir(parents=True)
    for i in range(n):
        src = found[i % len(found)]
        shutil.copyfile(src, real / f"real-{i:05d}{src.suffix.lower()}")
    log(f"real corpus: {n} files cycled from {len(found)} reports under {', '.join(sources)}")
    return real


# ---------------------------------------------------------------- measuring
def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def timed(cmd: list[str], repeat: int, stdout: Path | None = None, env: dict | None = None,
          warm_up: bool = True) -> float:
    """Median wall time (s) of `repeat` runs of cmd, after one warm-up run (without: one run)."""
    times = []
    for k in range(repeat + 1):
        if not warm_up and k:
            break
        with open(stdout or os.devnull, "wb") as fh:
            t0 = time.perf_counter()
            p = subprocess.run(cmd, stdout=fh, stderr=subprocess.PIPE, env=env)
            dt = time.perf_counter() - t0
        if p.returncode not in (0, 1):  # govlint exits 1 when it finds errors; grep when nothing matches
            raise SystemExit(f"failed ({p.returncode}): {shlex.join(cmd)[:300]}\n{p.stderr.decode(errors='replace')[-2000:]}")
        if k or not warm_up:
            times.append(dt)
    return statistics.median(times)


def govlint_cmd(arg: str | None) -> list[str]:
    if arg:
        return shlex.split(arg)
    beside = Path(sys.executable).parent / "govlint"  # not a pyenv shim, which adds its own start-up
    if beside.exists():
        return [str(beside)]
    return [shutil.which("govlint")] if shutil.which("govlint") else [sys.executable, "-m", "govlint"]


def batch_summary(path: Path) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    files = data["files"]
    with_findings = sum(1 for f in files if f.get("diagnostics"))
    return f"{len(files)} files, {with_findings} with findings, {sum(1 for f in files if f.get('error'))} unreadable"


def measure(args, dirs: dict[str, Path], work: Path) -> dict:
    py, gl, rep, brep = sys.executable, govlint_cmd(args.govlint), args.repeat, args.batch_repeat
    # govlint's caches (parsed packs, results) in the work directory, never the user's; every batch
    # below lints every file (--no-cache) except the one that measures the warm results cache
    genv = {**os.environ, "GOVLINT_CACHE_DIR": str(work / "cache")}
    cached = gl + ["check", "-f", "json", "--no-config"]
    check = cached + ["--no-cache"]
    txt_files = sorted(str(p) for p in dirs["txt"].iterdir())
    one_txt = txt_files[0]
    r: dict = {"govlint_cmd": shlex.join(gl), "n_txt": len(txt_files)}
    log("floors: python, click, click+rich, cat, grep, pure-Python scan …")
    r["python_pass"] = timed([py, "-c", "pass"], rep)
    r["click_min"] = timed([py, str(HELPERS / "click_min.py")], rep)
    r["click_rich"] = timed([py, str(HELPERS / "click_rich.py")], rep)
    r["cat"] = timed(["cat", *txt_files], brep, work / "cat.out")
    r["grep"] = timed(["grep", "-c", "-E", HEADING.pattern, *txt_files], brep, work / "grep.out",
                      env={**os.environ, "LC_ALL": "C.UTF-8"})
    r["py_scan"] = timed([py, str(HELPERS / "py_scan.py"), str(dirs["txt"])], brep)
    log("govlint: --version, one report, the text batch (--jobs 2, --jobs 1), peak memory …")
    r["version"] = timed(gl + ["--version"], rep, env=genv)
    r["check_one"] = timed(gl + ["check", "--no-config", "--no-cache", one_txt], rep, env=genv)
    r["txt_j2"] = timed(check + ["--jobs", "2", str(dirs["txt"])], brep, work / "txt_j2.json", env=genv)
    r["txt_summary"] = batch_summary(work / "txt_j2.json")
    r["txt_j1"] = timed(check + ["--jobs", "1", str(dirs["txt"])], brep, work / "txt_j1.json", env=genv)
    log("govlint: the text batch with a warm results cache …")
    shutil.rmtree(work / "cache" / "results", ignore_errors=True)
    r["txt_j2_fill"] = timed(cached + ["--jobs", "2", str(dirs["txt"])], 0, work / "txt_fill.json", env=genv, warm_up=False)
    r["txt_j2_warm"] = timed(cached + ["--jobs", "2", str(dirs["txt"])], brep, work / "txt_warm.json", env=genv)
    r["warm_same"] = (work / "txt_warm.json").read_bytes() == (work / "txt_j2.json").read_bytes()
    # the reviewer's table of the same batch: linted (--no-cache, as the json batch above), and from the
    # warm cache (the format's own cost, linting left out)
    xlsx = gl + ["check", "-f", "xlsx", "-o", str(work / "txt.xlsx"), "--no-config", "--jobs", "2", str(dirs["txt"])]
    r["txt_xlsx"] = timed(xlsx + ["--no-cache"], brep, env=genv)
    r["txt_xlsx_warm"] = timed(xlsx, brep, env=genv)
    rss = subprocess.run([py, str(HELPERS / "peak_rss.py"), str(work / "rss.json"), *check, "--jobs", "2", str(dirs["txt"])],
                         capture_output=True, text=True, check=True, env=genv)
    r.update({f"rss_{k}": v for k, v in json.loads(rss.stdout).items()})
    for kind in ("md", "html", "docx"):
        if kind not in dirs:
            continue
        log(f"govlint: the .{kind} batch …")
        r[f"{kind}_n"] = len(list(dirs[kind].iterdir()))
        r[f"{kind}_j2"] = timed(check + ["--jobs", "2", str(dirs[kind])], brep, work / f"{kind}_j2.json", env=genv)
        r[f"{kind}_summary"] = batch_summary(work / f"{kind}_j2.json")
    if "real" in dirs:
        log("govlint: the real-report batch …")
        r["real_n"] = len(list(dirs["real"].iterdir()))
        r["real_sources"] = ", ".join(args.corpus)
        r["real_j2"] = timed(check + ["--jobs", "2", str(dirs["real"])], brep, work / "real_j2.json", env=genv)
        r["real_summary"] = batch_summary(work / "real_j2.json")
    if "docx" in dirs and r["docx_n"] >= 2:
        log("python-docx floor and govlint's per-.docx cost (--jobs 1) …")
        floors = [float(subprocess.run([py, str(HELPERS / "docx_floor.py"), str(dirs["docx"])], capture_output=True, text=True,
                                       check=True).stdout) for _ in range(brep)]
        r["docx_floor_per_file"] = statistics.median(floors) / r["docx_n"]
        one_docx = str(sorted(dirs["docx"].iterdir())[0])
        r["docx_one"] = timed(check + ["--jobs", "1", one_docx], rep, env=genv)
        r["docx_j1"] = timed(check + ["--jobs", "1", str(dirs["docx"])], brep, work / "docx_j1.json", env=genv)
        r["docx_per_file"] = (r["docx_j1"] - r["docx_one"]) / (r["docx_n"] - 1)
    return r


# ---------------------------------------------------------------- report
def ms(s: float) -> str:
    return f"{s * 1000:,.0f} ms" if s >= 0.1 else f"{s * 1000:.1f} ms"


def report(r: dict) -> str:
    n = r["n_txt"]
    rows = []

    def row(measure, value, floor, ratio, budget, ok):
        rows.append(f"| {measure} | {value} | {floor} | {ratio} | {budget} | {ok} |")

    def check(measure, value, floor_v, floor_name, limit, fmt=ms):
        ratio = value / floor_v
        row(measure, fmt(value), f"{fmt(floor_v)} ({floor_name})", f"{ratio:.2f}×", f"≤ {limit}×",
            "✅" if ratio <= limit else "❌")

    check("`govlint --version` start-up", r["version"], r["click_min"], "minimal click", 1.5)
    check("`govlint check` one 30 KB .txt", r["check_one"], r["click_rich"], "click + rich hello", 2.5)
    check(f"text batch, {n} files, `--jobs 2`", r["txt_j2"], r["py_scan"], "pure-Python scan", 10)
    if "real_j2" in r:
        rn = r["real_n"]
        row(f"real reports, {rn} files cycled from the corpus, `--jobs 2`",
            f"{ms(r['real_j2'])} ({rn / r['real_j2']:,.0f} files/s, {r['real_j2'] / rn * 1000:.1f} ms/file)",
            f"{ms(r['txt_j2'])} (the generated text batch)", f"{(r['real_j2'] / rn) / (r['txt_j2'] / n):.2f}× per file", "—", "")
    fps = n / r["txt_j2"]
    row("text batch throughput, `--jobs 2`", f"{fps:,.0f} files/s", "—", "—", "≥ 1,000 files/s",
        "✅" if fps >= 1000 else "❌")
    wfps = n / r["txt_j2_warm"]
    row(f"text batch, {n} files, `--jobs 2`, warm results cache", f"{ms(r['txt_j2_warm'])} ({wfps:,.0f} files/s)",
        f"{ms(r['py_scan'])} (pure-Python scan)", f"{r['txt_j2_warm'] / r['py_scan']:.2f}×", "≥ 1,000 files/s",
        ("✅" if wfps >= 1000 else "❌") + ("" if r["warm_same"] else " (output differs!)"))
    check(f"text batch, {n} files, `--jobs 2`, `-f xlsx`", r["txt_xlsx"], r["txt_j2"], "the same with `-f json`", 1.2)
    row(f"text batch, {n} files, `-f xlsx`, warm results cache", ms(r["txt_xlsx_warm"]),
        f"{ms(r['txt_j2_warm'])} (the same with `-f json`)", f"{r['txt_xlsx_warm'] / r['txt_j2_warm']:.2f}×", "—", "")
    row(f"text batch, {n} files, `--jobs 1`", f"{ms(r['txt_j1'])} ({n / r['txt_j1']:,.0f} files/s)",
        f"{ms(r['py_scan'])} (pure-Python scan)", f"{r['txt_j1'] / r['py_scan']:.2f}×", "—", "")
    for kind in ("md", "html", "docx"):
        if f"{kind}_j2" in r:
            k, t = r[f"{kind}_n"], r[f"{kind}_j2"]
            row(f".{kind} batch, {k} files, `--jobs 2`", f"{ms(t)} ({k / t:,.0f} files/s, {t / k * 1000:.1f} ms/file)",
                "—", "—", "—", "")
    if "docx_per_file" in r:
        check(".docx per file after start-up (`--jobs 1`)", r["docx_per_file"], r["docx_floor_per_file"],
              "python-docx open + iterate", 1.5)
    for key, what in (("rss_maxrss_mb", "largest process"), ("rss_tree_mb", "all processes, PSS sampled")):
        mb = r[key]
        row(f"peak memory, text batch `--jobs 2` ({what})", f"{mb:.0f} MB", "—", "—", "≤ 150 MB",
            "✅" if mb <= 150 else "❌")
    head = "| measure | govlint | floor | ratio | budget | ok? |\n| --- | --- | --- | --- | --- | --- |\n"
    return head + "\n".join(rows)


def raw(r: dict) -> str:
    n, lines = r["n_txt"], [f"govlint command: {r['govlint_cmd']}"]
    lines.append(f"floors: python -c pass {ms(r['python_pass'])}, minimal click {ms(r['click_min'])}, click + rich hello "
                 f"{ms(r['click_rich'])}; over the text corpus: cat {ms(r['cat'])}, grep -c {ms(r['grep'])}, pure-Python "
                 f"scan {ms(r['py_scan'])} ({n / r['py_scan']:,.0f} files/s)")
    lines.append(f"govlint: --version {ms(r['version'])}, check of one .txt {ms(r['check_one'])}")
    for key, kind, k in [("txt_j2", ".txt --jobs 2", n), ("txt_j1", ".txt --jobs 1", n)] + [
            (f"{x}_j2", f".{x} --jobs 2", r[f"{x}_n"]) for x in ("md", "html", "docx") if f"{x}_j2" in r]:
        lines.append(f"{kind}: {k} files in {ms(r[key])}: {k / r[key]:,.0f} files/s, {r[key] / k * 1000:.2f} ms/file"
                     + (f" ({r[key[:-3] + '_summary']})" if key[:-3] + "_summary" in r and key.endswith("j2") else ""))
    if "real_j2" in r:
        lines.append(f"real reports --jobs 2: {r['real_n']} files cycled from {r['real_sources']} in {ms(r['real_j2'])}: "
                     f"{r['real_n'] / r['real_j2']:,.0f} files/s ({r['real_summary']})")
    lines.append(f"results cache: first run filling it {ms(r['txt_j2_fill'])}, warm {ms(r['txt_j2_warm'])}; warm output "
                 + ("identical to --no-cache" if r["warm_same"] else "DIFFERS from --no-cache"))
    lines.append(f"peak memory of the .txt --jobs 2 batch: largest process {r['rss_maxrss_mb']:.1f} MB, "
                 f"all processes {r['rss_tree_mb']:.1f} MB (PSS, sampled every 20 ms)")
    if "docx_per_file" in r:
        lines.append(f".docx --jobs 1: one file {ms(r['docx_one'])}, {r['docx_n']} files {ms(r['docx_j1'])} → "
                     f"{r['docx_per_file'] * 1000:.2f} ms/file after start-up; python-docx open + iterate "
                     f"{r['docx_floor_per_file'] * 1000:.2f} ms/file")
    return "\n".join("- " + line for line in lines)


def machine() -> str:
    return (f"nproc {os.cpu_count()} (usable {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'}), "
            f"Python {platform.python_version()} ({sys.executable}), {platform.platform()}")


# ---------------------------------------------------------------- profile
def profile(txt_dir: Path, limit: int) -> None:
    from govlint.linter import discover
    from govlint.runner import Options, Session

    files = list(discover([str(txt_dir)]))[:limit]
    session = Session(Options(no_config=True, cache=False))
    lint_one = session.lint
    lint_one(files[0])  # load the pack and the rules outside the profile
    t0 = time.perf_counter()
    try:
        from pyinstrument import Profiler

        with Profiler() as profiler:
            for f in files:
                lint_one(f)
        text = profiler.output_text(unicode=True, color=False)
    except ImportError:
        import cProfile
        import io
        import pstats

        log("pyinstrument is not installed (pip install pyinstrument): using cProfile")
        prof, buf = cProfile.Profile(), io.StringIO()
        t0 = time.perf_counter()
        prof.runcall(lambda: [lint_one(f) for f in files])
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(40)
        text = buf.getvalue()
    dt = time.perf_counter() - t0
    print(f"profile: {len(files)} .txt files in one process (jobs=1), {dt:.2f} s, {dt / len(files) * 1000:.2f} ms/file"
          " (profiler overhead included)\n")
    print("\n".join(text.splitlines()[:90]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="text reports (default 2000)")
    ap.add_argument("--n-other", type=int, default=200, help="reports of each other kind: .md, .html, .docx (default 200)")
    ap.add_argument("--out", help="corpus and outputs here (kept; reused when it matches); default a temporary dir")
    ap.add_argument("--keep", action="store_true", help="keep the temporary dir")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs of short commands (median; default 5)")
    ap.add_argument("--batch-repeat", type=int, default=3, help="timed runs of batches (median; default 3)")
    ap.add_argument("--govlint", help="govlint command (default: govlint beside this Python, PATH, python -m govlint)")
    for kind in ("md", "html", "docx"):
        ap.add_argument(f"--skip-{kind}", action="store_true", help=f"no .{kind} corpus or measures")
    ap.add_argument("--profile", action="store_true", help="only profile the text batch in-process (pyinstrument or cProfile)")
    ap.add_argument("--profile-n", type=int, default=300, help="files to profile (default 300)")
    ap.add_argument("--json", help="also write the raw numbers to this JSON file")
    ap.add_argument("--corpus", action="append", metavar="DIR",
                    help="also a batch of real reports: --n files cycled from the reports under DIR (repeatable)")
    args = ap.parse_args()

    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="govlint-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    counts = {"txt": args.n}
    if not args.profile:
        counts.update({k: args.n_other for k in ("md", "html", "docx") if not getattr(args, f"skip_{k}")})
    t0 = time.perf_counter()
    try:
        dirs = build_corpus(out, counts)
        if args.profile:
            profile(dirs["txt"], args.profile_n)
            return
        work = out / "_work"
        work.mkdir(exist_ok=True)
        if args.corpus:
            dirs["real"] = real_corpus(out, args.corpus, args.n)
        r = measure(args, dirs, work)
        r["machine"] = machine()
        print(f"## govlint benchmark\n\nMachine: {r['machine']}\n")
        print(report(r) + "\n")
        print(raw(r))
        print(f"\nTotal run time (corpus included): {time.perf_counter() - t0:.0f} s; corpus in {out}")
        if args.json:
            Path(args.json).write_text(json.dumps(r, ensure_ascii=False, indent=2), encoding="utf-8")
    finally:
        if not args.out and not args.keep:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
