"""Rich Text Format (.rtf): a small tokenizer, no back-end library.

The same lines as the .docx reader gives for the same document. Every paragraph is numbered in
document order (one ends at \\par, or at \\cell / \\nestcell in a table; \\row ends a row and is
no paragraph); \\line, \\page and \\column are manual breaks. Text is decoded as Word does:
\\'hh bytes in the code page of the font's \\fcharset (else the document's \\ansicpg), \\uN
with its \\ucN fallback skipped. Destinations that are not the document's text are skipped
(font and colour tables, headers, footnotes, pictures, field codes: a field's result is text).
A list label is the text of {\\listtext …} (or {\\pntext …}): the “一、” Word shows. Tracked
deletions (\\deleted) are not text. A table row is one line of cells joined by " | ", one per grid
column (the union of the rows' \\cellx boundaries; a cell spanning columns is followed by empty
ones).
"""

from __future__ import annotations

import codecs
import re

from govlint import rx
from govlint.errors import InputError, Text
from govlint.limits import Limits
from govlint.readers import Source, binary_reader, read as read_as
from govlint.readers.layout import GOVLINT_AUTHOR, Builder, leftover_lines, style_heading_level

_TOKEN = rx.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([^\\{}\r\n]+)|[\r\n]+",
                    re.S)
_GROUP_EDGE = rx.compile(rb"\\bin(-?\d{1,10}) ?|\\[\\{}]|[{}]")
_WORDY = rx.compile(r"\w")  # a label with no letter or digit is a bullet (the .docx reader shows none)

_CHARSETS = {128: "cp932", 129: "cp949", 130: "johab", 134: "gbk", 136: "big5", 161: "cp1253", 162: "cp1254",
             163: "cp1258", 177: "cp1255", 178: "cp1256", 186: "cp1257", 204: "cp1251", 222: "cp874", 238: "cp1250",
             77: "mac_roman", 255: "cp437"}
# Destinations whose content is not the document's text (a starred one, {\*\…}, is always skipped).
_SKIP = {"colortbl", "info", "header", "headerl", "headerr", "headerf", "footer", "footerl", "footerr",
         "footerf", "footnote", "annotation", "pict", "nonshppict", "object", "objdata", "shp", "shprslt", "fldinst",
         "xe", "tc", "txe", "rxe", "bkmkstart", "bkmkend", "pn", "listtable", "listoverridetable", "revtbl",
         "rsidtbl", "themedata", "colorschememapping", "datastore", "latentstyles", "pgdsctbl",
         "template", "docvar", "userprops", "ftnsep", "ftnsepc", "ftncn", "aftnsep", "aftnsepc", "aftncn",
         "mmathPr", "xmlnstbl", "filetbl", "fchars", "lchars", "atnid", "atnauthor", "atndate", "atnref",
         "generator", "nesttableprops", "do", "background", "formfield", "datafield", "upr"}
_PICTURES = {"pict", "shp", "shppict", "do"}
_CHARACTERS = {"tab": "\t", "emdash": "—", "endash": "–", "lquote": "‘", "rquote": "’", "ldblquote": "“",
               "rdblquote": "”", "bullet": "•", "emspace": "\u2003", "enspace": "\u2002", "qmspace": "\u2005",
               "zwj": "\u200d", "zwnj": "\u200c", "ltrmark": "\u200e", "rtlmark": "\u200f"}
_SYMBOLS = {"~": "\xa0", "_": "-", "\\": "\\", "{": "{", "}": "}", "-": ""}
_BREAKS = {"line", "page", "column"}
_REVISED = {"revised", "crauth", "crdate"}  # inserted text, a formatting change
_CONTROL = rx.compile(rb"\\[a-zA-Z]+-?\d* ?|[{}]")
# the control words read (the rest, formatting, are passed over)
_WORDS = {"par", "cell", "nestcell", "row", "pard", "intbl", "itap", "s", "trowd", "trleft", "cellx", "deleted",
          "plain", "f", "uc", "listtext", "pntext", "ansicpg", "deff", "sect", "fcharset", "sbasedon", "cs", "ds",
          "ts", "tsrowd", "v", "chatn"} | set(_CHARACTERS) | _BREAKS | _REVISED


def _fail(path: str, zh: str, en: str) -> InputError:
    return InputError(path, Text(f"无法读取 .rtf 文件：{zh}", f"cannot read the .rtf file: {en}"))


