"""Readers turn a file's bytes into a :class:`Source`: its lines with their own line numbers.

One reader per format, chosen by file extension. A reader is a function in a module of this
package, registered with :func:`text_reader` (it gets decoded text) or :func:`binary_reader`
(it gets the bytes and the limits); a new module here is found without being listed anywhere.
Back-end libraries (python-docx, lxml, pypdf) are imported inside the reader, only when a file
of that type is met. With the ``ocr`` extra installed, the pictures of a .docx or a web page that
may be a statistics table pasted as a screenshot are read by OCR (:class:`PictureReader`). Each line carries ``text`` (the user's original, quoted back in messages)
and ``content`` (same length, format markup such as Markdown ``##`` blanked out) that the
document model parses.
"""

from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass, field
from typing import Callable

from govlint import ocr, rx
from govlint.encoding import decode
from govlint.errors import InputError, Text
from govlint.limits import Limits, too_large
from govlint.registry import import_modules

_NEWLINES = rx.compile(r"\r\n|\r|\n")


@dataclass(slots=True)
class SourceLine:
    number: int  # 1-based, the file's own line number (a .docx: the paragraph number); strictly increasing
    text: str  # original text
    content: str  # same length as text, markup blanked
    # Where a user finds this line when "line N" means nothing to them: {"paragraph": 12},
    # {"table": 2, "row": 5, "cells": [[start, end], ...]} (cell spans in text), {"page": 3, "line": 7}.
    # A line read by OCR also has "ocr": True, "cells" when it is a ruled table's row and "doubtful":
    # [[start, end], ...] (numbers not trusted); one of a picture: {"paragraph": 12, "picture": 2,
    # "line": 5, "ocr": True, …} (a .docx: the paragraph holding the picture), {"picture": 2, …} (a page)
    location: dict | None = None
    # A reader that splits one line of the file into several (a minified page's blocks, a Word
    # paragraph's manual line breaks) numbers the pieces on (``number`` keeps increasing) and
    # gives each the file's line (``display``) and where on it the piece starts (``offset``, in
    # the pieces joined by one space).
    display: int | None = None
    offset: int = 0

    @property
    def shown(self) -> int:
        """The file's line this is shown on."""
        return self.number if self.display is None else self.display


@dataclass
class Source:
    path: str
    format: str  # "txt" | "md" | "docx" | "doc" (also .wps) | "rtf" | "odt" | "html" | "pdf"
    encoding: str
    lines: list[SourceLine] = field(default_factory=list)
    # e.g. "no-text-layer" (a scanned PDF), "ocr" (some lines were read by OCR: pages, pictures)
    flags: set[str] = field(default_factory=set)
    directives: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of comments the lines lack
    # pictures in the text (an <img>, a Word drawing): the number of the line each follows (0: before
    # the first), so a statistics table pasted as a picture is told from a missing one (the lines
    # OCR read in a picture, when it was read, come after that line)
    images: list[int] = field(default_factory=list)
    # the format its extension names, when the content is another ("docx" for a .doc file that is
    # really a .docx; "" for a file without extension); None when they agree
    declared: str | None = None
    # what a Word file still carries that must be resolved before publishing: (kind, line) with
    # kind "revision" (a tracked change), "comment" (someone's comment, not govlint's), "hidden"
    # (hidden text)
    leftovers: list[tuple[str, int]] = field(default_factory=list)


TextReader = Callable[[str, str, str], Source]  # (path, text, encoding) -> Source
BinaryReader = Callable[[str, bytes, Limits], Source]  # (path, bytes, limits) -> Source: .docx, .pdf, .html


@dataclass(frozen=True)
class _Entry:
    fmt: str
    read: Callable
    binary: bool
    companions: Callable[[str, bytes], list[str]] | None = None  # (path, bytes) -> files also read


_READERS: dict[str, _Entry] = {}  # extension → reader
# Formats people have that govlint cannot read, with what to do instead.
_TABLE = Text("统计表请放入报告正文；如需检查，请把报告另存为 .docx", "put the tables in the report; save the report as .docx to lint it")
UNSUPPORTED = {
    "xls": _TABLE,
    "xlsx": _TABLE,
    "et": _TABLE,
    "pages": Text("请导出为 .docx 后再检查", "export it as .docx, then lint it"),
}


def _register(extensions: tuple[str, ...], fmt: str, binary: bool, companions=None):
    def deco(fn):
        for ext in extensions:
            _READERS[ext] = _Entry(fmt, fn, binary, companions)
        return fn

    return deco


