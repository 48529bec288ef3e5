"""A request's uploads, read as the body comes and kept in memory only, within the server's limits.

The body is parsed part by part (python-multipart) while it is received: a part over its limit,
a body over the request's limit or more files than allowed stops the reading at once with
:class:`Refused` (413), so a 300 MB upload never sits in memory. A .zip is opened in memory: its
central directory is checked before anything is inflated (the number of entries, their declared
sizes in total, each entry's compression ratio against zip bombs), and an entry is inflated only
when it is linted, at most the per-file limit. Entry names are labels only: nothing is written,
so a name like ``../../etc/passwd`` is just text; no path of a request is ever opened.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import AsyncIterator

from python_multipart.multipart import MultipartParser, parse_options_header

from govlint.errors import Text
from govlint.limits import Limits

MB = 1024 * 1024


@dataclass(frozen=True)
class ServeLimits:
    """What one request may cost. ``max_file_mb`` is govlint's own per-file limit (``Limits``)."""

    max_file_mb: float = Limits().max_file_mb  # one file, uploaded or inside a zip (inflated)
    max_request_mb: float = 200  # a request's body: the files and zips uploaded together
    max_files: int = 500  # files to lint in one request, zip entries included
    max_zip_uncompressed_mb: float = 500  # a request's zip entries, inflated, in total (as declared)
    max_zip_ratio: float = 100  # an entry inflating more than this many times its stored size is a bomb…
    zip_ratio_min_mb: float = 1  # …when it inflates to more than this (a small file may compress well)
    max_fields: int = 16  # form fields besides the files (pack, agency kind, language, entry)
    max_field_bytes: int = 4096

    @property
    def file_bytes(self) -> int:
        return int(self.max_file_mb * MB)

    @property
    def request_bytes(self) -> int:
        return int(self.max_request_mb * MB)

    def to_dict(self) -> dict:
        return {"max_file_mb": self.max_file_mb, "max_request_mb": self.max_request_mb, "max_files": self.max_files,
                "max_zip_uncompressed_mb": self.max_zip_uncompressed_mb}


class Refused(Exception):
    """A request the server will not take: ``status`` (413 too large, 400 malformed) and why."""

    def __init__(self, status: int, reason: Text):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _too_large(zh: str, en: str) -> Refused:
    return Refused(413, Text(f"上传内容过大：{zh}", f"upload too large: {en}"))


@dataclass
class Upload:
    """A file of the request: its name (a label, never opened) and its bytes."""

    name: str
    data: bytes


@dataclass
class Form:
    fields: dict[str, str] = field(default_factory=dict)
    files: list[Upload] = field(default_factory=list)


def is_zip(name: str) -> bool:
    return name.lower().endswith(".zip")