@binary_reader(("rtf",), "rtf")
def read(path: str, data: bytes, limits: Limits) -> Source:
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{\\rtf"):
        if head.startswith(b"\xd0\xcf\x11\xe0"):  # a Word 97–2003 file named .rtf
            return read_as(path, data, limits, fmt="doc")
        if head.startswith(b"PK\x03\x04"):
            return read_as(path, data, limits, fmt="docx")
        raise _fail(path, "不是 RTF 格式（文件开头不是 {\\rtf），请确认文件未损坏",
                    "it is not RTF (it does not start with {\\rtf); is it damaged?")
    try:
        return _Reader(path).read(data)
    except _Truncated:
        raise _fail(path, "文件不完整（缺少结尾的“}”），可能已被截断，请确认文件完整",
                    "it is incomplete (its closing “}” is missing): truncated?") from None
    except (RecursionError, ValueError, LookupError, OverflowError) as exc:
        raise _fail(path, f"文件已损坏（{type(exc).__name__}），请确认文件完整",
                    f"it is damaged ({type(exc).__name__})") from None


class _Truncated(Exception):
    """The data ends inside a group."""


class _State:
    """What a group sets and its end restores: character and paragraph properties, where text goes."""

    __slots__ = ("dest", "uc", "font", "deleted", "revised", "hidden", "intbl", "itap", "style", "entry")

    def __init__(self):
        self.dest = "text"  # "text" | "label" (a list label) | "fonts" | "styles" | "style" (one of them)
        self.uc = 1
        self.font = -1
        self.deleted = False
        self.revised = False
        self.hidden = False
        self.intbl = False
        self.itap = 0
        self.style = 0
        self.entry = None  # the style or font being defined

    def copy(self) -> "_State":
        other = _State.__new__(_State)
        for name in _State.__slots__:
            setattr(other, name, getattr(self, name))
        return other


class _Reader:
    def __init__(self, path: str):
        self.path = path
        self.codepage = "cp1252"
        self.fonts: dict[int, str] = {}  # font number → code page
        self.default_font = -1
        self.styles: dict[int, tuple[str, int]] = {}  # paragraph style → (name, based on)
        self.levels: dict[int, int | None] = {}
        self.builder = Builder(Source(path=path, format="rtf", encoding="rtf"))
        self.number = 0  # paragraphs so far
        self.pieces: list[str] = [""]
        self.units: list[str] = []  # text of the current piece not yet joined
        self.label: list[str] = []
        self.picture = False
        self.pending = bytearray()  # \'hh bytes not yet decoded
        self.pending_codepage = "cp1252"
        self.cellx: list[int] = []  # the current row's cell boundaries
        self.leftovers: dict[tuple[str, int], None] = {}  # (kind, paragraph), in order
        self.author = ""  # the author of the comment being read
        self.trleft = 0

    # ------------------------------------------------------------------------- text

    def _codepage(self, state: _State) -> str:
        font = state.font if state.font >= 0 else self.default_font
        return self.fonts.get(font) or self.codepage

    def _flush(self) -> None:
        if self.pending:
            text = self.pending.decode(self.pending_codepage, "replace")
            self.pending = bytearray()
            self._emit_decoded(text)

    def _emit_decoded(self, text: str) -> None:
        state = self.state
        if state.dest == "text" and (state.deleted or state.revised or state.hidden):
            kind = "revision" if state.deleted or state.revised else "hidden"
            self.leftovers[(kind, self.number + 1)] = None
            if state.hidden and kind == "revision":
                self.leftovers[("hidden", self.number + 1)] = None
        if state.deleted:
            return
        if state.dest == "text":
            self.units.append(text)
        elif state.dest == "label":
            self.label.append(text)
        elif state.dest == "style" and state.entry is not None:
            state.entry[0].append(text)

    def _break(self) -> None:
        self.pieces[-1] += "".join(self.units)
        self.units = []
        self.pieces.append("")

    def _paragraph_text(self) -> list[str]:
        self.pieces[-1] += "".join(self.units)
        pieces, self.pieces, self.units = self.pieces, [""], []
        return pieces

    # ------------------------------------------------------------------------- structure

    def _heading(self, style: int) -> int | None:
        if style not in self.levels:
            self.levels[style] = style_heading_level(style, self.styles)
        return self.levels[style]

    def _end_paragraph(self, state: _State, kind: str) -> None:
        """A paragraph ends: at \\par, \\cell or \\nestcell (``kind``)."""
        self._flush()
        if state.deleted and state.dest == "text":  # the paragraph mark is deleted
            self.leftovers[("revision", self.number + 1)] = None
        pieces = self._paragraph_text()
        label = "".join(self.label).strip(" \t\u3000")
        self.label = []
        picture, self.picture = self.picture, False
        self.number += 1
        depth = max(state.itap, 1 if state.intbl else 0)
        if kind == "nestcell":
            depth = max(depth, 2)
        elif kind == "cell":
            depth = max(depth, 1)
        if depth:
            self.builder.cell_paragraph(self.number, depth, pieces, cell_end=kind == "cell" and depth == 1
                                        or kind == "nestcell")
            return
        self.builder.end_table()
        if label and not _WORDY.search(label):
            label = ""  # a bullet
        self.builder.paragraph(self.number, pieces, label, self._heading(state.style), picture,
                               mark_deleted=state.deleted)

    def _row_end(self) -> None:
        self._flush()
        self.pieces, self.units, self.label = [""], [], []
        if self.builder.first is not None:  # a \row with no cell before it is no row
            self.builder.row_end([self.trleft] + self.cellx if self.cellx else None)

    # ------------------------------------------------------------------------- tokens

    def read(self, data: bytes) -> Source:
        self.state = _State()
        stack: list[_State] = []
        pos, end = 0, len(data)
        first = False  # the token just after "{": a destination's name
        starred = False
        skip = 0  # fallback characters of a \uN still to skip
        match = _TOKEN.match
        units = None  # UTF-16 code units of consecutive \uN (surrogate pairs)
        while pos < end:
            m = match(data, pos)
            if m is None:  # a lone "\" at the end
                break
            pos = m.end()
            word, arg, hexa, symbol, brace, text = m.groups()
            if m.lastindex is None:  # line ends: not text
                continue
            if word is None and units is not None and hexa is None:
                self._unicode(units)
                units = None
            if brace is not None:
                self._flush()
                skip = 0
                if brace == b"{":
                    stack.append(self.state)
                    if len(stack) > 1000:
                        raise ValueError("groups nested too deep")
                    parent, self.state = self.state, self.state.copy()
                    if parent.dest == "styles":  # a style's definition
                        self.state.dest, self.state.entry = "style", [[], 0, None]
                    first, starred = True, False
                    continue
                if stack:
                    self._close(self.state, stack[-1])
                    self.state = stack.pop()
                first = False
                continue
            if text is not None:
                first = False
                if skip:
                    cut = min(skip, len(text))
                    skip -= cut
                    text = text[cut:]
                    if not text:
                        continue
                self._text(text)
                continue
            if hexa is not None:
                first = False
                if skip:
                    skip -= 1
                    continue
                if units is not None:
                    self._unicode(units)
                    units = None
                codepage = self._codepage(self.state)
                if self.pending and codepage != self.pending_codepage:
                    self._flush()
                self.pending_codepage = codepage
                self.pending.append(int(hexa, 16))
                continue
            if symbol is not None:
                if symbol == b"*":
                    starred = True
                    continue
                first = False
                if skip:
                    skip -= 1
                    continue
                self._flush()
                if symbol in (b"\r", b"\n"):
                    self._control("par", None)
                else:
                    self._emit_decoded(_SYMBOLS.get(symbol.decode("latin-1"), ""))
                continue
            name = word.decode("ascii")
            if name == "bin":  # raw bytes: never text
                pos += max(int(arg or 0), 0)
                first = False
                continue
            if first:
                first = False
                if starred or name in _SKIP:
                    if name in _PICTURES:
                        self.picture = self.picture or self.state.dest == "text" and not self.state.deleted
                    start = pos
                    pos = self._skip_group(data, pos)
                    if name == "atnauthor":
                        self.author = _CONTROL.sub(b"", data[start:pos]).decode("latin-1").strip()
                    self.state = stack.pop() if stack else self.state
                    continue
                if name == "fonttbl":
                    self.state.dest = "fonts"
                    continue
                if name == "stylesheet":
                    self.state.dest = "styles"
                    continue
            if name == "u":
                self._flush()
                value = int(arg or 0)
                if value < 0:
                    value += 65536
                if units is None:
                    units = []
                units.append(value)
                skip = self.state.uc
                continue
            if skip:
                skip -= 1
                continue
            if name not in _WORDS:
                continue
            self._flush()
            if units is not None:
                self._unicode(units)
                units = None
            self._control(name, arg)
        if stack:
            raise _Truncated
        self._flush()
        if units is not None:
            self._unicode(units)
        pieces_left = "".join(self.pieces) + "".join(self.units)
        if pieces_left.strip():  # a last paragraph without its \par
            self._end_paragraph(self.state, "par")
        self.builder.end_table()
        src = self.builder.src
        src.leftovers = leftover_lines(list(self.leftovers), src)
        return src

    def _unicode(self, units: list[int]) -> None:
        self._emit_decoded(b"".join(u.to_bytes(2, "little") for u in units).decode("utf-16-le", "replace"))

    def _text(self, raw: bytes) -> None:
        if self.pending:
            self._flush()
        self._emit_decoded(raw.decode(self._codepage(self.state), "replace"))

    def _skip_group(self, data: bytes, pos: int) -> int:
        """The position after the end of the group being read (its "{" already read)."""
        depth = 1
        search = _GROUP_EDGE.search
        while True:
            m = search(data, pos)
            if m is None:
                return len(data)
            pos = m.end()
            if m.group(1) is not None:
                pos += max(int(m.group(1)), 0)
                continue
            c = m.group()
            if c == b"{":
                depth += 1
            elif c == b"}":
                depth -= 1
                if depth == 0:
                    return pos

    def _close(self, state: _State, parent: _State) -> None:
        """A group ends: a font or style definition is complete."""
        entry = state.entry
        if entry is not None and entry is not parent.entry:
            if state.dest == "style" and entry[1] is not None:
                name = "".join(entry[0]).split(";")[0]
                self.styles[entry[1]] = (name, entry[2])

    def _control(self, name: str, arg: bytes | None) -> None:
        state = self.state
        value = int(arg) if arg is not None else None
        dest = state.dest
        if dest == "fonts":
            if name == "f" and value is not None:
                state.entry = [value]
                self.fonts.setdefault(value, "")
            elif name == "fcharset" and value is not None and state.entry:
                self.fonts[state.entry[0]] = _CHARSETS.get(value, "")
            return
        if dest == "styles":
            return
        if dest == "style":
            entry = state.entry
            if name == "s" and value is not None:
                entry[1] = value
            elif name in ("cs", "ds", "ts", "tsrowd"):
                entry[1] = None  # a character, section or table style
            elif name == "sbasedon" and value is not None:
                entry[2] = value
            return
        if name in _CHARACTERS:
            self._emit_decoded(_CHARACTERS[name])
        elif name == "par":
            if dest == "text":
                self._end_paragraph(state, "par")
        elif name in _BREAKS:
            if dest == "text" and not state.deleted:
                self._break()
        elif name in ("cell", "nestcell"):
            if dest == "text":
                self._end_paragraph(state, name)
        elif name == "row":
            if dest == "text":
                self._row_end()
        elif name == "pard":
            state.intbl, state.itap, state.style = False, 0, 0
        elif name == "intbl":
            state.intbl = True
        elif name == "itap":
            state.itap = value or 0
        elif name == "s":
            state.style = value or 0
        elif name == "trowd":
            self.cellx, self.trleft = [], 0
        elif name == "trleft":
            self.trleft = value or 0
        elif name == "cellx":
            self.cellx.append(value or 0)
        elif name == "deleted":
            state.deleted = value != 0
        elif name in _REVISED:
            state.revised = value != 0 or name != "revised"
        elif name == "v":
            state.hidden = value != 0
        elif name == "chatn":
            if dest == "text" and self.author != GOVLINT_AUTHOR:
                self.leftovers[("comment", self.number + 1)] = None
            self.author = ""
        elif name == "plain":
            state.deleted = state.revised = state.hidden = False
            state.font = -1
        elif name == "f":
            state.font = value if value is not None else -1
        elif name == "uc":
            state.uc = max(value or 0, 0)
        elif name in ("listtext", "pntext"):
            state.dest = "label"
        elif name == "ansicpg" and value:
            try:
                self.codepage = codecs.lookup(f"cp{value}").name
            except LookupError:
                pass
        elif name == "deff" and value is not None:
            self.default_font = value
        elif name == "sect":  # ends the section's last paragraph when that has no \par of its own
            if dest == "text" and "".join(self.pieces + self.units).strip():
                self._end_paragraph(state, "par")
