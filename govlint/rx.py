"""Regular expressions compiled once per installation, not once per run.

Python's ``re`` parses and compiles a pattern in pure Python: govlint's ~170 patterns cost about
30 ms at every start, a fifth of checking one report. Like ``__pycache__`` for code, the compiled
form of each pattern (the ``_sre`` program, its group count and names) is kept in the cache
directory (``govlint.cachedir``), and later runs build the pattern object from it directly.

The store is keyed by the exact Python build (version, the ``_sre`` engine's magic number and code
size, and the compiler's own source files), so a program is only ever reused by the interpreter
that wrote it; the engine validates every program it is given. Anything unexpected (another
Python implementation, a damaged or foreign file, an unwritable directory) falls back to
``re.compile``: the cache changes how fast a pattern is made, never what it matches.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys

from govlint import cachedir

try:
    import _sre

    try:
        from re import _compiler as _sre_compiler, _parser as _sre_parser  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_compile as _sre_compiler
        import sre_parse as _sre_parser
except ImportError:  # pragma: no cover - not CPython
    _sre = None

FORMAT = 1
MAX_ENTRIES = 4096  # beyond this (stale patterns of edited user packs), keep only this run's

_compiled: dict[tuple[str, int], re.Pattern] = {}
_programs: dict | None = None  # (pattern, flags) -> (flags, code, groups, groupindex, indexgroup)
_used: set = set()
_dirty = False
_works = _sre is not None and sys.implementation.name == "cpython"


def compile(pattern, flags: int = 0) -> re.Pattern:  # noqa: A001 - the name re users expect
    """``re.compile``, with the compiled program read from the on-disk store when it is there."""
    if isinstance(pattern, re.Pattern):
        return pattern
    key = (pattern, int(flags))
    found = _compiled.get(key)
    if found is None:
        found = _compiled[key] = _build(pattern, int(flags)) if _works and isinstance(pattern, str) \
            else re.compile(pattern, flags)
    return found


def _build(pattern: str, flags: int) -> re.Pattern:
    global _dirty, _works
    programs = _load()
    key = (pattern, flags)
    program = programs.get(key)
    if program is not None:
        try:
            made = _sre.compile(pattern, *program)
            _used.add(key)
            return made
        except Exception:  # a damaged entry: make it afresh below
            programs.pop(key, None)
    try:
        program = _program(pattern, flags)
        made = _sre.compile(pattern, *program)
    except re.error:
        raise
    except Exception:  # the engine's internals are not what this module knows: stop using them
        _works = False
        return re.compile(pattern, flags)
    programs[key] = program
    _used.add(key)
    if not _dirty:
        _dirty = True
        atexit.register(_save)
    return made


def _program(pattern: str, flags: int) -> tuple:
    """What ``re._compiler.compile`` passes to ``_sre.compile``, as plain data marshal can keep."""
    parsed = _sre_parser.parse(pattern, flags)
    code = [int(op) for op in _sre_compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), code, int(parsed.state.groups - 1), groupindex, tuple(indexgroup))


def _build_id() -> str:
    parts = [str(FORMAT), sys.version, str(_sre.MAGIC), str(_sre.CODESIZE), str(_sre.MAXREPEAT)]
    for module in (_sre_compiler, _sre_parser):
        try:
            st = os.stat(module.__file__)
            parts.append(f"{st.st_size}:{st.st_mtime_ns}")
        except (OSError, TypeError, AttributeError):
            parts.append("?")
    return "|".join(parts)


def _path():
    return cachedir.cache_root() / "regex" / f"{sys.implementation.cache_tag}.marshal"


def _load() -> dict:
    global _programs
    if _programs is None:
        _programs = {}
        if cachedir.enabled():
            try:
                with open(_path(), "rb") as fh:  # marshal.load(fh) reads object by object: slow
                    build, programs = marshal.loads(fh.read())
                if build == _build_id() and isinstance(programs, dict):
                    _programs = programs
            except Exception:  # absent, unreadable, damaged or foreign: start empty
                pass
    return _programs


def _save() -> None:
    """Write the store once, at exit, when this run compiled something new (atomically: another
    process reads either the old store or the new one)."""
    if not cachedir.enabled() or _programs is None:
        return
    programs = _programs if len(_programs) <= MAX_ENTRIES else {k: _programs[k] for k in _used}
    path = _path()
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            marshal.dump((_build_id(), programs), fh)
        os.replace(tmp, path)
    except Exception:  # a cache, never required
        try:
            os.unlink(tmp)
        except OSError:
            pass
