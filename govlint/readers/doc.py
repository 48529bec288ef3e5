"""Word 97–2003 .doc and Kingsoft WPS .wps ([MS-DOC] binary format; olefile, imported only here).

The same lines as the .docx reader gives for the same document. The text comes from the piece
table (the CLX in the 0Table/1Table stream); paragraph properties from the PAPX FKPs (in a
table, sprmPFInTable, the row end by sprmPFTtp / sprmPFInnerTtp, the depth by sprmPItap) and
character properties from the CHPX FKPs (tracked deletions, sprmCFRMarkDel, are not text;
insertions are). Every paragraph of the file is numbered in document order, those of table
cells included; a row-end mark is not a paragraph (a .docx has none). Field codes are dropped
and their results kept. Word's automatic numbering (the “一、” lives in the list tables PlfLst and
PlfLfo, not in the text) is rebuilt as the .docx reader rebuilds numbering.xml. A table row is one
line of cells joined by " | ", one per grid column (a cell spanning columns is followed by empty
ones). A file that is not a Word 97–2003 document but is named .doc (RTF, a .docx, a web page
saved by Word) is read as what it is.
"""

from __future__ import annotations

import io
import struct
from bisect import bisect_left, bisect_right

from govlint import rx
from govlint.errors import InputError, Text
from govlint.limits import Limits
from govlint.readers import Source, binary_reader, extension, read as read_as
from govlint.readers.layout import GOVLINT_AUTHOR, Builder, format_number, heading_level, leftover_lines

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")
_I32 = struct.Struct("<i")

# FibRgFcLcb97: the index of each (fc, lcb) pair used here
_STSHF, _PLCFANDREF, _PLCFSED, _PLCFBTECHPX, _PLCFBTEPAPX, _CLX, _ATNOWNERS, _PLFLST, _PLFLFO = \
    1, 4, 6, 12, 13, 33, 36, 73, 74

# sprms (the [MS-DOC] names)
_CFRMARKDEL, _CFRMARKINS, _CFVANISH = 0x0800, 0x0801, 0x083C
_PROPRMARKS = (0xCA57, 0xCA89, 0xC63F)  # formatting changes (character: 90 and later; paragraph)
_PILVL, _PILFO = 0x260A, 0x460B
_PFINTABLE, _PFTTP, _PITAP = 0x2416, 0x2417, 0x6649
_PFINNERTABLECELL, _PFINNERTTP = 0x244B, 0x244C
_TDEFTABLE = 0xD608
_PCHGTABS = 0xC615
_PHUGEPAPX = (0x6646, 0x6645)  # the paragraph's sprms are in the Data stream

# MSONFC → the number format's name in a .docx (those not written as decimal); Chinese, Japanese
# and Taiwanese counting and ideographTraditional are all written as chineseCounting
_NFC = {0x01: "upperRoman", 0x02: "lowerRoman", 0x03: "upperLetter", 0x04: "lowerLetter", 0x0A: "ideographDigital",
        0x0E: "decimalFullWidth", 0x13: "decimalFullWidth2",
        **dict.fromkeys((0x0B, 0x1E, 0x21, 0x23, 0x25, 0x26, 0x27), "chineseCounting")}
_MARKS = rx.compile(r"[\r\x07\x0c]")
_FIELD = rx.compile(r"[\x13\x14\x15]")
_SPECIAL = rx.compile(r"[\x00-\x08\x0a-\x1f]")  # everything below a space but the tab
_BREAKS = "\x0b\x0c\x0e"  # line break, page break, column break: a manual break (w:br)


class _Damaged(Exception):
    """The file breaks the format: reported as a damaged file."""


def _fail(path: str, kind: str, zh: str, en: str) -> InputError:
    return InputError(path, Text(f"无法读取 {kind} 文件：{zh}", f"cannot read the {kind} file: {en}"))