def text_reader(extensions: tuple[str, ...], fmt: str):
    """Register a reader of decoded text for these extensions."""
    return _register(extensions, fmt, binary=False)


def binary_reader(extensions: tuple[str, ...], fmt: str, companions: Callable[[str, bytes], list[str]] | None = None):
    """Register a reader of the file's bytes for these extensions; ``companions(path, bytes)``
    names the other files it reads (a page's pictures), when it may read any."""
    return _register(extensions, fmt, binary=True, companions=companions)


_LOADED = False


def _readers() -> dict[str, _Entry]:
    """The registry, once every module of this package has registered its readers."""
    global _LOADED
    if not _LOADED:
        import_modules(__name__, __path__)
        _LOADED = True
    return _READERS


def extension(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def split_lines(text: str) -> list[str]:
    """Split like an editor counts lines: \\n, \\r\\n and \\r only (not \\f, \\v or U+2028)."""
    lines = _NEWLINES.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def supported_extensions() -> tuple[str, ...]:
    return tuple(sorted(_readers()))


def formats() -> tuple[str, ...]:
    """The formats govlint reads, each once by its first extension ("txt", "md", "docx", …)."""
    seen: dict[str, str] = {}
    for ext, entry in _readers().items():
        seen.setdefault(entry.fmt, ext)
    return tuple(seen)


def _entry(path: str) -> _Entry:
    ext = extension(path)
    entry = _readers().get(ext)
    if entry is not None:
        return entry
    hint = UNSUPPORTED.get(ext)
    if hint:
        raise InputError(path, Text(f"不支持 .{ext} 文件（unsupported-format）：{hint}",
                                    f".{ext} files are not supported (unsupported-format): {hint.en}"))
    shown = f"“.{ext}”" if ext else "（没有扩展名）"
    shown_en = f"“.{ext}”" if ext else "(no extension)"
    supported = [f".{e}" for e in _shown_extensions()]
    raise InputError(path, Text(f"不支持的文件类型{shown}（unsupported-format），目前支持 {'、'.join(supported)}",
                                f"unsupported file type {shown_en} (unsupported-format); supported: {', '.join(supported)}"))


def _shown_extensions() -> list[str]:
    """The extensions named to a user: each format's, then .htm (a common spelling)."""
    order = {"txt": 0, "md": 1, "docx": 2, "doc": 3, "wps": 4, "rtf": 5, "odt": 6, "html": 7, "htm": 8, "pdf": 9}
    shown = [e for e in _readers() if e in order or _READERS[e].fmt == e]
    return sorted(set(shown), key=lambda e: (order.get(e, 99), e))


def check_archive(path: str, data: bytes, limits: Limits, kind: str) -> None:
    """Refuse a zip bomb before unpacking a zip-based document (``kind``: ".docx"): the declared
    sizes and the number of entries."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise InputError(path, Text(f"无法打开 {kind} 文件（不是有效的 zip 压缩包），请确认文件未损坏",
                                    f"cannot open the {kind} file (not a valid zip archive); is it damaged?")) from None
    if len(infos) > limits.max_docx_entries:
        raise InputError(path, too_large(f"{kind} 内含 {len(infos)} 个部件", f"{limits.max_docx_entries} 个",
                                         f"the {kind} holds {len(infos)} parts", f"{limits.max_docx_entries}"))
    total = sum(i.file_size for i in infos)
    if total > limits.max_docx_uncompressed_mb * 1024 * 1024:
        raise InputError(path, too_large(f"{kind} 解压后 {total / 1048576:.0f} MB", f"{limits.max_docx_uncompressed_mb:g} MB",
                                         f"the {kind} unpacks to {total / 1048576:.0f} MB"))


# What a file is, from its first bytes: (signature, format). A zip or OLE container is looked
# into further (``sniff``). Text formats have no signature: HTML is told by its opening tags.
_SIGNATURES = ((b"%PDF-", "pdf"), (b"PK\x03\x04", "zip"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
               (b"{\\rtf", "rtf"))
_HTML_START = rx.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body)[\s>]",
                         re.I | re.S)
# the kinds of file, as a user knows them (the format a reader registers, or the container's name)
KIND_NAMES = {"pdf": ("PDF 文件", "a PDF file"), "docx": ("Word 文档（.docx）", "a Word document (.docx)"),
              "doc": ("Word 97-2003 或 WPS 文档（.doc/.wps）", "a Word 97-2003 or WPS document (.doc/.wps)"),
              "odt": ("OpenDocument 文档（.odt）", "an OpenDocument text (.odt)"), "rtf": ("RTF 文档", "an RTF document"),
              "html": ("网页（HTML）", "a web page (HTML)"), "zip": ("zip 压缩包", "a zip archive"),
              "ole": ("OLE 复合文档（如 Excel .xls）", "an OLE compound file (such as Excel .xls)"),
              "txt": ("纯文本", "plain text"), "md": ("Markdown 文本", "Markdown text")}


def sniff(data: bytes) -> str | None:
    """The format the bytes are, whatever the file is called: "pdf", "docx", "odt", "doc" (a
    Word 97-2003 or WPS compound file), "rtf", "html"; "zip"/"ole" for other containers; None
    for text without markup (or anything not recognised)."""
    head = data[:1024]
    for signature, kind in _SIGNATURES:
        if head.startswith(signature) or (kind == "pdf" and signature in head):
            if kind == "zip":
                return _zip_kind(data)
            if kind == "ole":
                return "doc" if b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t\x00" in data[:1 << 20] \
                    else "ole"
            return kind
    if _HTML_START.match(data[:4096]):
        return "html"
    return None


def _zip_kind(data: bytes) -> str:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and z.read("mimetype")[:60].startswith(b"application/vnd.oasis.opendocument.text"):
                return "odt"
    except Exception:  # a damaged archive: the reader of its extension says so
        pass
    return "zip"


def _format_of(kind: str | None) -> str | None:
    """The reader format for a sniffed kind, when govlint has a reader for it."""
    if kind is None:
        return None
    return next((e.fmt for e in _readers().values() if e.fmt == kind), None)


def read(path: str, data: bytes, limits: Limits, encoding: str | None = None, fmt: str | None = None) -> Source:
    """The file's bytes as a Source. The reader is chosen by what the bytes are (a .docx renamed
    .doc, a web page saved as .doc, an RTF named .doc); by the extension for text, or as ``fmt``
    (stdin without a name). When the content is not what the extension says, ``Source.declared``
    names the extension's format."""
    entry, declared = _choose(path, data, fmt)
    if entry.binary:
        src = entry.read(path, data, limits)
    else:
        text, used = decode(data, path, encoding)
        src = entry.read(path, text, used)
    src.declared = declared
    return src


