"""Rule packs as data: what a report format requires (sections, tables, the statistics period,
contact details, placeholders). Built by :mod:`govlint.packs.loader` from YAML; read by the
facts and the rules. Objects derived from a pack (its heading matcher, a table's label index)
live in its ``derived`` dict, so they belong to the pack and die with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govlint.diagnostics import Severity

@dataclass
class Mention:
    """Content a section must mention, e.g. 信息处理费 in 2021's section 六."""

    id: str
    pattern: re.Pattern
    description: str
    severity: Severity | None = None
    only_for: str | None = None  # "government" | "department": applies to that agency kind only
    basis: str = ""
    description_en: str | None = None  # for --lang en (else the Chinese, quoted)


@dataclass
class Section:
    number: int
    id: str
    title: str
    aliases: list[str] = field(default_factory=list)
    # other wordings that are standard too (the regulation's own words for the topic): matched as
    # the title is, never nonstandard-heading
    accepted: list[str] = field(default_factory=list)
    severity: Severity | None = None  # severity of missing-section for this section
    basis: str = ""
    allow_empty: bool = False
    optional: bool = False  # missing is no finding (e.g. 其他需要报告的事项 before 2014)
    mentions: list[Mention] = field(default_factory=list)
    # the topic, wherever it is written: a format that asks for the topic and not for a heading of
    # its own (2008–2018) is satisfied when the text or a table covers it (see section-without-heading)
    covered_by: re.Pattern | None = None


@dataclass
class Matching:
    threshold: float = 62
    unnumbered_threshold: float = 86
    number_bonus: float = 8
    equivalents: list[list[str]] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    fillers: list[str] = field(default_factory=list)


@dataclass
class TableColumn:
    id: str
    label: str
    aliases: list[str] = field(default_factory=list)
    optional: bool = False  # some layouts leave it out (the 2008 附表's 历年累计): rows without it still read
    group: str = ""  # the header above it, when labels repeat under several (表三's 行政复议 / 直接起诉 / 复议后起诉)


@dataclass
class TableRow:
    id: str
    label: str | None = None  # None: an unlabelled row of values (2021 table 3)
    aliases: list[str] = field(default_factory=list)
    values: bool = True  # False: a group or header row that carries no numbers
    columns: list[str] | None = None  # the columns this row has (default: all)
    integer: bool = True  # counts (件/条/人/次); False for amounts (万元)
    required: bool = True
    unit: str | None = None


@dataclass
class Identity:
    """A relation between cells. ``kind: rows`` relates rows, checked in every column (or the
    listed ``columns``); ``kind: columns`` relates columns, checked in every row (or ``rows``).
    ``total`` = Σ ``parts`` (or ``op: ge``: total ≥ Σ parts, for “其中” rows), or Σ ``left`` = Σ ``right``."""

    id: str
    name: str  # Chinese, shown in messages
    kind: str  # "rows" | "columns"
    total: str | None = None
    parts: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    right: list[str] = field(default_factory=list)
    op: str = "eq"  # "eq" | "ge"
    rows: list[str] | None = None  # kind columns: which rows (default every row with values)
    columns: list[str] | None = None  # kind rows: which columns (default every column)
    basis: str = ""


@dataclass
class TableSpec:
    id: str
    title: str  # the table's name, as messages call it
    find_title: bool = True  # reports print the name above the table (the 2019/2021 tables: no)
    aliases: list[str] = field(default_factory=list)
    section: int | None = None  # the section the table belongs to
    row_hints: list[str] = field(default_factory=list)
    min_rows: int = 3
    units: list[str] = field(default_factory=list)
    basis: str = ""
    severity: Severity | None = None
    required: bool = True  # False: no finding when the report has no such table (no national format asked for it)
    columns: list[TableColumn] = field(default_factory=list)  # data columns, in order; none: one value
    rows: list[TableRow] = field(default_factory=list)  # the rows the table is read by
    identities: list[Identity] = field(default_factory=list)
    carryover: dict | None = None  # {row, previous_row}: this year's row equals last year's row
    stock: dict | None = None  # {stock, added, removed}: columns of a running total across years
    # objects built from this spec and living with it (the table reader's label index)
    derived: dict = field(default_factory=dict, repr=False, compare=False)


@dataclass
class PeriodSpec:
    keywords: list[re.Pattern]
    range: re.Pattern
    end_only: re.Pattern | None = None
    end_only_context: re.Pattern | None = None
    whole_year: re.Pattern | None = None
    canonical: str = ""
    basis: str = ""
    dated_range: re.Pattern | None = None  # any range with both dates written (groups start, end): part of a year
    unfilled: re.Pattern | None = None  # a range whose dates were left blank ("统计期限自至")


@dataclass
class ContactField:
    id: str
    label: str
    pattern: re.Pattern
    expected: bool = False


@dataclass
class ContactSpec:
    fields: list[ContactField]
    empty_label: re.Pattern | None = None
    canonical: str = ""
    template: str = ""  # inserted by --unsafe-fixes where contact details are missing
    sentence: re.Pattern | None = None  # a contact sentence without details: no template is added then
    basis: str = ""


@dataclass
class Placeholder:
    pattern: re.Pattern
    description: str
    skip_formats: list[str] = field(default_factory=list)
    description_en: str | None = None  # for --lang en (else the Chinese, quoted)
    # what --fix writes in its place: "year" (the report year, where the place says it is that
    # year: the title, the period's dates, "20××年，" opening a sentence); None: nothing
    fill: str | None = None


@dataclass
class Narrative:
    """A number the prose states, anchored by ``pattern`` (group ``n``), that must equal the sum
    of table cells ``cells`` ([table id, row id, column id]; column "value" for one-value tables)."""

    id: str
    name: str
    pattern: re.Pattern
    cells: list[list[str]]
    exclude: re.Pattern | None = None  # a sentence with these words is about something else


@dataclass
class Deadline:
    """Publication deadline, month and day in the year after the report year, per agency kind."""

    government: tuple[int, int]
    department: tuple[int, int]
    basis: str = ""


@dataclass
class RuleOverride:
    severity: Severity | None = None
    message: str | None = None  # Chinese message template with the rule's fields


@dataclass
class Pack:
    id: str
    name: str
    path: str
    years: tuple[int, int] | None
    status: str
    description: str
    basis: list[str]
    matching: Matching
    sections: list[Section]
    tables: list[TableSpec]
    statistics_period: PeriodSpec | None
    contact: ContactSpec | None
    placeholders: list[Placeholder]
    era_markers: list[str] = field(default_factory=list)
    deadline: Deadline | None = None
    rules: dict[str, RuleOverride] = field(default_factory=dict)
    extends: str | None = None
    narratives: list[Narrative] = field(default_factory=list)
    automatic: bool = True  # chosen by the report's year; False: only when named (--pack, pack:)
    digest: str = ""  # the pack's source bytes and those of its extends chain, hashed
    # objects built from this pack and living with it (its heading matcher)
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def years_label(self) -> str:
        """“2015—2018年度”, “2021年度起” (open-ended packs end in 2100), or “不限年度”."""
        return self.years_text("zh")

    def years_text(self, lang: str) -> str:
        """The years the pack applies to, in ``lang``: “2015—2018年度” / “2015–2018”."""
        zh = lang == "zh"
        if not self.years:
            return "不限年度" if zh else "any year"
        first, last = self.years
        if last >= 2100:
            return f"{first}年度起" if zh else f"{first} onward"
        return f"{first}—{last}年度" if zh else f"{first}–{last}"

    def section(self, number: int) -> Section:
        for s in self.sections:
            if s.number == number:
                return s
        raise KeyError(number)
