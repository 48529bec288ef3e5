"""Checks: one class per rule, in the modules of this package (grouped by family; a new module
here is found without being listed anywhere).

Each rule carries its metadata in one place (id, code, default severity, Chinese and English
message templates, rationale with its legal basis, how to fix it, a failing and a passing
example), read alike by the checker, ``govlint explain``, ``govlint rules``, the docs and the
JSON and SARIF output. A rule reads the facts of a report (:class:`govlint.facts.Context`);
it never computes shared facts itself and never imports another rule module.
"""

from __future__ import annotations

from typing import ClassVar, Iterable, Iterator

from govlint.diagnostics import SEVERITY_ZH, Diagnostic, Edit, Fix, Location, Severity
from govlint.document import Line, span_location
from govlint.facts import Context
from govlint.normalize import to_chinese_numeral
from govlint.registry import import_modules

# Fragments of messages and notes that several rules use, per language (str.format fields).
# Anything in Chinese that an English message keeps (the document's words, a pack's official
# wording, a legal basis) stands in quotation marks.
SHARED_TEXTS: dict[str, dict[str, str]] = {
    "basis": {"zh": "依据：{basis}", "en": "basis: “{basis}”"},
    "list_sep": {"zh": "、", "en": ", "},
    "kind_option": {"zh": "按 --agency-kind 指定", "en": "given with --agency-kind"},
    "kind_by_self": {"zh": "找不到机关名称，按文中自称“{word}”", "en": "no agency name; the report calls itself “{word}”"},
    "values_row": {"zh": "数值行", "en": "values"},
}

_EXPLAIN = {  # the headings of an explanation
    "zh": ("{code} {id}（默认级别：{severity}）", "依据与理由：", "错误示例：", "正确示例：", "如何修改："),
    "en": ("{code} {id} (default severity: {severity})", "Why:", "Wrong:", "Right:", "How to fix:"),
}


