"""The results cache: a file whose bytes and settings have not changed is not linted again.

Like ruff's cache, it lives outside the user's files (``$GOVLINT_CACHE_DIR``, else
``$XDG_CACHE_HOME/govlint``, else ``~/.cache/govlint``; ``govlint clean`` empties it), and a hit
gives exactly what linting would give, because the key covers everything a result depends on:

- the file's bytes and its extension (the reader and some rules depend on the format);
- the settings that apply to it: pinned pack, agency kind, enabled rules, severities, language,
  encoding and limits;
- every rule pack that can be chosen (their parsed content), and govlint itself: its version,
  the size and modification time of each of its modules, Python's version and Unicode data.

Results that depend on another file (``previous``) and results with errors are not cached.
``--no-cache`` or ``GOVLINT_NO_CACHE=1`` turn the cache off; a cache directory that cannot be
written simply stays empty.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

FORMAT = 1  # bump when the pickled result's shape changes
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# govlint's cache; see https://bford.info/cachedir/\n"


def cache_root() -> Path:
    explicit = os.environ.get("GOVLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "govlint"


def enabled() -> bool:
    return not os.environ.get("GOVLINT_NO_CACHE")


_CODE: bytes | None = None


def _code_fingerprint() -> bytes:
    """govlint as installed: version, each module's size and mtime, Python and Unicode versions."""
    global _CODE
    if _CODE is None:
        import sys
        import unicodedata

        from govlint import __version__

        h = hashlib.blake2b(digest_size=16)
        h.update(f"{FORMAT}|{__version__}|{sys.version_info[:3]}|{unicodedata.unidata_version}".encode())
        package = Path(__file__).resolve().parent
        for root, dirs, files in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    st = os.stat(os.path.join(root, name))
                    h.update(f"{os.path.relpath(os.path.join(root, name), package)}|{st.st_size}|{st.st_mtime_ns}".encode())
        for module in ("opencc", "rapidfuzz"):
            h.update(f"|{module} {getattr(sys.modules.get(module), '__version__', '?')}".encode())
        _CODE = h.digest()
    return _CODE


def _packs_fingerprint(pinned) -> bytes:
    """The parsed packs a file may be linted with: the pinned one, else every built-in pack."""
    from govlint.selection import builtin_packs

    packs = (pinned,) if pinned is not None else builtin_packs()
    key = tuple(id(p) for p in packs)
    got = _PACKS.get(key)
    if got is None or any(a is not b for a, b in zip(got[0], packs)):  # an id reused by another pack
        h = hashlib.blake2b(digest_size=16)
        for p in packs:
            h.update(repr(p).encode("utf-8", "surrogatepass"))
        got = _PACKS[key] = (packs, h.digest())
    return got[1]


_PACKS: dict[tuple, tuple] = {}  # ids → (the packs, kept alive so their ids stay theirs; digest)


def settings_fingerprint(linter, settings, options) -> bytes:
    from govlint.limits import LIMITS

    memo_key = (id(linter), repr(settings.severity), options.lang, options.encoding, repr(vars(LIMITS)))
    got = _SETTINGS.get(memo_key)
    if got is not None and got[0] is linter:
        return got[1]
    parts = [
        _code_fingerprint().hex(),
        _packs_fingerprint(linter.pinned).hex(),
        repr(linter.agency_kind),
        ",".join(sorted(r.id for r in linter.rules)),
        repr(sorted((settings.severity or {}).items(), key=lambda kv: kv[0])),
        options.lang,
        repr(options.encoding),
        repr(sorted(vars(LIMITS).items())),
    ]
    got = _SETTINGS[memo_key] = (linter, "\n".join(parts).encode())
    return got[1]


_SETTINGS: dict[tuple, tuple] = {}


class ResultCache:
    def __init__(self, root: Path | None = None):
        self.dir = (root or cache_root()) / "results"
        self._made: set[str] = set()  # subdirectories known to exist

    def key(self, path: str, data: bytes, fingerprint: bytes) -> str:
        h = hashlib.blake2b(fingerprint, digest_size=20)
        h.update(b"\0" + os.path.splitext(path)[1].lower().encode() + b"\0")
        h.update(data)
        return h.hexdigest()

    def _file(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key[2:]}.pickle"

    def get(self, key: str, path: str):
        try:
            with open(self._file(key), "rb") as fh:
                result = _ResultUnpickler(fh).load()
        except Exception:  # absent, unreadable, foreign or from another version: a miss
            return None
        _set_path(result, path)
        return result

    def put(self, key: str, result) -> None:
        """Store a slim result (see linter.slim)."""
        if result.error or result.fatal:
            return
        target = self._file(key)
        try:
            if key[:2] not in self._made:
                if not self._made:
                    self.dir.mkdir(parents=True, exist_ok=True)
                    tag = self.dir.parent / "CACHEDIR.TAG"
                    if not tag.exists():
                        tag.write_text(_TAG, encoding="ascii")
                target.parent.mkdir(exist_ok=True)
                self._made.add(key[:2])
            tmp = f"{target}.{os.getpid()}.tmp"
            with open(tmp, "wb") as fh:
                pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except OSError:
            pass  # a read-only or full cache directory: lint without caching


# The only classes a cached result is made of. Anything else in a cache file (one planted in a
# shared CI cache, say) is refused before it is built: a miss, never code run.
_ALLOWED = {
    ("govlint.linter", "FileResult"), ("govlint.linter", "DocumentResult"), ("govlint.linter", "SlimContext"),
    ("govlint.linter", "PackRef"), ("govlint.document", "Document"), ("govlint.document", "Line"),
    ("govlint.document", "Title"), ("govlint.readers", "Source"), ("govlint.diagnostics", "Diagnostic"),
    ("govlint.diagnostics", "Severity"), ("govlint.diagnostics", "Location"), ("types", "SimpleNamespace"),
}


class _ResultUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a cached result")
        return super().find_class(module, name)


def _set_path(result, path: str) -> None:
    """A cached result may come from a file with the same bytes elsewhere: name this one."""
    result.path = path
    for dr in result.documents:
        dr.document.source.path = path


def clean(root: Path | None = None) -> tuple[Path, int, int]:
    """Remove the cache (results and parsed packs): (directory, files removed, bytes freed)."""
    import shutil

    root = root or cache_root()
    files = size = 0
    for sub in ("results", "packs"):
        d = root / sub
        if not d.is_dir():
            continue
        for dirpath, _, names in os.walk(d):
            for n in names:
                try:
                    size += os.path.getsize(os.path.join(dirpath, n))
                    files += 1
                except OSError:
                    pass
        shutil.rmtree(d, ignore_errors=True)
    return root, files, size
