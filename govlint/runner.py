"""A run: files through their effective settings (the nearest configuration, then the command
line), through the results cache, in this process or in worker processes.

A :class:`Session` is one run's context: the options given and what the run loads once (its
packs, the configuration files found, one linter per set of settings, last year's reports, the
results cache). Nothing is kept between sessions, so a configuration or a pack written between
two runs in one process is read again. ``--jobs`` gives each worker process a session of its own,
made when the worker starts, and the same results, in the same order, as one process.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from dataclasses import dataclass
from typing import Callable, Iterator

from rapidfuzz import fuzz

from govlint import cache, interrupts, ocr
from govlint.checks import all_rules
from govlint.config import Config, Settings, find_config, load_config
from govlint.errors import GovlintError, say
from govlint.facts import Context
from govlint.linter import Linter, discover
from govlint.normalize import same_agency
from govlint.packs.loader import PackStore
from govlint.results import FileResult


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
    verbose: bool = False  # keep the heading alignment in each result


class Session:
    def __init__(self, options: Options):
        self.options = options
        self.packs = PackStore()
        self._configs: dict[str, Config] = {}  # found by directory, for this run
        self._config_file: Config | None = None  # --config, loaded once
        self._linters: dict[tuple, Linter] = {}
        self._previous: dict[tuple, tuple[Context | None, str | None]] = {}
        self._folders: dict[tuple, list[tuple[str, str | None, int | None]]] = {}  # last year's folder, read
        self.pairs: dict[str, tuple[str | None, str]] = {}  # file → (last year's file or None, how it was found)
        self._readers: dict[tuple, Linter] = {}
        use_cache = options.cache and cache.enabled()
        self.results = cache.ResultCache(cache.cache_root()) if use_cache else None
        self.read_since_gc = 0  # bytes of input linted since the last full collection (see collect)

    # -- settings
    def config_for(self, path: str) -> Config:
        options = self.options
        if options.no_config:
            return Config()
        if options.config:
            if self._config_file is None:
                self._config_file = load_config(options.config)
            return self._config_file
        return find_config(path, self._configs)

    def settings_for(self, path: str) -> Settings:
        options = self.options
        s = self.config_for(path).settings_for(path)
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
        if s.previous and os.path.isdir(s.previous):
            s.previous = self.pair(path, s)
        return s

    # -- last year's report from a folder
    def pair(self, path: str, s: Settings) -> str | None:
        """Last year's report for ``path`` in the folder ``s.previous``: the report of the year
        before (when the years are known) of the same agency (see :func:`same_agency`); without
        agency names, the one with the most similar file name. None when there is none; ``pairs``
        keeps what was decided and how."""
        if path in self.pairs:
            return self.pairs[path][0]
        folder = self._folder(s)
        me = self._reader(s).context_of(path)[0]
        agency = me.agency if me is not None else None
        year = me.year if me is not None else None
        def fits(y) -> bool:  # last year's, when both years are known
            return y is None or year is None or year - y == 1

        others = [(p, a, y) for p, a, y in folder if os.path.abspath(p) != os.path.abspath(path) and fits(y)]
        same = sorted(p for p, a, y in others if agency and a and same_agency(a, agency))
        found, how = None, "none"
        if same:
            found, how = same[0], "agency"
        else:
            stem = _stem(path)
            scored = sorted(((fuzz.ratio(stem, _stem(p)), p) for p, a, _ in others if not (agency and a)), reverse=True)
            if scored and scored[0][0] >= NAME_PAIRING_MIN:
                found, how = scored[0][1], "name"
        self.pairs[path] = (found, how)
        return found

    def _reader(self, s: Settings) -> Linter:
        """A linter that only reads reports (their facts, no rules), one per pack and kind."""
        key = (s.pack, s.agency_kind, s.limits)
        reader = self._readers.get(key)
        if reader is None:
            reader = self._readers[key] = Linter(self.packs.load(s.pack) if s.pack else None, lang=self.options.lang,
                                                 agency_kind=s.agency_kind, automatic=self.packs.automatic(),
                                                 limits=s.limits, encoding=self.options.encoding)
        return reader

    def _folder(self, s: Settings) -> list[tuple[str, str | None, int | None]]:
        """(file, agency name, report year) of every report in the folder, read once."""
        key = (os.path.abspath(s.previous), s.pack, s.agency_kind, s.limits)
        if key not in self._folders:
            reader, out = self._reader(s), []
            for f in discover([s.previous]):
                with ocr.reading(f):
                    ctx, _ = reader.context_of(f)
                if ctx is not None:
                    out.append((f, ctx.agency, ctx.year))
            self._folders[key] = out
        return self._folders[key]

    def excluded(self, path: str) -> bool:
        try:
            return self.config_for(path).excluded(path)
        except Exception:
            return False

    def linter(self, s: Settings) -> Linter:
        """One linter per set of settings in a run."""
        options = self.options
        key = (s.pack, s.agency_kind, tuple(s.select or ()), tuple(s.ignore or ()),
               tuple(sorted((s.severity or {}).items())), s.previous, s.limits)
        linter = self._linters.get(key)
        if linter is None:
            pinned = self.packs.load(s.pack) if s.pack else None
            rules = [r for r in all_rules() if s.rule_enabled(r)]
            linter = Linter(pinned, lang=options.lang, rules=rules, agency_kind=s.agency_kind,
                            automatic=self.packs.automatic(), severity=s.severity, limits=s.limits,
                            encoding=options.encoding, verbose=options.verbose)
            if s.previous:
                linter.previous, _ = self.previous(s)
            self._linters[key] = linter
        return linter

    def previous(self, s: Settings) -> tuple[Context | None, str | None]:
        """Last year's report for these settings (read once a run), or why it cannot be read."""
        key = (s.previous, s.pack, s.agency_kind, s.limits)
        if key not in self._previous:
            with ocr.reading(s.previous):
                self._previous[key] = self._reader(s).context_of(s.previous)
        return self._previous[key]

    # -- linting
    def lint(self, path: str, data: bytes | None = None, file_bytes: bytes | None = None) -> FileResult:
        """Lint one file (or, with ``data``, standard input named ``path``; with ``file_bytes``,
        the file's bytes already read) under its settings."""
        try:
            s = self.settings_for(path)
            linter = self.linter(s)
        except GovlintError as exc:
            return FileResult(path=path, error=str(exc), fatal=True)
        if data is not None:
            fmt = None if "." in os.path.basename(path) else "txt"
            result = linter.lint_bytes(data, path, fmt)
        elif file_bytes is not None:
            result = linter.lint_bytes(file_bytes, path)
        else:
            result = linter.lint_path(path)
        if s.previous or path in self.pairs:
            how = self.pairs[path][1] if path in self.pairs else "given"
            result.previous, result.previous_how = s.previous, how
        if s.previous:
            _, error = self.previous(s)
            if error is not None:
                why = (f"上一年度报告 {s.previous} 无法读取：{error}" if self.options.lang == "zh"
                       else f"last year's report {s.previous} cannot be read: {say(error, 'en')}")
                result.error = result.error or why
        return result

    def lint_cached(self, path: str, known_miss: bool = False) -> FileResult:
        """:meth:`lint` through the results cache when it may be used (``known_miss``: the
        caller looked already, only store). The key is computed again from the bytes read here,
        not taken from the caller: a file changed in between must not be stored under its old
        bytes' key."""
        hit, key, data = self.cache_lookup(path, known_miss)
        if hit is not None:
            return hit
        result = self.lint(path, file_bytes=data)
        if key is not None:
            self.results.put(key, result)
        return result

    def cache_lookup(self, path: str, known_miss: bool = False) -> tuple[FileResult | None, str | None, bytes | None]:
        """(the cached result or None, the cache key or None, the file's bytes or None). No key
        when the cache is off or cannot be used for this file."""
        if self.results is None or path == "-":
            return None, None, None
        try:
            s = self.settings_for(path)
            if s.previous:  # the result depends on another file too
                return None, None, None
            linter = self.linter(s)
        except GovlintError:
            return None, None, None  # linting reports it
        data, error = linter.read_file(path)  # no byte of a FIFO or device, at most the size limit
        if error is not None:
            return None, None, None  # linting reports it
        key = self.results.key(path, data, linter.fingerprint, linter.companions(path, data))
        return (None if known_miss else self.results.get(key, path)), key, data


