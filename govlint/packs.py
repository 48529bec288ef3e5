"""Rule packs: YAML files that say what a report format requires.

A pack is validated strictly on load (yamllint-style): an unknown key, a wrong type or a bad
regular expression is a :class:`PackError` naming the pack file and line. The format is
documented in docs/packs.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govlint.diagnostics import Severity
from govlint.errors import PackError



def packs_dir() -> Path:
    """Installed wheels carry the packs as govlint/packs; a source checkout has them in rules/."""
    here = Path(__file__).resolve().parent
    installed = here / "packs"
    if installed.is_dir():
        return installed
    return here.parent / "rules"


# --------------------------------------------------------------------------- model


@dataclass
class Mention:
    """Content a section must mention, e.g. 信息处理费 in 2021's section 六."""

    id: str
    pattern: re.Pattern
    description: str
    severity: Severity | None = None
    only_for: str | None = None  # "government" | "department": applies to that agency kind only
    basis: str = ""


@dataclass
class Section:
    number: int
    id: str
    title: str
    aliases: list[str] = field(default_factory=list)
    severity: Severity | None = None  # severity of missing-section for this section
    basis: str = ""
    allow_empty: bool = False
    optional: bool = False  # missing is no finding (e.g. 其他需要报告的事项 before 2014)
    mentions: list[Mention] = field(default_factory=list)


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
    columns: list[TableColumn] = field(default_factory=list)  # data columns, in order; none: one value
    rows: list[TableRow] = field(default_factory=list)  # the rows the table is read by
    identities: list[Identity] = field(default_factory=list)
    carryover: dict | None = None  # {row, previous_row}: this year's row equals last year's row
    stock: dict | None = None  # {stock, added, removed}: columns of a running total across years


@dataclass
class PeriodSpec:
    keywords: list[re.Pattern]
    range: re.Pattern
    end_only: re.Pattern | None = None
    end_only_context: re.Pattern | None = None
    whole_year: re.Pattern | None = None
    canonical: str = ""
    basis: str = ""


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
    basis: str = ""


@dataclass
class Placeholder:
    pattern: re.Pattern
    description: str
    skip_formats: list[str] = field(default_factory=list)


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

    @property
    def years_label(self) -> str:
        """“2015—2018年度”, “2021年度起” (open-ended packs end in 2100), or “不限年度”."""
        if not self.years:
            return "不限年度"
        first, last = self.years
        return f"{first}年度起" if last >= 2100 else f"{first}—{last}年度"

    def section(self, number: int) -> Section:
        for s in self.sections:
            if s.number == number:
                return s
        raise KeyError(number)


# --------------------------------------------------------------------------- schema
# A tiny declarative schema: each spec is (type, required) or a nested dict / list spec.


class _Spec:
    def __init__(self, kind, required=False, item=None, fields=None, choices=None):
        self.kind = kind  # "str" "int" "num" "bool" "regex" "severity" "list" "map" "years"
        self.required = required
        self.item = item
        self.fields = fields or {}
        self.choices = choices


S = _Spec
_STR_LIST = S("list", item=S("str"))

_RULE_OVERRIDE = S("map", fields={"severity": S("severity"), "message": S("str")})

_MENTION = S("map", fields={
    "id": S("str", True),
    "pattern": S("regex", True),
    "description": S("str", True),
    "severity": S("severity"),
    "only_for": S("str", choices=("government", "department")),
    "basis": S("str"),
})

_SECTION = S("map", fields={
    "number": S("int", True),
    "id": S("str", True),
    "title": S("str", True),
    "aliases": _STR_LIST,
    "add_aliases": _STR_LIST,  # with extends: appended to the base pack's aliases
    "severity": S("severity"),
    "basis": S("str"),
    "allow_empty": S("bool"),
    "optional": S("bool"),
    "mentions": S("list", item=_MENTION),
    "drop": S("bool"),  # with extends: remove this section of the base pack
})

