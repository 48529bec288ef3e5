"""Loading rule packs from YAML: validated strictly (an unknown key, a wrong type or a bad regular
expression is a :class:`PackError` naming the pack file and line), ``extends`` merged, each
pack fingerprinted by its source bytes and those of the packs it extends. The format is
documented in docs/packs.md.

A :class:`PackStore` holds the packs of one run: each file is loaded once per store, never
shared between stores, so a pack edited between two runs in one process is read again. The
parsed YAML (not the pack) is cached on disk by the file's bytes: ruamel's pure-Python parser
costs ~20 ms a pack, the JSON ~1 ms.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from govlint.atomic import replacing
from govlint.version import __version__
from govlint.cache import cache_root
from govlint.checks import lookup_rule
from govlint.errors import PackError, Text
from govlint.packs.model import (Pack, ContactField, ContactSpec, Deadline, Identity, Matching, Mention, Narrative,
                                 PeriodSpec, Placeholder, RuleOverride, Section, TableColumn, TableRow, TableSpec)
from govlint.schema import S, STR_LIST, Validator, load_yaml


def packs_dir() -> Path:
    """Installed wheels carry the packs as govlint/packs/builtin; a source checkout has them in rules/."""
    here = Path(__file__).resolve().parent
    installed = here / "builtin"
    if installed.is_dir():
        return installed
    return here.parent.parent / "rules"


def available_packs(directory: Path | None = None) -> list[str]:
    """The names of the packs shipped with govlint (or in ``directory``), sorted."""
    d = directory or packs_dir()
    return sorted(p.stem for p in d.glob("*.yaml")) if d.is_dir() else []


# --------------------------------------------------------------------------- schema

_MENTION = S("map", fields={
    "id": S("str", True),
    "pattern": S("regex", True),
    "description": S("str", True),
    "description_en": S("str"),
    "severity": S("severity"),
    "only_for": S("str", choices=("government", "department")),
    "basis": S("str"),
})

_SECTION = S("map", fields={
    "number": S("int", True),
    "id": S("str", True),
    "title": S("str", True),
    "aliases": STR_LIST,
    "add_aliases": STR_LIST,  # with extends: appended to the base pack's aliases
    "accepted": STR_LIST,
    "add_mentions": S("list", item=_MENTION),  # with extends: appended to the base pack's mentions
    "severity": S("severity"),
    "basis": S("str"),
    "allow_empty": S("bool"),
    "optional": S("bool"),
    "mentions": S("list", item=_MENTION),
    "covered_by": S("regex"),
    "drop": S("bool"),  # with extends: remove this section of the base pack
})

_TABLE = S("map", fields={
    "id": S("str", True),
    "title": S("str", True),
    "find_title": S("bool"),
    "aliases": STR_LIST,
    "section": S("int"),
    "row_hints": S("list", True, item=S("str")),
    "min_rows": S("int"),
    "units": STR_LIST,
    "basis": S("str"),
    "severity": S("severity"),
    "required": S("bool"),
    "drop": S("bool"),
    "carryover": S("map", fields={"row": S("str", True), "previous_row": S("str", True)}),
    "stock": S("map", fields={"stock": S("str", True), "added": S("str", True), "removed": S("str", True)}),
    "columns": S("list", item=S("map", fields={
        "id": S("str", True), "label": S("str", True), "aliases": STR_LIST, "optional": S("bool"),
        "group": S("str")})),
    "rows": S("list", item=S("map", fields={
        "id": S("str", True), "label": S("str"), "aliases": STR_LIST, "values": S("bool"),
        "columns": STR_LIST, "integer": S("bool"), "required": S("bool"), "unit": S("str")})),
    "identities": S("list", item=S("map", fields={
        "id": S("str", True), "name": S("str", True), "kind": S("str", True, choices=("rows", "columns")),
        "total": S("str"), "parts": STR_LIST, "left": STR_LIST, "right": STR_LIST,
        "op": S("str", choices=("eq", "ge")), "rows": STR_LIST, "columns": STR_LIST, "basis": S("str")})),
})

_SCHEMA = S("map", fields={
    "id": S("str", True),
    "name": S("str", True),
    "extends": S("str"),
    "years": S("years"),
    "status": S("str", choices=("verified", "unverified")),
    "description": S("str"),
    "basis": STR_LIST,
    "matching": S("map", fields={
        "threshold": S("num"),
        "unnumbered_threshold": S("num"),
        "number_bonus": S("num"),
        "equivalents": S("list", item=STR_LIST),
        "drop": STR_LIST,
        "fillers": STR_LIST,
    }),
    "sections": S("list", True, item=_SECTION),
    "tables": S("list", item=_TABLE),
    "era_markers": STR_LIST,
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
        "dated_range": S("regex"),
        "unfilled": S("regex"),
        "basis": S("str"),
    }),
    "contact": S("map", fields={
        "canonical": S("str"),
        "template": S("str"),
        "sentence": S("regex"),
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
        "description_en": S("str"),
        "skip_formats": STR_LIST,
        "fill": S("str"),
    })),
    "rules": S("rules"),
    "automatic": S("bool"),
    "narratives": S("list", item=S("map", fields={
        "id": S("str", True), "name": S("str", True), "pattern": S("regex", True),
        "cells": S("list", True, item=STR_LIST), "exclude": S("regex")})),
})


def _merge(base: dict, child: dict, path: str) -> dict:
    """A pack that ``extends`` another: sections merge by number and tables by id (``drop: true``
    removes one, ``add_aliases`` and ``add_mentions`` append), maps merge key by key, other values
    replace."""
    out = dict(base)
    out.pop("automatic", None)  # a pack's own: a variant of an automatic pack is not automatic unless it says so
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
                    elif ik == "add_mentions":
                        merged["mentions"] = list(merged.get("mentions", [])) + list(iv)
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


def _build(data: dict, path: str, digest: str) -> Pack:
    m = data.get("matching", {})
    sections = []
    for sec in data["sections"]:
        fields = {k: v for k, v in sec.items() if k not in ("add_aliases", "add_mentions", "drop", "mentions")}
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
        automatic=data.get("automatic", True),
        digest=digest,
    )


def _resolve(name_or_path: str, relative_to: Path | None = None, directory: Path | None = None) -> Path:
    """A pack's file: a path (relative to the pack that extends it, for ``extends``), else a
    shipped pack's name (in ``directory``, by default govlint's own)."""
    candidate = Path(name_or_path)
    if relative_to is not None and not candidate.is_absolute() and (relative_to / candidate).is_file():
        return relative_to / candidate
    if candidate.suffix in (".yaml", ".yml") or candidate.is_file():
        return candidate
    path = (directory or packs_dir()) / f"{name_or_path}.yaml"
    if not path.is_file():
        names = available_packs(directory)
        raise PackError(name_or_path, Text(f"找不到规则包“{name_or_path}”（可用：{'、'.join(names) or '无'}）",
                                           f"no rule pack “{name_or_path}” (there are: {', '.join(names) or 'none'})"))
    return path


def _cache_file(data: bytes, use_cache: bool) -> Path | None:
    """Where the parsed YAML of a pack with these bytes is cached (JSON), or None when caching is
    off (``use_cache`` false, or GOVLINT_NO_CACHE)."""
    if not use_cache or os.environ.get("GOVLINT_NO_CACHE"):
        return None
    digest = hashlib.sha256(__version__.encode() + b"\0" + data).hexdigest()[:32]
    return cache_root() / "packs" / f"{digest}.json"


def _read_cache(cache: Path | None):
    if cache is None:
        return None
    try:
        return json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_cache(cache: Path | None, raw) -> None:
    """Keep the parsed YAML (as plain data) where ``cache`` says; nothing when caching is off or
    the data came from the cache."""
    if cache is None:
        return
    try:  # a cache, never required: a read-only home simply has none
        cache.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(_plain(raw), ensure_ascii=False)
        with replacing(cache, "w", encoding="utf-8") as fh:  # no temporary file left on a failure
            fh.write(text)
    except (OSError, TypeError, ValueError):
        pass


def _read(path: Path) -> tuple[bytes, str]:
    try:
        data = path.read_bytes()
        return data, data.decode("utf-8")
    except FileNotFoundError:
        raise PackError(str(path), "规则包文件不存在") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(str(path), f"无法读取规则包：{exc}") from None


def _parse_yaml(path: Path, text: str, typ: str):
    raw = load_yaml(str(path), text, typ, PackError)
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


class PackStore:
    """The packs of one run, each file loaded once (by its resolved path). ``directory``: where
    the shipped packs are (govlint's own by default)."""

    def __init__(self, use_cache: bool = True, directory: Path | None = None):
        self.use_cache = use_cache  # the parsed-YAML cache on disk
        self.directory = directory
        self._loaded: dict[str, Pack] = {}
        self._automatic: tuple[Pack, ...] | None = None

    def load(self, name_or_path: str) -> Pack:
        """A pack by name (one shipped with govlint) or from a YAML file path."""
        path = _resolve(name_or_path, directory=self.directory)
        key = str(path.resolve())
        pack = self._loaded.get(key)
        if pack is None:
            data, digest = self._data(path)
            pack = self._loaded[key] = _build(data, str(path), digest)
        return pack

    def builtin(self) -> tuple[Pack, ...]:
        """Every pack shipped with govlint, by id."""
        return tuple(self.load(name) for name in available_packs(self.directory))

    def automatic(self) -> tuple[Pack, ...]:
        """The shipped packs chosen by a report's year (``automatic``), by id."""
        if self._automatic is None:
            self._automatic = tuple(p for p in self.builtin() if p.automatic)
        return self._automatic

    def _parse(self, path: Path) -> tuple[dict, Path | None, str, bytes, bool]:
        """The pack's YAML as plain data, where to cache it, its text, its bytes, and whether it
        came from the cache (parsed and validated before); else with ruamel's safe loader."""
        data, text = _read(path)
        cache = _cache_file(data, self.use_cache)
        cached = _read_cache(cache)
        if isinstance(cached, dict):
            return cached, None, text, data, True
        return _parse_yaml(path, text, "safe"), cache, text, data, False

    def _data(self, path: Path, seen: tuple[str, ...] = ()) -> tuple[dict, str]:
        """The validated, converted (and, for ``extends``, merged) data of the pack at ``path``,
        and its digest: its bytes and its base's digest, hashed."""
        key = str(path.resolve())
        if key in seen:
            raise PackError(str(path), "规则包的 extends 形成了循环")
        raw, cache, text, source, from_cache = self._parse(path)
        partial = bool(raw.get("extends"))
        try:  # a cached pack was validated when it was written: its patterns compile on first use
            data = Validator(str(path), PackError, partial=partial, known_rule=lookup_rule,
                             trusted=from_cache).check(raw, _SCHEMA, "", 1)
        except PackError:  # parse again with line numbers, so the error says where
            Validator(str(path), PackError, partial=partial, known_rule=lookup_rule).check(
                _parse_yaml(path, text, "rt"), _SCHEMA, "", 1)
            raise
        _write_cache(cache, raw)  # only a pack that validated is cached
        h = hashlib.blake2b(source, digest_size=16)
        if partial:
            base_path = _resolve(str(raw["extends"]), path.parent, self.directory)
            base, base_digest = self._data(base_path, seen + (key,))
            h.update(b"\0extends\0" + base_digest.encode())
            data = _merge(base, data, str(path))
            data["extends"] = str(raw["extends"])
            data.setdefault("automatic", False)
            for req in ("sections",):
                if req not in data:
                    raise PackError(str(path), f"缺少必需的键“{req}”", 1)
            _require_complete(data, str(path))
        return data, h.hexdigest()


def load_pack(name_or_path: str) -> Pack:
    """One pack, read now (a store of its own): for a single use; a run keeps a :class:`PackStore`."""
    return PackStore().load(name_or_path)
