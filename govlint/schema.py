"""A small declarative schema for the YAML govlint reads (rule packs and configuration files),
validated strictly as yamllint validates its configuration: an unknown key, a wrong type or a bad
regular expression is an error naming the file and the line.

A spec is ``S(kind, required, item=…, fields=…, choices=…)``. Kinds: ``map`` (with ``fields``),
``list`` (of ``item``), ``str``, ``int``, ``num``, ``bool``, ``regex`` (compiled), ``severity``,
``monthday`` ("01-31" → (1, 31)), ``years`` ([first, last]), ``strmap`` (str → str), and three
kinds that name rules: ``rules`` (rule → {severity, message}: a pack's overrides), ``severities``
(rule → severity) and ``rulenames`` (a list of rules or code prefixes). Rule names are checked
by a function the caller passes (the rule registry lives above this module).
"""

from __future__ import annotations

import re
from typing import Any, Callable

from govlint import rx
from govlint.diagnostics import Severity
from govlint.errors import GovlintError
from govlint.patterns import LazyPattern


class Spec:
    def __init__(self, kind, required=False, item=None, fields=None, choices=None):
        self.kind = kind
        self.required = required
        self.item = item
        self.fields = fields or {}
        self.choices = choices


S = Spec
STR_LIST = S("list", item=S("str"))
RULE_OVERRIDE = S("map", fields={"severity": S("severity"), "message": S("str")})

TYPE_ZH = {"monthday": "“月-日”字符串（如 \"01-31\"）", "rules": "规则 id 到 {severity, message} 的映射", "str": "字符串",
           "int": "整数", "num": "数字", "bool": "true 或 false", "regex": "正则表达式字符串",
           "severity": "error、warning 或 info", "list": "列表", "map": "映射（键: 值）", "years": "[起始年, 结束年]"}

# known_rule(name, prefix): the rule's id when ``name`` names a rule (by id or code, or with
# ``prefix`` by a code prefix such as "GL1"), else None
RuleLookup = Callable[[str, bool], "str | None"]


def line_of(parent, key) -> int | None:
    """1-based line of ``parent[key]`` in the YAML source (ruamel round-trip positions); None
    for plain data (the safe loader's, or the parsed-pack cache's), which knows no lines."""
    if type(parent) in (dict, list):
        return None
    try:
        if isinstance(key, int):
            return parent.lc.item(key)[0] + 1
        return parent.lc.key(key)[0] + 1
    except Exception:
        try:
            return parent.lc.line + 1
        except Exception:
            return None


