"""A reviewed copy of a Word draft: each finding as a comment (批注) on the text it is about.

``govlint check 报告.docx --annotate`` writes ``报告.govlint.docx`` beside the draft (or in the
folder ``--annotate-dir`` names); the draft itself is never written. Each comment is anchored on
exactly the text its finding points at — the heading, the period sentence, the placeholder, the
table cell (runs are split at the finding's first and last character, keeping their formatting)
— and says the finding in the clerk's words: severity, message, suggestion, rule. A finding
about the whole file sits on its first paragraph (the title).

govlint's comments carry the author ``govlint``: annotating an annotated copy again replaces
them and keeps everyone else's, so the comments do not pile up. A .doc, .wps, .rtf or .odt draft
is converted to .docx by LibreOffice first (when ``soffice`` is installed) and the converted
document is linted and annotated.
"""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from govlint.atomic import replacing
from govlint.diagnostics import SEVERITY_ZH, Diagnostic
from govlint.errors import InputError, Text
from govlint.readers.docx import blocks, text_spans
from govlint.readers.layout import GOVLINT_AUTHOR
from govlint.results import FileResult

SUFFIX = ".govlint.docx"
CONVERTIBLE = ("doc", "wps", "rtf", "odt")  # Word-family formats LibreOffice turns into .docx
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def target_path(path: str, out_dir: str | None = None) -> Path:
    """Where the annotated copy of ``path`` goes: ``报告.govlint.docx`` beside it (or in
    ``out_dir``). An annotated copy annotated again is written over itself: it is govlint's own
    file, never the draft."""
    p = Path(path)
    name = p.name
    stem = name[: -len(SUFFIX)] if name.lower().endswith(SUFFIX) else p.stem
    return (Path(out_dir) if out_dir else p.parent) / f"{stem}{SUFFIX}"


def to_docx(path: str, data: bytes, timeout: int = 120) -> bytes:
    """The bytes of a .doc/.wps/.rtf/.odt draft converted to .docx by LibreOffice (headless, in a
    private temporary folder); InputError when LibreOffice is not installed or fails."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError(path, Text("添加批注需要 .docx 文件：请在 Word 或 WPS 中“另存为” .docx，或安装 LibreOffice 后重试",
                                    "comments need a .docx: save it as .docx in Word or WPS, or install LibreOffice"))
    with tempfile.TemporaryDirectory(prefix="govlint-convert-") as tmp:
        src = Path(tmp) / ("draft" + (Path(path).suffix or ".doc"))
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired):
            pass
        out = src.with_suffix(".docx")
        if not out.exists():
            raise InputError(path, Text("LibreOffice 未能把文件转换为 .docx，请在 Word 或 WPS 中“另存为” .docx 后重试",
                                        "LibreOffice could not convert the file to .docx; save it as .docx and retry"))
        return out.read_bytes()


def annotate(data: bytes, result: FileResult, lang: str = "zh") -> tuple[bytes, int, int]:
    """The .docx ``data`` with ``result``'s findings as comments: (bytes, comments added,
    govlint comments of an earlier run removed)."""
    import docx
    from docx.text.run import Run

    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    removed = _remove_own_comments(document, body)
    paragraphs = list(body.iter(f"{_W}p"))  # numbered as the reader numbers them
    tables = [b for b in blocks(body) if b.tag == f"{_W}tbl"]
    first = next((p for p in paragraphs if "".join(t for t in p.itertext()).strip()), paragraphs[0] if paragraphs else None)
    added = 0
    for diag in sorted(result.diagnostics, key=Diagnostic.sort_key):
        runs = _anchor(diag, result, paragraphs, tables, document._body) or (_whole(first) if first is not None else None)
        if not runs:
            continue
        paragraph = _paragraph_of(runs[0], document)
        first_run, last_run = Run(runs[0], paragraph), Run(runs[-1], paragraph)
        document.add_comment([first_run, last_run], text=_comment_text(diag, lang), author=GOVLINT_AUTHOR,
                             initials="GL")
        added += 1
    for c in _own_comments(document):  # no clock in the file: the same draft gives the same copy
        c.attrib.pop(f"{_W}date", None)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), added, removed


def write(target: Path | str, data: bytes) -> None:
    """Write ``target`` atomically through a temporary file in its folder (a reader sees the old
    file or the new one, never a part), keeping the permission bits of a file it replaces."""
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with replacing(target) as fh:
        fh.write(data)


# ----------------------------------------------------------------------------- comment text

def _comment_text(diag: Diagnostic, lang: str) -> str:
    zh = lang != "en"
    severity = SEVERITY_ZH[diag.severity] if zh else diag.severity.label
    lines = [f"【{severity}】{diag.message}" if zh else f"[{severity}] {diag.message}"]
    if diag.suggestion:
        lines.append(("建议：" if zh else "suggestion: ") + diag.suggestion)
    lines.append(f"（govlint 规则 {diag.rule}，{diag.code}；详见 govlint explain {diag.rule}）" if zh
                 else f"(govlint rule {diag.rule}, {diag.code}; see govlint explain {diag.rule})")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- where a comment goes

def _anchor(diag: Diagnostic, result: FileResult, paragraphs: list, tables: list, body) -> list | None:
    """The first and last run (w:r) of the text ``diag`` is about, split so that the range is
    exactly that text; None when the place cannot be found (the caller uses the title)."""
    quoted = result.lines.get(diag.line)
    loc = quoted.location if quoted is not None else None
    if not loc:
        return None
    if "table" in loc and "cells" in loc:
        return _cell_runs(loc, diag.column, tables, body)
    n = loc.get("paragraph")
    if not n or n > len(paragraphs):
        return None
    p = paragraphs[n - 1]
    spans = text_spans(p)
    if not spans:
        return _whole(p)
    text_len = spans[-1][2]
    label = label_length(quoted.text, joined_text(spans))
    start = max(0, diag.column - 1 - label)
    end_column = diag.location.end_column if (diag.location.end_line or diag.line) == diag.line else None
    end = min(text_len, (end_column - 1 - label) if end_column else text_len)
    if end <= start:
        start, end = 0, text_len
    return split_range(p, start, end) or _whole(p)


def joined_text(spans) -> str:
    """The paragraph's text as the reader quotes it (a line break is the space between pieces)."""
    out = []
    for el, _start, _end in spans:
        tag = el.tag
        out.append((el.text or "") if tag == f"{_W}t" else "\t" if tag in (f"{_W}tab", f"{_W}ptab")
                   else "-" if tag == f"{_W}noBreakHyphen" else " ")
    return "".join(out)


