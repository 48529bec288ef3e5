"""govlint: lint 政府信息公开工作年度报告 drafts against official format rule packs."""

__version__ = "0.1.0"
