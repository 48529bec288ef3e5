"""One way through: bytes → Source → Document(s) → pack-driven checks → diagnostics."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from govlint.checks import Context, Rule, all_rules, run_rules
from govlint.diagnostics import Diagnostic, Severity
from govlint.document import Document, build_documents, resolve_year
from govlint.encoding import decode
from govlint.errors import InputError
from govlint.packs import Pack
from govlint.readers import Source, read_text, reader_for, supported_extensions


@dataclass
class DocumentResult:
    document: Document
    context: Context

    @property
    def pack(self) -> Pack:
        return self.context.pack

    @property
    def pack_reason(self) -> str:
        sel = self.context.selection
        return (sel.reason if self.context.lang == "zh" else sel.reason_en) if sel is not None else ""

    def to_dict(self, verbose: bool = False) -> dict:
        d = self.document
        out = {
            "part": d.part_label,
            "title": d.title.text if d.title else None,
            "report_year": d.report_year,
            "year_source": d.year_source,
            "agency": d.agency,
            "agency_kind": self.context.agency_kind,
            "is_report": self.context.is_report,
            "pack": self.pack.id if self.context.is_report else None,  # parts that are no report: none
            "pack_reason": self.pack_reason,
            "first_line": d.first_line,
            "last_line": d.last_line,
        }
        if verbose:
            out["alignment"] = alignment_rows(self.context)
        return out


@dataclass
class FileResult:
    path: str
    pinned: Pack | None = None  # --pack, when given
    encoding: str | None = None
    format: str | None = None
    documents: list[DocumentResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None  # one-line reason the file could not be linted
    fatal: bool = False  # a configuration or pack error: its message names another file

    @property
    def first(self) -> Document | None:
        return self.documents[0].document if self.documents else None

    @property
    def pack(self) -> Pack | None:
        """The pack of the file's first document (each part of a compilation has its own)."""
        return self.documents[0].pack if self.documents else self.pinned

    @property
    def report_year(self) -> int | None:
        return self.first.report_year if self.first else None

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)


@dataclass
class PackRef:
    """What the formatters need of a pack (a slim result does not carry the pack itself)."""

    id: str
    name: str
    years: tuple[int, int] | None


@dataclass
class SlimContext:
    pack: PackRef
    is_report: bool
    agency_kind: str | None
    selection: object | None
    lang: str


def slim(result: FileResult) -> FileResult:
    """The result as the formatters need it: header facts, each document's pack and why, and only
    the source lines findings point at. Small to keep for thousands of files and cheap to send
    back from a worker process (``--jobs``)."""
    from types import SimpleNamespace

    from govlint.readers import Source

    wanted = {d.location.line for d in result.diagnostics} | {
        d.location.end_line for d in result.diagnostics if d.location.end_line}
    docs = []
    for dr in result.documents:
        doc, ctx = dr.document, dr.context
        source = doc.source
        light = Document(source=Source(source.path, source.format, source.encoding, flags=set(source.flags)),
                         lines=[l for l in doc.lines if l.number in wanted], part=doc.part,
                         part_label=doc.part_label, title=doc.title, report_year=doc.report_year,
                         year_source=doc.year_source, agency=doc.agency, span=(doc.first_line, doc.last_line))
        sel = ctx.selection
        light_ctx = SlimContext(PackRef(ctx.pack.id, ctx.pack.name, ctx.pack.years), ctx.is_report, ctx.agency_kind,
                                SimpleNamespace(reason=sel.reason, reason_en=sel.reason_en) if sel else None, ctx.lang)
        docs.append(DocumentResult(light, light_ctx))
    pinned = PackRef(result.pinned.id, result.pinned.name, result.pinned.years) if result.pinned else None
    return FileResult(path=result.path, pinned=pinned, encoding=result.encoding, format=result.format,
                      documents=docs, diagnostics=result.diagnostics, error=result.error, fatal=result.fatal)


def alignment_rows(ctx: Context) -> list[dict]:
    """The matcher's decisions, for --verbose: every heading candidate and what it became."""
    from govlint.matcher import matcher_for

    al = ctx.alignment
    matcher = matcher_for(ctx.pack)
    rows = []
    status: dict[int, tuple] = {}
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
            "line": h.line.number,
            "column": h.start + 1,
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
            rows.append({"line": m.heading.line.number, "column": m.heading.start + 1, "heading": m.heading.text,
                         "decision": "matched (unnumbered)", "section": m.section.number,
                         "section_title": m.section.title, "score": round(m.score.value, 1),
                         "via": m.score.via, "threshold": matcher.threshold(m.heading)})
    rows.sort(key=lambda r: (r["line"], r["column"]))
    missing = [{"line": None, "heading": None, "decision": "missing", "section": s.number,
                "section_title": s.title, "score": None, "via": None, "threshold": None} for s in al.missing]
    return rows + missing


