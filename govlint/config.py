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
previous_dir: 2023年报/        # else last year's reports are in this folder: each report paired by agency
roster: 所辖机关.csv            # the agencies that must report (--roster): who has not, who is not on it
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

from govlint.checks import lookup_rule
from govlint.errors import GovlintError, Text
from govlint.limits import Limits
from govlint.schema import S, STR_LIST, Validator, load_yaml

CONFIG_NAMES = (".govlint.yaml", ".govlint.yml")

_RULE_SETTINGS = {
    "pack": S("str"),
    "agency_kind": S("str", choices=("government", "department")),
    "select": S("rulenames"),
    "ignore": S("rulenames"),
    "severity": S("severities"),
}
_LIMIT_KIND = {"max_file_mb": "num", "max_docx_uncompressed_mb": "num", "max_docx_entries": "int",
               "max_pdf_pages": "int", "max_line_chars": "int", "max_blocks": "int"}
assert set(_LIMIT_KIND) == set(Limits.names())
_SCHEMA = S("map", fields={
    **_RULE_SETTINGS,
    "exclude": STR_LIST,
    "previous": S("strmap"),
    "previous_dir": S("str"),
    "roster": S("str"),
    "limits": S("map", fields={name: S(kind) for name, kind in _LIMIT_KIND.items()}),
    "overrides": S("list", item=S("map", fields={"files": S("list", True, item=S("str")), **_RULE_SETTINGS})),
})


class ConfigError(GovlintError):
    def __init__(self, path: str, reason: str, line: int | None = None):
        self.reason = reason
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")


def _validate(path: str, raw, line) -> dict:
    return Validator(path, ConfigError, known_rule=lookup_rule).check(raw, _SCHEMA, "", line)


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
        elif self.data.get("previous_dir"):  # a folder: the run pairs each report with one in it
            s.previous = str((self.root / self.data["previous_dir"]).resolve())
            s.origin["previous"] = self.path
        if self.data.get("limits"):
            s.limits = Limits(**self.data["limits"])
        return s

    @property
    def roster(self) -> str | None:
        """The roster file this configuration names (``roster:``), resolved from its folder."""
        name = self.data.get("roster")
        return str((self.root / name).resolve()) if name else None

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
    limits: Limits = field(default_factory=Limits)
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
        raise ConfigError(path, Text("配置文件不存在", "no such configuration file"))
    if p.name == "pyproject.toml":
        cfg = _load_pyproject(p)
        if cfg is None:
            raise ConfigError(path, Text("pyproject.toml 中没有 [tool.govlint] 一节", "pyproject.toml has no [tool.govlint] table"))
        return cfg
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, Text(f"无法读取：{exc}", f"cannot read: {exc}")) from None
    raw = load_yaml(path, text, "rt", ConfigError)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(path, Text("配置文件应为一个映射（键: 值）", "a configuration file is a mapping (key: value)"), 1)
    return Config(str(p), p.parent.resolve(), _validate(str(p), raw, 1))


def _load_pyproject(p: Path) -> Config | None:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except Exception as exc:
        raise ConfigError(str(p), Text(f"TOML 语法错误：{exc}", f"TOML syntax error: {exc}")) from None
    section = data.get("tool", {}).get("govlint")
    if section is None:
        return None
    return Config(str(p), p.parent.resolve(), _validate(f"{p} [tool.govlint]", section, None))


def find_config(file: str, found_in: dict[str, Config] | None = None) -> Config:
    """The nearest .govlint.yaml, or pyproject.toml with [tool.govlint], above ``file``.
    ``found_in``: what earlier calls of one run found, by directory (the caller's, kept for
    that run only)."""
    start = Path(os.path.abspath(file))
    try:
        directory = start if start.is_dir() else start.parent
    except OSError:  # a name the system refuses (too long): its folder is searched
        directory = start.parent
    key = str(directory)
    if found_in is not None and key in found_in:
        return found_in[key]
    found = Config()
    for d in [directory, *directory.parents]:
        try:
            hit = next((d / n for n in CONFIG_NAMES if (d / n).is_file()), None)
            pyproject = d / "pyproject.toml"
            is_pyproject = hit is None and pyproject.is_file()
        except OSError:  # a folder name too long to look into
            continue
        if hit is not None:
            found = load_config(str(hit))
            break
        if is_pyproject:
            cfg = _load_pyproject(pyproject)
            if cfg is not None:
                found = cfg
                break
    if found_in is not None:
        found_in[key] = found
    return found