_TABLE = S("map", fields={
    "id": S("str", True),
    "title": S("str", True),
    "find_title": S("bool"),
    "aliases": _STR_LIST,
    "section": S("int"),
    "row_hints": S("list", True, item=S("str")),
    "min_rows": S("int"),
    "units": _STR_LIST,
    "basis": S("str"),
    "severity": S("severity"),
    "drop": S("bool"),
    "carryover": S("map", fields={"row": S("str", True), "previous_row": S("str", True)}),
    "stock": S("map", fields={"stock": S("str", True), "added": S("str", True), "removed": S("str", True)}),
    "columns": S("list", item=S("map", fields={
        "id": S("str", True), "label": S("str", True), "aliases": _STR_LIST})),
    "rows": S("list", item=S("map", fields={
        "id": S("str", True), "label": S("str"), "aliases": _STR_LIST, "values": S("bool"),
        "columns": _STR_LIST, "integer": S("bool"), "required": S("bool"), "unit": S("str")})),
    "identities": S("list", item=S("map", fields={
        "id": S("str", True), "name": S("str", True), "kind": S("str", True, choices=("rows", "columns")),
        "total": S("str"), "parts": _STR_LIST, "left": _STR_LIST, "right": _STR_LIST,
        "op": S("str", choices=("eq", "ge")), "rows": _STR_LIST, "columns": _STR_LIST, "basis": S("str")})),
})

_SCHEMA = S("map", fields={
    "id": S("str", True),
    "name": S("str", True),
    "extends": S("str"),
    "years": S("years"),
    "status": S("str", choices=("verified", "unverified")),
    "description": S("str"),
    "basis": _STR_LIST,
    "matching": S("map", fields={
        "threshold": S("num"),
        "unnumbered_threshold": S("num"),
        "number_bonus": S("num"),
        "equivalents": S("list", item=_STR_LIST),
        "drop": _STR_LIST,
        "fillers": _STR_LIST,
    }),
    "sections": S("list", True, item=_SECTION),
    "tables": S("list", item=_TABLE),
    "era_markers": _STR_LIST,
    "deadline": S("map", fields={
        "government": S("monthday", True),
        "department": S("monthday", True),
        "basis": S("str"),
    }),
    "statistics_period": S("map", fields={
        "canonical": S("str"),
        "keywords": S("list", True, item=S("regex")),
        "range": S("regex", True),
        "end_only": S("regex"),
        "end_only_context": S("regex"),
        "whole_year": S("regex"),
        "basis": S("str"),
    }),
    "contact": S("map", fields={
        "canonical": S("str"),
        "fields": S("list", True, item=S("map", fields={
            "id": S("str", True),
            "label": S("str", True),
            "pattern": S("regex", True),
            "expected": S("bool"),
        })),
        "empty_label": S("regex"),
        "basis": S("str"),
    }),
    "placeholders": S("list", item=S("map", fields={
        "pattern": S("regex", True),
        "description": S("str", True),
        "skip_formats": _STR_LIST,
    })),
    "rules": S("rules"),
    "narratives": S("list", item=S("map", fields={
        "id": S("str", True), "name": S("str", True), "pattern": S("regex", True),
        "cells": S("list", True, item=_STR_LIST), "exclude": S("regex")})),
})

_TYPE_ZH = {"monthday": "“月-日”字符串（如 \"01-31\"）", "rules": "规则 id 到 {severity, message} 的映射", "str": "字符串", "int": "整数", "num": "数字", "bool": "true 或 false", "regex": "正则表达式字符串",
            "severity": "error、warning 或 info", "list": "列表", "map": "映射（键: 值）", "years": "[起始年, 结束年]"}


def _line_of(parent, key) -> int | None:
    """1-based line of ``parent[key]`` in the YAML source (ruamel round-trip positions)."""
    try:
        if isinstance(key, int):
            return parent.lc.item(key)[0] + 1
        return parent.lc.key(key)[0] + 1
    except Exception:
        try:
            return parent.lc.line + 1
        except Exception:
            return None