NAME_PAIRING_MIN = 85  # file names (years and digits left out) at least this similar (rapidfuzz ratio)


def _stem(path: str) -> str:
    """A file's name without its extension, years and digits: what stays the same from one year's
    report to the next."""
    return "".join(c for c in os.path.splitext(os.path.basename(path))[0] if not c.isdigit())


# ----------------------------------------------------------------------------- batches

AUTO_JOBS_MIN_FILES = 32  # fewer files do not repay the workers' start-up (about 0.3 s)
AUTO_JOBS_MAX = 4


def auto_jobs(n_files: int) -> int:
    """--jobs when not given: the CPUs (at most 4) for a batch, 1 for a few files or under
    pre-commit, which runs hooks in parallel itself."""
    if n_files < AUTO_JOBS_MIN_FILES or os.environ.get("PRE_COMMIT"):
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, AUTO_JOBS_MAX))


def run_batch(session: Session, paths: list[str], jobs: int | None = None, stdin_data: bytes | None = None,
              stdin_name: str | None = None, advance: Callable[[int], None] = lambda n: None,
              setup: Callable[[], None] | None = None) -> list[FileResult]:
    """Every result of :func:`iter_batch`, held in a list."""
    return list(iter_batch(session, paths, jobs, stdin_data, stdin_name, advance, setup))


