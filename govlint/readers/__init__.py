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


@dataclass
class SourceLine:
    number: int  # 1-based, the file's own line number
    text: str  # original text
    content: str  # same length as text, markup blanked


@dataclass
class Source:
    path: str
    format: str  # "txt" | "md"
    encoding: str
    lines: list[SourceLine] = field(default_factory=list)


Reader = Callable[[str, str, str], Source]  # (path, text, encoding) -> Source

_READERS: dict[str, tuple[str, Reader]] = {}


def register(extensions: tuple[str, ...], fmt: str):
    def deco(fn: Reader) -> Reader:
        for ext in extensions:
            _READERS[ext] = (fmt, fn)
        return fn

    return deco


def split_lines(text: str) -> list[str]:
    """Split like an editor counts lines: \\n, \\r\\n and \\r only (not \\f, \\v or U+2028)."""
    lines = _NEWLINES.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def supported_extensions() -> tuple[str, ...]:
    return tuple(sorted(_READERS))


def reader_for(path: str) -> Reader:
    ext = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    try:
        return _READERS[ext][1]
    except KeyError:
        raise InputError(path, f"不支持的文件类型“.{ext}”，目前支持 .txt 和 .md") from None


def read_text(path: str, text: str, encoding: str, fmt: str | None = None) -> Source:
    """Build a Source from already decoded text (stdin, tests)."""
    reader = _READERS[fmt][1] if fmt else reader_for(path)
    return reader(path, text, encoding)


from govlint.readers import text as _text  # noqa: E402,F401  (registers .txt and .md)