class _Validator:
    """Checks a parsed YAML tree against a spec and returns it converted (regexes compiled,
    severities parsed). ``partial`` (a pack that extends another) waives required keys: the
    merged result is checked again."""

    def __init__(self, path: str, partial: bool = False):
        self.path = path
        self.partial = partial

    def fail(self, line, msg):
        raise PackError(self.path, msg, line)

    def check(self, value, spec: _Spec, where: str, line) -> Any:
        kind = spec.kind
        if kind == "map":
            if not isinstance(value, dict):
                self.fail(line, f"“{where}”应为{_TYPE_ZH['map']}")
            out = {}
            for key in value:
                kline = _line_of(value, key)
                if key not in spec.fields:
                    known = "、".join(spec.fields)
                    self.fail(kline, f"未知的键“{key}”（{where or '顶层'}可用的键：{known}）")
                out[key] = self.check(value[key], spec.fields[key], f"{where}.{key}" if where else str(key), kline)
            for key, sub in spec.fields.items():
                if sub.required and key not in value and not self.partial:
                    self.fail(line or _line_of(value, None), f"“{where or '顶层'}”缺少必需的键“{key}”")
            return out
        if kind == "list":
            if not isinstance(value, list):
                self.fail(line, f"“{where}”应为{_TYPE_ZH['list']}")
            return [self.check(v, spec.item, f"{where}[{i}]", _line_of(value, i) or line) for i, v in enumerate(value)]
        if kind == "str":
            if not isinstance(value, str) or not value.strip():
                self.fail(line, f"“{where}”应为非空{_TYPE_ZH['str']}")
            if spec.choices and value not in spec.choices:
                self.fail(line, f"“{where}”应为 {' 或 '.join(spec.choices)}，而不是“{value}”")
            return str(value)
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                self.fail(line, f"“{where}”应为{_TYPE_ZH['int']}")
            return int(value)
        if kind == "num":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.fail(line, f"“{where}”应为{_TYPE_ZH['num']}")
            return float(value)
        if kind == "bool":
            if not isinstance(value, bool):
                self.fail(line, f"“{where}”应为{_TYPE_ZH['bool']}")
            return value
        if kind == "severity":
            try:
                return Severity.parse(str(value))
            except ValueError:
                self.fail(line, f"“{where}”应为{_TYPE_ZH['severity']}，而不是“{value}”")
        if kind == "regex":
            if not isinstance(value, str):
                self.fail(line, f"“{where}”应为{_TYPE_ZH['regex']}")
            try:
                return re.compile(value)
            except re.error as exc:
                self.fail(line, f"“{where}”不是有效的正则表达式：{exc}")
        if kind == "monthday":
            m = re.fullmatch(r"(\d{1,2})-(\d{1,2})", str(value))
            if not m or not (1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 31):
                self.fail(line, f"“{where}”应为{_TYPE_ZH['monthday']}，而不是“{value}”")
            return (int(m.group(1)), int(m.group(2)))
        if kind == "rules":
            from govlint.checks import get_rule

            if not isinstance(value, dict):
                self.fail(line, f"“{where}”应为{_TYPE_ZH['rules']}")
            out = {}
            for rule_id, override in value.items():
                rline = _line_of(value, rule_id) or line
                if get_rule(str(rule_id)) is None:
                    self.fail(rline, f"“{where}”中没有名为“{rule_id}”的规则")
                out[str(rule_id)] = self.check(override, _RULE_OVERRIDE, f"{where}.{rule_id}", rline)
            return out
        if kind == "years":
            if (not isinstance(value, list) or len(value) != 2
                    or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
                    or value[0] > value[1]):
                self.fail(line, f"“{where}”应为{_TYPE_ZH['years']}")
            return (int(value[0]), int(value[1]))
        raise AssertionError(kind)


def _merge(base: dict, child: dict, path: str) -> dict:
    """A pack that ``extends`` another: sections merge by number and tables by id (``drop: true``
    removes one, ``add_aliases`` appends), maps merge key by key, other values replace."""
    out = dict(base)
    for key, value in child.items():
        if key == "extends":
            continue
        if key in ("sections", "tables"):
            ident = "number" if key == "sections" else "id"
            items = {item[ident]: dict(item) for item in base.get(key, [])}
            for item in value:
                k = item.get(ident)
                if k is None:
                    raise PackError(path, f"{key} 中的每一项都要写明 {ident}")
                if item.get("drop"):
                    if k not in items:
                        raise PackError(path, f"要删除的 {key} {k} 在被继承的规则包中不存在")
                    del items[k]
                    continue
                merged = items.get(k, {})
                for ik, iv in item.items():
                    if ik == "add_aliases":
                        merged["aliases"] = list(merged.get("aliases", [])) + list(iv)
                    else:
                        merged[ik] = iv
                items[k] = merged
            out[key] = sorted(items.values(), key=lambda it: it[ident]) if key == "sections" else list(items.values())
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            out[key] = {**base[key], **value}
        else:
            out[key] = value
    return out


