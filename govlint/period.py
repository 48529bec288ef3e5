"""The statistics-period statement (统计期限: "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止")
found in a document's paragraphs with a pack's patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govlint.diagnostics import Location
from govlint.document import Paragraph
from govlint.packs.model import PeriodSpec

_SENTENCES = re.compile(r"[^。！？!?]+[。！？!?]?")


@dataclass
class Period:
    complete: bool
    paragraph: Paragraph
    start: int  # span in the paragraph's key
    end: int
    start_year: int | None
    end_year: int | None

    @property
    def years(self) -> set[int]:
        return {y for y in (self.start_year, self.end_year) if y}

    @property
    def location(self) -> Location:
        return self.paragraph.location(self.start, self.end)

    @property
    def text(self) -> str:
        return self.paragraph.text(self.start, self.end)


def _year(text: str) -> int | None:
    """A year, or None for a placeholder such as 20××."""
    return int(text) if text.isdigit() else None


def _sentences(key: str):
    for m in _SENTENCES.finditer(key):
        yield m.start(), m.group(0)


def spec_key(spec: PeriodSpec) -> tuple:
    """What a search for the statement depends on: two specs with equal patterns find the same."""
    return (tuple(spec.keywords), spec.range, spec.end_only, spec.end_only_context, spec.whole_year)


def find_period(paragraphs: list[Paragraph], spec: PeriodSpec) -> Period | None:
    """The first complete statement, else the first incomplete one, else None."""
    incomplete: Period | None = None
    for para in paragraphs:
        key = para.key
        for offset, sentence in _sentences(key):
            has_keyword = any(k.search(sentence) for k in spec.keywords)
            m = spec.range.search(sentence)
            if m and has_keyword:
                start = _year(m.group("start"))
                end = _year(m.group("end")[:4]) if m.group("end") else start
                return Period(True, para, offset + m.start(), offset + m.end(), start, end)
            if has_keyword and spec.whole_year is not None:
                w = spec.whole_year.search(sentence)
                if w:
                    y = int(w.group("start"))
                    return Period(True, para, offset + w.start(), offset + w.end(), y, y)
            if incomplete is None and spec.end_only is not None:
                e = spec.end_only.search(sentence)
                if e and (spec.end_only_context is None or spec.end_only_context.search(sentence)):
                    incomplete = Period(False, para, offset + e.start(), offset + e.end(), None, int(e.group("end")))
                    continue
            if incomplete is None and has_keyword and m is None:
                k = next(k.search(sentence) for k in spec.keywords if k.search(sentence))
                if re.search(r"\d{4}年", sentence[k.start():]):
                    incomplete = Period(False, para, offset + k.start(), offset + len(sentence.rstrip("。")),
                                        None, None)
    return incomplete
