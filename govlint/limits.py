"""Limits on what one input may cost. Exceeding one is an ``input-too-large`` error for that
file (exit 2), never a crash or a hang. Configurable with ``limits:`` in .govlint.yaml; the
limits that apply travel with the linter that uses them (no process-wide setting)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from govlint.errors import Text


@dataclass(frozen=True)
class Limits:
    max_file_mb: float = 50  # any input file
    max_docx_uncompressed_mb: float = 200  # the sum of a .docx archive's entries, as declared
    max_docx_entries: int = 5000
    max_pdf_pages: int = 1000
    max_line_chars: int = 200_000  # longer lines are analysed up to this length (quoted in full)
    # a Word document's paragraphs (table cells' included), a web page's elements: a report has a
    # few thousand; millions cost minutes and gigabytes before any check runs
    max_blocks: int = 200_000

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


def too_large(what: str, limit: str, what_en: str, limit_en: str | None = None) -> Text:
    return Text(f"输入过大（input-too-large）：{what}，超过上限 {limit}；可在 .govlint.yaml 的 limits 中调整",
                f"input too large (input-too-large): {what_en}, over the limit of {limit_en or limit}; "
                f"see limits in .govlint.yaml")
