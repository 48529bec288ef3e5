"""Scanned pages read by offline OCR: the optional ``ocr`` extra (rapidocr-onnxruntime, whose
Chinese PP-OCR models ship inside its wheel, on onnxruntime's CPU; pypdfium2 renders the pages).

A page is rendered to a bitmap, its text boxes recognised, and the boxes grouped into lines from
their vertical positions (top to bottom; in a line left to right). The recognised boxes of a file
are cached by the file's bytes (``ocr/`` in the cache directory), so a second run reads no page
again. The back-ends are imported inside the functions, only when a page without text is met.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Callable

from govlint import atomic, cachedir, rx

# the import names of the extra's back-ends
BACKENDS = ("rapidocr_onnxruntime", "pypdfium2")
DPI = 150  # enough for body text (see benchmarks/ocr.py); 300 costs four times the time
CACHE_VERSION = 6  # 2: lines with table cells, not boxes; 3: numbers outside cells doubtful; 4: deskew; 5: lookalikes; 6: rows


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


def reading(name: str) -> AbstractContextManager:
    """While the file ``name`` is read: the progress hook told its name, when the hook has a
    ``file(name)`` context (the command line's, which shows the name and clears its line when the
    file is done); otherwise nothing."""
    file = getattr(PROGRESS, "file", None)
    return file(name) if file is not None else nullcontext()


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


_NUMBER = rx.compile(r"^[-−－]?\d+(?:\.\d+)?$")
_DIGITS = rx.compile(r"\d+(?:\.\d+)?")
MIN_TABLE_WIDTH = 0.25  # of the page: ruled boxes narrower than this are not a table
MIN_CELL = 8  # pixels at 150 dpi: thinner gaps between ruling lines are no cells


@dataclass(slots=True)
class Cell:
    """A ruled table's cell on the page (its inside, between the lines) and what OCR read in it."""

    x0: int
    y0: int
    x1: int
    y1: int
    text: str = ""
    score: float = 1.0
    doubtful: bool = False  # a number whose two readings disagree or whose confidence is low


def _rules(image):
    """(ink, horizontal rules, vertical rules) of a page image, as binary masks: the rules are
    what a morphological opening with a long thin kernel keeps of the ink (strokes longer than a
    character)."""
    import cv2

    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 10)
    height, width = ink.shape
    rule_h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(width // 30, 20), 1)))
    rule_v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(height // 80, 15))))
    return ink, rule_h, rule_v


def deskew(image):
    """The image turned level when a scanner fed the page askew: the angle is the median slope
    of its long horizontal strokes (a table's rules, underlines), when at least three are longer
    than a fifth of the page and it is between 0.1° and 5°; else the image as it is."""
    import cv2
    import numpy

    _, rule_h, _ = _rules(image)
    width = rule_h.shape[1]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(rule_h, numpy.ones((3, 3), numpy.uint8)))
    angles = []
    for k in range(1, count):
        x, y, w, h, _ = (int(v) for v in stats[k])
        if w < width // 5 or h > w // 10:
            continue
        ys, xs = numpy.nonzero(labels[y:y + h, x:x + w] == k)
        slope = numpy.polyfit(xs.astype(float), ys.astype(float), 1)[0]
        angles.append(float(numpy.degrees(numpy.arctan(slope))))
    if len(angles) < 3:
        return image
    angle = float(numpy.median(angles))
    if not 0.1 <= abs(angle) <= 5:
        return image
    h, w = image.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, turn, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))