async def read_form(content_type: str | None, content_length: str | None, body: AsyncIterator[bytes],
                    limits: ServeLimits) -> Form:
    """The fields and files of a multipart/form-data body, read chunk by chunk within ``limits``."""
    ctype, params = parse_options_header(content_type or "")
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise Refused(400, Text("请求应为 multipart/form-data 格式的文件上传", "expected a multipart/form-data upload"))
    if content_length and content_length.isdigit() and int(content_length) > limits.request_bytes:
        raise _too_large(f"共 {int(content_length) / MB:.1f} MB，一次最多上传 {limits.max_request_mb:g} MB",
                         f"{int(content_length) / MB:.1f} MB in all, at most {limits.max_request_mb:g} MB at a time")
    form = Form()
    state: dict = {"headers": {}, "field": b"", "name": None, "filename": None, "buf": None, "limit": 0}

    def on_part_begin():
        state["headers"] = {}

    def on_header_field(data, start, end):
        state["field"] += data[start:end]

    def on_header_value(data, start, end):
        key = state["field"].lower()
        state["headers"][key] = state["headers"].get(key, b"") + data[start:end]

    def on_header_end():
        state["field"] = b""

    def on_headers_finished():
        _, disp = parse_options_header(state["headers"].get(b"content-disposition", b""))
        name = disp.get(b"name", b"").decode("utf-8", "replace")
        filename = disp.get(b"filename")
        state["name"], state["buf"] = name, bytearray()
        if filename is not None:
            label = _label(filename.decode("utf-8", "replace"))
            if len(form.files) >= limits.max_files:
                raise _too_large(f"一次最多 {limits.max_files} 个文件", f"at most {limits.max_files} files at a time")
            state["filename"] = label
            state["limit"] = limits.request_bytes if is_zip(label) else limits.file_bytes
        else:
            if len(form.fields) >= limits.max_fields:
                raise Refused(400, Text("表单字段过多", "too many form fields"))
            state["filename"], state["limit"] = None, limits.max_field_bytes

    def on_part_data(data, start, end):
        buf = state["buf"]
        buf += data[start:end]
        if len(buf) > state["limit"]:
            if state["filename"] is None:
                raise Refused(400, Text("表单字段过长", "a form field is too long"))
            raise _too_large(f"“{state['filename']}”超过单个文件的上限 {limits.max_file_mb:g} MB",
                             f"“{state['filename']}” is over the limit of {limits.max_file_mb:g} MB per file")

    def on_part_end():
        if state["buf"] is None:
            return
        if state["filename"] is not None:
            form.files.append(Upload(state["filename"], bytes(state["buf"])))
        else:
            form.fields[state["name"]] = state["buf"].decode("utf-8", "replace")
        state["buf"] = None

    parser = MultipartParser(boundary, {
        "on_part_begin": on_part_begin, "on_header_field": on_header_field, "on_header_value": on_header_value,
        "on_header_end": on_header_end, "on_headers_finished": on_headers_finished, "on_part_data": on_part_data,
        "on_part_end": on_part_end})
    received = 0
    async for chunk in body:
        received += len(chunk)
        if received > limits.request_bytes:
            raise _too_large(f"一次最多上传 {limits.max_request_mb:g} MB", f"at most {limits.max_request_mb:g} MB at a time")
        try:
            parser.write(chunk)
        except Refused:
            raise
        except Exception as exc:  # python-multipart's own errors: a malformed body
            raise Refused(400, Text("上传内容格式有误", "malformed upload")) from exc
    parser.finalize()
    return form


def _label(name: str) -> str:
    """A file name as the page shows it: a folder's files keep their relative path (a label, never
    opened), without ``..`` parts or control characters."""
    return member_label(name) or "未命名"


# ----------------------------------------------------------------------------- zip archives

@dataclass
class Entry:
    """A file to lint: uploaded as it is (``data``), or an entry of an uploaded zip (inflated
    when :meth:`read`). ``upload`` and ``member`` say where it came from, for the page to ask
    for the annotated copy again."""

    label: str
    upload: int
    member: str | None = None
    data: bytes | None = None
    archive: zipfile.ZipFile | None = None
    info: zipfile.ZipInfo | None = None

    def read(self, limits: ServeLimits) -> bytes:
        if self.data is not None:
            return self.data
        with self.archive.open(self.info) as fh:  # zipfile stops at the declared size and checks the CRC
            data = fh.read(limits.file_bytes + 1)
        if len(data) > limits.file_bytes:
            raise _too_large(f"压缩包中的“{self.label}”超过单个文件的上限 {limits.max_file_mb:g} MB",
                             f"“{self.label}” in the zip is over the limit of {limits.max_file_mb:g} MB per file")
        return data


SKIP_NESTED = Text("压缩包中的压缩包不展开", "a zip inside a zip is not opened")
SKIP_LOCK = Text("Word/WPS 的锁定文件", "a Word/WPS lock file")
SKIP_ANNOTATED = Text("govlint 写的批注副本", "an annotated copy govlint wrote")
SKIP_TYPE = Text("不是 govlint 能读的文件类型", "not a file type govlint reads")


