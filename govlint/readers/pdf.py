"""PDF through pypdf (a dependency, imported only here).

Text page by page; each line keeps its page and its line on the page. A PDF whose pages carry
no text (a scan) is flagged ``no-text-layer`` and reported as an error, never as a clean result.
With the ``ocr`` extra installed, pages without text are read by OCR (govlint.ocr) into lines of
the same shape, and the file is flagged ``ocr``; without it, an all-scanned file is also flagged
``ocr-missing`` (its finding names the extra).
"""

from __future__ import annotations

import io

from govlint import ocr, rx
from govlint.errors import InputError, Text
from govlint.limits import Limits, too_large
from govlint.readers import Source, SourceLine, binary_reader, ocr_location, split_lines

INSTALL_HINT = Text("读取 PDF 需要 pypdf（govlint 的依赖，安装不完整？）：pip install pypdf",
                    "reading PDF needs pypdf (a dependency of govlint: an incomplete install?): pip install pypdf")

_WORD = rx.compile(r"\w")


@binary_reader(("pdf",), "pdf")
def read(path: str, data: bytes, limits: Limits) -> Source:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:
        raise InputError(path, INSTALL_HINT) from None
    import logging
    logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)  # its warnings are not ours to print
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise InputError(path, Text("PDF 已加密，无法读取文字", "the PDF is encrypted; its text cannot be read")) from None
        if len(reader.pages) > limits.max_pdf_pages:
            raise InputError(path, too_large(f"PDF 共 {len(reader.pages)} 页", f"{limits.max_pdf_pages} 页",
                                             f"the PDF has {len(reader.pages)} pages", f"{limits.max_pdf_pages}"))
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, Exception) as exc:  # pypdf raises many kinds on broken files
        raise InputError(path, Text(f"无法读取 PDF（{type(exc).__name__}），请确认文件未损坏",
                                    f"cannot read the PDF ({type(exc).__name__}); is it damaged?")) from None
    src = Source(path=path, format="pdf", encoding="pdf")
    scanned = [p for p, text in enumerate(pages, start=1) if not _WORD.search(text)]
    read_by_ocr = _ocr(data, scanned, src) if scanned else {}
    number = 0
    for p, text in enumerate(pages, start=1):
        if p in read_by_ocr:
            for i, line in enumerate(read_by_ocr[p], start=1):
                number += 1
                src.lines.append(SourceLine(number, line.text, line.text, ocr_location(line, {"page": p, "line": i})))
            continue
        for i, line in enumerate(split_lines(text), start=1):
            number += 1
            line = line.replace("\x00", "")
            if line.strip():
                src.lines.append(SourceLine(number, line, line, {"page": p, "line": i}))
    if not any(_WORD.search(sl.text) for sl in src.lines):
        src.flags.add("no-text-layer")
        src.lines = []
    return src


def _ocr(data: bytes, pages: list[int], src: Source) -> dict:
    """The lines OCR reads on ``pages`` (1-based; {page: [OcrLine]}) when the extra is installed;
    flags the source ``ocr`` when it read any text, ``ocr-missing`` when the extra is not there."""
    if not ocr.available():
        src.flags.add("ocr-missing")
        return {}
    try:
        found = ocr.read_pages(data, pages)
    except Exception:  # a page pdfium cannot render, a broken model install: the page stays blank
        return {}
    found = {p: lines for p, lines in found.items() if any(_WORD.search(line.text) for line in lines)}
    if found:
        src.flags.add("ocr")
    return found