class Linter:
    """Lints sources; ``pack`` pins one pack, else each document's pack is selected by year."""

    def __init__(self, pack: Pack | None = None, lang: str = "zh", rules: Iterable[type[Rule]] | None = None,
                 agency_kind: str | None = None, previous: "FileResult | None" = None):
        self.pinned = pack
        self.lang = lang
        self.agency_kind = agency_kind
        self.previous = previous  # last year's report, linted, for the cross-year checks
        self.rules = [r() for r in (rules if rules is not None else all_rules())]

    def _context(self, doc: Document) -> Context:
        from govlint.checks.period import find_period
        from govlint.document import agency_kind_from_name
        from govlint.selection import builtin_packs, select

        period_pack = self.pinned or builtin_packs()[0]
        period = find_period(doc, period_pack)
        resolve_year(doc, period.start_year if period and period.complete else (period.end_year if period else None))
        selection = select(doc, self.pinned, fit_headings=doc.part is None or doc.is_report)
        if self.agency_kind:
            kind, source = self.agency_kind, "option"
        else:
            kind = agency_kind_from_name(doc.agency)
            source = "name" if kind else None
        previous = None
        if self.previous is not None:
            previous = next((d.context for d in self.previous.documents if d.context.is_report), None)
        return Context(doc=doc, pack=selection.pack, lang=self.lang, agency_kind=kind,
                       agency_kind_source=source, selection=selection, previous=previous)

    def lint_source(self, source: Source) -> FileResult:
        result = FileResult(path=source.path, pinned=self.pinned, encoding=source.encoding, format=source.format)
        docs = build_documents(source) if source.lines else []
        if not docs:  # an empty file: one document with no lines, so the checks can say so
            docs = [Document(source=source, lines=[])]
        for doc in docs:
            ctx = self._context(doc)
            result.documents.append(DocumentResult(doc, ctx))
            result.diagnostics.extend(run_rules(ctx, self.rules))
        result.diagnostics.sort(key=Diagnostic.sort_key)
        from govlint.suppress import apply_suppressions

        apply_suppressions(result, self)
        return result

    def lint_text(self, text: str, path: str = "<text>", fmt: str | None = "txt") -> FileResult:
        return self.lint_source(read_text(path, text, "utf-8", fmt))

    def lint_bytes(self, data: bytes, path: str, encoding: str | None = None, fmt: str | None = None) -> FileResult:
        from govlint.limits import LIMITS, too_large
        from govlint.readers import binary_reader_for

        if len(data) > LIMITS.max_file_mb * 1024 * 1024:
            return FileResult(path=path, pinned=self.pinned,
                              error=too_large(f"大小 {len(data) / 1048576:.1f} MB", f"{LIMITS.max_file_mb:g} MB"))
        try:
            binary = binary_reader_for(path) if fmt is None else None
            if binary is not None:
                source = binary(path, data)
            else:
                if fmt is None:
                    reader_for(path)  # unsupported types fail before decoding
                text, used = decode(data, path, encoding)
                source = read_text(path, text, used, fmt)
        except InputError as exc:
            return FileResult(path=path, pinned=self.pinned, error=exc.reason)
        return self.lint_source(source)

    def lint_path(self, path: str, encoding: str | None = None) -> FileResult:
        def failed(reason: str) -> FileResult:
            return FileResult(path=path, pinned=self.pinned, error=reason)

        if not os.path.lexists(path):
            return failed("文件或目录不存在")
        from govlint.limits import LIMITS, too_large

        try:
            size = os.path.getsize(path)
        except OSError:
            size = 0
        if size > LIMITS.max_file_mb * 1024 * 1024:
            return failed(too_large(f"文件大小 {size / 1048576:.1f} MB", f"{LIMITS.max_file_mb:g} MB"))
        try:
            reader_for(path)
            with open(path, "rb") as fh:  # read only: govlint never writes the user's files
                data = fh.read()
        except InputError as exc:
            return failed(exc.reason)
        except FileNotFoundError:
            return failed("文件不存在")
        except IsADirectoryError:
            return failed("是一个目录")
        except PermissionError:
            return failed("没有读取权限")
        except OSError as exc:
            return failed(f"无法读取：{exc.strerror or exc}")
        return self.lint_bytes(data, path, encoding)


def discover(paths: Iterable[str]) -> Iterator[str]:
    """Files named explicitly are linted whatever their type (an unsupported one is reported);
    directories are walked recursively for supported extensions, hidden entries skipped."""
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
                    if f.startswith("."):
                        continue
                    if Path(f).suffix.lower() in exts:
                        found.append(os.path.join(root, f))
            yield from sorted(found)
        else:
            yield p
