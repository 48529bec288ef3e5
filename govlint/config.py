"""Configuration: ``.govlint.yaml`` (found by walking up from each file), ``[tool.govlint]`` in
pyproject.toml, or ``--config``. Validated strictly like a pack: an unknown key or a wrong type
is an error naming the file and line (exit 2).

```yaml
pack: gov-2021                 # a pack name or a path (relative to this file); default: by year
agency_kind: department        # government | department
select: [GL1, missing-contact] # rule ids, codes or code prefixes (default: all)
ignore: [nonstandard-heading]
severity: {late-publication: error}
exclude: ["归档/**"]           # globs relative to this file; skipped in directory walks
previous: {"2024/报告.md": "2023/报告.md"}   # this year's report → last year's (--previous)
overrides:
  - files: ["区县/**"]
    ignore: [missing-required-content]
```
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from govlint.errors import GovlintError, PackError
from govlint.packs import S, _line_of, _STR_LIST, _Validator

CONFIG_NAMES = (".govlint.yaml", ".govlint.yml")

_RULE_SETTINGS = {
    "pack": S("str"),
    "agency_kind": S("str", choices=("government", "department")),
    "select": _STR_LIST,
    "ignore": _STR_LIST,
    "severity": S("severities"),
}
_SCHEMA = S("map", fields={
    **_RULE_SETTINGS,
    "exclude": _STR_LIST,
    "previous": S("strmap"),
    "limits": S("map", fields={"max_file_mb": S("num"), "max_docx_uncompressed_mb": S("num"),
                               "max_docx_entries": S("int"), "max_pdf_pages": S("int"), "max_line_chars": S("int")}),
    "overrides": S("list", item=S("map", fields={"files": S("list", True, item=S("str")), **_RULE_SETTINGS})),
})


class ConfigError(GovlintError):
    def __init__(self, path: str, reason: str, line: int | None = None):
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")


class _ConfigValidator(_Validator):
    def check(self, value, spec, where, line):
        if spec.kind == "severities":
            from govlint.diagnostics import Severity

            if not isinstance(value, dict):
                self.fail(line, f"“{where}”应为 规则: 级别 的映射")
            out = {}
            for rule, sev in value.items():
                rline = _line_of(value, rule) or line
                _known_rule(self, str(rule), rline, where)
                try:
                    out[str(rule)] = Severity.parse(str(sev))
                except ValueError:
                    self.fail(rline, f"“{where}.{rule}”应为 error、warning 或 info，而不是“{sev}”")
            return out
        if spec.kind == "strmap":
            if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
                self.fail(line, f"“{where}”应为 本年度文件: 上一年度文件 的映射")
            return {str(k): str(v) for k, v in value.items()}
        out = super().check(value, spec, where, line)
        if where.endswith(("select", "ignore")) and isinstance(value, list):
            for i, name in enumerate(value):
                _known_rule(self, str(name), _line_of(value, i) or line, where)
        return out

    def fail(self, line, msg):
        raise ConfigError(self.path, msg, line)


def _known_rule(validator, name: str, line, where: str) -> None:
    from govlint.checks import all_rules

    n = name.strip()
    if not any(r.id == n.lower() or r.code.upper().startswith(n.upper()) for r in all_rules()):
        validator.fail(line, f"“{where}”中没有名为或以“{name}”开头的规则（用 govlint rules 查看）")


@dataclass
class Config:
    """One configuration file, validated; ``origin`` says which file each value came from."""

    path: str | None = None  # None: no configuration found
    root: Path = field(default_factory=Path.cwd)
    data: dict = field(default_factory=dict)

    def settings_for(self, file: str) -> "Settings":
        s = Settings(origin={})
        for key in _RULE_SETTINGS:
            if key in self.data:
                setattr(s, key, self.data[key])
                s.origin[key] = self.path
        if isinstance(s.pack, str) and s.pack and (s.pack.endswith((".yaml", ".yml"))) and self.path:
            s.pack = str((self.root / s.pack).resolve())
        needs_path = self.data.get("overrides") or self.data.get("previous")
        rel = self._relative(file) if needs_path else None  # only overrides and previous depend on it
        for i, ov in enumerate(self.data.get("overrides", [])):
            if rel is not None and any(fnmatch.fnmatch(rel, g) for g in ov["files"]):
                where = f"{self.path}（overrides 第{i + 1}项）"
                for key in ("pack", "agency_kind", "select"):
                    if key in ov:
                        setattr(s, key, ov[key])
                        s.origin[key] = where
                if "ignore" in ov:
                    s.ignore = list(s.ignore or []) + list(ov["ignore"])
                    s.origin["ignore"] = where
                if "severity" in ov:
                    s.severity = {**(s.severity or {}), **ov["severity"]}
                    s.origin["severity"] = where
        prev = self.data.get("previous", {})
        if rel is not None and rel in prev:
            s.previous = str((self.root / prev[rel]).resolve())
            s.origin["previous"] = self.path
        return s

    def excluded(self, file: str) -> bool:
        if not self.data.get("exclude"):
            return False
        rel = self._relative(file)
        return rel is not None and any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(rel, g.rstrip("/*") + "/*")
                                       for g in self.data.get("exclude", []))

    def _relative(self, file: str) -> str | None:
        try:
            return Path(os.path.abspath(file)).relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None


@dataclass
class Settings:
    pack: str | None = None
    agency_kind: str | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    severity: dict | None = None
    previous: str | None = None
    origin: dict = field(default_factory=dict)

    def rule_enabled(self, rule) -> bool:
        def matches(names):
            return any(rule.id == n.strip().lower() or rule.code.upper().startswith(n.strip().upper()) for n in names)

        if self.select and not matches(self.select):
            return False
        return not (self.ignore and matches(self.ignore))


def load_config(path: str) -> Config:
    p = Path(path)
    if not p.is_file():
        raise ConfigError(path, "配置文件不存在")
    if p.name == "pyproject.toml":
        cfg = _load_pyproject(p)
        if cfg is None:
            raise ConfigError(path, "pyproject.toml 中没有 [tool.govlint] 一节")
        return cfg
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    from govlint.packs import refuse_aliases

    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"无法读取：{exc}") from None
    refuse_aliases(path, text, ConfigError)
    try:
        raw = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        raise ConfigError(path, f"YAML 语法错误：{exc.problem}", exc.problem_mark.line + 1 if exc.problem_mark else None) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"无法读取：{exc}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(path, "配置文件应为一个映射（键: 值）", 1)
    return Config(str(p), p.parent.resolve(), _ConfigValidator(str(p)).check(raw, _SCHEMA, "", 1))


def _load_pyproject(p: Path) -> Config | None:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except Exception as exc:
        raise ConfigError(str(p), f"TOML 语法错误：{exc}") from None
    section = data.get("tool", {}).get("govlint")
    if section is None:
        return None
    return Config(str(p), p.parent.resolve(), _ConfigValidator(f"{p} [tool.govlint]").check(section, _SCHEMA, "", None))


_FOUND: dict[str, Config] = {}


def find_config(file: str) -> Config:
    """The nearest .govlint.yaml, or pyproject.toml with [tool.govlint], above ``file``."""
    start = Path(os.path.abspath(file))
    directory = start if start.is_dir() else start.parent
    key = str(directory)
    if key in _FOUND:
        return _FOUND[key]
    found = Config()
    for d in [directory, *directory.parents]:
        hit = next((d / n for n in CONFIG_NAMES if (d / n).is_file()), None)
        if hit is not None:
            found = load_config(str(hit))
            break
        pyproject = d / "pyproject.toml"
        if pyproject.is_file():
            cfg = _load_pyproject(pyproject)
            if cfg is not None:
                found = cfg
                break
    _FOUND[key] = found
    return found