class Validator:
    """Checks a parsed YAML tree against a spec and returns it converted (regexes compiled,
    severities parsed). ``partial`` (a pack that extends another) waives required keys: the
    merged result is checked again. Failures raise ``error(path, message, line)``."""

    def __init__(self, path: str, error: type[GovlintError], partial: bool = False,
                 known_rule: RuleLookup | None = None, trusted: bool = False):
        self.path = path
        self.error = error
        self.partial = partial
        self.known_rule = known_rule
        self.trusted = trusted  # data validated before (a cached pack): regexes compiled on first use

    def fail(self, line, msg):
        raise self.error(self.path, msg, line)

    def check(self, value, spec: Spec, where: str, line) -> Any:
        kind = spec.kind
        if kind == "map":
            if not isinstance(value, dict):
                self.fail(line, f"“{where}”应为{TYPE_ZH['map']}")
            out = {}
            for key in value:
                kline = line_of(value, key)
                if key not in spec.fields:
                    known = "、".join(spec.fields)
                    self.fail(kline, f"未知的键“{key}”（{where or '顶层'}可用的键：{known}）")
                out[key] = self.check(value[key], spec.fields[key], f"{where}.{key}" if where else str(key), kline)
            for key, sub in spec.fields.items():
                if sub.required and key not in value and not self.partial:
                    self.fail(line or line_of(value, None), f"“{where or '顶层'}”缺少必需的键“{key}”")
            return out
        if kind in ("list", "rulenames"):
            if not isinstance(value, list):
                self.fail(line, f"“{where}”应为{TYPE_ZH['list']}")
            item = spec.item or S("str")
            out = [self.check(v, item, f"{where}[{i}]", line_of(value, i) or line) for i, v in enumerate(value)]
            if kind == "rulenames":
                for i, name in enumerate(value):
                    self._rule(str(name), line_of(value, i) or line, where, prefix=True)
            return out
        if kind == "str":
            if not isinstance(value, str) or not value.strip():
                self.fail(line, f"“{where}”应为非空{TYPE_ZH['str']}")
            if spec.choices and value not in spec.choices:
                self.fail(line, f"“{where}”应为 {' 或 '.join(spec.choices)}，而不是“{value}”")
            return str(value)
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                self.fail(line, f"“{where}”应为{TYPE_ZH['int']}")
            return int(value)
        if kind == "num":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.fail(line, f"“{where}”应为{TYPE_ZH['num']}")
            return float(value)
        if kind == "bool":
            if not isinstance(value, bool):
                self.fail(line, f"“{where}”应为{TYPE_ZH['bool']}")
            return value
        if kind == "severity":
            try:
                return Severity.parse(str(value))
            except ValueError:
                self.fail(line, f"“{where}”应为{TYPE_ZH['severity']}，而不是“{value}”")
        if kind == "regex":
            if not isinstance(value, str):
                self.fail(line, f"“{where}”应为{TYPE_ZH['regex']}")
            if self.trusted:
                return LazyPattern(value)
            try:
                return rx.compile(value)
            except re.error as exc:
                self.fail(line, f"“{where}”不是有效的正则表达式：{exc}")
        if kind == "monthday":
            m = re.fullmatch(r"(\d{1,2})-(\d{1,2})", str(value))
            if not m or not (1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 31):
                self.fail(line, f"“{where}”应为{TYPE_ZH['monthday']}，而不是“{value}”")
            return (int(m.group(1)), int(m.group(2)))
        if kind == "years":
            if (not isinstance(value, list) or len(value) != 2
                    or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
                    or value[0] > value[1]):
                self.fail(line, f"“{where}”应为{TYPE_ZH['years']}")
            return (int(value[0]), int(value[1]))
        if kind == "rules":
            if not isinstance(value, dict):
                self.fail(line, f"“{where}”应为{TYPE_ZH['rules']}")
            out = {}
            for rule_id, override in value.items():
                rline = line_of(value, rule_id) or line
                name = self._rule(str(rule_id), rline, where, prefix=False)
                out[name] = self.check(override, RULE_OVERRIDE, f"{where}.{rule_id}", rline)
            return out
        if kind == "severities":
            if not isinstance(value, dict):
                self.fail(line, f"“{where}”应为 规则: 级别 的映射")
            out = {}
            for rule, sev in value.items():
                rline = line_of(value, rule) or line
                self._rule(str(rule), rline, where, prefix=True)
                try:
                    out[str(rule)] = Severity.parse(str(sev))
                except ValueError:
                    self.fail(rline, f"“{where}.{rule}”应为 error、warning 或 info，而不是“{sev}”")
            return out
        if kind == "strmap":
            if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
                self.fail(line, f"“{where}”应为 本年度文件: 上一年度文件 的映射")
            return {str(k): str(v) for k, v in value.items()}
        raise AssertionError(kind)

    def _rule(self, name: str, line, where: str, prefix: bool) -> str:
        """The rule's id; a name that names no rule fails. Without a lookup, names pass as written."""
        if self.known_rule is None:
            return name
        found = self.known_rule(name.strip(), prefix)
        if found is None:
            if prefix:
                self.fail(line, f"“{where}”中没有名为或以“{name}”开头的规则（用 govlint rules 查看）")
            self.fail(line, f"“{where}”中没有名为“{name}”的规则")
        return found if not prefix else name


def refuse_aliases(path: str, text: str, error: type[GovlintError]) -> None:
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


def load_yaml(path: str, text: str, typ: str, error: type[GovlintError]):
    """The YAML document in ``text``, aliases refused; ``safe`` is the faster loader, ``rt``
    (round-trip) also knows each key's line. A syntax error is ``error`` with its line."""
    refuse_aliases(path, text, error)
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return YAML(typ=typ).load(text)
    except MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise error(path, f"YAML 语法错误：{exc.problem}", line) from None
    except YAMLError as exc:
        raise error(path, f"YAML 语法错误：{exc}") from None