def iter_batch(session: Session, paths: list[str], jobs: int | None = None, stdin_data: bytes | None = None,
               stdin_name: str | None = None, advance: Callable[[int], None] = lambda n: None,
               setup: Callable[[], None] | None = None) -> Iterator[FileResult]:
    """Lint every path ("-": standard input, named ``stdin_name``), yielding the results in input
    order as they are ready; with ``jobs`` > 1 in worker processes, each running ``setup()`` (a
    picklable callable: the command line's OCR progress hook) as it starts. ``advance(n)`` is told
    as files are done. Only a bounded window of results is held ahead of the reader (a batch of
    any size runs in the same memory); closing the iterator early stops the workers."""
    if jobs is None:
        jobs = auto_jobs(len(paths))
    if len(paths) > 1:
        tune_gc()
    if jobs > 1 and len([p for p in paths if p != "-"]) > 1:
        yield from _iter_parallel(session, paths, jobs, stdin_data, stdin_name, advance, setup)
        return
    for p in paths:
        r = _one(session, p, stdin_data, stdin_name)
        advance(1)
        yield r


def _one(session: Session, path: str, stdin_data: bytes | None = None, stdin_name: str | None = None,
         known_miss: bool = False) -> FileResult:
    """One file: a bug must not hide the other files' results."""
    name = (stdin_name or "-") if path == "-" else path
    try:
        with ocr.reading(name):
            if path == "-":
                return session.lint(name, stdin_data if stdin_data is not None else b"")
            result = session.lint_cached(path, known_miss)
        try:
            size = os.stat(path).st_size
        except OSError:
            size = 0
        collect(session, result, size)
        return result
    except Exception as exc:
        what = f"{type(exc).__name__}: {exc}"
        return FileResult(path=name, error=f"内部错误（请报告此问题）：{what}" if session.options.lang == "zh"
                          else f"internal error (please report it): {what}")


AHEAD = 256  # results looked up or sent to workers ahead of the one the reader waits for


class _Chunk:
    """Files sent to a worker together (less IPC than one at a time): their indexes, and once
    sent, the future of their results."""

    __slots__ = ("indexes", "future", "results")

    def __init__(self):
        self.indexes: list[int] = []
        self.future = None
        self.results: list[FileResult] | None = None