@binary_reader(("doc", "wps"), "doc")
def read(path: str, data: bytes, limits: Limits) -> Source:
    kind = "." + (extension(path) or "doc")
    if not data.startswith(_OLE_MAGIC):
        return _not_ole(path, data, limits, kind)
    try:
        import olefile
    except ImportError:  # pragma: no cover - a runtime dependency
        raise InputError(path, Text("读取 .doc/.wps 需要 olefile：pip install olefile",
                                    "reading .doc/.wps needs olefile: pip install olefile")) from None
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError and others on a broken container
        raise _fail(path, kind, f"复合文档结构已损坏（{type(exc).__name__}），请确认文件完整",
                    f"its compound file structure is damaged ({type(exc).__name__})") from None
    if getattr(ole, "parsing_issues", None) and (len(data) - 512) % ole.sectorsize:
        ole.close()  # a container that stops inside a sector, with parts missing: cut short
        raise _fail(path, kind, "文件不完整（复合文档在扇区中间结束），可能已被截断，请确认文件完整",
                    "it is incomplete (the compound file ends inside a sector): truncated?")
    try:
        with ole:
            return _Document(path, kind, ole).read()
    except InputError:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # _Damaged, struct.error, IndexError…: bytes that break the format
        what = str(exc) if isinstance(exc, _Damaged) else type(exc).__name__
        raise _fail(path, kind, f"文件已损坏（{what}），请确认文件完整，或“另存为” .docx 后再检查",
                    f"it is damaged ({what}); save it as .docx and lint that") from None


def _not_ole(path: str, data: bytes, limits: Limits, kind: str) -> Source:
    """A file named .doc that is another format Word opens: RTF, a .docx, a web page."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{\\rtf"):
        return read_as(path, data, limits, fmt="rtf")
    if head.startswith(b"PK\x03\x04"):
        return read_as(path, data, limits, fmt="odt" if b"opendocument" in data[:200] else "docx")
    lowered = head[:512].lower()
    if lowered.startswith((b"<html", b"<!doctype html", b"<?xml")) and b"<html" in lowered:
        return read_as(path, data, limits, fmt="html")
    raise _fail(path, kind, "不是 Word 97–2003 格式（可能是旧版 WPS 或其他软件的文件），请在 Word 或 WPS 中“另存为” .docx 后再检查",
                "it is not a Word 97–2003 document (an old WPS or another program's file?); save it as .docx and lint that")


def _grpprl(data: bytes, start: int = 0, end: int | None = None) -> dict[int, bytes]:
    """The sprms of a grpprl and their operands (the last of a repeated sprm wins)."""
    out: dict[int, bytes] = {}
    end = len(data) if end is None else min(end, len(data))
    pos = start
    while pos + 2 <= end:
        sprm = data[pos] | data[pos + 1] << 8
        pos += 2
        spra = sprm >> 13
        if spra in (0, 1):
            size = 1
        elif spra in (2, 4, 5):
            size = 2
        elif spra == 3:
            size = 4
        elif spra == 7:
            size = 3
        elif sprm == _TDEFTABLE or sprm == 0xD606:
            if pos + 2 > end:
                break
            size = (data[pos] | data[pos + 1] << 8) + 1  # cb counts itself minus one
        elif sprm == _PCHGTABS and pos < end and data[pos] == 255:
            p = pos + 1
            deleted = data[p] if p < end else 0
            p += 1 + 4 * deleted
            added = data[p] if p < end else 0
            size = p + 1 + 3 * added - pos
        else:
            if pos >= end:
                break
            size = data[pos] + 1
        out[sprm] = data[pos:pos + size]
        pos += size
    return out


def _flag(sprms: dict[int, bytes], sprm: int) -> bool:
    value = sprms.get(sprm)
    return bool(value and value[0])


def _toggle(sprms: dict[int, bytes], sprm: int) -> bool:
    """A character toggle property set on (1), or set to the opposite of the style's (0x81)."""
    value = sprms.get(sprm)
    return bool(value) and value[0] in (1, 0x81)


def _number(sprms: dict[int, bytes], sprm: int, default: int = 0) -> int:
    value = sprms.get(sprm)
    if not value:
        return default
    return int.from_bytes(value[:2] if sprm >> 13 in (2, 4, 5) else value[:1], "little",
                          signed=sprm >> 13 in (2, 4, 5))


def _format_number(n: int, nfc: int) -> str:
    """A list number as the .docx reader writes it for the same format."""
    return format_number(n, _NFC.get(nfc, "decimal"))