def label_length(line: str, text: str) -> int:
    """How many characters of the quoted line are the list label Word draws before the text
    (“一、” from automatic numbering)."""
    if line.endswith(text):
        return len(line) - len(text)
    probe = text.strip()[:12]
    at = line.find(probe) if probe else -1
    return max(0, at - (len(text) - len(text.lstrip()))) if at >= 0 else 0


def _cell_runs(loc: dict, column: int, tables: list, body) -> list | None:
    t, r = loc["table"], loc["row"]
    if t > len(tables):
        return None
    index = 0
    for i, (start, _end) in enumerate(loc.get("cells") or []):
        if column - 1 >= start:
            index = i
    from docx.table import Table

    rows = Table(tables[t - 1], body).rows
    if r > len(rows):
        return None
    cells = [c._tc for c in rows[r - 1].cells]  # by grid column, as the reader numbers them
    if index >= len(cells):
        return None
    cell = cells[index]
    paras = [p for p in cell.iter(f"{_W}p")]
    runs = [el.getparent() for p in paras for el, _, _ in text_spans(p)]
    if runs:
        return [runs[0], runs[-1]]
    if not paras:
        return None
    return [_empty_run(paras[0])]


def _whole(p) -> list | None:
    spans = text_spans(p)
    runs = [el.getparent() for el, _, _ in spans]
    return [runs[0], runs[-1]] if runs else [_empty_run(p)]


def _empty_run(p):
    from docx.oxml import OxmlElement

    r = OxmlElement("w:r")
    p.append(r)
    return r


def split_range(p, start: int, end: int) -> list | None:
    """The first and last run covering [start, end) of the paragraph's text, runs split at
    those characters (keeping their formatting) so that the range holds nothing else."""
    for at in (start, end):
        for el, s, e in text_spans(p):
            if el.tag == f"{_W}t" and s < at < e:
                _split_before(el.getparent(), el, at - s)
                break
    runs = [el.getparent() for el, s, e in text_spans(p) if s >= start and e <= end]
    return [runs[0], runs[-1]] if runs else None


def _split_before(run, t, k: int):
    """Split ``run`` before character ``k`` of its text element ``t``: the run keeps what comes
    before, a copy with the same formatting inserted after it holds the rest (returned)."""
    text = t.text or ""
    index = list(run).index(t)
    twin = copy.deepcopy(run)
    for child in list(run)[index + 1:]:
        run.remove(child)
    t.text = text[:k]
    t.set(_XML_SPACE, "preserve")
    twin_children = list(twin)
    for child in twin_children[:index]:
        if child.tag != f"{_W}rPr":
            twin.remove(child)
    twin_t = twin_children[index]
    twin_t.text = text[k:]
    twin_t.set(_XML_SPACE, "preserve")
    run.addnext(twin)
    return twin


def _paragraph_of(r, document):
    from docx.text.paragraph import Paragraph

    p = next(r.iterancestors(f"{_W}p"), None)
    return Paragraph(p, document._body) if p is not None else document._body


# ----------------------------------------------------------------------------- govlint's earlier comments

def _comments_part(document):
    """The document's comments part, or None (python-docx creates one only when asked to)."""
    try:
        return next((r.target_part for r in document.part.rels.values() if r.reltype.endswith("/comments")), None)
    except Exception:
        return None


def _own_comments(document) -> list:
    part = _comments_part(document)
    if part is None:
        return []
    return [c for c in part.element.iter(f"{_W}comment") if c.get(f"{_W}author") == GOVLINT_AUTHOR]


def _remove_own_comments(document, body) -> int:
    """Remove the comments an earlier govlint run wrote (author ``govlint``) and their marks in the
    text; everyone else's stay."""
    own = _own_comments(document)
    if not own:
        return 0
    ids = {c.get(f"{_W}id") for c in own}
    for c in own:
        c.getparent().remove(c)
    for mark in list(body.iter(f"{_W}commentRangeStart", f"{_W}commentRangeEnd")):
        if mark.get(f"{_W}id") in ids:
            mark.getparent().remove(mark)
    for ref in list(body.iter(f"{_W}commentReference")):
        if ref.get(f"{_W}id") in ids:
            run = ref.getparent()
            if run is not None and run.tag == f"{_W}r" and not [c for c in run if c.tag not in (f"{_W}rPr", ref.tag)]:
                run.getparent().remove(run)
            else:
                run.remove(ref)
    return len(own)
