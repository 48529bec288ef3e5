"""Where govlint keeps its caches, and whether it may: ``$GOVLINT_CACHE_DIR``, else
``$XDG_CACHE_HOME/govlint``, else ``~/.cache/govlint``; ``GOVLINT_NO_CACHE=1`` turns every cache
off. Only govlint's own files live there, never the user's."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    explicit = os.environ.get("GOVLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "govlint"


def enabled() -> bool:
    return not os.environ.get("GOVLINT_NO_CACHE")