def _require_complete(data: dict, path: str) -> None:
    """After merging, every section and table has what a stand-alone pack needs."""
    for key, spec in (("sections", _SECTION), ("tables", _TABLE)):
        for item in data.get(key, []):
            missing = [k for k, sub in spec.fields.items() if sub.required and k not in item]
            if missing:
                name = item.get("number", item.get("id", "?"))
                raise PackError(path, f"{key} 中的 {name} 缺少必需的键“{missing[0]}”（新增的项要写完整）")


def _table(t: dict, path: str) -> TableSpec:
    fields = {k: v for k, v in t.items() if k not in ("drop", "columns", "rows", "identities")}
    spec = TableSpec(**fields,
                     columns=[TableColumn(**c) for c in t.get("columns", [])],
                     rows=[TableRow(**r) for r in t.get("rows", [])],
                     identities=[Identity(**i) for i in t.get("identities", [])])
    rows = {r.id for r in spec.rows}
    cols = {c.id for c in spec.columns}
    for what, ids in (("rows", [r.id for r in spec.rows]), ("columns", [c.id for c in spec.columns])):
        if len(set(ids)) != len(ids):
            raise PackError(path, f"表格 {spec.id} 的 {what} 中 id 重复")
    for r in spec.rows:
        for c in r.columns or []:
            if c not in cols:
                raise PackError(path, f"表格 {spec.id} 的行 {r.id} 引用了不存在的列 {c}")
    for ident in spec.identities:
        row_refs = [ident.total] if ident.kind == "rows" and ident.total else []
        col_refs = [ident.total] if ident.kind == "columns" and ident.total else []
        names = ident.parts + ident.left + ident.right
        (row_refs if ident.kind == "rows" else col_refs).extend(names)
        row_refs += ident.rows or []
        col_refs += ident.columns or []
        bad = [x for x in row_refs if x not in rows] + [x for x in col_refs if x not in cols]
        if bad:
            raise PackError(path, f"表格 {spec.id} 的关系 {ident.id} 引用了不存在的行或列 {bad[0]}")
        if not ((ident.total and ident.parts) or (ident.left and ident.right)):
            raise PackError(path, f"表格 {spec.id} 的关系 {ident.id} 需要 total+parts 或 left+right")
    return spec


def _build(data: dict, path: str) -> Pack:
    m = data.get("matching", {})
    sections = []
    for sec in data["sections"]:
        fields = {k: v for k, v in sec.items() if k not in ("add_aliases", "drop", "mentions")}
        fields["mentions"] = [Mention(**mn) for mn in sec.get("mentions", [])]
        sections.append(Section(**fields))
    numbers = [s.number for s in sections]
    if len(set(numbers)) != len(numbers):
        dup = next(n for n in numbers if numbers.count(n) > 1)
        raise PackError(path, f"sections 中的部分编号 {dup} 重复")
    p = data.get("statistics_period")
    c = data.get("contact")
    d = data.get("deadline")
    return Pack(
        id=data["id"],
        name=data["name"],
        path=path,
        years=data.get("years"),
        status=data.get("status", "verified"),
        description=data.get("description", ""),
        basis=data.get("basis", []),
        matching=Matching(**m),
        sections=sections,
        tables=[_table(t, path) for t in data.get("tables", [])],
        statistics_period=PeriodSpec(**p) if p else None,
        contact=ContactSpec(fields=[ContactField(**f) for f in c["fields"]],
                            **{k: v for k, v in c.items() if k != "fields"}) if c else None,
        placeholders=[Placeholder(**ph) for ph in data.get("placeholders", [])],
        era_markers=data.get("era_markers", []),
        deadline=Deadline(**d) if d else None,
        rules={k: RuleOverride(**v) for k, v in data.get("rules", {}).items()},
        extends=data.get("extends"),
        narratives=[Narrative(**n) for n in data.get("narratives", [])],
    )


_CACHE: dict[str, Pack] = {}


def _resolve(name_or_path: str, relative_to: Path | None = None) -> Path:
    candidate = Path(name_or_path)
    if relative_to is not None and not candidate.is_absolute() and (relative_to / candidate).is_file():
        return relative_to / candidate
    if candidate.suffix in (".yaml", ".yml") or candidate.is_file():
        return candidate
    path = packs_dir() / f"{name_or_path}.yaml"
    if not path.is_file():
        names = "、".join(available_packs()) or "（无）"
        raise PackError(name_or_path, f"找不到规则包“{name_or_path}”（可用：{names}）")
    return path


