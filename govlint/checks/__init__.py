"""Checks: one class per rule, grouped in modules by family.

Each rule carries its metadata in one place (id, code, default severity, Chinese and English
message templates, rationale with its legal basis, how to fix it, a failing and a passing
example), read alike by the checker, ``govlint explain``, ``govlint rules``, the docs and the
JSON output.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar, Iterable, Iterator

from govlint.diagnostics import Diagnostic, Location, Severity
from govlint.document import Document, Line
from govlint.normalize import span_in_original
from govlint.packs import Pack


class Rule:
    id: ClassVar[str]
    code: ClassVar[str]
    severity: ClassVar[Severity]
    family: ClassVar[str]
    summary: ClassVar[str]  # one line, Chinese
    message: ClassVar[dict[str, str]]  # {"zh": template, "en": template}; str.format fields
    suggestion: ClassVar[dict[str, str] | None] = None
    rationale: ClassVar[str]  # why, with the legal or format basis
    fix: ClassVar[str]
    example_bad: ClassVar[str]
    example_good: ClassVar[str]
    applies_to_non_reports: ClassVar[bool] = False  # run on a compilation part that is no annual report

    def check(self, ctx: "Context") -> Iterable[Diagnostic]:
        raise NotImplementedError

    def diag(self, ctx: "Context", location: Location, severity: Severity | None = None,
             notes: list[str] | None = None, data: dict | None = None, **fields) -> Diagnostic:
        lang = ctx.lang if ctx.lang in self.message else "zh"
        message = self.message[lang].format(**fields)
        override = ctx.pack.rules.get(self.id)
        if override is not None:
            if override.message and lang == "zh":
                try:  # a pack's own wording; a template naming unknown fields keeps ours
                    message = override.message.format(**fields)
                except (KeyError, IndexError, ValueError):
                    pass
            if severity is None and override.severity is not None:
                severity = override.severity
        suggestion = None
        if self.suggestion:
            template = self.suggestion.get(lang) or self.suggestion["zh"]
            suggestion = template.format(**fields)
        return Diagnostic(rule=self.id, code=self.code, severity=severity or self.severity,
                          message=message, location=location, suggestion=suggestion,
                          notes=notes or [], data=data or {})


_RULES: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    assert cls.id not in _RULES, cls.id
    _RULES[cls.id] = cls
    return cls


def all_rules() -> list[type[Rule]]:
    _load()
    return sorted(_RULES.values(), key=lambda r: r.code)


def get_rule(name: str) -> type[Rule] | None:
    """By id ("missing-section") or code ("GL101"), case-insensitive."""
    _load()
    name = name.strip()
    for r in _RULES.values():
        if r.id == name.lower() or r.code.lower() == name.lower():
            return r
    return None


def _load() -> None:
    from govlint.checks import (  # noqa: F401
        appendix, cells, contact, content, crossyear, deadline, meta, narrative, period, placeholder, structure,
        version)
    from govlint import suppress  # noqa: F401  (unused-suppression)


@dataclass
class Context:
    doc: Document
    pack: Pack
    lang: str = "zh"
    agency_kind: str | None = None  # "government" | "department" | None (unknown)
    agency_kind_source: str | None = None  # "option" | "name"
    selection: object | None = None  # govlint.selection.Selection that chose ``pack``
    previous: "Context | None" = None  # last year's report (--previous), for the cross-year checks

    memo: dict = field(default_factory=dict, repr=False)  # per-document results shared by checks

    @cached_property
    def alignment(self):
        from govlint.matcher import matcher_for

        fitted = self.selection.fit_of(self.pack) if self.selection is not None else None
        if fitted is not None and fitted.pack is self.pack:
            return fitted.alignment  # the selection aligned this pack already
        return matcher_for(self.pack).align(self.doc)

    @cached_property
    def tables(self) -> dict:
        """The pack's tables that are present and described row by row, read: {table id: ReadTable}."""
        from govlint.checks.appendix import table_region
        from govlint.tables import read_table

        out = {}
        for spec in self.pack.tables:
            if not spec.rows:
                continue
            region = table_region(self, spec)
            if region is not None:
                out[spec.id] = read_table(spec, region)
        return out

    @cached_property
    def period(self):
        from govlint.checks.period import find_period

        return find_period(self.doc, self.pack)

    @cached_property
    def is_report(self) -> bool:
        """An annual report by its title; a whole file without such a title still counts when
        several of the pack's sections are found (a draft whose title is missing)."""
        doc = self.doc
        if doc.is_report:
            return True
        return doc.part is None and len(self.alignment.matches) >= 3


def line_location(line: Line, start: int | None = None, end: int | None = None) -> Location:
    """A location on ``line``; start/end are 0-based columns in the original text (end exclusive)."""
    text = line.text
    if start is None:
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip()) if end is None else end
        if end <= start:  # blank line
            return Location(line.number, 1, line.number, 1)
    if end is None:
        end = len(text)
    return Location(line.number, start + 1, line.number, end + 1)


def point_location(line: Line) -> Location:
    """Where something is missing: the first character of ``line`` (a place, not a span)."""
    col = len(line.text) - len(line.text.lstrip()) + 1
    return Location(line.number, col, line.number, col + 1)


