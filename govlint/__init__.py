"""govlint: lint 政府信息公开工作年度报告 drafts against official format rule packs."""

from govlint.version import __version__

__all__ = ["__version__", "lint_file", "lint_text"]


def __getattr__(name):  # the API, imported on first use: `import govlint` stays light
    if name in ("lint_file", "lint_text"):
        from govlint import api

        return getattr(api, name)
    raise AttributeError(name)
