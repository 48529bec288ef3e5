"""The Python API, for running govlint inside other pipelines::

    import govlint
    diagnostics = govlint.lint_file("2025年度报告.docx")
    diagnostics = govlint.lint_text(text, pack="gov-2021")
    for d in diagnostics:
        print(d.rule, d.line, d.message)

Both return a list of :class:`govlint.diagnostics.Diagnostic` (``rule``, ``code``, ``severity``,
``message``, ``location``, ``suggestion``, ``notes``, ``data``; ``to_dict()`` for JSON). They are
pure functions of their input and settings, safe to map over many files in worker processes.
A file that cannot be read raises :class:`govlint.errors.InputError`.
"""

from __future__ import annotations

from govlint.diagnostics import Diagnostic


def lint_file(path: str, config: str | None = None, *, pack: str | None = None, agency_kind: str | None = None,
              previous: str | None = None, lang: str = "zh", use_config: bool = True) -> list[Diagnostic]:
    """Lint one file (.txt .md .docx .html .pdf). ``config``: a .govlint.yaml to use; by default
    the nearest one above the file applies (``use_config=False`` ignores them all)."""
    from govlint.errors import InputError
    from govlint.runner import Options, lint_one

    result = lint_one(path, Options(pack=pack, agency_kind=agency_kind, previous=previous, config=config,
                                    no_config=not use_config, lang=lang))
    if result.error:
        raise InputError(path, result.error)
    return result.diagnostics


def lint_text(text: str, *, path: str = "<text>", fmt: str = "txt", pack: str | None = None,
              agency_kind: str | None = None, lang: str = "zh") -> list[Diagnostic]:
    """Lint a report given as text (``fmt`` "txt" or "md"); no configuration file is read."""
    from govlint.linter import Linter
    from govlint.packs import load_pack

    linter = Linter(load_pack(pack) if pack else None, lang=lang, agency_kind=agency_kind)
    return linter.lint_text(text, path=path, fmt=fmt).diagnostics
