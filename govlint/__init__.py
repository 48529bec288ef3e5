"""govlint: lint 政府信息公开工作年度报告 drafts against official format rule packs."""

__version__ = "0.1.0"


def __getattr__(name):  # the API, imported on first use: `import govlint` stays light
    if name in ("lint_file", "lint_text"):
        from govlint import api

        return getattr(api, name)
    raise AttributeError(name)