def _iter_parallel(session, paths, jobs, stdin_data, stdin_name, advance, setup=None) -> Iterator[FileResult]:
    from concurrent.futures import ProcessPoolExecutor

    # Cached results are taken in this process as the window advances; the files to lint go to
    # workers in chunks. The workers start at the first chunk (a warm run starts none).
    size = max(1, min(8, len(paths) // (jobs * 4)))
    window: deque = deque()  # in input order: a FileResult, "-" (standard input, linted here) or (chunk, k)
    pool = None
    chunk = _Chunk()
    todo = iter(enumerate(paths))
    exhausted = False

    def send(c: _Chunk) -> None:
        nonlocal pool
        if pool is None:
            pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(session.options, setup))
        with interrupts.held():  # a worker started here sets its own signal handlers first
            c.future = pool.submit(_worker_chunk, [paths[k] for k in c.indexes])

    def fill() -> None:
        nonlocal chunk, exhausted
        while not exhausted and len(window) < AHEAD:
            item = next(todo, None)
            if item is None:
                exhausted = True
                if chunk.indexes and (pool is not None or len(chunk.indexes) > 1):  # the last files: to work now
                    send(chunk)
                    chunk = _Chunk()
                break
            i, p = item
            if p == "-":
                window.append("-")
                continue
            try:
                hit = session.cache_lookup(p)[0]
            except Exception:
                hit = None  # linted by a worker, where a failure becomes that file's error
            if hit is not None:
                window.append(hit)
                advance(1)
                continue
            chunk.indexes.append(i)
            window.append((chunk, len(chunk.indexes) - 1))
            if len(chunk.indexes) >= size:
                send(chunk)
                chunk = _Chunk()

    failed = True
    try:
        fill()
        while window:
            item = window.popleft()
            if isinstance(item, FileResult):
                result = item
            elif item == "-":
                result = _one(session, "-", stdin_data, stdin_name)
                advance(1)
            else:
                c, k = item
                if c.results is None:
                    if c.future is None:  # the chunk still filling: send it, or lint a lone last file here
                        if c is chunk:
                            chunk = _Chunk()
                        if pool is None and len(c.indexes) == 1:  # a warm run's one miss: no workers for it
                            c.results = [_one(session, paths[c.indexes[0]])]
                        else:
                            send(c)
                    if c.results is None:
                        c.results = c.future.result()
                        advance(len(c.indexes))
                result = c.results[k]
                c.results[k] = None  # the reader has it: nothing kept here
            fill()
            yield result
        failed = False
    finally:
        interrupts.finish(pool, failed)


GC_EVERY_BYTES = 4 * 1024 * 1024
GC_EACH = frozenset({"pdf"})  # formats whose every file leaves megabytes in reference cycles


def collect(session: Session, result: FileResult, size: int) -> None:
    """A full collection after each PDF, and after every GC_EVERY_BYTES of other input (``size``:
    the bytes of the file just linted), in a batch or a server's worker. With the cycle collector
    tuned for a batch (:func:`tune_gc`) the reference cycles pypdf leaves (its objects point back
    at their parents; some 7 MB for a 300 KB report) reach the oldest generation and wait there:
    a worker linting 2,000 real reports grew to 358 MB.
    A collection costs about 10 ms: 3 % of a PDF's time, under 1 % of a hundred reports'."""
    session.read_since_gc = GC_EVERY_BYTES if result.format in GC_EACH else session.read_since_gc + size
    if session.read_since_gc >= GC_EVERY_BYTES:
        session.read_since_gc = 0
        gc.collect()


def tune_gc() -> None:
    """A batch allocates many short-lived objects that reference counting frees; the cycle
    collector need not scan them every 700 allocations (about 5% of the time). Set for a
    batch's process and its workers only, never by linting one file or text."""
    gc.set_threshold(50_000, 20, 20)


_WORKER: Session | None = None  # a worker process's session, made by the pool's initializer


def _start_worker(options: Options, setup: Callable[[], None] | None = None) -> None:
    global _WORKER
    interrupts.worker()
    tune_gc()
    if setup is not None:
        setup()
    _WORKER = Session(options)


def _worker_chunk(paths: list[str]) -> list[FileResult]:
    return interrupts.guarded(lambda: [_one(_WORKER, p, known_miss=True) for p in paths])
