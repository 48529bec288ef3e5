"""Output formats: a registry of functions over the one Diagnostic model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, TextIO

from govlint.linter import FileResult


@dataclass
class RunInfo:
    results: list[FileResult]
    verbose: bool = False
    lang: str = "zh"
    color: bool | None = None  # None: decide from the terminal and NO_COLOR
    show_source: bool = True


Formatter = Callable[[RunInfo, TextIO], None]
_FORMATTERS: dict[str, Formatter] = {}


def register(name: str):
    def deco(fn: Formatter) -> Formatter:
        _FORMATTERS[name] = fn
        return fn

    return deco


def names() -> list[str]:
    _load()
    return list(_FORMATTERS)


def get(name: str) -> Formatter:
    _load()
    return _FORMATTERS[name]


def _load() -> None:
    from govlint.formatters import concise, json, text  # noqa: F401


def summary_counts(results: list[FileResult]) -> dict:
    from govlint.diagnostics import Severity

    return {
        "files": len(results),
        "errors": sum(r.count(Severity.ERROR) for r in results),
        "warnings": sum(r.count(Severity.WARNING) for r in results),
        "infos": sum(r.count(Severity.INFO) for r in results),
        "unreadable": sum(1 for r in results if r.error),
    }
