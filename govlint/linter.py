"""One way through: bytes → Source → Document(s) → facts → pack → rules → diagnostics → result.

A :class:`Linter` holds one set of settings (the pinned pack or the packs chosen by year, the
language, the rules, the agency kind, severity changes, limits, last year's report) and applies
them to files. It keeps no state between files beyond those settings and the packs' own
derived objects (matchers, label indexes).
"""

from __future__ import annotations

import hashlib
import os
import stat
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator

from govlint.cache import code_fingerprint
from govlint.checks import Rule, all_rules, run_rules
from govlint.checks.suppression import UnusedSuppression
from govlint.diagnostics import Diagnostic, Severity
from govlint.document import Document
from govlint.errors import InputError, Text, say
from govlint.facts import Context, Report
from govlint.limits import Limits, too_large
from govlint.matcher import matcher_for
from govlint.outline import build_documents
from govlint.packs.loader import PackStore
from govlint.packs.model import Pack
from govlint.readers import Source, companions, read, read_text, supported_extensions
from govlint.results import DocumentResult, FileResult, PackRef, QuotedLine, TableResult
from govlint.selection import select
from govlint.suppress import apply, directives
from govlint.tables import annex_instead, verdict

MAX_QUOTED_LINES = 50  # of one finding's span, kept with the result


def pack_ref(pack: Pack) -> PackRef:
    return PackRef(pack.id, pack.name, pack.years)


def alignment_rows(ctx: Context) -> list[dict]:
    """The matcher's decisions, for --verbose: every heading candidate and what it became."""
    al = ctx.alignment
    matcher = matcher_for(ctx.pack)
    rows = []
    status: dict[tuple[int, int], tuple] = {}
    for m in al.matches:
        status[m.heading.position] = ("matched" if m.in_order else "out-of-order", m.section, m.score)
    for m in al.duplicates:
        status[m.heading.position] = ("duplicate", m.section, m.score)
    for h, s, sc in al.unmatched:
        status[h.position] = ("unmatched", s, sc)
    for h in ctx.doc.headings:
        st = status.get(h.position)
        if st is None:
            s, sc = matcher.best_section(h)
            st = ("unmatched", s, sc)
        decision, s, sc = st
        rows.append({
            "line": h.line.display,
            "column": h.line.offset + h.start + 1,
            "heading": h.text,
            "decision": decision,
            "section": s.number if s else None,
            "section_title": s.title if s else None,
            "score": round(sc.value, 1) if sc else None,
            "via": sc.via if sc else None,
            "threshold": matcher.threshold(h),
        })
    for m in al.matches:
        if not m.heading.numbered:
            rows.append({"line": m.heading.line.display, "column": m.heading.line.offset + m.heading.start + 1,
                         "heading": m.heading.text,
                         "decision": "matched (unnumbered)", "section": m.section.number,
                         "section_title": m.section.title, "score": round(m.score.value, 1),
                         "via": m.score.via, "threshold": matcher.threshold(m.heading)})
    rows.sort(key=lambda r: (r["line"], r["column"]))
    missing = [{"line": None, "heading": None, "decision": "missing", "section": s.number,
                "section_title": s.title, "score": None, "via": None, "threshold": None} for s in al.missing]
    return rows + missing


# formats whose findings carry their fixes (govlint.fixer applies them: text in place, Word files
# into a .docx copy); "doc" is also .wps
FIXABLE_FORMATS = ("txt", "md", "docx", "doc", "rtf", "odt")