def severity_name(severity: Severity, lang: str = "zh") -> str:
    """错误 / error."""
    return SEVERITY_ZH[severity] if lang == "zh" else severity.label


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
    # the same three in English (the examples are report text: Chinese in both languages)
    summary_en: ClassVar[str]
    rationale_en: ClassVar[str]
    fix_en: ClassVar[str]
    # fragments of this rule's messages and notes, {name: {"zh": template, "en": template}}
    texts: ClassVar[dict[str, dict[str, str]]] = {}
    applies_to_non_reports: ClassVar[bool] = False  # run on a compilation part that is no annual report
    # whether findings of this rule can carry a fix: None, "safe" (--fix applies it) or "unsafe"
    # (only with --unsafe-fixes: it inserts text the writer completes); what it does, per language
    fixable: ClassVar[str | None] = None
    fix_summary: ClassVar[dict[str, str]] = {}

    @classmethod
    def pack_severities(cls, pack) -> list[tuple[str, Severity]]:
        """Where ``pack`` changes this rule's severity: [(what it applies to, severity)]; "" for the
        whole rule (the pack's ``rules:`` override)."""
        override = pack.rules.get(cls.id)
        return [("", override.severity)] if override is not None and override.severity is not None else []

    @classmethod
    def describe(cls, lang: str = "zh") -> dict[str, str]:
        """The rule's summary, rationale and fix in ``lang`` (for explain, rules and SARIF)."""
        if lang == "en":
            return {"summary": cls.summary_en, "rationale": cls.rationale_en, "fix": cls.fix_en}
        return {"summary": cls.summary, "rationale": cls.rationale, "fix": cls.fix}

    @classmethod
    def explanation(cls, lang: str = "zh", pack=None) -> str:
        """``govlint explain``'s text (also the web page's): code, id and default severity, what
        ``pack`` makes of it, summary, rationale, wrong and right examples, how to fix it."""
        head, why, bad, good, fix = _EXPLAIN["en" if lang == "en" else "zh"]
        text = cls.describe(lang)
        out = [
            head.format(code=cls.code, id=cls.id, severity=severity_name(cls.severity, lang)),
            *(cls.pack_severity_lines(pack, lang) if pack is not None else []),
            f"  {text['summary']}",
            "",
            why,
            f"  {text['rationale']}",
            "",
            bad,
            *("  " + line for line in cls.example_bad.splitlines()),
            "",
            good,
            *("  " + line for line in cls.example_good.splitlines()),
            "",
            fix,
            f"  {text['fix']}",
            *([f"  {cls.fix_availability(lang)}"] if cls.fixable else []),
        ]
        return "\n".join(out)

    @classmethod
    def pack_severity_lines(cls, pack, lang: str = "zh") -> list[str]:
        """What a pack does to this rule's severity, one line per part it changes."""
        out = []
        for where, severity in cls.pack_severities(pack):
            sev = severity_name(severity, lang)
            if not where:
                out.append(f"  规则包 {pack.id} 把这条规则定为：{sev}" if lang == "zh" else f"  pack {pack.id} sets this rule to: {sev}")
            else:
                out.append(f"  规则包 {pack.id} 中“{where}”：{sev}" if lang == "zh" else f"  pack {pack.id}, “{where}”: {sev}")
        return out

    @classmethod
    def fix_availability(cls, lang: str = "zh") -> str:
        """How to apply this rule's fix, and what it does."""
        summary = cls.fix_summary.get(lang) or cls.fix_summary.get("zh", "")
        safe = cls.fixable == "safe"
        if lang == "en":
            return (f"Automatic fix with --fix: {summary}." if safe
                    else f"Automatic fix with --fix --unsafe-fixes: {summary}; the inserted text is to be filled in.")
        return f"自动修复（--fix）：{summary}。" if safe else f"自动修复（--fix --unsafe-fixes）：{summary}；插入的内容须再填写。"
    def text(self, ctx: Context, key: str, /, **fields) -> str:
        """A fragment of this rule's (or the shared) texts in the run's language."""
        template = self.texts.get(key) or SHARED_TEXTS[key]
        return (template.get(ctx.lang) or template["zh"]).format(**fields)

    def join(self, ctx: Context, items) -> str:
        return self.text(ctx, "list_sep").join(items)

    @staticmethod
    def quote(text: str) -> str:
        """Text of the report in quotation marks, its own double quotes made single as a quotation
        inside a quotation is written: “3.危及‘三安全一稳定’”."""
        return "“" + text.replace("“", "‘").replace("”", "’") + "”"

    @staticmethod
    def num(ctx: Context, n: int) -> str:
        """A section's number as the run's language writes it: 十二 / 12."""
        return to_chinese_numeral(n) if ctx.lang == "zh" else str(n)

    @staticmethod
    def pack_text(ctx: Context, zh: str, en: str | None = None) -> str:
        """A pack's wording in the run's language: its English where the pack gives one, else
        its Chinese, quoted in an English message."""
        if ctx.lang == "zh":
            return zh
        return en or f"“{zh}”"

    def kind_source(self, ctx: Context) -> str:
        """How the agency's kind was decided, for a note: --agency-kind, the words the report uses
        for itself, or its name (the rule's own "by_name" text)."""
        if ctx.agency_kind_source == "option":
            return self.text(ctx, "kind_option")
        if ctx.agency_kind_source == "self-reference":
            return self.text(ctx, "kind_by_self", word=ctx.report.agency_kind_basis)
        return self.text(ctx, "by_name", agency=ctx.agency)

    def basis(self, ctx: Context, basis: str) -> list[str]:
        """The note naming a legal or format basis (none when there is none)."""
        return [self.text(ctx, "basis", basis=basis)] if basis else []

    def check(self, ctx: "Context") -> Iterable[Diagnostic]:
        raise NotImplementedError

    # -- fixes (as data: edits of the source text, applied by govlint.fixer)
    def _fix(self, ctx: Context, edits: list[Edit], applicability: str | None = None) -> Fix | None:
        """``applicability``: "unsafe" where this finding's fix needs a look (the rule's own
        otherwise)."""
        if not edits or self.fixable is None:
            return None
        summary = self.fix_summary.get(ctx.lang) or self.fix_summary.get("zh", "")
        return Fix(tuple(edits), applicability or self.fixable, summary)

    def replacement(self, ctx: Context, line: Line, start: int, end: int, content: str,
                    applicability: str | None = None) -> Fix | None:
        """A fix replacing columns [start, end) of ``line`` (0-based, its original text)."""
        loc = span_location(line, start, end)
        return self._fix(ctx, [Edit(loc.line, loc.column, loc.line, loc.end_column or loc.column, content)],
                         applicability)

    def insertion(self, ctx: Context, before: Line, at: int, lines: list[str], like: list[Line]) -> Fix | None:
        """A fix inserting ``lines`` (paragraphs) as lines of their own before ``before``, whose
        text from column ``at`` on must start its line of the file (a heading glued into a
        run-on line gets no fix). ``like``: the line whose formatting each inserted paragraph
        copies in a Word document. In a text file, blank lines as around ``before``: after the
        inserted block when one precedes ``before``, between the inserted paragraphs when one
        follows it. Never in a report written in traditional characters (the text is simplified)."""
        if before.offset or before.content[:at].strip() or ctx.traditional:
            return None
        doc_lines = ctx.doc.lines
        i = next((k for k, l in enumerate(doc_lines) if l is before), 0)
        text_file = ctx.doc.format in ("md", "txt")
        apart = text_file and i > 0 and doc_lines[i - 1].blank
        inside = text_file and i + 1 < len(doc_lines) and doc_lines[i + 1].blank
        texts, styles = [], []
        for k, (text, model) in enumerate(zip(lines, like)):
            texts.append(text)
            styles.append(model.display)
            if (inside and k < len(lines) - 1) or (apart and k == len(lines) - 1):
                texts.append("")
                styles.append(model.display)
        content = "".join(text + "\n" for text in texts)
        return self._fix(ctx, [Edit(before.display, 1, before.display, 1, content, tuple(styles))])

    def diag(self, ctx: "Context", location: Location, severity: Severity | None = None,
             notes: list[str] | None = None, data: dict | None = None, fix: Fix | None = None,
             **fields) -> Diagnostic:
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
                          notes=notes or [], data=data or {}, fix=fix)


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


