"""Rule packs: YAML files that say what a report format requires.

A pack is validated strictly on load (yamllint-style): an unknown key, a wrong type or a bad
regular expression is a :class:`PackError` naming the pack file and line. The format is
documented in docs/packs.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govlint.diagnostics import Severity
from govlint.errors import PackError

DEFAULT_PACK = "twelve-section"


def packs_dir() -> Path:
    """Installed wheels carry the packs as govlint/packs; a source checkout has them in rules/."""
    here = Path(__file__).resolve().parent
    installed = here / "packs"
    if installed.is_dir():
        return installed
    return here.parent / "rules"


# --------------------------------------------------------------------------- model


@dataclass
class Section:
    number: int
    id: str
    title: str
    aliases: list[str] = field(default_factory=list)
    severity: Severity | None = None  # severity of missing-section for this section
    basis: str = ""
    allow_empty: bool = False


@dataclass
class Matching:
    threshold: float = 62
    unnumbered_threshold: float = 86
    number_bonus: float = 8
    equivalents: list[list[str]] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    fillers: list[str] = field(default_factory=list)


@dataclass
class TableSpec:
    title: str
    aliases: list[str] = field(default_factory=list)
    after_section: int | None = None
    row_hints: list[str] = field(default_factory=list)
    min_rows: int = 3
    units: list[str] = field(default_factory=list)
    basis: str = ""
    severity: Severity | None = None


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
    statistics_table: TableSpec | None
    statistics_period: PeriodSpec | None
    contact: ContactSpec | None
    placeholders: list[Placeholder]

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

_SCHEMA = S("map", fields={
    "id": S("str", True),
    "name": S("str", True),
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
    "sections": S("list", True, item=S("map", fields={
        "number": S("int", True),
        "id": S("str", True),
        "title": S("str", True),
        "aliases": _STR_LIST,
        "severity": S("severity"),
        "basis": S("str"),
        "allow_empty": S("bool"),
    })),
    "statistics_table": S("map", fields={
        "title": S("str", True),
        "aliases": _STR_LIST,
        "after_section": S("int"),
        "row_hints": _STR_LIST,
        "min_rows": S("int"),
        "units": _STR_LIST,
        "basis": S("str"),
        "severity": S("severity"),
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
})

_TYPE_ZH = {"str": "字符串", "int": "整数", "num": "数字", "bool": "true 或 false", "regex": "正则表达式字符串",
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
    def __init__(self, path: str):
        self.path = path

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
                if sub.required and key not in value:
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
        if kind == "years":
            if (not isinstance(value, list) or len(value) != 2
                    or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
                    or value[0] > value[1]):
                self.fail(line, f"“{where}”应为{_TYPE_ZH['years']}")
            return (int(value[0]), int(value[1]))
        raise AssertionError(kind)


def _build(raw: dict, path: str) -> Pack:
    data = _Validator(path).check(raw, _SCHEMA, "", 1)
    m = data.get("matching", {})
    sections = [Section(**{k: v for k, v in s.items()}) for s in data["sections"]]
    numbers = [s.number for s in sections]
    if len(set(numbers)) != len(numbers):
        dup = next(n for n in numbers if numbers.count(n) > 1)
        raise PackError(path, f"sections 中的部分编号 {dup} 重复", _line_of(raw, "sections"))
    t = data.get("statistics_table")
    p = data.get("statistics_period")
    c = data.get("contact")
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
        statistics_table=TableSpec(**t) if t else None,
        statistics_period=PeriodSpec(**p) if p else None,
        contact=ContactSpec(fields=[ContactField(**f) for f in c["fields"]],
                            **{k: v for k, v in c.items() if k != "fields"}) if c else None,
        placeholders=[Placeholder(**ph) for ph in data.get("placeholders", [])],
    )


_CACHE: dict[str, Pack] = {}


def load_pack(name_or_path: str) -> Pack:
    """Load a pack by name (from the packs shipped with govlint) or from a YAML file path."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or candidate.is_file():
        path = candidate
    else:
        path = packs_dir() / f"{name_or_path}.yaml"
        if not path.is_file():
            names = "、".join(available_packs()) or "（无）"
            raise PackError(name_or_path, f"找不到规则包“{name_or_path}”（可用：{names}）")
    key = str(path.resolve()) if path.exists() else str(path)
    if key in _CACHE:
        return _CACHE[key]
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError(str(path), "规则包文件不存在") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(str(path), f"无法读取规则包：{exc}") from None
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt")
    try:
        raw = yaml.load(text)
    except MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise PackError(str(path), f"YAML 语法错误：{exc.problem}", line) from None
    except YAMLError as exc:
        raise PackError(str(path), f"YAML 语法错误：{exc}") from None
    if not isinstance(raw, dict):
        raise PackError(str(path), "规则包应为一个映射（键: 值）", 1)
    pack = _build(raw, str(path))
    _CACHE[key] = pack
    return pack


def available_packs() -> list[str]:
    d = packs_dir()
    return sorted(p.stem for p in d.glob("*.yaml")) if d.is_dir() else []
