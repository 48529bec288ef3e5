"""OCR of a text PDF's pages against its own text layer: character accuracy, seconds per page,
peak memory (the ``ocr`` extra: pip install 'govlint[ocr]').

    python benchmarks/ocr.py [PDF ...] [--dpi 150 --dpi 300] [--reference TEXT_PDF]

Each page is rendered with pypdfium2 at each dpi and read by RapidOCR; its text (whitespace
removed) is compared with pypdf's text layer: accuracy = 1 − Levenshtein distance / length of the
text layer (or, for an image-only copy, with ``--reference``'s: the text PDF it was made from). Every dpi runs in a process of its own, so its peak RSS is its own.
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


def _squash(text: str) -> str:
    return "".join(text.split())


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
        t0 = time.perf_counter()
        image = ocr.render(data, i, dpi)
        t1 = time.perf_counter()
        lines = ocr.group_lines(ocr.recognise(engine, image))
        t2 = time.perf_counter()
        got, want = _squash("".join(l.text for l in lines)), _squash(ref)
        dist = Levenshtein.distance(got, want)
        pages.append({"page": i + 1, "render_s": round(t1 - t0, 3), "ocr_s": round(t2 - t1, 3),
                      "chars": len(want), "distance": dist, "accuracy": round(1 - dist / max(len(want), 1), 4)})
    chars = sum(p["chars"] for p in pages)
    dist = sum(p["distance"] for p in pages)
    seconds = sum(p["render_s"] + p["ocr_s"] for p in pages)
    return {"file": path.name, "dpi": dpi, "pages": len(pages), "engine_load_s": round(load, 3),
            "seconds_per_page": round(seconds / max(len(pages), 1), 3), "accuracy": round(1 - dist / max(chars, 1), 4),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1), "per_page": pages}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="*", type=Path, default=[DEFAULT])
    ap.add_argument("--dpi", type=int, action="append")
    ap.add_argument("--reference", type=Path, help="the text PDF an image-only PDF was made from")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # a child process: one file, one dpi
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure(args.pdf[0], args.dpi[0], args.reference), ensure_ascii=False))
        return
    for path in args.pdf:
        for dpi in args.dpi or [150, 300]:
            ref = ["--reference", str(args.reference)] if args.reference else []
            out = subprocess.run([sys.executable, __file__, "--one", "--dpi", str(dpi), *ref, str(path)],
                                 check=True, capture_output=True, text=True).stdout
            r = json.loads(out)
            print(f"{r['file']} {r['dpi']} dpi: accuracy {r['accuracy']:.2%}, {r['seconds_per_page']:.2f} s/page "
                  f"(engine load {r['engine_load_s']:.2f} s), peak RSS {r['peak_rss_mb']:.0f} MB")
            for p in r["per_page"]:
                print(f"  page {p['page']}: {p['accuracy']:.2%} of {p['chars']} chars, "
                      f"render {p['render_s']:.2f} s, OCR {p['ocr_s']:.2f} s")


if __name__ == "__main__":
    main()
