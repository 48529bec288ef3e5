"""The Python API, for running govlint inside other pipelines::

    import govlint
    diagnostics = govlint.lint_file("2025年度报告.docx")
    diagnostics = govlint.lint_text(text, pack="gov-2021")
    for d in diagnostics:
        print(d.rule, d.line, d.message)

Both return a list of :class:`govlint.diagnostics.Diagnostic` (``rule``, ``code``, ``severity``,
``message``, ``location``, ``suggestion``, ``notes``, ``data``; ``to_dict()`` for JSON). They are
pure functions of their input and settings: each call reads the configuration, the packs and
the file as they are at that call, and keeps nothing for the next. They are safe to map over
many files in worker processes. A file that cannot be read raises
:class:`govlint.errors.InputError`.
"""

from __future__ import annotations

from govlint.diagnostics import Diagnostic
from govlint.errors import InputError
from govlint.linter import Linter
from govlint.packs.loader import PackStore
from govlint.runner import Options, Session


def lint_file(path: str, config: str | None = None, *, pack: str | None = None, agency_kind: str | None = None,
              previous: str | None = None, lang: str = "zh", use_config: bool = True) -> list[Diagnostic]:
    """Lint one file (.txt .md .docx .html .pdf). ``config``: a .govlint.yaml to use; by default
    the nearest one above the file applies (``use_config=False`` ignores them all)."""
    session = Session(Options(pack=pack, agency_kind=agency_kind, previous=previous, config=config,
                              no_config=not use_config, lang=lang, cache=False))
    result = session.lint(path)
    if result.error:
        raise InputError(path, result.error)
    return result.diagnostics


def lint_text(text: str, *, path: str = "<text>", fmt: str = "txt", pack: str | None = None,
              agency_kind: str | None = None, lang: str = "zh") -> list[Diagnostic]:
    """Lint a report given as text (``fmt`` "txt" or "md"); no configuration file is read."""
    packs = PackStore()
    linter = Linter(packs.load(pack) if pack else None, lang=lang, agency_kind=agency_kind, automatic=packs.automatic())
    return linter.lint_text(text, path=path, fmt=fmt).diagnostics