def companions(path: str, data: bytes) -> list[str]:
    """Files beside ``path`` that reading ``data`` also reads: a web page's pictures in its own
    folder, read by OCR when the extra is installed. The results cache's key holds their bytes."""
    try:
        entry = _choose(path, data, None)[0]
    except InputError:
        return []
    if entry.companions is None or not ocr.available():  # pictures are read only by OCR
        return []
    return entry.companions(path, data)


def _choose(path: str, data: bytes, fmt: str | None) -> tuple[_Entry, str | None]:
    """The reader for ``data`` and the format its extension declared when that is not the one."""
    entry = _readers()[fmt] if fmt else None
    declared = None
    if entry is None:
        ext_entry = _readers().get(extension(path))
        kind = sniff(data)
        actual = _format_of(kind)
        if actual is not None and (ext_entry is None or ext_entry.fmt != actual) and _trust_sniff(ext_entry, kind):
            entry = _readers()[actual]
            declared = ext_entry.fmt if ext_entry is not None else (extension(path) or "")
        elif ext_entry is not None:
            entry = ext_entry
        else:
            _entry(path)  # raises: the unsupported-format message for its extension
            raise AssertionError("unreachable")
    return entry, declared


def _trust_sniff(ext_entry: _Entry | None, kind: str) -> bool:
    """Whether to read a file by its content rather than its extension: always for a binary
    signature; for markup found in a text file, only when the extension is .txt (a Markdown file
    may open with HTML)."""
    if kind != "html" or ext_entry is None or ext_entry.binary:
        return True
    return ext_entry.fmt == "txt"


def read_text(path: str, text: str, encoding: str, fmt: str | None = None) -> Source:
    """Build a Source from already decoded text (stdin, tests)."""
    entry = _readers()[fmt] if fmt else _entry(path)
    return entry.read(path, text, encoding)


# ----------------------------------------------------------------------------- pictures read by OCR

