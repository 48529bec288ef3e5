"""Scanned pages read by offline OCR: the optional ``ocr`` extra (rapidocr-onnxruntime, whose
Chinese PP-OCR models ship inside its wheel, on onnxruntime's CPU; pypdfium2 renders the pages).

A page is rendered to a bitmap, its text boxes recognised, and the boxes grouped into lines from
their vertical positions (top to bottom; in a line left to right). The recognised boxes of a file
are cached by the file's bytes (``ocr/`` in the cache directory), so a second run reads no page
again. The back-ends are imported inside the functions, only when a page without text is met.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass, field
from typing import Callable

from govlint import atomic, cachedir

# the import names of the extra's back-ends
BACKENDS = ("rapidocr_onnxruntime", "pypdfium2")
DPI = 150  # enough for body text (see benchmarks/ocr.py); 300 costs four times the time
CACHE_VERSION = 1


@dataclass(frozen=True, slots=True)
class Box:
    """One recognised piece of text and its rectangle on the page (pixels at the rendering's dpi)."""

    text: str
    score: float  # the recogniser's confidence, 0..1
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(slots=True)
class OcrLine:
    text: str
    score: float  # the lowest confidence of its boxes
    boxes: list[Box]
    # a ruled table's row: the spans of its cells in ``text`` (cells joined by " | "); None for text
    cells: list[tuple[int, int]] | None = None
    # spans in ``text`` of numbers whose reading is not trusted (see read_table_page)
    doubtful: list[tuple[int, int]] = field(default_factory=list)


# Called with (done, total) after each page OCR reads, when read_pages is given no callback: set by
# the command line (progress on stderr for long files); None: silent.
PROGRESS: Callable[[int, int], None] | None = None


def available() -> bool:
    """Whether the ``ocr`` extra is installed."""
    try:
        return all(importlib.util.find_spec(name) is not None for name in BACKENDS)
    except (ImportError, ValueError):
        return False


def group_lines(boxes: list[Box]) -> list[OcrLine]:
    """Boxes as lines: a box joins a line its vertical extent overlaps by half the smaller height;
    lines top to bottom, boxes in a line left to right, a space where the gap between two boxes is
    wider than half a character (a table's cells, words apart)."""
    rows: list[list[Box]] = []
    spans: list[list[float]] = []  # each row's [top, bottom]
    for box in sorted(boxes, key=lambda b: ((b.y0 + b.y1) / 2, b.x0)):
        height = max(box.y1 - box.y0, 1.0)
        best, best_overlap = None, 0.0
        for k in range(len(rows) - 1, max(-1, len(rows) - 4), -1):  # the last few rows
            top, bottom = spans[k]
            overlap = min(bottom, box.y1) - max(top, box.y0)
            ratio = overlap / max(min(height, bottom - top), 1.0)
            if ratio >= 0.5 and ratio > best_overlap:
                best, best_overlap = k, ratio
        if best is None:
            rows.append([box])
            spans.append([box.y0, box.y1])
        else:
            rows[best].append(box)
            spans[best] = [min(spans[best][0], box.y0), max(spans[best][1], box.y1)]
    order = sorted(range(len(rows)), key=lambda k: (spans[k][0] + spans[k][1]) / 2)
    lines = []
    for k in order:
        row = sorted(rows[k], key=lambda b: b.x0)
        parts = [row[0].text]
        for prev, box in zip(row, row[1:]):
            height = max(min(prev.y1 - prev.y0, box.y1 - box.y0), 1.0)
            parts.append((" " if box.x0 - prev.x1 > 0.5 * height else "") + box.text)
        lines.append(OcrLine("".join(parts), min(b.score for b in row), row))
    return lines


def _cache_path(data: bytes, dpi: int):
    digest = hashlib.sha256(data).hexdigest()
    return cachedir.cache_root() / "ocr" / f"{digest}-{dpi}-v{CACHE_VERSION}.json"


def _load_cache(data: bytes, dpi: int) -> dict[int, list[Box]]:
    if not cachedir.enabled():
        return {}
    try:
        raw = json.loads(_cache_path(data, dpi).read_text(encoding="utf-8"))
        return {int(p): [Box(*b) for b in boxes] for p, boxes in raw.items()}
    except (OSError, ValueError, TypeError):
        return {}


def _store_cache(data: bytes, dpi: int, pages: dict[int, list[Box]]) -> None:
    if not cachedir.enabled():
        return
    path = _cache_path(data, dpi)
    try:
        os.makedirs(path.parent, exist_ok=True)
        with atomic.replacing(path, "w", encoding="utf-8") as fh:
            json.dump({str(p): [[b.text, b.score, b.x0, b.y0, b.x1, b.y1] for b in boxes]
                       for p, boxes in pages.items()}, fh, ensure_ascii=False)
    except OSError:
        pass  # a read-only cache: the next run reads the pages again


def render(data: bytes, index: int, dpi: int = DPI):
    """Page ``index`` (0-based) as a BGR array."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        page = pdf[index]
        try:
            bitmap = page.render(scale=dpi / 72)
            return bitmap.to_numpy().copy()
        finally:
            page.close()
    finally:
        pdf.close()


def recognise(engine, image) -> list[Box]:
    """The text boxes of one image (an array) by a RapidOCR engine."""
    result, _ = engine(image)
    boxes = []
    for points, text, score in result or []:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        if text.strip():
            boxes.append(Box(text, float(score), float(min(xs)), float(min(ys)), float(max(xs)), float(max(ys))))
    return boxes


def engine():
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def read_pages(data: bytes, pages: list[int], dpi: int = DPI,
               progress: Callable[[int, int], None] | None = None) -> dict[int, list[OcrLine]]:
    """The lines of the PDF's pages ``pages`` (1-based) by OCR; ``progress(done, total)`` after
    each page. Needs the extra (see :func:`available`)."""
    found = _load_cache(data, dpi)
    todo = [p for p in pages if p not in found]
    progress = progress or PROGRESS
    if todo:
        ocr = engine()
        for k, p in enumerate(todo, start=1):
            found[p] = recognise(ocr, render(data, p - 1, dpi))
            if progress is not None:
                progress(k, len(todo))
        _store_cache(data, dpi, found)
    return {p: group_lines(found.get(p, [])) for p in pages}


def decode(data: bytes):
    """An image file's bytes (PNG, JPEG, BMP, …) as a BGR array; None when opencv cannot decode it."""
    import cv2
    import numpy

    image = cv2.imdecode(numpy.frombuffer(data, dtype=numpy.uint8), cv2.IMREAD_COLOR)
    return image


def read_image(data: bytes) -> list[OcrLine]:
    """The lines OCR reads in a picture (an image file's bytes), top to bottom; [] when the
    picture cannot be decoded. Cached by the bytes, as pages are. Needs the extra."""
    found = _load_cache(data, 0)
    if 1 not in found:
        image = decode(data)
        if image is None:
            return []
        found = {1: recognise(engine(), image)}
        _store_cache(data, 0, found)
    return group_lines(found[1])