def key_span_location(line: Line, start: int, end: int, text: str | None = None) -> Location:
    """A location from a [start, end) span of the normalised key of ``line.content``."""
    a, b = span_in_original(line.content if text is None else text, start, end)
    return Location(line.number, a + 1, line.number, b + 1)


_CONTEXT_SENSITIVE = re.compile(r"[\^$]|\\[bBAZz\d]|\(\?<?[=!]|\(\?P=|\(\?\(")


def substring_safe(pattern: re.Pattern) -> bool:
    """True when a match of ``pattern`` inside a piece of a text is also a match in the whole
    text (no anchors, word boundaries, lookarounds or back-references), so searching the whole
    text once can rule the pattern out for all its pieces."""
    safe = _SAFE.get(pattern)
    if safe is None:
        outside_classes = _CHAR_CLASS.sub(lambda m: m.group() if m.group()[0] == "\\" else "",
                                          pattern.pattern)  # "[^。；]" anchors nothing
        safe = _SAFE[pattern] = _CONTEXT_SENSITIVE.search(outside_classes) is None
    return safe


_SAFE: dict[re.Pattern, bool] = {}


def required_literal(pattern: re.Pattern) -> str | None:
    """The longest run of plain characters every match of ``pattern`` contains (its top-level
    literals, groups included: "申请" in "(收到|受理)…申请(数量)?…件"), or None. A text without
    it cannot match, and ``in`` tests that far faster than a search (ripgrep's literal trick)."""
    if pattern in _LITERALS:
        return _LITERALS[pattern]
    sre_c, sre_p = _sre()
    best: str | None = None
    if not pattern.flags & re.IGNORECASE:
        try:
            items = list(sre_p.parse(pattern.pattern, pattern.flags & ~re.UNICODE))
        except Exception:  # an internal API: no literal rather than a crash
            items = []
        run: list[str] = []

        def flush():
            nonlocal best, run
            if run and (best is None or len(run) > len(best)):
                best = "".join(run)
            run = []

        def walk(seq):
            for op, av in seq:
                if op is sre_c.LITERAL:
                    run.append(chr(av))
                elif op is sre_c.SUBPATTERN and not (av[1] & re.IGNORECASE):
                    walk(av[3])  # a group: its contents are part of the sequence
                else:
                    flush()

        walk(items)
        flush()
    _LITERALS[pattern] = best
    return best


_LITERALS: dict[re.Pattern, str | None] = {}


def _sre():
    try:
        from re import _constants as sre_c, _parser as sre_p  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants as sre_c
        import sre_parse as sre_p
    return sre_c, sre_p


def _common(c: str) -> bool:
    return (c.isascii() and c.isalnum()) or "\u4e00" <= c <= "\u9fff" or c.isspace()


def required_chars(pattern: re.Pattern) -> frozenset[str] | None:
    """Characters of which every match of ``pattern`` contains at least one (the rarest such set
    the pattern's parse shows: "[×xX]{2,}[年月…]" → {×, x, X}), or None. A text holding none of
    them cannot match; one scan for a character class settles that."""
    if pattern in _CHARS:
        return _CHARS[pattern]
    sre_c, sre_p = _sre()
    repeats = {getattr(sre_c, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(sre_c, n)}

    def rank(chars: frozenset) -> tuple:
        return (sum(map(_common, chars)) / len(chars), len(chars))

    def of_seq(seq) -> frozenset | None:
        sets = [x for x in (of_item(op, av) for op, av in seq) if x]
        return min(sets, key=rank) if sets else None

    def of_item(op, av) -> frozenset | None:
        if op is sre_c.LITERAL:
            return frozenset(chr(av))
        if op is sre_c.IN:
            if all(o is sre_c.LITERAL for o, _ in av):
                return frozenset(chr(v) for _, v in av)
            return None  # a negated class, a range or a category: too wide to help
        if op in repeats:
            return of_seq(av[2]) if av[0] >= 1 else None
        if op is sre_c.SUBPATTERN:
            return None if av[1] & re.IGNORECASE else of_seq(av[3])
        if op is sre_c.BRANCH:
            branches = [of_seq(b) for b in av[1]]
            return None if any(b is None for b in branches) else frozenset().union(*branches)
        return None

    chars = None
    if not pattern.flags & re.IGNORECASE:
        try:
            chars = of_seq(list(sre_p.parse(pattern.pattern, pattern.flags & ~re.UNICODE)))
        except Exception:  # an internal API: no set rather than a crash
            chars = None
    _CHARS[pattern] = chars
    return chars


_CHARS: dict[re.Pattern, frozenset[str] | None] = {}


def any_char_pattern(chars) -> re.Pattern:
    """A class matching any of ``chars`` (cached)."""
    key = frozenset(chars)
    got = _CHAR_CLASSES.get(key)
    if got is None:
        got = _CHAR_CLASSES[key] = re.compile("[" + "".join(re.escape(c) for c in sorted(key)) + "]")
    return got


_CHAR_CLASSES: dict[frozenset, re.Pattern] = {}
_CHAR_CLASS = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]")  # an escape, or a class


def run_rules(ctx: Context, rules: Iterable[Rule]) -> Iterator[Diagnostic]:
    for rule in rules:
        if not rule.applies_to_non_reports and not ctx.is_report:
            continue
        yield from rule.check(ctx)