# A picture smaller than this (pixels, width and height) holds no statistics table: a logo, a seal,
# an icon, a QR code. Larger than PICTURE_MAX_PIXELS (or bytes) is not decoded (a decompression
# bomb, minutes of OCR); at most PICTURES_READ pictures are read in one file.
PICTURE_MIN_SIZE = (300, 100)
PICTURE_MAX_PIXELS = 30_000_000
PICTURE_MAX_BYTES = 20 * 1024 * 1024
PICTURES_READ = 20
_STANDALONE_NUMBER = rx.compile(r"^[-−－]?\d+(?:[.,]\d+)*$")


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) in pixels from the header of a PNG, JPEG, GIF, BMP or WebP file; None for
    another format (a Word file's EMF/WMF drawings) or a damaged header. Nothing is decoded."""
    try:
        if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
            return struct.unpack(">II", data[16:24])
        if data[:6] in (b"GIF87a", b"GIF89a"):
            return struct.unpack("<HH", data[6:10])
        if data[:2] == b"BM":
            w, h = struct.unpack("<ii", data[18:26])
            return abs(w), abs(h)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            kind = data[12:16]
            if kind == b"VP8 ":
                w, h = struct.unpack("<HH", data[26:30])
                return w & 0x3FFF, h & 0x3FFF
            if kind == b"VP8L":
                bits = int.from_bytes(data[21:25], "little")
                return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
            if kind == b"VP8X":
                return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
            return None
        if data[:2] == b"\xff\xd8":  # JPEG: the first start-of-frame marker
            i = 2
            while i + 9 < len(data):
                if data[i] != 0xFF:
                    return None
                marker = data[i + 1]
                if marker == 0xFF:  # fill byte
                    i += 1
                    continue
                if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                    i += 2
                    continue
                length = struct.unpack(">H", data[i + 2:i + 4])[0]
                if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                    h, w = struct.unpack(">HH", data[i + 5:i + 9])
                    return w, h
                i += 2 + length
    except struct.error:
        return None
    return None


def table_like(lines: list[ocr.OcrLine]) -> bool:
    """Whether OCR's lines of a picture (``ocr.OcrLine``) hold a table: two rows of a ruled table,
    or three lines with two numbers or more standing apart (cells of numbers: "一、本年新收… 3 1 0");
    not a photo's, a seal's or a chart's odd number."""
    if sum(1 for line in lines if line.cells) >= 2:
        return True
    numbered = sum(1 for line in lines
                   if sum(1 for t in line.text.replace("|", " ").split() if _STANDALONE_NUMBER.match(t)) >= 2)
    return numbered >= 3


def ocr_location(line: ocr.OcrLine, where: dict) -> dict:
    """Where a line OCR read stands (``where``: its page and line, or its paragraph, picture and
    line), marked ``ocr``, with a table row's cell spans and the spans of the numbers not trusted."""
    where["ocr"] = True
    if line.cells is not None:
        where["cells"] = [list(c) for c in line.cells]
    if line.doubtful:
        where["doubtful"] = [list(d) for d in line.doubtful]
    return where


class PictureReader:
    """A file's pictures read by OCR (the ``ocr`` extra), where a statistics table may have been
    pasted as a screenshot: a picture large enough to hold a table (:data:`PICTURE_MIN_SIZE`),
    at most :data:`PICTURES_READ` of them, gives its lines when they hold a table
    (:func:`table_like`); a photo, a seal or a chart gives none. The source is flagged ``ocr``
    once a picture gave lines. Without the extra, or with ``enabled`` False, nothing is read."""

    def __init__(self, src: Source, enabled: bool | None = None):
        self.src = src
        self.enabled = ocr.available() if enabled is None else enabled
        self.left = PICTURES_READ

    def lines(self, data: bytes | None) -> list[ocr.OcrLine]:
        """The lines (``ocr.OcrLine``) of the picture whose file's bytes are ``data``; [] when it is
        not read or holds no table."""
        if not self.enabled or not data or self.left <= 0 or len(data) > PICTURE_MAX_BYTES:
            return []
        size = image_size(data)
        if size is None:
            return []
        width, height = size
        if width < PICTURE_MIN_SIZE[0] or height < PICTURE_MIN_SIZE[1] or width * height > PICTURE_MAX_PIXELS:
            return []
        self.left -= 1
        try:
            found = ocr.read_image(data)
        except Exception:  # a picture opencv cannot take, a broken model install: the picture stays a picture
            return []
        found = [line for line in found if line.text.strip()]
        if not table_like(found):
            return []
        self.src.flags.add("ocr")
        return found
