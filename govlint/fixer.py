"""Fixes: the edits findings carry (:class:`govlint.diagnostics.Fix`), applied to the source.

``govlint check --fix`` writes the fixes of .txt and .md files in place, in the file's own
encoding and line breaks; ``--diff`` prints them as a unified diff and writes nothing; a Word
document (.docx) is never written: its fixes go into a copy beside it (``报告.fixed.govlint.docx``),
each edit made in the runs it replaces so that their formatting stays, and an inserted paragraph
copying the look of the paragraph the fix names (a heading looks like the next heading).

As ruff does, fixes are applied in passes: the fixes of one pass that do not touch each other
are applied, the file is linted again, and so on until no fix is left (at most ``MAX_PASSES``),
so that edits next to each other (two sentences inserted at one place) both land.
"""

from __future__ import annotations

import copy
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

from govlint import rx
from govlint.annotate import joined_text, label_length, split_range
from govlint.diagnostics import SAFE, Diagnostic, Edit
from govlint.errors import InputError, Text
from govlint.readers.docx import text_spans
from govlint.results import FileResult

MAX_PASSES = 10
TEXT_FORMATS = ("txt", "md")
SUFFIX = ".fixed.govlint.docx"
_LINES = rx.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass
class Fixed:
    """What fixing one file gave: the new bytes (None: nothing applied), the fixes applied, and
    the result of linting the fixed file."""

    path: str
    original: bytes
    data: bytes | None = None
    applied: list[Diagnostic] = field(default_factory=list)
    result: FileResult | None = None
    target: str | None = None  # where the fixed file goes (the file itself, or a .docx copy)
    old_text: str | None = None  # for --diff: the text before and after
    new_text: str | None = None
    encoding: str = "utf-8"