class _Document:
    def __init__(self, path: str, kind: str, ole):
        self.path, self.kind = path, kind
        if not ole.exists("WordDocument"):
            if getattr(ole, "parsing_issues", None):
                raise _Damaged("directory")  # a truncated or damaged container, not another kind of file
            raise _fail(path, kind, "不是 Word 97–2003 格式（其中没有 WordDocument 数据流：可能是 Excel、PowerPoint 文件，"
                        "或旧版 WPS、Works 文件），请在 WPS 或 Word 中“另存为” .docx 后再检查",
                        "it is not a Word 97–2003 document (it has no WordDocument stream: an Excel or PowerPoint "
                        "file, an old WPS or Works file?); save it as .docx and lint that")
        self.wd = ole.openstream("WordDocument").read()
        wd = self.wd
        if len(wd) < 34 or _U16.unpack_from(wd, 0)[0] != 0xA5EC:
            raise _Damaged("FIB")
        n_fib = _U16.unpack_from(wd, 2)[0]
        flags = _U16.unpack_from(wd, 10)[0]
        if n_fib < 0xC1:  # Word 6.0/95 (nFib 101–105) and older
            raise _fail(path, kind, "这是 Word 6.0/95 或更早的格式，请在 Word 或 WPS 中“另存为” .docx 后再检查",
                        "it is in the Word 6.0/95 format or older; save it as .docx and lint that")
        if flags & 0x0100:  # fEncrypted (also an XOR-obfuscated file)
            raise _fail(path, kind, "文件已加密（设有打开密码），请先取消密码，或“另存为” .docx 后再检查",
                        "it is encrypted (password to open); remove the password or save it as .docx")
        table_name = "1Table" if flags & 0x0200 else "0Table"
        if not ole.exists(table_name):
            raise _Damaged(table_name)
        self.table = ole.openstream(table_name).read()
        self.data = ole.openstream("Data").read() if ole.exists("Data") else b""
        csw = _U16.unpack_from(wd, 32)[0]
        pos = 34 + 2 * csw
        cslw = _U16.unpack_from(wd, pos)[0]
        self.lw = pos + 2
        pos = self.lw + 4 * cslw
        self.fc_lcb_count = _U16.unpack_from(wd, pos)[0]
        self.fc_lcb = pos + 2
        if cslw < 4 or self.fc_lcb_count <= _CLX:
            raise _Damaged("FIB")
        self.ccp_text = _I32.unpack_from(wd, self.lw + 12)[0]
        if not 0 <= self.ccp_text <= len(wd):  # never more characters than the stream has bytes
            raise _Damaged("ccpText")
        self.complex = bool(flags & 0x0004)
        self._papx_seen: dict[bytes, dict[int, bytes]] = {}  # the same PAPX recurs paragraph after paragraph

    def _fc_lcb(self, index: int) -> tuple[int, int]:
        if index >= self.fc_lcb_count:
            return 0, 0
        fc, lcb = struct.unpack_from("<II", self.wd, self.fc_lcb + 8 * index)
        if lcb and fc + lcb > len(self.table):
            return 0, 0  # points out of the table stream: treated as absent
        return fc, lcb

    # ------------------------------------------------------------------------- text

    def _pieces(self) -> list[tuple[int, int, int, bool]]:
        """(cp start, cp end, fc of the first character, compressed) of each piece."""
        fc, lcb = self._fc_lcb(_CLX)
        if not lcb:
            if self.complex:
                raise _fail(self.path, self.kind, "这是“快速保存”的文件，请在 Word 中关闭“允许快速保存”后重新保存，或“另存为” .docx 后再检查",
                            "it was fast-saved; save it again without fast save, or as .docx")
            raise _Damaged("CLX")
        t, pos, end = self.table, fc, fc + lcb
        while pos < end and t[pos] == 0x01:  # Prc: piece-level properties (not read)
            pos += 3 + struct.unpack_from("<h", t, pos + 1)[0]
        if pos >= end or t[pos] != 0x02:
            raise _Damaged("CLX")
        size = _U32.unpack_from(t, pos + 1)[0]
        pos += 5
        if size < 4 or (size - 4) % 12 or pos + size > len(t):
            raise _Damaged("PlcPcd")
        n = (size - 4) // 12
        cps = struct.unpack_from(f"<{n + 1}I", t, pos)
        out = []
        for i in range(n):
            fc_raw = _U32.unpack_from(t, pos + 4 * (n + 1) + 8 * i + 2)[0]
            compressed = bool(fc_raw & 0x40000000)
            fc_piece = (fc_raw & 0x3FFFFFFF) // 2 if compressed else fc_raw & 0x3FFFFFFF
            if cps[i + 1] < cps[i]:
                raise _Damaged("PlcPcd")
            out.append((cps[i], cps[i + 1], fc_piece, compressed))
        return out

    def _text(self, pieces) -> str:
        parts, total = [], 0
        for cp0, cp1, fc, compressed in pieces:
            if cp0 >= self.ccp_text:
                break
            count = min(cp1, self.ccp_text) - cp0
            size = count if compressed else 2 * count
            raw = self.wd[fc:fc + size]
            if len(raw) != size:
                raise _Damaged("piece")
            parts.append(raw.decode("cp1252", "replace") if compressed else raw.decode("utf-16-le", "replace"))
            total += count
        text = "".join(parts)
        if len(text) < self.ccp_text:
            raise _Damaged("ccpText")
        return text

    def _fkp_runs(self, index: int, papx: bool) -> list[tuple[int, int, int, bytes]]:
        """(fc start, fc end, istd, grpprl) of every run of the PAPX (or CHPX) FKPs, by fc."""
        fc, lcb = self._fc_lcb(index)
        if not lcb or (lcb - 4) % 8:
            return []
        n = (lcb - 4) // 8
        pns = struct.unpack_from(f"<{n}I", self.table, fc + 4 * (n + 1))
        runs, seen = [], set()
        wd = self.wd
        for pn in pns:
            pn &= 0x3FFFFF
            if pn in seen:
                continue
            seen.add(pn)
            base = pn * 512
            page = wd[base:base + 512]
            if len(page) < 512:
                raise _Damaged("FKP")
            crun = page[511]
            if 4 * (crun + 1) > 511:
                raise _Damaged("FKP")
            fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
            for i in range(crun):
                if papx:
                    b = page[4 * (crun + 1) + 13 * i] * 2
                    istd, grpprl = 0, b""
                    if b:
                        cb = page[b]
                        start = b + 1
                        if cb == 0:
                            cb = page[b + 1] * 2
                            start += 1
                        else:
                            cb = cb * 2 - 1
                        chunk = page[start:start + cb]
                        if len(chunk) >= 2:
                            istd, grpprl = _U16.unpack_from(chunk, 0)[0], chunk[2:]
                else:
                    b = page[4 * (crun + 1) + i] * 2
                    istd, grpprl = 0, (page[b + 1:b + 1 + page[b]] if b else b"")
                runs.append((fcs[i], fcs[i + 1], istd, grpprl))
        runs.sort(key=lambda r: r[0])
        return runs

    def _papx(self, grpprl: bytes) -> dict[int, bytes]:
        """A paragraph's sprms (those in the Data stream when its PAPX says so)."""
        if grpprl in self._papx_seen:
            return self._papx_seen[grpprl]
        sprms = _grpprl(grpprl)
        for huge in _PHUGEPAPX:
            if huge in sprms and len(sprms[huge]) == 4:
                at = _U32.unpack_from(sprms[huge], 0)[0]
                if at + 2 <= len(self.data):
                    size = _U16.unpack_from(self.data, at)[0]
                    sprms = {**sprms, **_grpprl(self.data, at + 2, at + 2 + size)}
        self._papx_seen[grpprl] = sprms
        return sprms

    # ------------------------------------------------------------------------- styles, lists

    def _styles(self) -> dict[int, tuple[int | None, int, dict[int, bytes]]]:
        """istd → (heading level by its name or built-in identity, istdBase, its paragraph sprms)."""
        fc, lcb = self._fc_lcb(_STSHF)
        out: dict[int, tuple[int | None, int, dict[int, bytes]]] = {}
        if lcb < 6:
            return out
        t = self.table
        end = fc + lcb
        cb_stshi = _U16.unpack_from(t, fc)[0]
        cstd, cb_base = struct.unpack_from("<HH", t, fc + 2)
        pos = fc + 2 + cb_stshi
        for istd in range(cstd):
            if pos + 2 > end:
                break
            cb = _U16.unpack_from(t, pos)[0]
            std = t[pos + 2:pos + 2 + cb]
            pos += 2 + cb
            if len(std) < max(cb_base, 10):
                continue
            word0, word1, word2 = struct.unpack_from("<HHH", std, 0)
            sti, stk, base, cupx = word0 & 0x0FFF, word1 & 0x000F, word1 >> 4, word2 & 0x000F
            p = cb_base
            cch = _U16.unpack_from(std, p)[0] if p + 2 <= len(std) else 0
            name = std[p + 2:p + 2 + 2 * cch].decode("utf-16-le", "replace")
            p += 2 + 2 * cch + 2  # the name and its terminating null
            level = heading_level(name)
            if level is None:
                level = sti if 1 <= sti <= 9 else None
            sprms: dict[int, bytes] = {}
            if stk == 1 and cupx >= 1 and p + 2 <= len(std):
                cbupx = _U16.unpack_from(std, p)[0]
                upx = std[p + 2:p + 2 + cbupx]
                if len(upx) >= 2:
                    sprms = _grpprl(upx, 2)  # UpxPapx: istd, then the grpprl
            out[istd] = (level, base, sprms)
        return out

    def _lists(self) -> tuple[dict[int, dict[int, tuple[int, str, int]]], list[int]]:
        """{lsid: {ilvl: (nfc, number text, start)}} from the PlfLst and the lsid of each LFO."""
        t = self.table
        lists: dict[int, dict[int, tuple[int, str, int]]] = {}
        fc, lcb = self._fc_lcb(_PLFLST)
        if lcb >= 2:
            count = struct.unpack_from("<h", t, fc)[0]
            lstfs = []
            for i in range(max(count, 0)):
                lsid = _I32.unpack_from(t, fc + 2 + 28 * i)[0]
                simple = t[fc + 2 + 28 * i + 26] & 0x01
                lstfs.append((lsid, 1 if simple else 9))
            pos = fc + 2 + 28 * len(lstfs)  # the LVLs follow the PlfLst
            for lsid, levels in lstfs:
                lvls = {}
                for ilvl in range(levels):
                    start, nfc = struct.unpack_from("<iB", t, pos)
                    cb_chpx, cb_papx = t[pos + 24], t[pos + 25]
                    pos += 28 + cb_papx + cb_chpx
                    cch = _U16.unpack_from(t, pos)[0]
                    xst = t[pos + 2:pos + 2 + 2 * cch]
                    if len(xst) != 2 * cch:
                        raise _Damaged("LVL")
                    pos += 2 + 2 * cch
                    lvls[ilvl] = (nfc, xst.decode("utf-16-le", "replace"), start)
                lists[lsid] = lvls
        lfos: list[int] = []
        fc, lcb = self._fc_lcb(_PLFLFO)
        if lcb >= 4:
            count = _I32.unpack_from(t, fc)[0]
            lfos = [_I32.unpack_from(t, fc + 4 + 16 * i)[0] for i in range(max(min(count, (lcb - 4) // 16), 0))]
        return lists, lfos

    def _section_ends(self) -> set[int]:
        fc, lcb = self._fc_lcb(_PLCFSED)
        if lcb < 4 or (lcb - 4) % 16:
            return set()
        n = (lcb - 4) // 16
        return set(struct.unpack_from(f"<{n + 1}I", self.table, fc)[1:])

    # ------------------------------------------------------------------------- the document

    def read(self) -> Source:
        pieces = self._pieces()
        text = self._text(pieces)[:self.ccp_text]
        piece_starts = [p[0] for p in pieces]

        def fc_of(cp: int) -> int:
            i = bisect_right(piece_starts, cp) - 1
            cp0, _, fc, compressed = pieces[max(i, 0)]
            return fc + (cp - cp0) * (1 if compressed else 2)

        papx = self._fkp_runs(_PLCFBTEPAPX, papx=True)
        papx_starts = [r[0] for r in papx]
        chpx = [(f0, f1, _grpprl(grpprl)) for f0, f1, _, grpprl in self._fkp_runs(_PLCFBTECHPX, papx=False)]
        deleted = _char_ranges(pieces, chpx, lambda sp: _toggle(sp, _CFRMARKDEL))
        deleted_starts = [d[0] for d in deleted]
        styles = _best_effort(self._styles, {})
        numbering = _Numbering(*_best_effort(self._lists, ({}, [])), styles)
        section_ends = self._section_ends()
        builder = Builder(Source(path=self.path, format="doc", encoding="doc"))
        fields: list[bool] = []  # the open fields, each True while in its code
        start, n = 0, 0
        marks: list[int] = []  # the cp of each paragraph's mark (and of each row end)
        numbers: list[int] = []  # the paragraph it ends (a row end: the row's last paragraph)
        changed: list[int] = []  # paragraphs whose properties hold a tracked change
        ends = [(m.start(), m.group()) for m in _MARKS.finditer(text)]
        if not text.endswith(("\r", "\x07")):
            ends.append((len(text), "\r"))
        for cp, mark in ends:
            if mark == "\x0c" and cp + 1 not in section_ends:
                continue  # a page break inside the paragraph
            raw = text[start:cp]
            raw_start, start = start, cp + 1
            i = bisect_right(papx_starts, fc_of(cp)) - 1 if cp < len(text) else -1
            run = papx[i] if i >= 0 and papx[i][0] <= fc_of(cp) < papx[i][1] else None
            istd, sprms = (run[2], self._papx(run[3])) if run else (0, {})
            depth = _number(sprms, _PITAP) or (1 if _flag(sprms, _PFINTABLE) else 0)
            if mark == "\x07" and not depth:
                depth = 1
            marks.append(cp)
            if mark == "\x07" and _flag(sprms, _PFTTP) or depth > 1 and _flag(sprms, _PFINNERTTP):
                numbers.append(n)
                if depth == 1:  # a nested table's rows are not read
                    builder.row_end(_bounds(sprms.get(_TDEFTABLE)))
                continue  # a row-end mark: no paragraph
            n += 1
            numbers.append(n)
            if _PROPRMARKS[2] in sprms:
                changed.append(n)
            visible = _visible(raw, raw_start, deleted, deleted_starts, fields)
            mark_deleted = _in(cp, deleted, deleted_starts)
            picture = "\x01" in visible or "\x08" in visible
            pieces_text = _split(visible)
            if depth:
                builder.cell_paragraph(n, depth, pieces_text, cell_end=mark == "\x07" or depth > 1 and _flag(
                    sprms, _PFINNERTABLECELL))
                continue
            builder.end_table()
            level = None
            s = istd
            for _ in range(16):  # the style, then the styles it is based on
                if s not in styles:
                    break
                level, s = styles[s][0], styles[s][1]
                if level:
                    break
            label = "" if mark_deleted else numbering.label(sprms, istd)
            builder.paragraph(n, pieces_text, label, level, picture, mark_deleted)
        builder.end_table()
        src = builder.src

        def paragraph_of(cp: int) -> int:
            i = bisect_left(marks, cp)
            return numbers[i] if i < len(numbers) else n

        found: list[tuple[str, int]] = [("revision", p) for p in changed]
        revised = _char_ranges(pieces, chpx, lambda sp: _toggle(sp, _CFRMARKDEL) or _toggle(sp, _CFRMARKINS)
                               or _PROPRMARKS[0] in sp or _PROPRMARKS[1] in sp)
        hidden = _char_ranges(pieces, chpx, lambda sp: _toggle(sp, _CFVANISH))
        for kind, ranges in (("revision", revised), ("hidden", hidden)):
            for a, b in ranges:
                if kind == "hidden" and not text[a:b].strip("\r\x07"):
                    continue  # a hidden paragraph mark: not a run of hidden text
                found.extend((kind, p) for p in range(paragraph_of(a), paragraph_of(max(b - 1, a)) + 1))
        found.extend(("comment", paragraph_of(cp)) for cp in _best_effort(self._comments, []))
        src.leftovers = leftover_lines(sorted(found, key=lambda k: k[1]), src)
        return src

    def _comments(self) -> list[int]:
        """The cp of each comment's reference mark, but for govlint's own comments."""
        fc, lcb = self._fc_lcb(_PLCFANDREF)
        if lcb < 4 or (lcb - 4) % 34:
            return []
        count = (lcb - 4) // 34
        cps = struct.unpack_from(f"<{count}I", self.table, fc)
        owners: list[str] = []
        ofc, olcb = self._fc_lcb(_ATNOWNERS)
        pos = ofc
        while pos + 2 <= ofc + olcb:
            cch = _U16.unpack_from(self.table, pos)[0]
            owners.append(self.table[pos + 2:pos + 2 + 2 * cch].decode("utf-16-le", "replace"))
            pos += 2 + 2 * cch
        out = []
        for i, cp in enumerate(cps):
            ibst = struct.unpack_from("<h", self.table, fc + 4 * (count + 1) + 30 * i + 20)[0]
            if not (0 <= ibst < len(owners) and owners[ibst] == GOVLINT_AUTHOR):
                out.append(cp)
        return out


def _char_ranges(pieces, chpx, wanted) -> list[tuple[int, int]]:
    """The cp ranges (merged, in order) of the characters whose CHPX sprms are ``wanted``."""
    runs = [(f0, f1) for f0, f1, sprms in chpx if wanted(sprms)]
    if not runs:
        return []
    out: list[tuple[int, int]] = []
    for cp0, cp1, fc, compressed in pieces:
        width = 1 if compressed else 2
        fc_end = fc + (cp1 - cp0) * width
        for f0, f1 in runs:
            lo, hi = max(f0, fc), min(f1, fc_end)
            if lo < hi:
                out.append((cp0 + (lo - fc) // width, cp0 + (hi - fc + width - 1) // width))
    out.sort()
    merged: list[tuple[int, int]] = []
    for a, b in out:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _best_effort(part, default):
    """Styles and list tables: a damaged one costs the headings' levels or the list labels, not
    the text."""
    try:
        return part()
    except (struct.error, IndexError, ValueError, _Damaged):
        return default


def _in(cp: int, ranges: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect_right(starts, cp) - 1
    return i >= 0 and ranges[i][0] <= cp < ranges[i][1]


def _visible(raw: str, at: int, deleted, deleted_starts, fields: list[bool]) -> str:
    """A paragraph's characters as Word shows them: tracked deletions and field codes removed
    (``fields``, the fields still open, carries over to the next paragraph)."""
    if deleted:
        i = max(bisect_right(deleted_starts, at) - 1, 0)
        end = at + len(raw)
        kept, pos = [], at
        while i < len(deleted) and deleted[i][0] < end:
            a, b = deleted[i]
            if b > pos:
                if a > pos:
                    kept.append(raw[pos - at:a - at])
                pos = max(pos, b)
            i += 1
        if pos < end:
            kept.append(raw[pos - at:])
        raw = "".join(kept)
    if not fields and "\x13" not in raw:
        return raw
    out, pos = [], 0
    for m in _FIELD.finditer(raw):
        if not any(fields):
            out.append(raw[pos:m.start()])
        c = m.group()
        if c == "\x13":
            fields.append(True)
        elif c == "\x14" and fields:
            fields[-1] = False
        elif c == "\x15" and fields:
            fields.pop()
        pos = m.end()
    if not any(fields):
        out.append(raw[pos:])
    return "".join(out)


def _split(visible: str) -> list[str]:
    """The paragraph's text split at its manual breaks, special characters removed."""
    if not _SPECIAL.search(visible):
        return [visible]
    pieces, current, pos = [], [], 0
    for m in _SPECIAL.finditer(visible):
        current.append(visible[pos:m.start()])
        c = m.group()
        if c in _BREAKS:
            pieces.append("".join(current))
            current = []
        elif c == "\x1e":  # non-breaking hyphen
            current.append("-")
        pos = m.end()
    current.append(visible[pos:])
    pieces.append("".join(current))
    return pieces


class _Numbering:
    """Rebuilds the labels of automatic numbering as the .docx reader does for numbering.xml."""

    def __init__(self, lists, lfos, styles):
        self.lists, self.lfos, self.styles = lists, lfos, styles
        self.counters: dict[int, list[int]] = {}

    def label(self, sprms: dict[int, bytes], istd: int) -> str:
        ilfo, ilvl = 0, 0
        for holder in (sprms, self.styles.get(istd, (None, 0, {}))[2]):
            if _PILFO in holder:
                ilfo, ilvl = _number(holder, _PILFO), _number(holder, _PILVL)
                break
        if not 0 < ilfo <= len(self.lfos):
            return ""
        levels = self.lists.get(self.lfos[ilfo - 1])
        if not levels or ilvl not in levels:
            return ""
        nfc, text, _ = levels[ilvl]
        if nfc in (0x17, 0xFF):  # bullet, none
            return ""
        counters = self.counters.setdefault(ilfo, [])
        while len(counters) <= ilvl:
            counters.append(0)
        counters[ilvl] += 1
        del counters[ilvl + 1:]
        out = []
        for c in text:
            level = ord(c)
            if level <= ilvl:
                lnfc, _, lstart = levels.get(level, (0, "", 1))
                value = (counters[level] if level < len(counters) else 1) + lstart - 1
                out.append(_format_number(max(value, 1), lnfc))
            elif level >= 9:
                out.append(c)
        return "".join(out)


def _bounds(tdef: bytes | None) -> list[int] | None:
    """The cell boundaries (rgdxaCenter) of a row's sprmTDefTable."""
    if not tdef or len(tdef) < 3 or len(tdef) < 3 + 2 * (tdef[2] + 1):
        return None
    return list(struct.unpack_from(f"<{tdef[2] + 1}h", tdef, 3))
