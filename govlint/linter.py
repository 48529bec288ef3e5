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

    def to_dict(self, verbose: bool = False) -> dict:
        d = self.document
        out = {
            "part": d.part_label,
            "title": d.title.text if d.title else None,
            "report_year": d.report_year,
            "year_source": d.year_source,
            "agency": d.agency,
            "is_report": d.is_report or d.part is None,
            "first_line": d.first_line,
            "last_line": d.last_line,
        }
        if verbose:
            out["alignment"] = alignment_rows(self.context)
        return out


@dataclass
class FileResult:
    path: str
    pack: Pack | None = None
    encoding: str | None = None
    format: str | None = None
    documents: list[DocumentResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None  # one-line reason the file could not be linted

    @property
    def first(self) -> Document | None:
        return self.documents[0].document if self.documents else None

    @property
    def report_year(self) -> int | None:
        return self.first.report_year if self.first else None

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)


def alignment_rows(ctx: Context) -> list[dict]:
    """The matcher's decisions, for --verbose: every heading candidate and what it became."""
    from govlint.matcher import Matcher

    al = ctx.alignment
    matcher = Matcher(ctx.pack)
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
    def __init__(self, pack: Pack, lang: str = "zh", rules: Iterable[type[Rule]] | None = None):
        self.pack = pack
        self.lang = lang
        self.rules = [r() for r in (rules if rules is not None else all_rules())]

    def lint_source(self, source: Source) -> FileResult:
        result = FileResult(path=source.path, pack=self.pack, encoding=source.encoding, format=source.format)
        docs = build_documents(source) if source.lines else []
        if not docs:  # an empty file: one document with no lines, so the checks can say so
            from govlint.document import Document

            docs = [Document(source=source, lines=[])]
        for doc in docs:
            ctx = Context(doc=doc, pack=self.pack, lang=self.lang)
            period = ctx.period
            resolve_year(doc, period.start_year if period and period.complete else
                         (period.end_year if period else None))
            result.documents.append(DocumentResult(doc, ctx))
            result.diagnostics.extend(run_rules(ctx, self.rules))
        result.diagnostics.sort(key=Diagnostic.sort_key)
        return result

    def lint_text(self, text: str, path: str = "<text>", fmt: str | None = "txt") -> FileResult:
        return self.lint_source(read_text(path, text, "utf-8", fmt))

    def lint_bytes(self, data: bytes, path: str, encoding: str | None = None, fmt: str | None = None) -> FileResult:
        try:
            if fmt is None:
                reader_for(path)  # unsupported types fail before decoding
            text, used = decode(data, path, encoding)
            source = read_text(path, text, used, fmt)
        except InputError as exc:
            return FileResult(path=path, pack=self.pack, error=exc.reason)
        return self.lint_source(source)

    def lint_path(self, path: str, encoding: str | None = None) -> FileResult:
        try:
            reader_for(path)
            with open(path, "rb") as fh:  # read only: govlint never writes the user's files
                data = fh.read()
        except InputError as exc:
            return FileResult(path=path, pack=self.pack, error=exc.reason)
        except FileNotFoundError:
            return FileResult(path=path, pack=self.pack, error="文件不存在")
        except IsADirectoryError:
            return FileResult(path=path, pack=self.pack, error="是一个目录")
        except PermissionError:
            return FileResult(path=path, pack=self.pack, error="没有读取权限")
        except OSError as exc:
            return FileResult(path=path, pack=self.pack, error=f"无法读取：{exc.strerror or exc}")
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