def wanted(diags: list[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    """The findings whose fix applies: safe ones, and unsafe ones with ``--unsafe-fixes``."""
    return [d for d in diags if d.fix is not None and (unsafe or d.fix.applicability == SAFE)]


def _non_overlapping(diags: list[Diagnostic]) -> list[Diagnostic]:
    """The fixes of one pass: in order of place, each kept when none of its edits touches an
    edit kept before (two insertions at one place are left for the next pass)."""
    taken: list[tuple[tuple[int, int], tuple[int, int]]] = []
    out = []
    for d in sorted(diags, key=lambda d: (min((e.line, e.column) for e in d.fix.edits), d.code)):
        spans = [((e.line, e.column), (e.end_line, e.end_column)) for e in d.fix.edits]
        if any(not (b < s or e < a) for a, b in spans for s, e in taken):
            continue
        taken.extend(spans)
        out.append(d)
    return out


# ----------------------------------------------------------------------------- text

def apply_text(text: str, edits: list[Edit]) -> str:
    """``text`` with ``edits`` (which do not overlap) applied; a line break in an edit's content
    is written as the file writes its line breaks."""
    pieces = _LINES.findall(text)
    starts = [0]
    for piece in pieces:
        starts.append(starts[-1] + len(piece))
    newline = next((p[len(p.rstrip("\r\n")):] for p in pieces if p.endswith(("\n", "\r"))), "\n")

    def offset(line: int, column: int) -> int:
        if line > len(pieces):
            return len(text)
        body = pieces[line - 1].rstrip("\r\n")
        return starts[line - 1] + min(column - 1, len(body))

    out = text
    for e in sorted(edits, key=lambda e: (e.line, e.column), reverse=True):
        a, b = offset(e.line, e.column), offset(e.end_line, e.end_column)
        content = e.content.replace("\n", newline) if newline != "\n" else e.content
        out = out[:a] + content + out[b:]
    return out


def fix_text_file(lint, path: str, data: bytes, unsafe: bool, result: FileResult) -> Fixed:
    """Fix a .txt or .md file's bytes in passes: ``lint(bytes) -> FileResult`` lints them;
    ``result`` is the first lint. The bytes are written back in the file's encoding: a file
    whose text does not encode back to the same bytes is left alone (InputError)."""
    encoding = result.encoding or "utf-8"
    try:
        text = data.decode(encoding)
        same = text.encode(encoding) == data
    except (UnicodeError, LookupError):
        same = False
    if not same:
        raise InputError(path, Text(f"文件按 {encoding} 读出后无法原样写回，未修复", f"the file does not encode back as {encoding}: not fixed"))
    fixed = Fixed(path=path, original=data, result=result, target=path, old_text=text, encoding=encoding)

    def apply(current: str, result: FileResult, todo: list[Diagnostic]):
        candidate = apply_text(current, [e for d in todo for e in d.fix.edits])
        try:
            return candidate, todo, candidate.encode(encoding)
        except UnicodeError:  # a character the file's encoding cannot hold: stop here
            return current, [], b""

    current = _passes(fixed, text, apply, lint, unsafe)
    if fixed.applied:
        fixed.new_text = current
        fixed.data = current.encode(encoding)
    return fixed


def _passes(fixed: Fixed, current, apply, lint, unsafe: bool):
    """Apply the fixes in passes until none is left (or none could be made): ``apply(current,
    result, todo) -> (new current, fixes made, bytes to lint)``. Returns the last state."""
    for _ in range(MAX_PASSES):
        todo = _non_overlapping(wanted(fixed.result.diagnostics, unsafe))
        if not todo:
            break
        candidate, done, data = apply(current, fixed.result, todo)
        if not done:
            break
        current = candidate
        fixed.applied.extend(done)
        fixed.result = lint(data)
    return current


def diff_encoding(fixed: Fixed, fmt: str) -> str:
    """How a diff is written: in a text file's own encoding (so that ``patch`` finds its lines;
    a byte order mark stays on the first line, where it is in the file); UTF-8 for a Word file's."""
    if fmt not in TEXT_FORMATS:
        return "utf-8"
    return {"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(fixed.encoding, fixed.encoding)


def unified_diff(fixed: Fixed, label: str | None = None, fmt: str = "txt") -> str:
    """The fix as a unified diff that ``patch -p0`` applies (paths as given): a text file's
    lines as its bytes are (with a byte order mark), a Word file's paragraphs."""
    if fmt in TEXT_FORMATS and fixed.data is not None:
        enc = diff_encoding(fixed, fmt)
        old_text, new_text = fixed.original.decode(enc), fixed.data.decode(enc)
    else:
        old_text, new_text = fixed.old_text or "", fixed.new_text or ""
    old, new = _LINES.findall(old_text), _LINES.findall(new_text)  # \n, \r\n, \r only, as patch counts
    out = []
    for line in difflib.unified_diff(old, new, fixed.path, label or fixed.path):
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


# ----------------------------------------------------------------------------- Word

def docx_target(path: str) -> str:
    """Where the fixed copy of a Word draft goes: ``报告.fixed.govlint.docx`` beside it, and
    ``报告-wps.fixed.govlint.docx`` for a draft in another Word format (so that 报告.doc and
    报告.docx in one folder do not share a copy). A copy govlint wrote is skipped when a folder
    is linted, and fixing it again writes over itself."""
    p = Path(path)
    name = p.name
    if name.lower().endswith(SUFFIX):
        return str(p)
    ext = p.suffix.lower().lstrip(".")
    return str(p.parent / f"{p.stem}{'' if ext == 'docx' else '-' + ext}{SUFFIX}")


def fix_docx(lint, path: str, data: bytes, unsafe: bool, result: FileResult) -> Fixed:
    """Fix a .docx into a copy, in passes as a text file is (the draft's bytes are only read)."""
    fixed = Fixed(path=path, original=data, result=result, target=docx_target(path))
    fixed.old_text = _paragraph_text(data)
    def apply(current: bytes, result: FileResult, todo: list[Diagnostic]):
        candidate, done = apply_docx(current, result, todo)
        return candidate, done, candidate

    current = _passes(fixed, data, apply, lint, unsafe)
    if fixed.applied:
        fixed.data = current
        fixed.new_text = _paragraph_text(current)
    return fixed


def _paragraph_text(data: bytes) -> str:
    """A Word document's paragraphs, one a line (what --diff compares)."""
    import docx

    document = docx.Document(io.BytesIO(data))
    return "".join(joined_text(text_spans(p)) + "\n" for p in document.element.body.iter(f"{_W}p"))


def apply_docx(data: bytes, result: FileResult, diags: list[Diagnostic]) -> tuple[bytes, list[Diagnostic]]:
    """The .docx ``data`` with the fixes of ``diags`` made (those whose place is found)."""
    import docx

    document = docx.Document(io.BytesIO(data))
    paragraphs = list(document.element.body.iter(f"{_W}p"))
    done = []
    # from the end: an inserted paragraph does not move the ones before it
    for d in sorted(diags, key=lambda d: min((e.line, e.column) for e in d.fix.edits), reverse=True):
        plan = [_plan(e, result, paragraphs) for e in d.fix.edits]
        if any(step is None for step in plan):
            continue
        for step in sorted(plan, key=lambda s: (s[1], s[2]), reverse=True):
            step[0]()
        done.append(d)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), done


def _where(result: FileResult, line: int, paragraphs: list):
    """The paragraph (w:p) of ``line`` and how many characters of the line Word draws before
    its text (an automatic number), or None (a table cell, a line not kept)."""
    quoted = result.lines.get(line)
    loc = quoted.location if quoted is not None else None
    n = loc.get("paragraph") if loc else None
    if not n or n > len(paragraphs) or "table" in loc:
        return None
    p = paragraphs[n - 1]
    return p, label_length(quoted.text, joined_text(text_spans(p)))


def _plan(e: Edit, result: FileResult, paragraphs: list):
    """(action, paragraph index, column) for one edit, or None when it cannot be made."""
    found = _where(result, e.line, paragraphs)
    if found is None:
        return None
    p, label = found
    index = paragraphs.index(p)
    if e.line == e.end_line and e.column == e.end_column == 1 and e.content.endswith("\n"):
        texts = e.content[:-1].split("\n")
        likes = []
        for i, _ in enumerate(texts):
            like = _where(result, e.like[i], paragraphs) if i < len(e.like) else None
            likes.append(like or found)
        return (lambda: _insert_paragraphs(p, texts, likes), index, 0)
    if e.line != e.end_line or "\n" in e.content:
        return None
    start, end = e.column - 1 - label, e.end_column - 1 - label
    if start < 0 or end < start:
        return None
    return (lambda: _replace(p, start, end, e.content), index, start)


def _replace(p, start: int, end: int, content: str) -> None:
    """Replace characters [start, end) of paragraph ``p``'s text with ``content``: the runs are
    split there, the first run of the range takes the new text (keeping its formatting), the
    others of the range lose theirs."""
    if end > start:
        split_range(p, start, end)
        inside = [el for el, s, e in text_spans(p) if s >= start and e <= end and el.tag == f"{_W}t"]
    else:
        inside = []
    if not inside:  # an insertion inside a run: split there and add to the run before
        at = [el for el, s, e in text_spans(p) if el.tag == f"{_W}t" and s <= start <= e]
        if not at:
            return
        el = at[0]
        s = next(s for x, s, _ in text_spans(p) if x is el)
        el.text = (el.text or "")[:start - s] + content + (el.text or "")[start - s:]
        el.set(_XML_SPACE, "preserve")
        return
    inside[0].text = content
    inside[0].set(_XML_SPACE, "preserve")
    for el in inside[1:]:
        el.text = ""


def _insert_paragraphs(before, texts: list[str], likes: list) -> None:
    """New paragraphs before ``before``, each a copy of its model paragraph's properties and
    first run's formatting, holding one of ``texts``. A heading copied from one Word numbers
    itself gets no written number (Word draws it)."""
    for text, (model, label) in zip(texts, likes):
        new = copy.deepcopy(model)
        runs = [el.getparent() for el, _, _ in text_spans(new) if el.tag == f"{_W}t"]
        keep = copy.deepcopy(runs[0]) if runs else None
        for child in list(new):
            if child.tag != f"{_W}pPr":
                new.remove(child)
        ppr = new.find(f"{_W}pPr")
        if ppr is not None:  # a paragraph ending a page section carries the section: the copy must not
            for child in ppr.findall(f"{_W}sectPr"):
                ppr.remove(child)
        if keep is None:
            from docx.oxml import OxmlElement

            keep = OxmlElement("w:r")
        for child in list(keep):
            if child.tag != f"{_W}rPr":
                keep.remove(child)
        if label:
            stripped = text.lstrip()
            number = _NUMBER.match(stripped)
            if number:
                text = stripped[number.end():]
        t = copy.deepcopy(keep).makeelement(f"{_W}t", {})
        t.text = text.strip() if label else text
        t.set(_XML_SPACE, "preserve")
        keep.append(t)
        new.append(keep)
        before.addprevious(new)


_NUMBER = rx.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)\s*")