def entry_name(info: zipfile.ZipInfo) -> str:
    """An entry's name as its writer meant it: names without the UTF-8 flag are CP437 to
    zipfile, but a zip made on a Chinese Windows holds GBK."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gb18030")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def member_label(name: str) -> str:
    """An entry's name as a label: forward slashes, no leading slash, no ``..`` or ``.`` parts."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    return "".join(c for c in "/".join(parts) if c >= " " and c != "\x7f")


def expand(uploads: list[Upload], extensions: set[str], limits: ServeLimits) -> tuple[list[Entry], list[dict]]:
    """The files to lint, in order (a zip's entries in its order, where the zip was), and the
    entries skipped, each with why. :class:`Refused` when the files are too many or a zip's
    entries too large in total or inflating like a bomb."""
    entries: list[Entry] = []
    skipped: list[dict] = []
    inflated = 0
    for k, up in enumerate(uploads):
        if not is_zip(up.name):
            entries.append(Entry(up.name, k, data=up.data))
            continue
        try:
            archive = zipfile.ZipFile(io.BytesIO(up.data))
            infos = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise Refused(400, Text(f"“{up.name}”不是有效的 zip 压缩包", f"“{up.name}” is not a valid zip file")) from exc
        for info in infos:
            if info.is_dir():
                continue
            name = entry_name(info)
            label = member_label(name)
            base = posixpath.basename(label)
            if not label or any(p.startswith(".") or p == "__MACOSX" for p in label.split("/")):
                continue  # hidden files and the Mac's resource forks
            ext = base.rsplit(".", 1)[-1].lower() if "." in base else ""
            why = (SKIP_NESTED if ext == "zip" else SKIP_LOCK if base.startswith("~$")
                   else SKIP_ANNOTATED if base.lower().endswith(".govlint.docx")
                   else None if ext in extensions else SKIP_TYPE)
            shown = f"{up.name}/{label}"
            if why is not None:
                skipped.append({"name": shown, "why": why})
                continue
            if len(entries) >= limits.max_files:
                raise _too_large(f"一次最多检查 {limits.max_files} 个文件（压缩包中的文件也计算在内）",
                                 f"at most {limits.max_files} files at a time, a zip's entries included")
            _check_entry(info, label, limits)
            inflated += info.file_size
            if inflated > limits.max_zip_uncompressed_mb * MB:
                raise _too_large(f"压缩包解压后超过 {limits.max_zip_uncompressed_mb:g} MB",
                                 f"the zips inflate to more than {limits.max_zip_uncompressed_mb:g} MB")
            entries.append(Entry(shown, k, member=info.filename, archive=archive, info=info))
    return entries, skipped


def _check_entry(info: zipfile.ZipInfo, label: str, limits: ServeLimits) -> None:
    """An entry's declared size within the per-file limit, and no bomb's compression ratio."""
    if info.file_size > limits.file_bytes:
        raise _too_large(f"压缩包中的“{label}”解压后 {info.file_size / MB:.1f} MB，超过单个文件的上限 {limits.max_file_mb:g} MB",
                         f"“{label}” in the zip inflates to {info.file_size / MB:.1f} MB, over the limit of "
                         f"{limits.max_file_mb:g} MB per file")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.zip_ratio_min_mb * MB and ratio > limits.max_zip_ratio:
        raise _too_large(f"压缩包中的“{label}”压缩比异常（{ratio:.0f} 倍），疑为压缩炸弹",
                         f"“{label}” in the zip inflates {ratio:.0f} times: a zip bomb, it seems")


def find_member(upload: Upload, member: str, limits: ServeLimits) -> Entry:
    """The entry ``member`` (its name in the zip, as :func:`expand` gave it) of a zip uploaded
    again, checked as :func:`expand` checks every entry."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.data))
        info = archive.getinfo(member)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as exc:
        raise Refused(400, Text(f"压缩包中没有“{member_label(member)}”", f"no “{member_label(member)}” in the zip")) from exc
    label = member_label(entry_name(info))
    _check_entry(info, label, limits)
    return Entry(f"{upload.name}/{label}", 0, member=member, archive=archive, info=info)
