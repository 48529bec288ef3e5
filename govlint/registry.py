"""Discovery of a package's plugin modules (rules, readers): each module registers itself when
imported, so adding one is adding its file. A directory listing, not pkgutil (which costs ~14 ms
of imports on every run)."""

from __future__ import annotations

import importlib
import os


def import_modules(package: str, path: list[str]) -> None:
    """Import every module of ``package`` (its ``__path__``), in name order."""
    names = sorted({entry[:-3] for directory in path for entry in os.listdir(directory)
                    if entry.endswith(".py") and entry != "__init__.py" and entry[:-3].isidentifier()})
    for name in names:
        importlib.import_module(f"{package}.{name}")