def _cache_file(data: bytes) -> Path | None:
    """Where the parsed YAML of a pack with these bytes is cached (JSON), or None when caching is
    off (GOVLINT_NO_CACHE). ruamel's pure-Python parser costs ~20 ms a pack; the JSON ~1 ms."""
    if os.environ.get("GOVLINT_NO_CACHE"):
        return None
    from govlint import __version__

    from govlint.cache import cache_root

    base = cache_root() / "packs"
    digest = hashlib.sha256(__version__.encode() + b"\0" + data).hexdigest()[:32]
    return base / f"{digest}.json"


def _read_cache(cache: Path | None):
    if cache is None:
        return None
    try:
        return json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_cache(cache: Path | None, raw) -> None:
    if cache is None:
        return
    try:  # a cache, never required: a read-only home simply has none
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, cache)
    except (OSError, TypeError, ValueError):
        pass


def _parse(path: Path, use_cache: bool = True):
    """The pack's YAML as plain data. From the cache when these bytes were parsed and validated
    before; else with ruamel's round-trip loader, which knows line numbers for error messages."""
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise PackError(str(path), "规则包文件不存在") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(str(path), f"无法读取规则包：{exc}") from None
    cache = _cache_file(data) if use_cache else None
    cached = _read_cache(cache)
    if isinstance(cached, dict):
        return cached, None, text
    return _parse_yaml(path, text, "safe"), cache, text


def refuse_aliases(path: str, text: str, error=PackError) -> None:
    """YAML aliases (*name) are not needed in packs or configs and can explode when walked
    (a "billion laughs" document): refuse them."""
    if "*" not in text:
        return
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import AliasEvent

    try:
        for event in YAML(typ="safe").parse(text):
            if isinstance(event, AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark else None
                raise error(path, "不支持 YAML 别名（*…）", line)
    except YAMLError:
        return  # the loader reports syntax errors with their line


def _parse_yaml(path: Path, text: str, typ: str):
    """``safe`` is the faster loader; ``rt`` (round-trip) also knows each key's line."""
    refuse_aliases(str(path), text)
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        raw = YAML(typ=typ).load(text)
    except MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise PackError(str(path), f"YAML 语法错误：{exc.problem}", line) from None
    except YAMLError as exc:
        raise PackError(str(path), f"YAML 语法错误：{exc}") from None
    if not isinstance(raw, dict):
        raise PackError(str(path), "规则包应为一个映射（键: 值）", 1)
    return raw


def _plain(value):
    """ruamel's round-trip containers as plain JSON-able data."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _data(path: Path, seen: tuple[str, ...] = ()) -> dict:
    """The validated, converted (and, for ``extends``, merged) data of the pack at ``path``."""
    key = str(path.resolve())
    if key in seen:
        raise PackError(str(path), "规则包的 extends 形成了循环")
    raw, cache, text = _parse(path)
    partial = bool(raw.get("extends"))
    try:
        data = _Validator(str(path), partial=partial).check(raw, _SCHEMA, "", 1)
    except PackError:  # parse again with line numbers, so the error says where
        _Validator(str(path), partial=partial).check(_parse_yaml(path, text, "rt"), _SCHEMA, "", 1)
        raise
    _write_cache(cache, _plain(raw))  # only a pack that validated is cached
    if partial:
        base_path = _resolve(str(raw["extends"]), path.parent)
        base = _data(base_path, seen + (key,))
        data = _merge(base, data, str(path))
        data["extends"] = str(raw["extends"])
        for req in ("sections",):
            if req not in data:
                raise PackError(str(path), f"缺少必需的键“{req}”", 1)
        _require_complete(data, str(path))
    return data


def load_pack(name_or_path: str) -> Pack:
    """Load a pack by name (from the packs shipped with govlint) or from a YAML file path."""
    path = _resolve(name_or_path)
    key = str(path.resolve())
    if key not in _CACHE:
        _CACHE[key] = _build(_data(path), str(path))
    return _CACHE[key]


def available_packs() -> list[str]:
    d = packs_dir()
    return sorted(p.stem for p in d.glob("*.yaml")) if d.is_dir() else []