def lookup_rule(name: str, prefix: bool = False) -> str | None:
    """The id of the rule ``name`` names (an id or a code; with ``prefix``, any rule whose code
    starts with it: "GL1"), or None."""
    _load()
    n = name.strip()
    if not prefix:
        found = get_rule(n)
        return found.id if found else None
    for r in all_rules():
        if r.id == n.lower() or r.code.upper().startswith(n.upper()):
            return r.id
    return None


_LOADED = False


def _load() -> None:
    """Import every module of this package once: each registers its rules."""
    global _LOADED
    if not _LOADED:
        import_modules(__name__, __path__)
        _LOADED = True


def intro_line(ctx: Context, anchor: Line) -> Line:
    """The line an introduction statement inserted before ``anchor`` looks like in a Word
    document: the last text line before it that is not the title, else ``anchor`` itself."""
    title = ctx.doc.title.lines[-1].number if ctx.doc.title else 0
    before = [l for l in ctx.doc.lines if title < l.number < anchor.number and not l.blank]
    return before[-1] if before else anchor


def indent_of(ctx: Context, line: Line) -> str:
    """The indentation a text line inserted like ``line`` takes (“　　” in a plain-text draft;
    none in Markdown, where indentation is markup)."""
    if ctx.doc.format == "md" or line.offset:
        return ""
    return line.text[:len(line.text) - len(line.text.lstrip())]


def fmt_number(v: float) -> str:
    """A table value as a person writes it: 3, 2.5, 0.25 (no trailing zeros)."""
    return str(int(v)) if float(v).is_integer() else f"{v:.2f}".rstrip("0").rstrip(".")


def run_rules(ctx: Context, rules: Iterable[Rule]) -> Iterator[Diagnostic]:
    for rule in rules:
        if not rule.applies_to_non_reports and not ctx.is_report:
            continue
        yield from rule.check(ctx)
