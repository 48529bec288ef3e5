"""PDF through pypdf (a dependency, imported only here).

Text page by page; each line keeps its page and its line on the page. A PDF whose pages carry
no text (a scan) is flagged ``no-text-layer`` and reported as an error, never as a clean result.
"""

from __future__ import annotations

import io
import re

from govlint.errors import InputError, Text
from govlint.limits import Limits, too_large
from govlint.readers import Source, SourceLine, binary_reader, split_lines

INSTALL_HINT = Text("读取 PDF 需要 pypdf（govlint 的依赖，安装不完整？）：pip install pypdf",
                    "reading PDF needs pypdf (a dependency of govlint: an incomplete install?): pip install pypdf")


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
    number = 0
    for p, text in enumerate(pages, start=1):
        for i, line in enumerate(split_lines(text), start=1):
            number += 1
            line = line.replace("\x00", "")
            if line.strip():
                src.lines.append(SourceLine(number, line, line, {"page": p, "line": i}))
    if not any(re.search(r"\w", sl.text) for sl in src.lines):
        src.flags.add("no-text-layer")
        src.lines = []
    return src
