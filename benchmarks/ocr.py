"""OCR of a text PDF's pages against its own text layer: character accuracy, seconds per page,
peak memory (the ``ocr`` extra: pip install 'govlint[ocr]').

    python benchmarks/ocr.py [PDF ...] [--dpi 150 --dpi 300] [--reference TEXT_PDF]
    python benchmarks/ocr.py --fixtures [--dpi 150 ...] [--json FILE]

Each page is rendered with pypdfium2 at each dpi and read as govlint reads it (``ocr.page_lines``:
the page levelled, ruled tables cell by cell with each number read twice); its text (whitespace
and cell bars removed) is compared with pypdf's text layer: accuracy = 1 − Levenshtein distance / length of the
text layer (or, for an image-only copy, with ``--reference``'s: the text PDF it was made from).
Time per page is wall time (render + OCR) and the process's CPU time (all its threads: onnxruntime
uses every core), which other jobs sharing the machine disturb less. Every dpi runs in a process
of its own, so its peak RSS is its own.

``--fixtures`` measures every fixture of tests/fixtures/scans (made by its make_scans.py): each
image-only PDF ``X_scanN.pdf`` (N: the dpi it was scanned at) against its text PDF ``X.pdf``
(tests/fixtures/reports/ or tests/fixtures/scans/), read at govlint's own dpi (``govlint.ocr.DPI``,
150) unless ``--dpi`` says otherwise; and each picture of a ``*-picture.docx`` (a table pasted as a
picture) read as govlint reads a picture (``ocr.read_image``: the image as it is, no rendering),
against the text of the Word table it replaced (in the .docx without ``-picture``; the table
nearest to it). It ends with a Markdown table (benchmarks/README.md, “OCR”).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "tests" / "fixtures" / "reports" / "洪泽区_2023.pdf"
SCANS = ROOT / "tests" / "fixtures" / "scans"
REPORTS = ROOT / "tests" / "fixtures" / "reports"


def _squash(text: str) -> str:
    """The text without whitespace, nor the " | " between the cells of a table row OCR read."""
    return "".join(text.replace("|", " ").split())


def measure(path: Path, dpi: int, reference_pdf: Path | None = None) -> dict:
    sys.path.insert(0, str(ROOT))
    from pypdf import PdfReader
    from rapidfuzz.distance import Levenshtein

    from govlint import ocr

    data = path.read_bytes()
    reference = [page.extract_text() or "" for page in PdfReader(reference_pdf or path).pages]
    start = time.perf_counter()
    engine = ocr.engine()
    load = time.perf_counter() - start
    pages = []
    for i, ref in enumerate(reference):
        c0, t0 = time.process_time(), time.perf_counter()
        image = ocr.render(data, i, dpi)
        t1 = time.perf_counter()
        lines = ocr.page_lines(engine, image)  # as govlint reads a page: levelled, ruled tables by cell
        c2, t2 = time.process_time(), time.perf_counter()
        got, want = _squash("".join(l.text for l in lines)), _squash(ref)
        dist = Levenshtein.distance(got, want)
        pages.append({"page": i + 1, "render_s": round(t1 - t0, 3), "ocr_s": round(t2 - t1, 3), "cpu_s": round(c2 - c0, 3),
                      "chars": len(want), "distance": dist, "accuracy": round(1 - dist / max(len(want), 1), 4)})
    chars = sum(p["chars"] for p in pages)
    dist = sum(p["distance"] for p in pages)
    seconds = sum(p["render_s"] + p["ocr_s"] for p in pages)
    return {"file": path.name, "dpi": dpi, "pages": len(pages), "engine_load_s": round(load, 3),
            "seconds_per_page": round(seconds / max(len(pages), 1), 3),
            "cpu_seconds_per_page": round(sum(p["cpu_s"] for p in pages) / max(len(pages), 1), 3), "accuracy": round(1 - dist / max(chars, 1), 4),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1), "per_page": pages}


def _table_text(table) -> str:
    """A Word table's text row by row, cell by cell as the XML has them (a merged cell once)."""
    from docx.oxml.ns import qn

    return "".join(t.text or "" for tr in table._tbl.iter(qn("w:tr")) for tc in tr.iter(qn("w:tc"))
                   for t in tc.iter(qn("w:t")))


def measure_pictures(path: Path, reference_docx: Path) -> dict:
    """Each picture of a .docx read by OCR, against the reference .docx's table nearest to it."""
    sys.path.insert(0, str(ROOT))
    import docx
    from docx.oxml.ns import qn
    from rapidfuzz.distance import Levenshtein

    from govlint import ocr

    document = docx.Document(str(path))
    blobs = [document.part.related_parts[blip.get(qn("r:embed"))].blob
             for blip in document.element.body.iter(qn("a:blip"))]
    tables = [_squash(_table_text(t)) for t in docx.Document(str(reference_docx)).tables]
    start = time.perf_counter()
    engine = ocr.engine()
    load = time.perf_counter() - start
    pages = []
    for i, blob in enumerate(blobs):
        c0, t0 = time.process_time(), time.perf_counter()
        image = ocr.decode(blob)
        t1 = time.perf_counter()
        got = _squash("".join(l.text for l in ocr.page_lines(engine, image)))
        c2, t2 = time.process_time(), time.perf_counter()
        dist, want = min((Levenshtein.distance(got, t), t) for t in tables)
        pages.append({"page": i + 1, "render_s": round(t1 - t0, 3), "ocr_s": round(t2 - t1, 3), "cpu_s": round(c2 - c0, 3),
                      "size": f"{image.shape[1]}×{image.shape[0]}",
                      "chars": len(want), "distance": dist, "accuracy": round(1 - dist / max(len(want), 1), 4)})
    chars = sum(p["chars"] for p in pages)
    dist = sum(p["distance"] for p in pages)
    seconds = sum(p["render_s"] + p["ocr_s"] for p in pages)
    return {"file": path.name, "dpi": 0, "pages": len(pages), "engine_load_s": round(load, 3),
            "seconds_per_page": round(seconds / max(len(pages), 1), 3),
            "cpu_seconds_per_page": round(sum(p["cpu_s"] for p in pages) / max(len(pages), 1), 3), "accuracy": round(1 - dist / max(chars, 1), 4),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1), "per_page": pages}


