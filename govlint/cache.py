"""The results cache: a file whose bytes and settings have not changed is not linted again.

Like ruff's cache, it lives outside the user's files (``$GOVLINT_CACHE_DIR``, else
``$XDG_CACHE_HOME/govlint``, else ``~/.cache/govlint``; ``govlint clean`` empties it), and a hit
gives exactly what linting would give, because the key covers everything a result depends on:

- the file's bytes and its extension (the reader and some rules depend on the format);
- the settings that apply to it (the linter's fingerprint): pinned pack, agency kind, enabled
  rules, severities, language, encoding, limits;
- every rule pack that can be chosen, by its source bytes and those of the packs it extends;
- govlint itself: its version, the content of each of its modules, Python's version and
  Unicode data, and the versions of OpenCC and rapidfuzz (and of the ``ocr`` extra's back-ends:
  installing it changes what a scanned PDF gives).

Results that depend on another file (``previous``) and results with errors are not cached.
``--no-cache`` or ``GOVLINT_NO_CACHE=1`` turn the cache off; a cache directory that cannot be
written simply stays empty.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import unicodedata
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from govlint.atomic import replacing
from govlint.cachedir import cache_root, enabled  # noqa: F401 - where and whether, for callers
from govlint.version import __version__

FORMAT = 4  # bump when the pickled result's shape changes
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# govlint's cache; see https://bford.info/cachedir/\n"


@lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    """govlint as installed: version, each module's content, Python and Unicode versions, and
    the libraries whose behaviour shapes results (read once per process: the code does not
    change under a running program)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT}|{__version__}|{sys.version_info[:3]}|{unicodedata.unidata_version}".encode())
    package = Path(__file__).resolve().parent
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(root, name)
                h.update(os.path.relpath(path, package).encode() + b"\0")
                with open(path, "rb") as fh:
                    h.update(hashlib.blake2b(fh.read(), digest_size=16).digest())
    for dist in ("opencc", "rapidfuzz", "rapidocr_onnxruntime", "pypdfium2"):  # the ocr extra: installed or not
        h.update(f"|{dist} {installed_version(dist)}".encode())
    return h.digest()


def installed_version(name: str) -> str:
    """The version of an installed distribution, from its ``name-version.dist-info`` folder beside
    the package (importlib.metadata would cost ~18 ms of imports on every run); "?" if unknown."""
    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        return "?"
    if spec is None or not spec.origin:
        return "?"
    site = Path(spec.origin).parent.parent
    prefix = name.lower().replace("-", "_") + "-"
    try:
        entries = sorted(os.listdir(site))
    except OSError:
        return "?"
    for entry in entries:
        low = entry.lower()
        if low.startswith(prefix) and low.endswith(".dist-info"):
            return entry[len(prefix):-len(".dist-info")]
    return "?"


MAX_MB_ENV = "GOVLINT_CACHE_MAX_MB"
DEFAULT_MAX_MB = 200  # about 60,000 reports' results


def max_bytes() -> int:
    """The results cache's size bound: GOVLINT_CACHE_MAX_MB, else 200 MB (0: no bound)."""
    try:
        mb = float(os.environ.get(MAX_MB_ENV, DEFAULT_MAX_MB))
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(mb * 1024 * 1024) if mb > 0 else 0


class ResultCache:
    """Results by the file's bytes and everything else they depend on. Bounded: when a run's
    writes take it past :func:`max_bytes`, the entries used longest ago go (a hit refreshes an
    entry's time) until it is at 80 % of the bound; ``govlint clean`` empties it."""

    def __init__(self, root: Path | None = None):
        self.dir = (root or cache_root()) / "results"
        self._made: set[str] = set()  # subdirectories known to exist
        self._size: int | None = None  # bytes in the cache, counted at the first write of a run
        self._bound = max_bytes()

    def key(self, path: str, data: bytes, fingerprint: bytes, companions: list[str] | None = None) -> str:
        """The entry's name: the file's bytes and extension, the linter's fingerprint, and the
        bytes of the ``companions`` (files the result also depends on: a page's pictures)."""
        h = hashlib.blake2b(fingerprint, digest_size=20)
        h.update(b"\0" + os.path.splitext(path)[1].lower().encode() + b"\0")
        h.update(data)
        for other in companions or ():
            h.update(b"\0" + os.path.basename(other).encode("utf-8", "surrogateescape") + b"\0")
            try:
                with open(other, "rb") as fh:
                    h.update(hashlib.blake2b(fh.read(), digest_size=16).digest())
            except OSError:
                h.update(b"-")  # gone: as the reader finds it
        return h.hexdigest()

    def _file(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key[2:]}.pickle"

    def get(self, key: str, path: str):
        file = self._file(key)
        try:
            with open(file, "rb") as fh:
                result = _ResultUnpickler(fh).load()
        except Exception:  # absent, unreadable, foreign or from another version: a miss
            return None
        try:
            os.utime(file)  # used now: evicted last
        except OSError:
            pass
        _set_path(result, path)
        return result

    def put(self, key: str, result) -> None:
        """Store a result (govlint.results.FileResult); results with errors are not stored."""
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
            with replacing(target) as fh:  # a failure or an interrupt leaves no temporary file
                pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
            if self._bound:
                self._account(target.stat().st_size)
        except OSError:
            pass  # a read-only or full cache directory: lint without caching

    def _entries(self) -> list[tuple[float, int, str]]:
        """(time used, size, path) of every entry."""
        out = []
        for sub in os.scandir(self.dir):
            if sub.is_dir():
                for e in os.scandir(sub.path):
                    if e.name.endswith(".pickle"):
                        st = e.stat()
                        out.append((st.st_mtime, st.st_size, e.path))
        return out

    def _account(self, added: int) -> None:
        if self._size is None:
            self._size = sum(size for _, size, _ in self._entries())
        else:
            self._size += added
        if self._size <= self._bound:
            return
        entries = sorted(self._entries())
        total = sum(size for _, size, _ in entries)
        for _, size, name in entries:  # the entries used longest ago first
            if total <= self._bound * 0.8:
                break
            try:
                os.unlink(name)
                total -= size
            except OSError:
                pass
        self._size = total


# The only classes a cached result is made of. Anything else in a cache file (one planted in a
# shared CI cache, say) is refused before it is built: a miss, never code run.
_ALLOWED = {
    ("govlint.results", "FileResult"), ("govlint.results", "DocumentResult"), ("govlint.results", "PackRef"),
    ("govlint.results", "QuotedLine"), ("govlint.results", "TableResult"),
    ("govlint.diagnostics", "Diagnostic"), ("govlint.diagnostics", "Severity"),
    ("govlint.diagnostics", "Location"), ("govlint.diagnostics", "Fix"), ("govlint.diagnostics", "Edit"),
}


class _ResultUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a cached result")
        return super().find_class(module, name)


def _set_path(result, path: str) -> None:
    """A cached result may come from a file with the same bytes elsewhere: name this one."""
    result.path = path


def clean(root: Path | None = None) -> tuple[Path, int, int]:
    """Remove the cache (results, parsed packs, compiled patterns): (directory, files removed, bytes
    freed)."""
    import shutil

    root = root or cache_root()
    files = size = 0
    for sub in ("results", "packs", "regex"):
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