def find_tables(image) -> list[list[Cell]]:
    """The ruled tables of a page image, each as its cells (the regions its ruling lines enclose).

    The ruling lines are what a morphological opening with a long thin kernel keeps of the ink
    (horizontal and vertical strokes longer than a character); a table is a connected set of
    them wider than a quarter of the page. Its box is closed around (a table cut by the page's
    end has no last line), and its cells are the regions of blank inside the lines."""
    import cv2
    import numpy

    ink, rule_h, rule_v = _rules(image)
    height, width = ink.shape
    rules = cv2.dilate(rule_h | rule_v, numpy.ones((3, 3), numpy.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(rules)
    scale = max(width / 1241, 0.5)  # the page's width at 150 dpi: sizes below are at that scale
    tables = []
    for k in range(1, count):
        x, y, w, h, _ = (int(v) for v in stats[k])
        if w < width * MIN_TABLE_WIDTH or h < 30 * scale:
            continue
        lines = (labels[y:y + h, x:x + w] == k).astype(numpy.uint8) * 255
        cv2.rectangle(lines, (0, 0), (w - 1, h - 1), 255, max(int(2 * scale), 1))
        n, _, boxes, _ = cv2.connectedComponentsWithStats(255 - lines, connectivity=4)
        cells = [Cell(x + int(cx), y + int(cy), x + int(cx + cw), y + int(cy + ch))
                 for cx, cy, cw, ch, _ in boxes[1:n]
                 if cw >= MIN_CELL * scale and ch >= MIN_CELL * scale]
        if len(cells) >= 4:
            tables.append(cells)
    return tables


def _inside(box: Box, cell: Cell) -> bool:
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    return cell.x0 <= cx <= cell.x1 and cell.y0 <= cy <= cell.y1


def _ink(image, cell: Cell):
    """The rectangle (x0, y0, x1, y1) around the marks inside a cell (a margin off its lines),
    or None when it is blank."""
    import cv2
    import numpy

    m = 3
    crop = image[cell.y0 + m:cell.y1 - m, cell.x0 + m:cell.x1 - m]
    if crop.size == 0:
        return None
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    ys, xs = numpy.nonzero(gray < 128)
    if len(xs) < 12:
        return None
    return (cell.x0 + m + int(xs.min()), cell.y0 + m + int(ys.min()),
            cell.x0 + m + int(xs.max()) + 1, cell.y0 + m + int(ys.max()) + 1)


def _crop(image, ink):
    """The image around ``ink`` with a margin of a third of its height, as the recogniser's line
    crops have."""
    x0, y0, x1, y1 = ink
    pad = max((y1 - y0) // 3, 3)
    h, w = image.shape[:2]
    return image[max(y0 - pad, 0):min(y1 + pad, h), max(x0 - pad, 0):min(x1 + pad, w)]


TRUST = 0.5  # the lowest recogniser confidence a number is trusted at, when both readings agree
TRUST_ALONE = 0.95  # ... and when only the cell's crop was read (the detector missed it)


# letters a recogniser reads for a digit standing alone in a cell (a round 0 as "o", a 1 as "I")
_LOOKALIKE = str.maketrans({"o": "0", "O": "0", "〇": "0", "D": "0", "I": "1", "l": "1", "|": "1", "丨": "1"})


def _number(text: str) -> str | None:
    """``text`` as a number, the letters that look like digits read as digits ("1o" → "10");
    None when it is no number."""
    if _NUMBER.match(text):
        return text
    digits = text.translate(_LOOKALIKE)
    return digits if digits != text and _NUMBER.match(digits) else None


def fill_cells(engine, image, cells: list[Cell], boxes: list[Box]) -> set[int]:
    """Each cell's text from the detected boxes inside it; a number (letters that look like digits
    read as digits) read a second time from the cell's own crop (recognition only). A number is
    trusted when both readings agree and both are confident enough; a cell the detector left empty but that holds ink is read from its crop
    alone, and is doubtful. Returns the ids (``id(box)``) of the boxes used."""
    used: set[int] = set()
    for cell in cells:
        mine = [b for b in boxes if _inside(b, cell)]
        if mine:
            used.update(id(b) for b in mine)
            cell.text = "".join(line.text for line in group_lines(mine))
            cell.score = min(b.score for b in mine)
    todo = []
    for cell in cells:
        if _number(cell.text) is not None or not cell.text:
            ink = _ink(image, cell)
            if ink is not None:
                todo.append((cell, ink))
    if todo:
        again = engine.text_rec([_crop(image, ink) for _, ink in todo])[0]
        for (cell, _), got in zip(todo, again):
            text, score = _number("".join(str(got[0]).split())), float(got[1])
            if not cell.text:
                if text is not None:  # a lone digit the detector missed: one reading only
                    cell.text, cell.score, cell.doubtful = text, score, score < TRUST_ALONE
                continue
            cell.text = _number(cell.text)
            cell.doubtful = text != cell.text or min(score, cell.score) < TRUST
    return used


def table_lines(cells: list[Cell]) -> list[tuple[float, OcrLine]]:
    """A table's rows as lines, top to bottom: the cells that begin at the same height, left to
    right, joined by " | " (a cell merged over several rows stands in its first), each with its
    cells' spans and its doubtful numbers' spans; with the row's top."""
    heights = sorted(c.y1 - c.y0 for c in cells)
    near = max(6, 0.3 * heights[len(heights) // 5])  # tops this close are one row (the page is levelled)
    rows: list[list[Cell]] = []
    for cell in sorted(cells, key=lambda c: (c.y0, c.x0)):
        if rows and cell.y0 - rows[-1][0].y0 <= near:
            rows[-1].append(cell)
        else:
            rows.append([cell])
    out = []
    for row in rows:
        row.sort(key=lambda c: c.x0)
        if any(b.x0 < a.x1 - 3 for a, b in zip(row, row[1:])):
            # cells one above the other taken for one row (lines lost to a noisy scan): its numbers
            # may belong to either row
            for cell in row:
                cell.doubtful = cell.doubtful or _number(cell.text) is not None
        text, spans, doubtful = "", [], []
        for k, cell in enumerate(row):
            if k:
                text += " | "
            spans.append((len(text), len(text) + len(cell.text)))
            if cell.doubtful:
                doubtful.append(spans[-1])
            text += cell.text
        if not text.replace("|", "").strip():
            continue  # a row of empty cells (a ruled gap)
        numbers = [c.score for c in row if _NUMBER.match(c.text)]
        out.append((row[0].y0, OcrLine(text, min(numbers or [c.score for c in row]), [], spans, doubtful)))
    return out


def page_lines(engine, image) -> list[OcrLine]:
    """A page image's lines: the rows of its ruled tables (cells and trust as in
    :func:`table_lines`) and the lines of the rest of its text (:func:`group_lines`), top to bottom.
    Numbers outside ruled cells were read once, with nothing to place them in a column: all are
    doubtful (a borderless table is read, never checked)."""
    image = deskew(image)
    boxes = recognise(engine, image)
    placed: list[tuple[float, OcrLine]] = []
    used: set[int] = set()
    for cells in find_tables(image):
        used |= fill_cells(engine, image, cells, boxes)
        placed += table_lines(cells)
    for line in group_lines([b for b in boxes if id(b) not in used]):
        line.doubtful = [m.span() for m in _DIGITS.finditer(line.text)]
        placed.append((min(b.y0 for b in line.boxes), line))
    placed.sort(key=lambda p: p[0])
    return [line for _, line in placed]


def _cache_path(data: bytes, dpi: int):
    digest = hashlib.sha256(data).hexdigest()
    return cachedir.cache_root() / "ocr" / f"{digest}-{dpi}-v{CACHE_VERSION}.json"


def _load_cache(data: bytes, dpi: int) -> dict[int, list[OcrLine]]:
    if not cachedir.enabled():
        return {}
    try:
        raw = json.loads(_cache_path(data, dpi).read_text(encoding="utf-8"))
        return {int(p): [OcrLine(text, score, [], [tuple(c) for c in cells] if cells is not None else None,
                                 [tuple(d) for d in doubtful])
                         for text, score, cells, doubtful in lines] for p, lines in raw.items()}
    except (OSError, ValueError, TypeError):
        return {}


def _store_cache(data: bytes, dpi: int, pages: dict[int, list[OcrLine]]) -> None:
    if not cachedir.enabled():
        return
    path = _cache_path(data, dpi)
    try:
        os.makedirs(path.parent, exist_ok=True)
        with atomic.replacing(path, "w", encoding="utf-8") as fh:
            json.dump({str(p): [[l.text, l.score, l.cells, l.doubtful] for l in lines]
                       for p, lines in pages.items()}, fh, ensure_ascii=False)
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


@functools.lru_cache(maxsize=1)
def engine():
    """The recogniser, loaded once a process (its three models take about a second)."""
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def read_pages(data: bytes, pages: list[int], dpi: int = DPI,
               progress: Callable[[int, int], None] | None = None) -> dict[int, list[OcrLine]]:
    """The lines of the PDF's pages ``pages`` (1-based) by OCR; ``progress(done, total)`` as it
    begins and after each page it reads (none for pages in the cache). Needs the extra (see :func:`available`)."""
    found = _load_cache(data, dpi)
    todo = [p for p in pages if p not in found]
    progress = progress or PROGRESS
    if todo:
        if progress is not None:
            progress(0, len(todo))  # reading begins (the models load first)
        ocr = engine()
        for k, p in enumerate(todo, start=1):
            found[p] = page_lines(ocr, render(data, p - 1, dpi))
            if progress is not None:
                progress(k, len(todo))
        _store_cache(data, dpi, found)
    return {p: found.get(p, []) for p in pages}


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
        found = {1: page_lines(engine(), image)}
        _store_cache(data, 0, found)
    return found[1]
