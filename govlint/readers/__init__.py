"""Readers turn a file's bytes into a :class:`Source`: its lines with their own line numbers.

One reader per format, chosen by file extension. Each line carries ``text`` (the user's
original, quoted back in messages) and ``content`` (same length, format markup such as
Markdown ``##`` blanked out) that the document model parses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from govlint.errors import InputError

_NEWLINES = re.compile(r"\r\n|\r|\n")


@dataclass(slots=True)
class SourceLine:
    number: int  # 1-based, the file's own line number (a .docx: the paragraph number); increasing
    text: str  # original text
    content: str  # same length as text, markup blanked
    # Where a user finds this line when "line N" means nothing to them: {"paragraph": 12},
    # {"table": 2, "row": 5, "cells": [[start, end], ...]} (cell spans in text), {"page": 3, "line": 7}.
    location: dict | None = None


@dataclass
class Source:
    path: str
    format: str  # "txt" | "md" | "docx" | "html" | "pdf"
    encoding: str
    lines: list[SourceLine] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)  # e.g. "no-text-layer" (a scanned PDF)
    directives: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of comments the lines lack


Reader = Callable[[str, str, str], Source]  # (path, text, encoding) -> Source
BinaryReader = Callable[[str, bytes], Source]  # (path, bytes) -> Source: .docx, .pdf

_READERS: dict[str, tuple[str, Reader]] = {}
_BINARY: dict[str, tuple[str, BinaryReader]] = {}
# Formats people have that govlint cannot read, with what to do instead.
UNSUPPORTED = {
    "doc": "请在 Word 或 WPS 中“另存为” .docx 后再检查",
    "wps": "请在 WPS 中“另存为” .docx 后再检查",
    "rtf": "请在 Word 或 WPS 中“另存为” .docx 后再检查",
    "xls": "统计表请放入报告正文；如需检查，请把报告另存为 .docx",
    "xlsx": "统计表请放入报告正文；如需检查，请把报告另存为 .docx",
    "odt": "请“另存为” .docx 后再检查",
    "pages": "请导出为 .docx 后再检查",
}


def register(extensions: tuple[str, ...], fmt: str):
    def deco(fn: Reader) -> Reader:
        for ext in extensions:
            _READERS[ext] = (fmt, fn)
        return fn

    return deco


def register_binary(extensions: tuple[str, ...], fmt: str):
    def deco(fn: BinaryReader) -> BinaryReader:
        for ext in extensions:
            _BINARY[ext] = (fmt, fn)
        return fn

    return deco


def extension(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def binary_reader_for(path: str) -> BinaryReader | None:
    entry = _BINARY.get(extension(path))
    return entry[1] if entry else None


def split_lines(text: str) -> list[str]:
    """Split like an editor counts lines: \\n, \\r\\n and \\r only (not \\f, \\v or U+2028)."""
    lines = _NEWLINES.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def supported_extensions() -> tuple[str, ...]:
    return tuple(sorted(set(_READERS) | set(_BINARY)))


def reader_for(path: str) -> Reader | BinaryReader:
    ext = extension(path)
    if ext in _BINARY:
        return _BINARY[ext][1]
    try:
        return _READERS[ext][1]
    except KeyError:
        hint = UNSUPPORTED.get(ext)
        supported = "、".join("." + e for e in ("txt", "md", "docx", "html", "htm", "pdf") if e in supported_extensions())
        if hint:
            raise InputError(path, f"不支持 .{ext} 文件（unsupported-format）：{hint}") from None
        shown = f"“.{ext}”" if ext else "（没有扩展名）"
        raise InputError(path, f"不支持的文件类型{shown}（unsupported-format），目前支持 {supported}") from None


def read_text(path: str, text: str, encoding: str, fmt: str | None = None) -> Source:
    """Build a Source from already decoded text (stdin, tests)."""
    reader = _READERS[fmt][1] if fmt else reader_for(path)
    return reader(path, text, encoding)


from govlint.readers import text as _text  # noqa: E402,F401  (registers .txt and .md)
from govlint.readers import binary as _binary  # noqa: E402,F401  (registers .docx, .pdf, .html: back-ends imported lazily)