def fixtures() -> list[tuple[Path, Path, int]]:
    """(image-only file, its text reference, the dpi it was scanned at; 0 for a picture .docx)."""
    out = []
    for path in sorted(SCANS.glob("*_scan*.pdf")):
        stem, _, dpi = path.stem.rpartition("_scan")
        reference = next(p for p in (SCANS / f"{stem}.pdf", REPORTS / f"{stem}.pdf") if p.exists())
        out.append((path, reference, int(dpi)))
    for path in sorted(SCANS.glob("*-picture.docx")):
        out.append((path, SCANS / path.name.replace("-picture.docx", ".docx"), 0))
    return out


def _child(path: Path, dpi: int, reference: Path | None) -> dict:
    ref = ["--reference", str(reference)] if reference else []
    out = subprocess.run([sys.executable, __file__, "--one", "--dpi", str(dpi), *ref, str(path)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def _print(r: dict) -> None:
    what = f"{r['dpi']} dpi" if r["dpi"] else "pictures"
    print(f"{r['file']} {what}: accuracy {r['accuracy']:.2%}, {r['seconds_per_page']:.2f} s/page "
          f"({r.get('cpu_seconds_per_page', 0):.2f} s CPU) "
          f"(engine load {r['engine_load_s']:.2f} s), peak RSS {r['peak_rss_mb']:.0f} MB", flush=True)
    for p in r["per_page"]:
        print(f"  {'picture' if not r['dpi'] else 'page'} {p['page']}: {p['accuracy']:.2%} of {p['chars']} chars, "
              f"render {p['render_s']:.2f} s, OCR {p['ocr_s']:.2f} s", flush=True)


def run_fixtures(dpis: list[int] | None, json_path: Path | None, table_only: Path | None = None) -> None:
    sys.path.insert(0, str(ROOT))
    from govlint import ocr

    if table_only:  # the table again from a --json file
        _table(json.loads(table_only.read_text(encoding="utf-8")))
        return
    rows = []
    for path, reference, scanned in fixtures():
        for dpi in ([0] if not scanned else dpis or [ocr.DPI]):
            r = _child(path, dpi, reference)
            r.update(scanned=scanned, reference=reference.name, size_kb=round(path.stat().st_size / 1024))
            _print(r)
            rows.append(r)
    if json_path:
        json_path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    _table(rows)


def _table(rows: list[dict]) -> None:
    print()
    print("| fixture | scanned at | file size | read at | pages | accuracy (worst page) | s/page (render + OCR) "
          "| CPU s/page | engine load | peak RSS |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        worst = min(p["accuracy"] for p in r["per_page"]) if r["per_page"] else 0
        pictures = not r["dpi"]
        print(f"| `{r['file']}` vs `{r['reference']}` | {'—' if pictures else str(r['scanned']) + ' dpi'} "
              f"| {r['size_kb']} KB | {'the picture' if pictures else str(r['dpi']) + ' dpi'} "
              f"| {r['pages']}{' pictures' if pictures else ''} | {r['accuracy']:.2%} ({worst:.2%}) "
              f"| {r['seconds_per_page']:.2f} s | {r.get('cpu_seconds_per_page', 0):.2f} s "
              f"| {r['engine_load_s']:.2f} s | {r['peak_rss_mb']:.0f} MB |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="*", type=Path, default=[DEFAULT])
    ap.add_argument("--dpi", type=int, action="append")
    ap.add_argument("--reference", type=Path, help="the text PDF an image-only PDF was made from")
    ap.add_argument("--fixtures", action="store_true", help="measure every fixture of tests/fixtures/scans")
    ap.add_argument("--json", type=Path, help="with --fixtures: write the raw numbers to this file")
    ap.add_argument("--table", type=Path, help="print the Markdown table of a --json file again, measuring nothing")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # a child process: one file, one dpi
    args = ap.parse_args()
    if args.one:
        if args.pdf[0].suffix == ".docx":
            r = measure_pictures(args.pdf[0], args.reference)
        else:
            r = measure(args.pdf[0], args.dpi[0], args.reference)
        print(json.dumps(r, ensure_ascii=False))
        return
    if args.fixtures or args.table:
        run_fixtures(args.dpi, args.json, args.table)
        return
    for path in args.pdf:
        for dpi in args.dpi or [150, 300]:
            _print(_child(path, dpi, args.reference))


if __name__ == "__main__":
    main()
