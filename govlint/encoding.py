"""Bytes to text.

The cheap rule first (BOM, strict UTF-8, UTF-16 without BOM), then charset-normalizer for the
cases the cheap rule cannot tell apart (GB18030 decodes Big5 bytes into garbage without error;
see deps-perf.md §4b). GBK and GB2312 are read as their superset GB18030.
"""

from __future__ import annotations

import codecs

from govlint import rx
from govlint.errors import InputError, Text

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "hz", "euc_cn"}


def canonical_codec(name: str) -> str:
    """Python's name for a codec; the GB family (GBK, GB2312…) as its superset GB18030. A name
    Python does not know is returned as given."""
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return name
    return "gb18030" if name in _GB_FAMILY else name


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has NUL in every other byte for ASCII characters."""
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    half = len(data) // 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used). Raises InputError with a Chinese message naming ``path``."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(path, Text(f"未知的编码“{encoding}”", f"unknown encoding “{encoding}”")) from None
        enc = canonical_codec(encoding)
        if enc == "utf-8" and data.startswith(codecs.BOM_UTF8):
            enc = "utf-8-sig"
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            raise InputError(path, Text(f"无法按 {encoding} 解码（第 {exc.start} 字节处出错）",
                                        f"cannot decode as {encoding} (at byte {exc.start})")) from None

    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                raise InputError(path, Text(f"文件以 {enc} 字节顺序标记开头，但内容无法按 {enc} 解码",
                                            f"the file starts with a {enc} byte order mark but is not {enc}")) from None
    try:
        return _text_or_fail(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return _text_or_fail(data.decode(utf16), path), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise InputError(path, _NOT_TEXT)

    # The cheap rule is unsure: ask charset-normalizer (imported only here).
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    candidates: list[str] = []
    if best is not None and best.encoding:
        candidates.append(canonical_codec(best.encoding))
    candidates.append("gb18030")
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_like_text(text):
            return text, enc
    raise InputError(path, Text("无法识别文件编码，请用 --encoding 指定（如 gb18030、big5）",
                                "cannot tell the file's encoding; give it with --encoding (gb18030, big5…)"))


_NOT_TEXT = Text("不是文本文件（含有二进制内容）", "not a text file (it holds binary content)")


def _text_or_fail(text: str, path: str) -> str:
    if not _looks_like_text(text):
        raise InputError(path, _NOT_TEXT)
    return text


_CONTROL = rx.compile(r"[\x00-\x08\x0e-\x1f]")


def _looks_like_text(text: str) -> bool:
    return len(_CONTROL.findall(text)) <= max(2, len(text) // 200)
