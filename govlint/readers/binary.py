"""Readers of formats that need a back-end library: registered here, imported only when a file
of that type is met (``govlint --help`` must not pay for python-docx, lxml or pypdf)."""

from __future__ import annotations

from govlint.readers import Source, register_binary


@register_binary(("docx",), "docx")
def read_docx(path: str, data: bytes) -> Source:
    from govlint.readers.docx import read

    return read(path, data)


@register_binary(("html", "htm", "shtml"), "html")
def read_html(path: str, data: bytes) -> Source:
    from govlint.readers.html import read

    return read(path, data)


@register_binary(("pdf",), "pdf")
def read_pdf(path: str, data: bytes) -> Source:
    from govlint.readers.pdf import read

    return read(path, data)