class Linter:
    """Lints sources under one set of settings.

    ``pack`` pins one pack; else each document's pack is chosen by its year among ``automatic``
    (the shipped packs chosen by year; by default those of a store of this linter's own).
    ``previous`` is last year's report (:meth:`context_of`), for the cross-year checks.
    ``severity`` changes rules' severities; ``verbose`` keeps the heading alignment in the result.
    """

    def __init__(self, pack: Pack | None = None, lang: str = "zh", rules: Iterable[type[Rule]] | None = None,
                 agency_kind: str | None = None, previous: Context | None = None, *,
                 automatic: tuple[Pack, ...] | None = None, severity: dict[str, Severity] | None = None,
                 limits: Limits | None = None, encoding: str | None = None, verbose: bool = False):
        self.pinned = pack
        self.automatic = automatic if automatic is not None else PackStore().automatic()
        self.lang = lang
        self.agency_kind = agency_kind
        self.previous = previous
        self.rules = [r() for r in (rules if rules is not None else all_rules())]
        self.severity = dict(severity or {})
        self.limits = limits or Limits()
        self.encoding = encoding
        self.verbose = verbose

    @cached_property
    def fingerprint(self) -> bytes:
        """Everything a result of this linter depends on besides the file: govlint's code, the
        packs it may use (their source bytes), and every setting. The results cache's key."""
        packs = (self.pinned,) if self.pinned is not None else self.automatic
        parts = [
            code_fingerprint().hex(),
            ";".join(f"{p.id}={p.digest}" for p in packs),
            repr(self.agency_kind),
            ",".join(sorted(r.id for r in self.rules)),
            repr(sorted(self.severity.items())),
            self.lang,
            repr(self.encoding),
            repr(sorted(vars(self.limits).items())),
            repr(self.verbose),
        ]
        return hashlib.blake2b("\n".join(parts).encode(), digest_size=20).digest()

    # -- facts and pack
    def _year_period(self):
        """The statistics-period patterns a document's year is looked for with, before a pack is
        chosen: the pinned pack's, else those of the first automatic pack (the shipped packs share them)."""
        pack = self.pinned or (self.automatic[0] if self.automatic else None)
        return pack.statistics_period if pack is not None else None

    def _context(self, doc: Document) -> Context:
        report = Report(doc, self._year_period(), self.agency_kind)
        selection = select(report, self.automatic, self.pinned, fit_headings=doc.part is None or report.presents_as_report)
        return Context(report, selection.pack, selection, self.lang, self.previous)

    def contexts(self, source: Source) -> list[Context]:
        """The facts of each document of ``source`` under the pack chosen for it."""
        docs = build_documents(source, self.limits.max_line_chars) if source.lines else []
        if not docs:  # an empty file: one document with no lines, so the checks can say so
            docs = [Document(source=source, lines=[])]
        return [self._context(doc) for doc in docs]

    # -- linting
    def lint_source(self, source: Source) -> FileResult:
        contexts = self.contexts(source)
        diagnostics: list[Diagnostic] = []
        for ctx in contexts:
            diagnostics.extend(run_rules(ctx, self.rules))
        diagnostics.sort(key=Diagnostic.sort_key)
        diagnostics = self._suppress(source, contexts, diagnostics)
        for d in diagnostics:
            if d.rule in self.severity:
                d.severity = self.severity[d.rule]
        return self._result(source, contexts, diagnostics)

    def _suppress(self, source: Source, contexts: list[Context], diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """Drop the findings the file's directives suppress; report directives that suppress nothing."""
        ds = directives([l for ctx in contexts for l in ctx.doc.lines], source.directives)
        if not ds:
            return diagnostics
        kept = apply(diagnostics, ds)
        rule = next((r for r in self.rules if isinstance(r, UnusedSuppression)), None)
        if rule is None:
            return kept
        kept.extend(rule.unused(contexts[0], d) for d in ds if not d.used)
        kept.sort(key=Diagnostic.sort_key)
        return kept

    def _result(self, source: Source, contexts: list[Context], diagnostics: list[Diagnostic]) -> FileResult:
        if source.format not in FIXABLE_FORMATS:  # a web page or a PDF is the published copy: no fix offered
            for d in diagnostics:
                d.fix = None
        elif "ocr" in source.flags:  # text OCR read in a picture is not in the file: nothing to write there
            pictured = {l.display if l.display is not None else l.number for l in source.lines
                        if l.location and l.location.get("ocr")}
            for d in diagnostics:
                if d.fix is not None and any(x in pictured for e in d.fix.edits for x in (e.line, e.end_line)):
                    d.fix = None
        wanted: set[int] = set()
        for d in diagnostics:
            loc = d.location
            last = max(loc.line, loc.end_line or loc.line)
            wanted.update(range(loc.line, min(last, loc.line + MAX_QUOTED_LINES) + 1))
            wanted.add(last)
            if d.fix is not None:  # where a fix writes, and the lines a Word fix copies the look of
                wanted.update(x for e in d.fix.edits for x in (e.line, e.end_line, *e.like))
        lines: dict[int, QuotedLine] = {}
        for ctx in contexts:
            for l in ctx.doc.lines:
                if l.display not in wanted:
                    continue
                q = lines.get(l.display)
                if q is None:  # the file's line: the pieces a reader split it into, each at its offset
                    lines[l.display] = QuotedLine(" " * l.offset + l.text, l.location)
                else:
                    q.text += " " * max(0, l.offset - len(q.text)) + l.text
        return FileResult(path=source.path, pinned=pack_ref(self.pinned) if self.pinned else None,
                          encoding=source.encoding, format=source.format,
                          documents=[self._document(ctx) for ctx in contexts], diagnostics=diagnostics, lines=lines)

    def _document(self, ctx: Context) -> DocumentResult:
        doc, report, sel = ctx.doc, ctx.report, ctx.selection
        reason = (sel.reason if self.lang == "zh" else sel.reason_en) if sel is not None else ""
        return DocumentResult(
            part=doc.part, part_label=doc.part_label, title=doc.title.text if doc.title else None,
            report_year=report.year, year_source=report.year_source, agency=report.agency,
            agency_kind=report.agency_kind, is_report=ctx.is_report, pack=pack_ref(ctx.pack), pack_reason=reason,
            first_line=doc.first_display, last_line=doc.last_display,
            alignment=alignment_rows(ctx) if self.verbose else None,
            agency_kind_source=report.agency_kind_source, agency_kind_basis=report.agency_kind_basis,
            agency_source=report.agency_source, tables=table_results(ctx) if ctx.is_report else [],
            published=report.published[0].isoformat() if report.published else None)

    def lint_text(self, text: str, path: str = "<text>", fmt: str | None = "txt") -> FileResult:
        return self.lint_source(read_text(path, text, "utf-8", fmt))

    def source_of(self, data: bytes, path: str, fmt: str | None = None) -> Source:
        """The file's bytes read as a Source (by its extension, or as ``fmt``); InputError when
        they cannot be."""
        limit = self.limits.max_file_mb
        if len(data) > limit * 1024 * 1024:
            raise InputError(path, too_large(f"大小 {len(data) / 1048576:.1f} MB", f"{limit:g} MB",
                                             f"{len(data) / 1048576:.1f} MB"))
        return read(path, data, self.limits, self.encoding, fmt)

    def lint_bytes(self, data: bytes, path: str, fmt: str | None = None) -> FileResult:
        return self.lint_read(data, path, fmt)[0]

    def lint_read(self, data: bytes, path: str, fmt: str | None = None) -> tuple[FileResult, Source | None]:
        """:meth:`lint_bytes`, and the Source it read (None when the file could not be read), for
        a caller that also shows the text (the web page), without reading the file twice."""
        try:
            source = self.source_of(data, path, fmt)
        except InputError as exc:
            return self._failed(path, exc.reason), None
        return self.lint_source(source), source

    def lint_path(self, path: str) -> FileResult:
        data, error = self.read_file(path)
        if error is not None:
            return self._failed(path, error)
        return self.lint_bytes(data, path)

    def context_of(self, path: str) -> tuple[Context | None, str | None]:
        """The first annual report in the file at ``path`` (for --previous), or the reason it
        cannot be read."""
        data, error = self.read_file(path)
        if error is None:
            try:
                source = self.source_of(data, path)
            except InputError as exc:
                error = exc.reason
            else:
                return next((c for c in self.contexts(source) if c.is_report), None), None
        return None, error

    def companions(self, path: str, data: bytes) -> list[str]:
        """The files besides ``path`` that linting ``data`` reads (a web page's pictures)."""
        return companions(path, data)

    def read_file(self, path: str) -> tuple[bytes | None, str | None]:
        """The file's bytes, or why they cannot be read (govlint never writes the user's files).
        Its type and size are checked before a byte is read (a device or a FIFO, even through a
        symlink, is never opened), and at most the size limit and one byte are read."""
        if not os.path.lexists(path):
            return None, Text("文件或目录不存在", "no such file or directory")
        limit = int(self.limits.max_file_mb * 1024 * 1024)
        try:
            why = _not_readable(os.stat(path), limit)
            if why is not None:
                return None, why
            # O_NONBLOCK: a file swapped for a FIFO since the stat does not block the open
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
            with open(fd, "rb", buffering=0) as fh:
                st = os.fstat(fd)
                why = _not_readable(st, limit)  # the file opened is the file checked
                if why is not None:
                    return None, why
                data = _read_at_most(fh, limit + 1, st.st_size)
        except FileNotFoundError:
            return None, Text("文件不存在", "no such file")
        except IsADirectoryError:
            return None, Text("是一个目录", "is a directory")
        except PermissionError:
            return None, Text("没有读取权限", "permission denied")
        except OSError as exc:
            return None, Text(f"无法读取：{exc.strerror or exc}", f"cannot read it: {exc.strerror or exc}")
        if len(data) > limit:  # it grew since the stat
            return None, _too_big(len(data), self.limits.max_file_mb)
        return data, None

    def _failed(self, path: str, reason: str) -> FileResult:
        """A result for a file that could not be read; the reason in the linter's language."""
        return FileResult(path=path, pinned=pack_ref(self.pinned) if self.pinned else None,
                          error=say(reason, self.lang))


NOT_REGULAR = Text("不是普通文件", "not a regular file")


def _too_big(size: int, limit_mb: float) -> Text:
    return too_large(f"文件大小 {size / 1048576:.1f} MB", f"{limit_mb:g} MB", f"{size / 1048576:.1f} MB")


def _not_readable(st: os.stat_result, limit: int) -> Text | None:
    """Why a file with this status is not read: a directory, no regular file (a device, a FIFO,
    a socket), or over the size limit; None when it may be read."""
    if stat.S_ISDIR(st.st_mode):
        return Text("是一个目录", "is a directory")
    if not stat.S_ISREG(st.st_mode):
        return NOT_REGULAR
    if st.st_size > limit:
        return _too_big(st.st_size, limit / 1048576)
    return None


def _read_at_most(fh, n: int, size: int) -> bytes:
    """Up to ``n`` bytes of an unbuffered file of about ``size`` bytes, however the reads split
    them (no buffer of ``n`` bytes for a small file)."""
    parts, got = [], 0
    while got < n:
        part = fh.read(min(n - got, max(size - got, 0) + 65536))
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def discover(paths: Iterable[str], skipped: list[tuple[str, str]] | None = None) -> Iterator[str]:
    """Files named explicitly are linted whatever their type (an unsupported one is reported);
    directories are walked recursively for supported extensions, hidden entries skipped. Office
    lock files (Word's and WPS's “~$报告.docx”) are skipped wherever they are, and in a directory
    the copies govlint annotated (“报告.govlint.docx”); each skipped file goes to ``skipped`` as
    (path, why: "lock" or "annotated"). A device, FIFO or socket with a report's name (or a symlink
    to one) is yielded like any file: :meth:`Linter.read_file` refuses it unopened, one line and
    exit 2, so that a walk never hides a file nor blocks on one."""
    exts = {"." + e for e in supported_extensions()}
    for p in paths:
        if p == "-":
            yield p
            continue
        if os.path.isdir(p):
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in files:
                    if f.startswith(".") or Path(f).suffix.lower() not in exts:
                        continue
                    path = os.path.join(root, f)
                    why = _skip_reason(path, walked=True)
                    if why:
                        if skipped is not None:
                            skipped.append((path, why))
                    else:
                        found.append(path)
            yield from sorted(found)
        elif _skip_reason(p, walked=False):
            if skipped is not None:
                skipped.append((p, "lock"))
        else:
            yield p


LOCK_FILE_MAX = 4096  # Word's owner files are 162 bytes: a big “~$” file is someone's document


def _skip_reason(path: str, walked: bool) -> str | None:
    name = os.path.basename(path)
    if name.startswith("~$"):
        try:
            if os.path.getsize(path) <= LOCK_FILE_MAX:
                return "lock"
        except OSError:
            return "lock"
    if walked and name.lower().endswith(".govlint.docx"):
        return "annotated"
    return None


def table_results(ctx: Context) -> list[TableResult]:
    """Each statistics table of the pack that is described row by row: read and checked, partly,
    not at all, or absent, so a report whose tables could not be read never looks clean."""
    out = []
    for spec in ctx.pack.tables:
        if not spec.rows:
            continue
        table = ctx.tables.get(spec.id)
        if table is None and not spec.required:
            continue  # a local annex the report does not attach: nothing to say
        if table is None or annex_instead(table, ctx.tables.values()):
            out.append(TableResult(spec.id, spec.title, "absent"))  # (or a local annex printed in its place)
            continue
        v = verdict(table)
        out.append(TableResult(spec.id, spec.title, v.status, v.checked, v.unchecked, v.rows_read, v.rows, v.unread))
    return out
