"""One file through the effective settings: the nearest configuration, then the command line.

A top-level function on plain data, so ``--jobs`` can run it in worker processes and give the
same results, in the same order, as one process.
"""

from __future__ import annotations

import os

from dataclasses import dataclass, field

from govlint.config import Config, Settings, find_config, load_config
from govlint.linter import FileResult, Linter


@dataclass(frozen=True)
class Options:
    """What the command line says; None: not said (the configuration decides)."""

    pack: str | None = None
    agency_kind: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    previous: str | None = None
    config: str | None = None  # --config: this file for every input
    no_config: bool = False
    encoding: str | None = None
    lang: str = "zh"
    cache: bool = True  # --no-cache: False


_LINTERS: dict[tuple, Linter] = {}
_PREVIOUS: dict[tuple, FileResult] = {}


def config_for(path: str, options: Options) -> Config:
    if options.no_config:
        return Config()
    if options.config:
        return load_config(options.config)
    return find_config(path)


def settings_for(path: str, options: Options) -> Settings:
    s = config_for(path, options).settings_for(path)
    if options.pack:
        s.pack, s.origin["pack"] = options.pack, "命令行 --pack"
    if options.agency_kind:
        s.agency_kind, s.origin["agency_kind"] = options.agency_kind, "命令行 --agency-kind"
    if options.select is not None:
        s.select, s.origin["select"] = list(options.select), "命令行 --select"
    if options.ignore:
        s.ignore = list(s.ignore or []) + list(options.ignore)
        s.origin["ignore"] = "命令行 --ignore"
    if options.previous:
        s.previous, s.origin["previous"] = options.previous, "命令行 --previous"
    return s


def _linter(s: Settings, options: Options) -> Linter:
    from govlint.checks import all_rules
    from govlint.packs import load_pack

    key = (s.pack, s.agency_kind, tuple(s.select or ()), tuple(s.ignore or ()), s.previous, options.lang,
           options.encoding)
    linter = _LINTERS.get(key)
    if linter is None:
        rules = [r for r in all_rules() if s.rule_enabled(r)]
        linter = Linter(load_pack(s.pack) if s.pack else None, lang=options.lang, rules=rules,
                        agency_kind=s.agency_kind)
        if s.previous:
            prev_key = (s.previous, s.pack, s.agency_kind, options.lang)
            if prev_key not in _PREVIOUS:
                _PREVIOUS[prev_key] = Linter(linter.pinned, lang=options.lang, agency_kind=s.agency_kind).lint_path(
                    s.previous, options.encoding)
            linter.previous = _PREVIOUS[prev_key]
        _LINTERS[key] = linter
    return linter


def lint_one(path: str, options: Options, data: bytes | None = None, file_bytes: bytes | None = None) -> FileResult:
    """Lint one file (or, with ``data``, standard input named ``path``; with ``file_bytes``, the
    file's bytes already read) under its settings."""
    from govlint.errors import GovlintError

    try:
        cfg = config_for(path, options)
        _apply_limits(cfg)
        s = settings_for(path, options)
        linter = _linter(s, options)
    except GovlintError as exc:
        return FileResult(path=path, error=str(exc), fatal=True)
    if data is not None:
        import os

        fmt = None if "." in os.path.basename(path) else "txt"
        result = linter.lint_bytes(data, path, options.encoding, fmt)
    elif file_bytes is not None:
        result = linter.lint_bytes(file_bytes, path, options.encoding)
    else:
        result = linter.lint_path(path, options.encoding)
    if s.previous and linter.previous is not None and linter.previous.error:
        result.error = result.error or f"上一年度报告 {s.previous} 无法读取：{linter.previous.error}"
    if s.severity:
        for d in result.diagnostics:
            if d.rule in s.severity:
                d.severity = s.severity[d.rule]
    return result


def lint_cached(path: str, options: Options, keep_full: bool = False, known_miss: bool = False) -> FileResult:
    """:func:`lint_one`, slimmed unless ``keep_full``; through the results cache when it may be
    used (``known_miss``: the caller looked already, only store). The key is computed again from
    the bytes read here, not taken from the caller: a file changed in between must not be
    stored under its old bytes' key."""
    from govlint.linter import slim

    hit, key, data = cache_lookup(path, options, known_miss) if not keep_full else (None, None, None)
    if hit is not None:
        return hit
    result = lint_one(path, options, file_bytes=data)
    if keep_full:
        return result
    result = slim(result)
    if key is not None:
        _results_cache().put(key, result)
    return result


def cache_lookup(path: str, options: Options, known_miss: bool = False
                 ) -> tuple[FileResult | None, str | None, bytes | None]:
    """(the cached result or None, the cache key or None, the file's bytes or None). No key when
    the cache is off or cannot be used for this file."""
    from govlint import cache
    from govlint.errors import GovlintError
    from govlint.limits import LIMITS

    if not options.cache or not cache.enabled() or path == "-":
        return None, None, None
    try:
        cfg = config_for(path, options)
        _apply_limits(cfg)
        s = settings_for(path, options)
        if s.previous:  # the result depends on another file too
            return None, None, None
        linter = _linter(s, options)
        if os.path.getsize(path) > LIMITS.max_file_mb * 1024 * 1024:
            return None, None, None
        with open(path, "rb") as fh:
            data = fh.read()
    except (GovlintError, OSError):
        return None, None, None  # linting reports it
    rc = _results_cache()
    key = rc.key(path, data, cache.settings_fingerprint(linter, s, options))
    return (None if known_miss else rc.get(key, path)), key, data


_CACHE = None


def _results_cache():
    global _CACHE
    from govlint.cache import ResultCache, cache_root

    where = (os.environ.get("GOVLINT_CACHE_DIR"), os.environ.get("XDG_CACHE_HOME"))
    if _CACHE is None or _CACHE[0] != where:
        _CACHE = (where, ResultCache(cache_root()))
    return _CACHE[1]


def _apply_limits(cfg: Config) -> None:
    from govlint.limits import LIMITS, Limits

    defaults = Limits()
    for key in vars(defaults):
        setattr(LIMITS, key, cfg.data.get("limits", {}).get(key, getattr(defaults, key)))


def excluded(path: str, options: Options) -> bool:
    try:
        return config_for(path, options).excluded(path)
    except Exception:
        return False
